import { Entity, Enum, Filter, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import type { Organization } from './organization.entity';

/** How a regional coordinator came to be one (methodology, Stage 1). */
export enum DesignationBasis {
  /** Appointed by the decision of the regional akim. */
  AKIM_DECISION = 'AKIM_DECISION',
  /** On its own initiative, under an agreement with the akim. */
  AGREEMENT_WITH_AKIM = 'AGREEMENT_WITH_AKIM',
}

/**
 * The act that makes an organisation the coordinator of its region: act number and date. Kept,
 * never overwritten: a new act is a new row. Visible to the coordinator and the regional bodies
 * of its region.
 */
@Entity()
@Filter(scopeRule((caller) => (isRegional(caller) ? { region: caller.region } : { coordinator: caller.organizationId })))
export class CoordinatorDesignation extends BaseEntity {
  @ManyToOne('Organization')
  @Index()
  coordinator!: Rel<Organization>;

  /** Region of the coordinator when the act was recorded. */
  @Property()
  region!: string;

  @Enum({ items: () => DesignationBasis, nativeEnumName: 'designation_basis' })
  basis!: DesignationBasis;

  @Property({ length: 60 })
  actNumber!: string;

  @Property({ type: 'date' })
  actDate!: string;
}
