import type { LabEvent } from './runtime';
import { SessionEventOrder } from './session-events.rules';

const ev = (seq: number): LabEvent => ({ type: 'signal', tag: 'GUARD_CLOSED', value: seq % 2 === 0, seq, at: 1000 + seq });
const seqs = (events: readonly LabEvent[]) => events.map((e) => e.seq);
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => ev(a + i));

describe('SessionEventOrder', () => {
  it('sends observed events at once when they follow the last seq sent', () => {
    const order = new SessionEventOrder(10);
    expect(seqs(order.accept(range(11, 13), false))).toEqual([11, 12, 13]);
    expect(order.lastSent).toBe(13);
  });

  it('holds observed events ahead of a missing seq until the stored road brings it, then sends all in order', () => {
    const order = new SessionEventOrder(10);
    expect(order.accept(range(15, 16), false)).toEqual([]);
    expect(order.waiting).toBe(2);
    expect(seqs(order.accept(range(11, 14), true))).toEqual([11, 12, 13, 14, 15, 16]);
    expect(order.waiting).toBe(0);
  });

  it('drops every seq already sent, whichever road brings it again', () => {
    const order = new SessionEventOrder(0);
    expect(seqs(order.accept(range(1, 5), false))).toEqual([1, 2, 3, 4, 5]);
    expect(order.accept(range(1, 5), true)).toEqual([]);
    expect(seqs(order.accept([...range(4, 7)], true))).toEqual([6, 7]);
  });

  it('accepts a hole the store itself has (a batch that was never stored) and goes on from what is held', () => {
    const order = new SessionEventOrder(10);
    expect(order.accept(range(21, 22), false)).toEqual([]);
    // A stored update starting at 16: 11…15 will never come by either road.
    expect(seqs(order.accept(range(16, 20), true))).toEqual([16, 17, 18, 19, 20, 21, 22]);
  });

  it('does not take an observed update past a missing seq for a hole in the store', () => {
    const order = new SessionEventOrder(10);
    expect(order.accept(range(12, 13), false)).toEqual([]);
    expect(order.lastSent).toBe(10);
  });

  it('live only (no afterSeq): starts at the first event seen', () => {
    const order = new SessionEventOrder(null);
    expect(order.lastSent).toBeNull();
    expect(seqs(order.accept(range(40, 41), false))).toEqual([40, 41]);
    expect(order.accept(range(38, 41), true)).toEqual([]);
  });
});
