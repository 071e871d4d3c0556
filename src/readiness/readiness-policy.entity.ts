import { Entity, Enum, ManyToOne, type Opt, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { HazardCategory } from '../hazards/hazard-category.entity';

/** How the exercises of a policy combine. */
export enum ReadinessMode {
  /** Every listed exercise must be passed (each within the validity period). */
  ALL_OF = 'ALL_OF',
  /** A pass of any one listed exercise is enough. */
  ANY_OF = 'ANY_OF',
}

/**
 * Refresher rule: a pass of one of these (shorter) exercises, made while readiness is still valid
 * and at most `windowDays` before it expires, renews it for the policy's validity period.
 */
export interface RefresherRule {
  /** Exercise ids, e.g. `robot.protective-stop-recovery`. */
  exercises: string[];
  /** How many days before expiry a refresher counts; 1–365. */
  windowDays: number;
}

/**
 * One version of the readiness policy of a hazard category: which simulator exercises earn
 * readiness, with what score, for how long. A change never edits a row: it adds the next version,
 * so readiness earned under an older version keeps its basis visible. The current policy is the
 * highest version. Policies are public rules: no scope filter.
 */
@Entity()
@Unique({ name: 'readiness_policy_category_version', properties: ['hazardCategory', 'version'] })
export class ReadinessPolicy extends BaseEntity {
  @ManyToOne('HazardCategory')
  hazardCategory!: Rel<HazardCategory>;

  /** 1, 2, 3 … per hazard category. */
  @Property()
  version!: number;

  @Enum({ items: () => ReadinessMode, nativeEnumName: 'readiness_mode' })
  mode!: ReadinessMode;

  /** Exercise ids that satisfy the policy (combined by `mode`); may be empty when only manual readiness applies. */
  @Property({ type: 'jsonb' })
  exercises!: string[];

  /** Minimum score (0–100) a pass must reach to count. */
  @Property({ type: 'smallint' })
  minScore!: number;

  /** How long readiness stays valid after it is earned, in days (e.g. 365). */
  @Property()
  validityDays!: number;

  @Property({ type: 'jsonb', nullable: true })
  refresher?: RefresherRule;

  /** Whether training on real equipment, recorded by an instructor, may earn it. */
  @Property()
  manualAllowed: boolean & Opt = true;

  /** Why this version was made (free text). */
  @Property({ type: 'text', nullable: true })
  note?: string;

  /** `seed`, or the id of the API key that made this version. */
  @Property()
  changedBy!: string;
}
