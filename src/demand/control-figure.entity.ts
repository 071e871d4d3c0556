import { Entity, Filter, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import type { Organization } from '../organizations';
import type { Program } from '../programs';
import { OrganizationKind } from '../shared/organization-kind';
import { NOTHING } from './demand.scope';

/**
 * Admission control figures the authority sets for one HEI × programme × year: budget places,
 * of which dual-training places. Consistent with the approved order: figures above the order's
 * count for that HEI, qualification and year need a recorded justification. Visible to the
 * regional bodies of the HEI's region and to the HEI.
 */
@Entity()
@Unique({ properties: ['hei', 'program', 'year'] })
@Filter(
  scopeRule((caller) => {
    if (isRegional(caller)) return { region: caller.region };
    return caller.kind === OrganizationKind.HEI ? { hei: caller.organizationId } : NOTHING;
  }),
)
export class ControlFigure extends BaseEntity {
  @ManyToOne('Organization')
  @Index()
  hei!: Rel<Organization>;

  @ManyToOne('Program')
  program!: Rel<Program>;

  @Property()
  region!: string;

  @Property({ length: 20 })
  qualificationCode!: string;

  @Property({ type: 'smallint' })
  year!: number;

  @Property({ type: 'integer' })
  budgetPlaces!: number;

  @Property({ type: 'integer' })
  dualPlaces!: number;

  @Property({ type: 'text', nullable: true })
  justification?: string;

  @Property({ type: 'uuid', nullable: true })
  setById?: string;
}
