import { backoffDelay, retry } from './retry';
import { createVirtualScheduler } from './scheduler';

/** A "random" source that plays back the given values in turn. */
const playback = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

/** Lets every queued promise callback run (the retry loop awaits between tries). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('backoffDelay', () => {
  it('grows exponentially from initialMs and stops at maxMs when jitter is off', () => {
    const delays = Array.from({ length: 8 }, (_, a) => backoffDelay(a, { initialMs: 100, maxMs: 1000, jitter: 0 }));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000, 1000]);
  });

  it('takes off up to `jitter` of each capped delay, drawn from the injected random', () => {
    expect(backoffDelay(3, { initialMs: 100, maxMs: 1000, jitter: 0.5, random: () => 0 })).toBe(800);
    expect(backoffDelay(3, { initialMs: 100, maxMs: 1000, jitter: 0.5, random: () => 0.5 })).toBe(600);
    expect(backoffDelay(10, { initialMs: 100, maxMs: 1000, jitter: 0.5, random: () => 0.99 })).toBe(505);
  });

  it('jitters by half by default, so two stations failing together do not retry in lock-step', () => {
    const a = backoffDelay(2, { random: () => 0.1 });
    const b = backoffDelay(2, { random: () => 0.9 });
    expect(a).not.toBe(b);
    for (const r of [0, 0.25, 0.5, 0.75, 0.999]) {
      const d = backoffDelay(2, { random: () => r });
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
    }
  });
});

describe('retry', () => {
  it('retries a failing task on the injected scheduler with the jittered delays until it succeeds', async () => {
    const scheduler = createVirtualScheduler();
    const triedAt: number[] = [];
    const waits: number[] = [];
    const done = retry(
      async (attempt) => {
        triedAt.push(scheduler.now());
        if (attempt < 3) throw new Error(`down ${attempt}`);
        return 'sent';
      },
      { initialMs: 100, maxMs: 300, jitter: 0.5, random: playback(0, 0.5, 1), scheduler, onRetry: (_e, _a, ms) => waits.push(ms) },
    );
    for (let i = 0; i < 10; i++) {
      await settle();
      const due = scheduler.nextDue();
      if (due === undefined) break;
      scheduler.advance(due - scheduler.now());
    }
    await expect(done).resolves.toBe('sent');
    // 100 (no jitter drawn), 200 less a quarter, 300 (capped) less a half.
    expect(waits).toEqual([100, 150, 150]);
    expect(triedAt).toEqual([0, 100, 250, 400]);
  });

  it('gives up after `retries` and rejects with the last error', async () => {
    const scheduler = createVirtualScheduler();
    let tries = 0;
    const done = retry(
      async () => {
        tries++;
        throw new Error(`failure ${tries}`);
      },
      { retries: 2, jitter: 0, scheduler },
    );
    const outcome = done.catch((e: Error) => e.message);
    for (let i = 0; i < 5; i++) {
      await settle();
      scheduler.advance(10_000);
    }
    await expect(outcome).resolves.toBe('failure 3');
    expect(tries).toBe(3);
  });

  it('stops at once on an error shouldRetry refuses (a refusal that would be refused again)', async () => {
    const scheduler = createVirtualScheduler();
    class Refused extends Error {}
    let tries = 0;
    const done = retry(
      async () => {
        tries++;
        throw new Refused('FORBIDDEN');
      },
      { scheduler, shouldRetry: (e) => !(e instanceof Refused) },
    );
    await expect(done).rejects.toBeInstanceOf(Refused);
    expect(tries).toBe(1);
    expect(scheduler.nextDue()).toBeUndefined();
  });
});
