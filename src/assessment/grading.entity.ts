import { DecimalType, Entity, Index, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import type { Localized } from '../shared/localized';

/**
 * One band of a grading scale (data, seeded from `fixtures/grading-scale.yaml`): scores
 * `minScore`–`maxScore` on the 100-point scale earn `letter`, the GPA equivalent `gpa` and the
 * traditional grade. Exam results and intermediate control copy the letter and GPA from here when
 * they are recorded, so a later change of the scale never rewrites a recorded grade.
 * A catalogue: readable by every caller, like programmes.
 */
@Entity()
@Unique({ properties: ['scale', 'minScore'] })
@Index({ properties: ['scale', 'maxScore'] })
export class GradeBand extends BaseEntity {
  /** The scale's code, e.g. `KZ-100` (the national scale). */
  @Property({ length: 40 })
  scale!: string;

  /** Lowest score of the band (0–100, inclusive). */
  @Property({ type: 'smallint' })
  minScore!: number;

  /** Highest score of the band (0–100, inclusive). */
  @Property({ type: 'smallint' })
  maxScore!: number;

  /** The letter grade (A, A-, B+ … F). */
  @Property({ length: 3 })
  letter!: string;

  /** GPA equivalent on the 4-point scale. */
  @Property({ type: new DecimalType('number'), precision: 3, scale: 2 })
  gpa!: number;

  /** Whether the band passes. */
  @Property()
  passing!: boolean;

  /** The traditional grade (excellent, good, satisfactory, fail) in kk/ru/en. */
  @Property({ type: 'jsonb' })
  traditional!: Localized;
}
