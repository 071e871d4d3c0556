/**
 * The `sessionEvents` subscription with catch-up: a client that reconnects says the last seq it
 * has, and gets every stored event after it, then the live ones, with no gap and no duplicate.
 */
import type { EventBus } from '../graphql/pubsub';
import type { RequestContext } from '../shared/request-context';
import { recentObserved, SESSION_EVENTS, type SessionEventsMessage } from './lab.events';
import { sessionStatusNow, storedEventsAfter } from './lab.service';
import { SessionEventOrder } from './session-events.rules';
import { SessionStatus } from './training-session.entity';

/** Stored events sent per update while catching up. */
const CATCH_UP_PAGE = 500;
/** Events held behind a missing seq before the store is read to fill it (the relay may be down). */
const HOLD_LIMIT = 2000;

/**
 * The session's events after `afterSeq` (null: live ones only, from the first one published):
 * stored ones first (in pages), then live ones, each seq once and in order; ends after the update
 * that carries the verdict.
 *
 * Live events come by two roads: observed ones, published by this process's runtime as it records
 * them (before they are stored: the live view does not wait for the evidence batch and the relay),
 * and stored ones from the relay (every process, after commit). {@link SessionEventOrder} merges
 * them. Why no gap: the bus subscription is open before the database is read, so anything
 * committed after the read is published to it; anything committed before is in the read; an
 * observed event ahead of a missing seq is held until the runtime's recent observed events (see
 * `recentObserved`) or the stored road bring that seq. Why no
 * duplicate: every seq at or below the last one sent is dropped. The status is read before the
 * events: an ended session's events were all stored before its verdict, so that read holds them all.
 */
export async function* sessionEventsAfter(
  ctx: RequestContext,
  bus: EventBus,
  sessionId: string,
  afterSeq: number | null,
): AsyncGenerator<SessionEventsMessage> {
  const live = bus.subscribe<SessionEventsMessage>(SESSION_EVENTS, sessionId)[Symbol.asyncIterator]();
  // The first next() starts the repeater, which attaches its listener now (repeaters are lazy).
  let pending = live.next();
  const order = new SessionEventOrder(afterSeq);
  /** Every stored event after the last one sent, read in pages, in order. */
  async function* fromStore(): AsyncGenerator<SessionEventsMessage> {
    // Live only and nothing sent yet: there is no point to go on from.
    if (order.lastSent === null) return;
    for (;;) {
      const stored = await storedEventsAfter(ctx, sessionId, order.lastSent!, CATCH_UP_PAGE);
      const events = order.accept(stored, true);
      if (events.length > 0) yield { sessionId, events };
      if (stored.length < CATCH_UP_PAGE) return;
    }
  }
  try {
    if (afterSeq !== null) {
      const status = await sessionStatusNow(ctx, sessionId);
      yield* fromStore();
      if (status !== SessionStatus.RUNNING) {
        yield { sessionId, events: [], endedWith: status ?? SessionStatus.INTERRUPTED };
        return;
      }
      // What the runtime here observed and its batch has not stored yet: sent now, not when stored.
      const observed = order.accept(recentObserved(bus, sessionId, order.lastSent!), false);
      if (observed.length > 0) yield { sessionId, events: observed, observed: true };
    }
    for (;;) {
      const next = await pending;
      if (next.done) return;
      pending = live.next();
      const message = next.value;
      if (message.endedWith) {
        // Everything stored was relayed before the end; read once more so the last update is the store's word.
        yield* fromStore();
        yield { sessionId, events: [], endedWith: message.endedWith };
        return;
      }
      const events = order.accept(message.events, !message.observed);
      // Held behind a missing seq: the runtime here may still keep it (observed before this subscription).
      if (order.waiting > 0 && order.lastSent !== null) events.push(...order.accept(recentObserved(bus, sessionId, order.lastSent), false));
      if (events.length > 0) yield { ...message, events };
      if (order.waiting > HOLD_LIMIT) yield* fromStore();
    }
  } finally {
    await live.return?.();
  }
}
