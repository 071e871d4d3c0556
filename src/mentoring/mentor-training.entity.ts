import { Entity, Filter, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import type { Organization, Person } from '../organizations';

/**
 * A mentor's pedagogical training (and the professional qualification it rests on), recorded by
 * the mentor's employer. A mentor may be assigned to a placement only while one of these is
 * valid (`completedOn` ≤ day ≤ `validUntil`). Visible to the employer and its region's bodies.
 */
@Entity()
@Index({ properties: ['mentor', 'validUntil'] })
@Filter(scopeRule((caller) => (isRegional(caller) ? { employer: { region: caller.region } } : { employer: caller.organizationId })))
export class MentorTraining extends BaseEntity {
  @ManyToOne('Person')
  mentor!: Rel<Person>;

  /** The employer the mentor works for, which recorded the training. */
  @ManyToOne('Organization')
  @Index()
  employer!: Rel<Organization>;

  /** Course title, e.g. "Pedagogical foundations of mentoring in dual education". */
  @Property({ length: 300 })
  course!: string;

  /** Who ran it, e.g. a university's further-education centre. */
  @Property({ length: 300 })
  provider!: string;

  /** Academic hours of the course. */
  @Property({ type: 'smallint' })
  hours!: number;

  /** Day the course was completed (YYYY-MM-DD). */
  @Property({ type: 'date' })
  completedOn!: string;

  /** Last day the training counts (YYYY-MM-DD, inclusive). */
  @Property({ type: 'date' })
  @Index()
  validUntil!: string;

  /** The mentor's professional qualification (e.g. "Automation engineer, category 1"). */
  @Property({ length: 300, nullable: true })
  qualification?: string;

  /** Certificate number of the course, when given. */
  @Property({ length: 100, nullable: true })
  certificateNumber?: string;
}
