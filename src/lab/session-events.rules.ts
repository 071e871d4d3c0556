/**
 * The order of one subscriber's session events when they come by two roads: observed (published by
 * this process's runtime the moment it records them, before they are stored) and stored (the relay,
 * after commit, on every process). Pure: no I/O, no timers.
 *
 * Each seq is sent once and in order. An event that arrives ahead of a missing seq is held until
 * the missing one comes (the stored road brings every stored event, in commit order). A stored
 * update that starts past a seq nobody holds means the store itself skipped it (a batch that could
 * not be stored): the hole is accepted, the order goes on from what is held.
 */
import type { LabEvent } from './runtime';

/** The seq order of one subscriber. */
export class SessionEventOrder {
  private readonly held = new Map<number, LabEvent>();

  /** @param last the last seq the subscriber has (`afterSeq`); null = live only, start at the first event seen. */
  constructor(private last: number | null) {}

  /** The last seq sent (null before anything, in live-only mode). */
  get lastSent(): number | null {
    return this.last;
  }

  /** How many events wait for a missing seq. */
  get waiting(): number {
    return this.held.size;
  }

  /**
   * Takes the events of one update and returns those that can be sent now, in seq order (seqs
   * already sent are dropped). `stored`: the update comes from the store (relay or a read), so a
   * seq below its first one that is neither sent nor held will never come.
   */
  accept(events: readonly LabEvent[], stored: boolean): LabEvent[] {
    let first = Infinity;
    for (const e of events) {
      if (this.last !== null && e.seq <= this.last) continue;
      if (!this.held.has(e.seq)) this.held.set(e.seq, e);
      first = Math.min(first, e.seq);
    }
    if (this.held.size === 0) return [];
    if (this.last === null) this.last = Math.min(...this.held.keys()) - 1;
    else if (stored && first !== Infinity && first > this.last + 1 && !this.held.has(this.last + 1)) this.last = Math.min(...this.held.keys()) - 1;
    return this.drain();
  }

  private drain(): LabEvent[] {
    const ready: LabEvent[] = [];
    for (let next = this.held.get(this.last! + 1); next; next = this.held.get(this.last! + 1)) {
      this.held.delete(next.seq);
      this.last = next.seq;
      ready.push(next);
    }
    return ready;
  }
}
