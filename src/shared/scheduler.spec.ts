import { createVirtualScheduler, sleep, withTimeout } from './scheduler';

describe('virtual scheduler', () => {
  it('fires timers in time order, same-instant timers in creation order, intervals repeatedly, only when advanced', () => {
    const s = createVirtualScheduler(1000);
    const fired: string[] = [];
    s.setTimeout(() => fired.push(`b@${s.now()}`), 20);
    s.setTimeout(() => fired.push(`a@${s.now()}`), 10);
    s.setTimeout(() => fired.push(`a2@${s.now()}`), 10);
    const every = s.setInterval(() => fired.push(`i@${s.now()}`), 15);
    expect(fired).toEqual([]);
    s.advance(30);
    expect(fired).toEqual(['a@1010', 'a2@1010', 'i@1015', 'b@1020', 'i@1030']);
    s.clear(every);
    s.advance(100);
    expect(fired).toHaveLength(5);
    expect(s.now()).toBe(1130);
    expect(s.nextDue()).toBeUndefined();
  });

  it('sleep and withTimeout run on the injected time, not the wall clock', async () => {
    const s = createVirtualScheduler();
    let woke = false;
    void sleep(s, 5000).then(() => (woke = true));
    const never = new Promise<never>(() => undefined);
    const timedOut = withTimeout(never, 300, 'read', s).catch((e: Error) => e.message);
    s.advance(299);
    await Promise.resolve();
    expect(woke).toBe(false);
    s.advance(1);
    await expect(timedOut).resolves.toBe('read (timed out after 300 ms)');
    s.advance(4700);
    await Promise.resolve();
    expect(woke).toBe(true);
  });
});
