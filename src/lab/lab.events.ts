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

/** Stored events of one session (after commit), or its end. */
export interface SessionEventsMessage {
  sessionId: string;
  events: readonly LabEvent[];
  /** Set on the last message of a session: its status after the verdict. */
  endedWith?: string;
}

/**
 * Publishes committed events of a session to its subscribers (in this process). Called by the relay
 * (`lab.relay.ts`), which hears of every stored batch and every end from the database, whichever
 * process stored it; the store port does not publish them itself.
 */
export function publishSessionEvents(bus: RelayBus, message: SessionEventsMessage): void {
  bus.publish(SESSION_EVENTS, message, message.sessionId);
}

/** Publishes a station's health. */
export function publishStationHealth(bus: RelayBus, report: StationHealthReport): void {
  bus.publish(STATION_HEALTH, report);
}
