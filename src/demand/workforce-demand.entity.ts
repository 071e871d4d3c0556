import { Entity, Enum, Filter, Index, ManyToOne, type Opt, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { scopeRule } from '../db/scope';
import type { Organization } from '../organizations';
import { demandRule } from './demand.scope';
import { DemandReason, DemandStatus } from './demand.rules';

export { DemandReason, DemandStatus };

/**
 * An employer's statement of workforce demand for one qualification: how many specialists it
 * needs in the base year and each of the next five, why, and whether it offers dual-training
 * places and mentors. A submitted version is immutable; a correction is a new version that
 * supersedes it (`supersedes`), and the old one becomes SUPERSEDED when the new one is submitted.
 */
@Entity()
@Index({ properties: ['region', 'industry', 'status'] })
@Filter(scopeRule(demandRule))
export class WorkforceDemand extends BaseEntity {
  @ManyToOne('Organization')
  @Index()
  employer!: Rel<Organization>;

  /** Region and OKED section of the employer when the demand was stated (for scoping and the pipeline). */
  @Property()
  region!: string;

  @Property({ length: 2 })
  industry!: string;

  @Property({ length: 20 })
  @Index()
  qualificationCode!: string;

  /** The year of `counts[0]`; `counts[i]` is the need in `baseYear + i`. */
  @Property({ type: 'smallint' })
  baseYear!: number;

  /** Specialists needed in baseYear … baseYear + 5 (six non-negative counts). */
  @Property({ type: 'jsonb' })
  counts!: number[];

  @Enum({ items: () => DemandReason, nativeEnumName: 'demand_reason' })
  reason!: DemandReason;

  @Property({ default: false })
  offersDualPlaces: boolean & Opt = false;

  /** Dual-training places the employer offers (0 when none). */
  @Property({ type: 'integer', default: 0 })
  dualPlaces: number & Opt = 0;

  /** Mentors the employer can provide. */
  @Property({ type: 'integer', default: 0 })
  mentors: number & Opt = 0;

  @Enum({ items: () => DemandStatus, nativeEnumName: 'demand_status', default: DemandStatus.DRAFT })
  status: DemandStatus & Opt = DemandStatus.DRAFT;

  /** 1 for a first statement, +1 for each correction. */
  @Property({ type: 'smallint', default: 1 })
  version: number & Opt = 1;

  /** The submitted version this one corrects, if any. */
  @Property({ type: 'uuid', nullable: true })
  supersedes?: string;

  @Property({ type: 'timestamptz', nullable: true })
  submittedAt?: Date;
}
