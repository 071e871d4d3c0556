import { Entity, Filter, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import type { Organization } from '../organizations';
import { OrganizationKind } from '../shared/organization-kind';
import { NOTHING } from './demand.scope';

/**
 * One line of an industry council's agreed order: for its branch in its region, how many
 * specialists of a qualification it agrees should be trained for a year, and its qualification
 * requirements. Visible to the council itself and to the coordinator and authority of its region.
 */
@Entity()
@Unique({ properties: ['council', 'qualificationCode', 'year'] })
@Index({ properties: ['region', 'year'] })
@Filter(
  scopeRule((caller) => {
    if (caller.kind === OrganizationKind.INDUSTRY_COUNCIL) return { council: caller.organizationId };
    return isRegional(caller) ? { region: caller.region } : NOTHING;
  }),
)
export class IndustryOrderLine extends BaseEntity {
  @ManyToOne('Organization')
  council!: Rel<Organization>;

  @Property()
  region!: string;

  @Property({ length: 2 })
  industry!: string;

  @Property({ length: 20 })
  qualificationCode!: string;

  @Property({ type: 'smallint' })
  year!: number;

  @Property({ type: 'integer' })
  count!: number;

  /** The council's qualification requirements for this qualification (free text). */
  @Property({ type: 'text' })
  requirements!: string;
}
