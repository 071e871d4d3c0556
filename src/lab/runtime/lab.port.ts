/**
 * The one narrow interface through which the lab runtime reaches the rest of DualHub. The API
 * process implements it over PostgreSQL (sessions, events, verdicts, readiness) and GraphQL
 * subscriptions; a lab agent on a campus network implements it by reporting upstream with its
 * own key (buffering while the link is down). The runtime imports nothing from GraphQL or the ORM.
 *
 * Contract, per session, in this order:
 *  1. `sessionStarted` once, before anything else;
 *  2. `appendEvents` zero or more times, never concurrently for one session, with `seq`
 *     contiguous from 1 across calls (a retry after a failure resends the same batch: store it
 *     idempotently, e.g. `ON CONFLICT (session_id, seq) DO NOTHING`); a batch for a session that
 *     has ended meanwhile (e.g. recovery interrupted it) is dropped, not stored and not refused;
 *  3. `sessionEnded` exactly once, only after every `appendEvents` for the session resolved;
 *     `lastSeq` names the last event the verdict rests on, so the store can refuse (throw) a
 *     verdict whose evidence is not all stored, and write verdict + status in one transaction
 *     (the API's store also runs what a PASSED verdict triggers, readiness, in that transaction:
 *     the runtime has no separate "passed" call, so a stored pass can never miss its readiness);
 * `stationHealth` may be called at any time (fire and forget; keep it cheap), and so may
 * `eventsObserved`, the optional live feed: each event as the runtime records it, in seq order,
 * before its batch reaches `appendEvents` (for live views; never evidence: a crash may lose what
 * was observed and not yet stored, and only `appendEvents` stores).
 * A rejected promise is retried with capped backoff; the runtime never reports a verdict whose
 * evidence failed to store.
 */

import type { Finding, RunVerdict, VerdictReason } from './judge.rules';
import type { StationAction } from '../exercises/exercise.types';
import type { SignalValue, StationKind } from './signal.types';
import type { StationHealth } from './station.link';

/** A session as it opens. */
export interface SessionOpened {
  readonly sessionId: string;
  readonly stationId: string;
  readonly stationKind: StationKind;
  readonly exerciseId: string;
  readonly exerciseVersion: number;
  /** Opaque reference to the student (the store's id). */
  readonly studentId: string;
  /** Who started it (instructor id), if known. */
  readonly startedBy?: string;
  /** Identifies the runtime process; used to interrupt its orphaned sessions after a crash. */
  readonly runtimeId: string;
  /** ms since epoch. */
  readonly at: number;
}

/** Fields every evidence event has. */
interface EventBase {
  /** 1, 2, 3 … per session, without gaps. */
  readonly seq: number;
  /** ms since epoch (injected clock). */
  readonly at: number;
}

/** One item of a session's evidence timeline. */
export type LabEvent =
  /** The station's values when the run started (after setup, start state met). */
  | (EventBase & { readonly type: 'snapshot'; readonly values: Readonly<Record<string, SignalValue>> })
  | (EventBase & { readonly type: 'signal'; readonly tag: string; readonly value: SignalValue })
  /** A judge finding other than the verdict (step activated/completed/timed out, invariant broken, stimulus due). */
  | (EventBase & { readonly type: 'finding'; readonly finding: Exclude<Finding, { kind: 'verdict' }> })
  /** An action applied to the station (setup, stimulus, or an operator control pressed through the API) and its outcome. */
  | (EventBase & {
      readonly type: 'action';
      readonly purpose: 'setup' | 'stimulus' | 'operator';
      readonly stimulusId?: string;
      /** For `operator` actions: the panel control pressed (e.g. `PLC_START`). */
      readonly control?: string;
      readonly action: StationAction;
      readonly ok: boolean;
      readonly error?: string;
    })
  | (EventBase & { readonly type: 'link'; readonly state: 'connected' | 'lost' | 'restored'; readonly detail?: string })
  | (EventBase & { readonly type: 'start-state'; readonly met: boolean; readonly unmet: readonly string[] });

