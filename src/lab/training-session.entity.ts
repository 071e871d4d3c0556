import { Entity, Enum, Filter, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import type { Organization } from '../organizations/organization.entity';
import type { Person } from '../organizations/person.entity';
import { visiblePersonIds } from '../organizations/person.scope';
import type { VerdictReason } from './runtime';
import type { Exercise } from './exercise.entity';
import type { Station } from './station.entity';

/**
 * The session's own scope rule decides who sees it; MikroORM would otherwise inner-join each
 * scoped relation and hide a session whose student (or station) the caller may not see.
 */
const NOT_FILTERED = { scope: false };

/** Lifecycle of a session: RUNNING, then exactly one verdict. */
export enum SessionStatus {
  RUNNING = 'RUNNING',
  PASSED = 'PASSED',
  FAILED = 'FAILED',
  INTERRUPTED = 'INTERRUPTED',
  ABORTED = 'ABORTED',
}

/**
 * One run of one exercise version by one student on one station. Visible to the lab (the
 * station's organisation), to whoever may see the student (their HEI; employers where they are
 * placed, through the placements' person rule), and to the regional bodies of the lab's region.
 * At most one RUNNING session per station (partial unique index), so two instructors racing for
 * a station cannot both start.
 */
@Entity()
// Keyset pages walk this index in the list's default order (see the service's paginate call).
@Index({ name: 'training_session_default_order', expression: `create index "training_session_default_order" on "training_session" ("started_at" desc, "id")` })
@Index({
  name: 'training_session_one_running_per_station',
  expression: `create unique index "training_session_one_running_per_station" on "training_session" ("station_id") where "status" = 'RUNNING'`,
})
@Index({ properties: ['runtimeId', 'status'] })
@Filter(
  scopeRule((caller, em) =>
    isRegional(caller)
      ? { $or: [{ lab: { region: caller.region } }, { student: { $in: visiblePersonIds(em, caller) } }] }
      : { $or: [{ lab: caller.organizationId }, { student: { $in: visiblePersonIds(em, caller) } }] },
  ),
)
export class TrainingSession extends BaseEntity {
  @ManyToOne('Person', { filters: NOT_FILTERED })
  @Index()
  student!: Rel<Person>;

  @ManyToOne('Exercise', { filters: NOT_FILTERED })
  @Index()
  exercise!: Rel<Exercise>;

  /** Copied from the exercise for readers of the table and the port. */
  @Property({ length: 100 })
  exerciseCode!: string;

  @Property()
  exerciseVersion!: number;

  @ManyToOne('Station', { filters: NOT_FILTERED })
  @Index()
  station!: Rel<Station>;

  /** The station's organisation when the session started (scoping). */
  @ManyToOne('Organization', { filters: NOT_FILTERED })
  @Index()
  lab!: Rel<Organization>;

  /** Id of the API key that started it (the instructor's system); null for system starts and for a signed-in person. */
  @Property({ nullable: true })
  startedBy?: string;

  /** The signed-in person (the instructor) who started it; null when a key or the system did. */
  @Property({ type: 'uuid', nullable: true })
  startedByPersonId?: string;

  @Enum({ items: () => SessionStatus, nativeEnumName: 'session_status' })
  status: SessionStatus = SessionStatus.RUNNING;

  @Property({ nullable: true })
  score?: number;

  @Property({ nullable: true })
  maxScore?: number;

  @Property({ nullable: true })
  passMark?: number;

  /** Why it ended as it did (failed step, broken invariant, link lost…). */
  @Property({ type: 'jsonb', nullable: true })
  reasons?: VerdictReason[];

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  /** When the run itself began (start state met); null if it never did. */
  @Property({ type: 'timestamptz', nullable: true })
  runStartedAt?: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date;

  /** The runtime process running it (API process or lab agent); null until an agent claims it. */
  @Property({ nullable: true, length: 200 })
  runtimeId?: string;

  /** seq of the last evidence event the verdict rests on. */
  @Property({ nullable: true })
  lastSeq?: number;

  /** Set when an instructor asked to abort a session that a lab agent runs. */
  @Property({ type: 'timestamptz', nullable: true })
  abortRequestedAt?: Date;
}
