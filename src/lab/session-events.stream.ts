/**
 * The `sessionEvents` subscription with catch-up: a client that reconnects says the last seq it
 * has, and gets every stored event after it, then the live ones, with no gap and no duplicate.
 */
import type { EventBus } from '../graphql/pubsub';
import type { RequestContext } from '../shared/request-context';
import { SESSION_EVENTS, type SessionEventsMessage } from './lab.events';
import { sessionStatusNow, storedEventsAfter } from './lab.service';
import { SessionStatus } from './training-session.entity';

/** Stored events sent per update while catching up. */
const CATCH_UP_PAGE = 500;

/**
 * The session's events after `afterSeq`: stored ones first (in pages), then live ones, each seq
 * once and in order; ends after the update that carries the verdict.
 *
 * Why no gap: the bus subscription is open before the database is read, so anything committed
 * after the read is published to it; anything committed before is in the read. Why no duplicate:
 * an event published after the read began may also be in it, so every seq at or below the last
 * one sent is dropped. The status is read before the events: an ended session's events were all
 * stored before its verdict, so that read holds them all.
 */
export async function* sessionEventsAfter(ctx: RequestContext, bus: EventBus, sessionId: string, afterSeq: number): AsyncGenerator<SessionEventsMessage> {
  const live = bus.subscribe<SessionEventsMessage>(SESSION_EVENTS, sessionId)[Symbol.asyncIterator]();
  // The first next() starts the repeater, which attaches its listener now (repeaters are lazy).
  let pending = live.next();
  try {
    let last = afterSeq;
    const status = await sessionStatusNow(ctx, sessionId);
    for (;;) {
      const events = await storedEventsAfter(ctx, sessionId, last, CATCH_UP_PAGE);
      if (events.length === 0) break;
      last = events.at(-1)!.seq;
      yield { sessionId, events };
      if (events.length < CATCH_UP_PAGE) break;
    }
    if (status !== SessionStatus.RUNNING) {
      yield { sessionId, events: [], endedWith: status ?? SessionStatus.INTERRUPTED };
      return;
    }
    for (;;) {
      const next = await pending;
      if (next.done) return;
      pending = live.next();
      const message = next.value;
      const fresh = message.events.filter((e) => e.seq > last);
      if (fresh.length > 0) last = fresh.at(-1)!.seq;
      if (fresh.length > 0 || message.endedWith) yield { ...message, events: fresh };
      if (message.endedWith) return;
    }
  } finally {
    await live.return?.();
  }
}