/** The verdict of a session, with the evidence it rests on. */
export interface SessionEnded extends RunVerdict {
  readonly sessionId: string;
  /** seq of the last evidence event (0 when none); every event up to it was appended first. */
  readonly lastSeq: number;
  /** When the run itself started (start state met), ms since epoch; null if it never did. */
  readonly runStartedAt: number | null;
}

/** A station's health, for the `stationHealth` subscription. */
export interface StationHealthReport extends StationHealth {
  readonly stationId: string;
  readonly at: number;
}

/** What the runtime needs from its host. */
export interface LabPort {
  sessionStarted(session: SessionOpened): Promise<void>;
  appendEvents(sessionId: string, events: readonly LabEvent[]): Promise<void>;
  sessionEnded(verdict: SessionEnded): Promise<void>;
  stationHealth(report: StationHealthReport): void;
  /** Optional live feed: events just recorded, not yet stored (fire and forget; must not throw; keep it cheap). */
  eventsObserved?(sessionId: string, events: readonly LabEvent[]): void;
  /**
   * Called once when a runtime starts: every session still open for `runtimeId` (left by a crash)
   * must be ended as INTERRUPTED. Returns how many were.
   */
  interruptOrphanedSessions(runtimeId: string, at: number): Promise<number>;
  /**
   * Optional: ends a running session INTERRUPTED with `reason`, resting on whatever evidence is
   * stored (its verdict could not be stored). A port without it leaves the session to recovery.
   */
  sessionFailed?(sessionId: string, reason: VerdictReason): Promise<void>;
}

/** A port that keeps everything in memory: for tests, benches and a stand-alone classroom demo. */
export class InMemoryLabPort implements LabPort {
  readonly opened: SessionOpened[] = [];
  readonly events = new Map<string, LabEvent[]>();
  readonly ended = new Map<string, SessionEnded>();
  readonly health: StationHealthReport[] = [];
  /** Number of appendEvents calls (batches). */
  batches = 0;
  private waiters = new Map<string, Array<(v: SessionEnded) => void>>();

  async sessionStarted(session: SessionOpened): Promise<void> {
    this.opened.push(session);
    this.events.set(session.sessionId, []);
  }

  async appendEvents(sessionId: string, events: readonly LabEvent[]): Promise<void> {
    const list = this.events.get(sessionId);
    if (!list) throw new Error(`unknown session ${sessionId}`);
    if (this.ended.has(sessionId)) throw new Error(`session ${sessionId} already ended`);
    for (const e of events) if (e.seq === list.length + 1) list.push(e);
    this.batches++;
  }

  async sessionEnded(verdict: SessionEnded): Promise<void> {
    const stored = this.events.get(verdict.sessionId)?.length ?? 0;
    if (stored !== verdict.lastSeq) throw new Error(`verdict rests on ${verdict.lastSeq} events but ${stored} are stored`);
    this.ended.set(verdict.sessionId, verdict);
    for (const w of this.waiters.get(verdict.sessionId) ?? []) w(verdict);
    this.waiters.delete(verdict.sessionId);
  }

  /** The sessions that ended PASSED, in the order they ended. */
  get passed(): Array<{ sessionId: string; studentId: string; exerciseId: string; exerciseVersion: number; score: number; at: number }> {
    return [...this.ended.values()]
      .filter((v) => v.verdict === 'PASSED')
      .map((v) => {
        const opened = this.opened.find((o) => o.sessionId === v.sessionId)!;
        return {
          sessionId: v.sessionId,
          studentId: opened.studentId,
          exerciseId: opened.exerciseId,
          exerciseVersion: opened.exerciseVersion,
          score: v.score,
          at: v.at,
        };
      });
  }

  stationHealth(report: StationHealthReport): void {
    this.health.push(report);
    if (this.health.length > 10_000) this.health.splice(0, 5_000);
  }

  async interruptOrphanedSessions(): Promise<number> {
    return 0;
  }

  /** Resolves when the session's verdict is stored. */
  verdictOf(sessionId: string): Promise<SessionEnded> {
    const done = this.ended.get(sessionId);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.set(sessionId, [...(this.waiters.get(sessionId) ?? []), resolve]));
  }
}
