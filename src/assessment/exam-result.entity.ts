import { DecimalType, Entity, Filter, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { PlacementRecord } from '../placements/placement-record.entity';
import type { Person } from '../organizations';
import { examScope } from './exam.scope';
import type { ProductionExam } from './production-exam.entity';

/**
 * One admitted student's result at a production exam, recorded by the commission: the theory
 * part, the qualification work and the final grade on the national 100-point scale (letter and
 * GPA copied from the scale in force when recorded). The final grade is the final assessment of
 * the placement's practice. Recorded once: a result is never overwritten. Visible like the exam
 * ({@link examScope}); `employer` is the examined student's placement's employer.
 */
@Entity()
@Unique({ properties: ['exam', 'placement'] })
@Index({ properties: ['placement'] })
@Filter(examScope('exam'))
export class ExamResult extends PlacementRecord {
  @ManyToOne('ProductionExam')
  exam!: Rel<ProductionExam>;

  @ManyToOne('Person')
  student!: Rel<Person>;

  /** Score of the theory questions (0–100). */
  @Property({ type: 'smallint' })
  theoryScore!: number;

  /** Score of the qualification work (0–100). */
  @Property({ type: 'smallint' })
  qualificationWorkScore!: number;

  /** The commission's final grade (0–100): the final assessment of the practice. */
  @Property({ type: 'smallint' })
  finalScore!: number;

  /** Code of the grading scale used (e.g. KZ-100). */
  @Property({ length: 40 })
  scale!: string;

  /** Letter of the final grade on that scale. */
  @Property({ length: 3 })
  letter!: string;

  /** GPA equivalent of the final grade. */
  @Property({ type: new DecimalType('number'), precision: 3, scale: 2 })
  gpa!: number;

  /** Whether the final grade passes (a passed exam earns the certificate). */
  @Property()
  passed!: boolean;

  /** The commission member who recorded it (the signed-in person, or the one a partner system named). */
  @ManyToOne('Person')
  recordedBy!: Rel<Person>;

  /** Who recorded it: an API key id, or `person:<id>` for a session. */
  @Property()
  recordedByActor!: string;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;
}
