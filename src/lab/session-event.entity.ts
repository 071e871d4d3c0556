import { Entity, Filter, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { isRegional, scopeRule } from '../db/scope';
import { visiblePersonIds } from '../organizations/person.scope';
import type { TrainingSession } from './training-session.entity';

/**
 * One item of a session's evidence timeline. Many rows (50 Hz × 30 stations), so the key is the
 * natural `(session_id, seq)` rather than a UUID plus timestamps: smaller rows and index, and the
 * key itself makes a resent batch idempotent (`on conflict do nothing`). Visible with its session.
 */
@Entity({ tableName: 'session_event' })
@Filter(
  scopeRule((caller, em) =>
    isRegional(caller)
      ? { session: { $or: [{ lab: { region: caller.region } }, { student: { $in: visiblePersonIds(em, caller) } }] } }
      : { session: { $or: [{ lab: caller.organizationId }, { student: { $in: visiblePersonIds(em, caller) } }] } },
  ),
)
export class SessionEvent {
  @ManyToOne('TrainingSession', { primary: true, deleteRule: 'cascade', filters: { scope: false } })
  session!: Rel<TrainingSession>;

  /** 1, 2, 3 … per session. */
  @PrimaryKey()
  seq!: number;

  @Property({ type: 'timestamptz', length: 3 })
  at!: Date;

  /** snapshot, signal, finding, action, link, start-state. */
  @Property({ length: 20 })
  type!: string;

  /** Signal name for `signal` events. */
  @Property({ nullable: true, length: 100 })
  tag?: string;

  /** Signal value for `signal` events. */
  @Property({ type: 'jsonb', nullable: true })
  value?: unknown;

  /** Everything else the event says (finding, action, link state, snapshot values…). */
  @Property({ type: 'jsonb', nullable: true })
  details?: Record<string, unknown>;
}
