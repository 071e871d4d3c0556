/**
 * The {@link LabPort} of the API process: sessions, evidence and verdicts in PostgreSQL, and the
 * `SessionPassed` handlers (readiness) inside the verdict's transaction. Every way a session ends
 * (a verdict, a verdict that could not be stored, recovery after a crash) publishes the
 * `lab.session_ended` domain event in that transaction. Subscribers on every API process hear of
 * stored evidence and ends from the database (triggers NOTIFY on commit; the relay of
 * `lab.relay.ts` publishes them); this port publishes station health, and the events its own
 * runtime observes before they are stored (live views on this process).
 */
import { type EntityManager, LockMode } from '@mikro-orm/core';
import type { MikroORM, EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { createContext } from '../db/context';
import type { EventBus } from '../graphql/pubsub';
import { toGlobalId } from '../graphql/relay';
import type { Logger } from '../logger';
import { type DomainEventSink, noDomainEvents } from '../shared/domain-events';
import {
  forgetObserved,
  LAB_SESSION_ENDED,
  publishObservedEvents,
  publishStationHealth,
  type SessionPassedEvent,
  type SessionPassedHandler,
} from './lab.events';
import type { StationHealthBoard } from './lab.host';
import type { LabPort, SessionEnded, LabEvent, SessionOpened, StationHealthReport, VerdictReason } from './runtime';
import { Exercise } from './exercise.entity';
import { Station } from './station.entity';
import { SessionStatus, TrainingSession } from './training-session.entity';

/** Options of {@link PostgresLabPort}. */
export interface PostgresLabPortOptions {
  orm: MikroORM;
  log: Logger;
  /** The app's bus: stored events, verdicts and health go to subscribers through it. */
  bus: EventBus;
  /** Where health reports go (the app's `LabHost.health`). */
  health: StationHealthBoard;
  /** Handlers of a PASSED verdict, run in the verdict's transaction (the modules' `onSessionPassed`); default none. */
  sessionPassed?: readonly SessionPassedHandler[];
  /** Where `lab.session_ended` goes, in the ending's transaction (the app's webhook outbox); default nowhere. */
  events?: DomainEventSink<EntityManager>;
}

/** The columns `lab.session_ended` is made of. */
const ENDED_COLUMNS = [
  'id',
  'status',
  'score',
  'max_score',
  'pass_mark',
  'reasons',
  'student_id',
  'station_id',
  'exercise_code',
  'exercise_version',
  'started_at',
  'ended_at',
  'last_seq',
];

interface EndedRow {
  id: string;
  status: string;
  score: number | null;
  max_score: number | null;
  pass_mark: number | null;
  reasons: VerdictReason[] | null;
  student_id: string;
  station_id: string;
  exercise_code: string;
  exercise_version: number;
  started_at: Date | string;
  ended_at: Date | string | null;
  last_seq: number | null;
}

/** A row of `session_event`, as inserted. */
interface EventRow {
  session_id: string;
  seq: number;
  at: Date;
  type: string;
  tag: string | null;
  value: string | null;
  details: string | null;
}

/** Maps one runtime event to its row: signal tag and value in columns, the rest as JSON. */
export function toEventRow(sessionId: string, event: LabEvent): EventRow {
  const { seq, at, type, ...rest } = event as LabEvent & { tag?: string; value?: unknown };
  const { tag, value, ...details } = rest as { tag?: string; value?: unknown } & Record<string, unknown>;
  return {
    session_id: sessionId,
    seq,
    at: new Date(at),
    type,
    tag: type === 'signal' ? (tag ?? null) : null,
    // Stringified: the pg driver would turn a JS string into invalid JSON and an array into a PG array.
    value: type === 'signal' ? JSON.stringify(value ?? null) : null,
    details: Object.keys(details).length > 0 ? JSON.stringify(details) : null,
  };
}

/** Thrown when a verdict would rest on evidence that is not all stored. */
export class EvidenceIncompleteError extends Error {
  constructor(sessionId: string, lastSeq: number, stored: number) {
    super(`session ${sessionId}: verdict rests on ${lastSeq} events but ${stored} are stored`);
    this.name = 'EvidenceIncompleteError';
  }
}

/** Stores what the lab runtime reports. One instance per process (or per test). */
export class PostgresLabPort implements LabPort {
  private readonly health: StationHealthBoard;
  /** The lease holder id of this process's runtime (see `session-lease.ts`), once it holds leases. */
  leaseHolder?: string;
  private readonly persisted = new Map<string, { connected: boolean; at: number }>();

  constructor(private readonly options: PostgresLabPortOptions) {
    this.health = options.health;
  }

  private system() {
    return createContext({ orm: this.options.orm, caller: 'system', log: this.options.log });
  }

  /** Publishes `lab.session_ended` for sessions that just ended, in `em`'s transaction (read back from their rows). */
  private async publishEnded(em: EntityManager, sessionIds: readonly string[]): Promise<void> {
    const events: DomainEventSink<EntityManager> = this.options.events ?? noDomainEvents;
    if (events === noDomainEvents || sessionIds.length === 0) return;
    const sql = em as SqlEntityManager;
    const rows = (await sql.execute(
      sql
        .getKnex()('training_session')
        .select(ENDED_COLUMNS)
        .whereIn('id', [...sessionIds])
        .orderBy('id'),
    )) as EndedRow[];
    for (const row of rows) {
      const endedAt = row.ended_at === null ? new Date() : new Date(row.ended_at);
      await events.publish(em, {
        type: LAB_SESSION_ENDED,
        subject: { type: 'TrainingSession', id: row.id },
        occurredAt: endedAt,
        data: {
          status: row.status,
          score: row.score,
          maxScore: row.max_score,
          passMark: row.pass_mark,
          reasons: (row.reasons ?? []).map((r) => ({ code: r.code, message: r.message })),
          studentId: toGlobalId('Person', row.student_id),
          stationId: toGlobalId('Station', row.station_id),
          exerciseCode: row.exercise_code,
          exerciseVersion: row.exercise_version,
          startedAt: new Date(row.started_at).toISOString(),
          endedAt: endedAt.toISOString(),
          lastSeq: row.last_seq,
        },
      });
    }
  }

  /**
   * Marks the session as run by this runtime. The API creates the row before it asks the runtime
   * (so it can refuse a busy station); a runtime used on its own (bench, agent tests) gets the row
   * made here from the station and exercise.
   */
  async sessionStarted(session: SessionOpened): Promise<void> {
    const { em } = this.system();
    const updated = await em.nativeUpdate(
      TrainingSession,
      { id: session.sessionId, status: SessionStatus.RUNNING },
      { runtimeId: session.runtimeId, startedAt: new Date(session.at) },
    );
    if (updated > 0) return;
    if (await em.count(TrainingSession, { id: session.sessionId })) throw new Error(`session ${session.sessionId} has already ended`);
    const station = await em.findOneOrFail(Station, { id: session.stationId });
    const exercise = await em.findOneOrFail(Exercise, { code: session.exerciseId, version: session.exerciseVersion });
    em.create(TrainingSession, {
      id: session.sessionId,
      student: session.studentId,
      exercise,
      exerciseCode: exercise.code,
      exerciseVersion: exercise.version,
      station,
      lab: station.organization,
      startedBy: session.startedBy,
      status: SessionStatus.RUNNING,
      startedAt: new Date(session.at),
      runtimeId: session.runtimeId,
    });
    await em.flush();
  }

  /**
   * One multi-row INSERT per batch; a resent batch changes nothing (`on conflict do nothing`).
   * The batch is written under a share lock on the session row and only while the session is
   * RUNNING: a late batch from a runtime that lost the session (recovery ended it, or its verdict
   * is stored) is dropped, so an ended session's `lastSeq` always equals its stored evidence.
   */
  async appendEvents(sessionId: string, events: readonly LabEvent[]): Promise<void> {
    if (events.length === 0) return;
    const fresh = await this.system().em.transactional(async (em) => {
      const knex = em.getKnex();
      // FOR SHARE conflicts with recovery's and the verdict's row lock, never with another batch.
      const [session] = (await em.execute(knex('training_session').select('status').where('id', sessionId).forShare())) as { status: string }[];
      if (session?.status !== SessionStatus.RUNNING) {
        this.options.log.warn({ sessionId, status: session?.status ?? null, events: events.length }, 'events for a session that is not running dropped');
        return undefined;
      }
      const inserted: { seq: number }[] = [];
      // PostgreSQL takes at most 65535 bind parameters per statement: 7 per row.
      for (let i = 0; i < events.length; i += 5000) {
        const rows = events.slice(i, i + 5000).map((e) => toEventRow(sessionId, e));
        const query = knex('session_event').insert(rows).onConflict(['session_id', 'seq']).ignore().returning('seq');
        inserted.push(...((await em.execute(query)) as { seq: number }[]));
      }
      return new Set(inserted.map((r) => Number(r.seq)));
    });
    // Subscribers (on every API process) get the stored events from the relay: the insert NOTIFYs on commit.
    if (fresh && fresh.size < events.length) this.options.log.debug({ sessionId, resent: events.length - fresh.size }, 'events already stored skipped');
  }

  /**
   * Publishes what this process's runtime just recorded to the session's subscribers here, before
   * it is stored (the live view's fast road; the stored events follow through the relay, and the
   * subscription's order merges both). Not forwarded to other processes: theirs wait for the store.
   */
  eventsObserved(sessionId: string, events: readonly LabEvent[]): void {
    publishObservedEvents(this.options.bus, sessionId, events);
  }

  /**
   * Stores the verdict and the status in one transaction that first checks every event up to
   * `lastSeq` is stored (refusing otherwise), and, for PASSED, runs the readiness handlers in the
   * same transaction. A verdict for a session that already ended (e.g. interrupted by recovery
   * meanwhile) is ignored: a verdict is never overwritten.
   */
  async sessionEnded(verdict: SessionEnded): Promise<void> {
    const ctx = this.system();
    const ended = await ctx.em.transactional(async (em) => {
      const session = await em.findOne(TrainingSession, { id: verdict.sessionId }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['exercise'] });
      if (!session) throw new Error(`unknown session ${verdict.sessionId}`);
      if (session.status !== SessionStatus.RUNNING) {
        this.options.log.warn({ sessionId: session.id, stored: session.status, reported: verdict.verdict }, 'verdict for an ended session ignored');
        return undefined;
      }
      const [{ stored }] = (await em.execute(
        em.getKnex()('session_event').count({ stored: '*' }).where('session_id', verdict.sessionId).andWhere('seq', '<=', verdict.lastSeq),
      )) as { stored: string }[];
      if (Number(stored) !== verdict.lastSeq) throw new EvidenceIncompleteError(verdict.sessionId, verdict.lastSeq, Number(stored));
      Object.assign(session, {
        status: verdict.verdict as SessionStatus,
        score: verdict.score,
        maxScore: verdict.maxScore,
        passMark: verdict.passMark,
        reasons: [...verdict.reasons],
        endedAt: new Date(verdict.at),
        runStartedAt: verdict.runStartedAt === null ? undefined : new Date(verdict.runStartedAt),
        lastSeq: verdict.lastSeq,
      });
      await em.flush();
      if (verdict.verdict === 'PASSED') {
        const event: SessionPassedEvent = {
          sessionId: session.id,
          studentId: session.student.id,
          exerciseId: session.exerciseCode,
          exerciseVersion: session.exerciseVersion,
          hazardCategories: [...session.exercise.hazardCategories],
          score: verdict.score,
          stationId: session.station.id,
          startedBy: session.startedBy ?? null,
          passedAt: new Date(verdict.at),
        };
        const txCtx = { ...ctx, em };
        for (const handler of this.options.sessionPassed ?? []) await handler(txCtx, event);
      }
      await this.publishEnded(em, [session.id]);
      return verdict.verdict as SessionStatus;
    });
    // The status change NOTIFYs every API process (trigger on training_session); the relay tells subscribers.
    forgetObserved(this.options.bus, verdict.sessionId);
    if (ended) this.options.log.debug({ sessionId: verdict.sessionId, ended }, 'session ended');
  }

  /**
   * Ends a RUNNING session INTERRUPTED with `reason`, on the evidence that is stored (its verdict
   * could not be stored); nothing is granted. A session that already ended is left alone.
   */
  async sessionFailed(sessionId: string, reason: VerdictReason): Promise<void> {
    const rows = await this.system().em.transactional(async (em) => {
      const ended = (await em.execute(
        `update training_session s set status = 'INTERRUPTED', ended_at = ?, updated_at = now(), score = 0, reasons = ?::jsonb,
           last_seq = (select coalesce(max(e.seq), 0) from session_event e where e.session_id = s.id)
         where s.id = ? and s.status = 'RUNNING' returning s.id`,
        [new Date(reason.at), JSON.stringify([reason]), sessionId],
      )) as { id: string }[];
      await this.publishEnded(
        em,
        ended.map((r) => r.id),
      );
      return ended;
    });
    forgetObserved(this.options.bus, sessionId);
    if (rows.length === 0) return;
    this.options.log.warn({ sessionId, reason: reason.code, detail: reason.message }, 'session ended INTERRUPTED: its verdict could not be stored');
  }

  /**
   * Keeps the latest report for `Station.health` and pushes it to subscribers; the relay forwards
   * it to the other API processes, and the database keeps the latest for processes that start later.
   */
  stationHealth(report: StationHealthReport): void {
    this.health.record(report);
    publishStationHealth(this.options.bus, report);
    this.persistHealth(report);
  }

  /**
   * Ends as INTERRUPTED every RUNNING session of this runtime id (it died with them running). The
   * verdict rests on whatever evidence was stored before the crash. A session whose lease another
   * live process holds is spared: several API processes on one host share the default runtime id,
   * and a starting one must not end what a running sibling runs (an expired lease is swept by
   * {@link interruptExpiredLeases}).
   */
  async interruptOrphanedSessions(runtimeId: string, at: number): Promise<number> {
    const reason = { code: 'RUNTIME_LOST', at, message: `the lab runtime ${runtimeId} stopped while the session ran` };
    const where = `s.runtime_id = ? and s.status = 'RUNNING'
      and not exists (select 1 from lab_session_lease l where l.session_id = s.id and l.expires_at > now() and l.holder <> ?)`;
    const ids = await this.interrupt(where, [runtimeId, this.leaseHolder ?? ''], reason);
    if (ids.length > 0) this.options.log.warn({ runtimeId, sessions: ids }, 'orphaned sessions interrupted');
    return ids.length;
  }

  /**
   * Ends as INTERRUPTED every RUNNING session whose lease expired: the API process that ran it
   * stopped renewing (killed, frozen, cut off from the database). Any process may sweep; the row
   * lock makes one of them do it. Returns the sessions ended.
   */
  async interruptExpiredLeases(at: number): Promise<string[]> {
    const reason = { code: 'RUNTIME_LOST', at, message: 'the API process running the session stopped renewing its lease' };
    const where = `s.status = 'RUNNING' and exists (select 1 from lab_session_lease l where l.session_id = s.id and l.expires_at <= now())`;
    const ids = await this.interrupt(where, [], reason);
    if (ids.length > 0) this.options.log.warn({ sessions: ids }, 'sessions whose lease expired interrupted');
    return ids;
  }

  /** Ends the RUNNING sessions `where` selects (alias `s`) INTERRUPTED with `reason`, on their stored evidence. */
  private async interrupt(where: string, params: unknown[], reason: { code: string; at: number; message: string }): Promise<string[]> {
    return this.system().em.transactional(async (em) => {
      // Lock first, count second: the lock waits for any batch still being written, and the
      // update (a later statement, so a fresh snapshot) then sees every event that batch stored.
      // Batches arriving after this commit find the session ended and are dropped (appendEvents).
      const locked = (await em.execute(`select s.id from training_session s where ${where} for update of s`, params)) as { id: string }[];
      if (locked.length === 0) return [];
      const rows = (await em.execute(
        `update training_session s set status = 'INTERRUPTED', ended_at = ?, updated_at = now(), score = coalesce(s.score, 0), reasons = ?::jsonb,
           last_seq = (select coalesce(max(e.seq), 0) from session_event e where e.session_id = s.id)
         where ${where} returning s.id`,
        [new Date(reason.at), JSON.stringify([reason]), ...params],
      )) as { id: string }[];
      await this.publishEnded(
        em,
        rows.map((r) => r.id),
      );
      for (const r of rows) forgetObserved(this.options.bus, r.id);
      return rows.map((r) => r.id);
    });
  }

  /** Writes a station's latest health for other processes (at most every few seconds, and on every connect/loss). */
  private persistHealth(report: StationHealthReport): void {
    const last = this.persisted.get(report.stationId);
    if (last && last.connected === report.connected && report.at - last.at < HEALTH_PERSIST_MS) return;
    this.persisted.set(report.stationId, { connected: report.connected, at: report.at });
    this.system()
      .em.execute(
        `insert into station_health (station_id, report, at) values (?, ?::jsonb, ?)
         on conflict (station_id) do update set report = excluded.report, at = excluded.at where station_health.at <= excluded.at`,
        [report.stationId, JSON.stringify(report), new Date(report.at)],
      )
      .catch((err: Error) => this.options.log.debug({ err, stationId: report.stationId }, 'station health not stored'));
  }
}

/** How often an unchanged station health is written to the database, ms. */
const HEALTH_PERSIST_MS = 5000;
