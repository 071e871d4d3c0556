/**
 * What the lab context tells others: the `SessionPassed` domain event (readiness records it, in
 * the verdict's own transaction) and the live topics of the GraphQL subscriptions.
 */
import type { RelayBus } from '../graphql/notify-relay';
import type { RequestContext } from '../shared/request-context';
import type { LabEvent, StationHealthReport } from './runtime';

/**
 * Domain event (webhooks `lab.session_ended`): a training session ended, with its verdict
 * (PASSED, FAILED, INTERRUPTED, ABORTED), score and reasons; subject the TrainingSession.
 */
export const LAB_SESSION_ENDED = 'lab.session_ended';

/** A PASSED verdict, as handed to readiness. */
export interface SessionPassedEvent {
  sessionId: string;
  studentId: string;
  exerciseId: string;
  exerciseVersion: number;
  hazardCategories: string[];
  score: number;
  stationId: string;
  /** Id of the API key that started the session; null for system starts. */
  startedBy: string | null;
  passedAt: Date;
}

/**
 * A handler of {@link SessionPassedEvent}, called for every PASSED verdict INSIDE the transaction
 * that stores the verdict: `ctx` is a system context whose EntityManager is bound to that
 * transaction, so a stored PASSED always has what the handler writes (a handler that throws rolls
 * the verdict back; the runtime retries it). Modules contribute them as `onSessionPassed`.
 */
export type SessionPassedHandler = (ctx: RequestContext, event: SessionPassedEvent) => Promise<void>;

/** Topic of {@link SessionEventsMessage}, keyed by session id. */
export const SESSION_EVENTS = 'labSessionEvents';
/** Topic of {@link StationHealthReport} messages. */
export const STATION_HEALTH = 'labStationHealth';

/** Events of one session, stored (after commit) or observed (recorded by this process's runtime, not yet stored), or its end. */
export interface SessionEventsMessage {
  sessionId: string;
  events: readonly LabEvent[];
  /**
   * True when the events are observed: published by this process's runtime as it records them,
   * before their batch is stored (live views only; the stored ones follow through the relay).
   */
  observed?: boolean;
  /** Set on the last message of a session: its status after the verdict. */
  endedWith?: string;
}

/**
 * Publishes events of a session to its subscribers (in this process). Called by the relay
 * (`lab.relay.ts`) with committed events, which hears of every stored batch and every end from the
 * database, whichever process stored it; and by the store port with the events its runtime
 * observes (`observed`), so a live view sees a change before its batch is stored.
 */
export function publishSessionEvents(bus: RelayBus, message: SessionEventsMessage): void {
  bus.publish(SESSION_EVENTS, message, message.sessionId);
}

/** Observed events kept per session for {@link recentObserved}; older ones are in the store or on their way to it. */
const OBSERVED_KEPT = 2048;

/** The latest observed events of each running session, per bus (the app's; a side table, not a global registry). */
const observedTails = new WeakMap<RelayBus, Map<string, LabEvent[]>>();

/**
 * Publishes events this process's runtime just recorded (not yet stored) to the session's
 * subscribers here, and keeps the latest of them for {@link recentObserved}.
 */
export function publishObservedEvents(bus: RelayBus, sessionId: string, events: readonly LabEvent[]): void {
  let tails = observedTails.get(bus);
  if (!tails) observedTails.set(bus, (tails = new Map()));
  const tail = tails.get(sessionId) ?? [];
  if (tail.length === 0) tails.set(sessionId, tail);
  tail.push(...events);
  if (tail.length > OBSERVED_KEPT * 2) tail.splice(0, tail.length - OBSERVED_KEPT);
  publishSessionEvents(bus, { sessionId, events, observed: true });
}

/**
 * The events observed on this process after `afterSeq` that are still kept (the latest 2048 at
 * least), in seq order: what a subscriber that just caught up from the store misses of what its
 * batch has not stored yet. Empty when the session does not run here.
 */
export function recentObserved(bus: RelayBus, sessionId: string, afterSeq: number): LabEvent[] {
  const tail = observedTails.get(bus)?.get(sessionId);
  if (!tail || tail.length === 0 || tail.at(-1)!.seq <= afterSeq) return [];
  let lo = 0;
  for (let hi = tail.length; lo < hi;) {
    const mid = (lo + hi) >> 1;
    if (tail[mid]!.seq <= afterSeq) lo = mid + 1;
    else hi = mid;
  }
  return tail.slice(lo);
}

/** Forgets a session's observed events (it ended). */
export function forgetObserved(bus: RelayBus, sessionId: string): void {
  observedTails.get(bus)?.delete(sessionId);
}

/** Publishes a station's health. */
export function publishStationHealth(bus: RelayBus, report: StationHealthReport): void {
  bus.publish(STATION_HEALTH, report);
}
