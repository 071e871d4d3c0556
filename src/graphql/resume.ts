/**
 * Resuming a subscription after a sequence number: what was missed (read from a log), then the
 * live stream, with no gap and no duplicate between the two.
 */

/** A message that may carry its position in a log. */
export interface Sequenced {
  /** Position in the topic's log; messages without one (e.g. probes) pass through. */
  seq?: number;
}

/** Options of {@link resumeAfter}. */
export interface ResumeOptions<T> {
  /** The live stream of the topic (e.g. the bus's `subscribe(topic)`). */
  live: AsyncIterable<T>;
  /** Resume after this seq; null or undefined: live messages only. */
  afterSeq?: number | null;
  /** Messages with a seq above `after`, oldest first, at most `limit` of them. */
  replay(after: number, limit: number): Promise<T[]>;
  /** Whether this subscriber gets a message (scope, filter); default every message. */
  accept?(message: T): Promise<boolean>;
  /** Most messages replayed per read; default 1000. */
  batch?: number;
}

/**
 * The stream `afterSeq` → live: starts listening before it reads the log (so nothing committed
 * meanwhile is lost), then yields the replayed messages, then live ones whose seq is above the
 * last one yielded. A hand-written iterator rather than an async generator: `return()` (the
 * client unsubscribed) must detach from the bus at once, not after the next message arrives.
 */
export function resumeAfter<T extends Sequenced>(options: ResumeOptions<T>): AsyncIterableIterator<T> {
  const it = options.live[Symbol.asyncIterator]();
  const batch = options.batch ?? 1000;
  const accept = options.accept ?? (async () => true);
  // Asking for the first live message subscribes now, before the log is read.
  let pending: Promise<IteratorResult<T>> | undefined = it.next();
  let closed = false;
  let last = options.afterSeq ?? undefined;
  const backlog: T[] = [];
  let replaying: Promise<void> | undefined;
  if (last !== undefined) {
    replaying = (async () => {
      for (let after = last!; ;) {
        const page = await options.replay(after, batch);
        backlog.push(...page);
        if (page.length < batch) return;
        after = page[page.length - 1]!.seq!;
      }
    })();
  }
  const done = (): IteratorResult<T> => ({ done: true, value: undefined });
  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      if (replaying) {
        await replaying;
        replaying = undefined;
      }
      for (;;) {
        if (closed) return done();
        let message = backlog.shift();
        if (message === undefined) {
          const result = await (pending ?? it.next());
          pending = undefined;
          if (result.done || closed) {
            closed = true;
            return done();
          }
          message = result.value;
          if (message.seq !== undefined && last !== undefined && message.seq <= last) continue;
        }
        if (message.seq !== undefined) last = message.seq;
        if (await accept(message)) return { done: false, value: message };
      }
    },
    async return() {
      closed = true;
      await it.return?.();
      return done();
    },
  };
  return iterator;
}
