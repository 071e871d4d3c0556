/**
 * Time and timers for the lab runtime and the stand-in trainers: one interface, two
 * implementations. The wall-clock scheduler follows Node's timers; the virtual one only moves
 * when told to ({@link VirtualScheduler.advance}), so a scripted run produces the same signals
 * and the same verdict every time, and a 2 s `held(...)` costs no 2 s of waiting in a test.
 *
 * Not to be confused with `Clock` in `./clock.ts` (the API's `now(): Date` for services): a
 * scheduler counts milliseconds and also owns timers.
 */

/** Opaque timer handle returned by a {@link Scheduler}. */
export type TimerHandle = { readonly id: number };

/** A source of time that also runs timers. Inject a virtual one in tests and benches. */
export interface Scheduler {
  /** Current time in ms (epoch ms for the wall clock, virtual ms for a virtual scheduler). */
  now(): number;
  /** Calls `fn` every `ms` milliseconds until cleared. */
  setInterval(fn: () => void, ms: number): TimerHandle;
  /** Calls `fn` once after `ms` milliseconds unless cleared. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer made by this scheduler; unknown and undefined handles are ignored. */
  clear(handle: TimerHandle | undefined): void;
}

/**
 * The wall clock, backed by Node's timers. Timers are unref'd, so a forgotten one never keeps a
 * process alive; whoever needs the process to stay up holds a server or socket open.
 */
export function wallClock(): Scheduler {
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    now: () => Date.now(),
    setInterval(fn, ms) {
      const id = nextId++;
      const t = setInterval(fn, ms);
      t.unref();
      timers.set(id, t);
      return { id };
    },
    setTimeout(fn, ms) {
      const id = nextId++;
      const t = setTimeout(() => {
        timers.delete(id);
        fn();
      }, ms);
      t.unref();
      timers.set(id, t);
      return { id };
    },
    clear(handle) {
      if (!handle) return;
      const t = timers.get(handle.id);
      if (t) clearTimeout(t);
      timers.delete(handle.id);
    },
  };
}

/** The process-wide wall-clock scheduler (the default wherever none is injected). */
export const systemScheduler: Scheduler = wallClock();

/** A scheduler that moves only when told to; timers fire in time order during {@link advance}. */
export interface VirtualScheduler extends Scheduler {
  /** Moves time forward by `ms`, firing every due timer in order (bounded: at most 1e6 firings). */
  advance(ms: number): void;
  /** When the earliest pending timer is due (virtual ms); undefined when none is pending. */
  nextDue(): number | undefined;
}

interface VirtualTimer {
  id: number;
  due: number;
  every: number | null;
  fn: () => void;
}

/**
 * Creates a virtual scheduler starting at `startMs` (default 0).
 * Timers due at the same instant fire in creation order.
 */
export function createVirtualScheduler(startMs = 0): VirtualScheduler {
  let current = startMs;
  let nextId = 1;
  const timers = new Map<number, VirtualTimer>();
  const earliest = (): VirtualTimer | undefined => {
    let best: VirtualTimer | undefined;
    for (const t of timers.values()) if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    return best;
  };
  return {
    now: () => current,
    setInterval(fn, ms) {
      const id = nextId++;
      timers.set(id, { id, due: current + Math.max(1, ms), every: Math.max(1, ms), fn });
      return { id };
    },
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { id, due: current + Math.max(0, ms), every: null, fn });
      return { id };
    },
    clear(handle) {
      if (handle) timers.delete(handle.id);
    },
    nextDue: () => earliest()?.due,
    advance(ms) {
      const target = current + ms;
      for (let guard = 0; guard < 1_000_000; guard++) {
        const t = earliest();
        if (!t || t.due > target) break;
        current = t.due;
        if (t.every === null) timers.delete(t.id);
        else t.due += t.every;
        t.fn();
      }
      current = target;
    },
  };
}

/** Resolves after `ms` on `scheduler`'s time. */
export function sleep(scheduler: Scheduler, ms: number): Promise<void> {
  return new Promise((resolve) => scheduler.setTimeout(resolve, ms));
}

/** Rejects with `message` if `promise` has not settled within `ms` of `scheduler`'s time (default the wall clock). */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string, scheduler: Scheduler = systemScheduler): Promise<T> {
  let timer: TimerHandle | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = scheduler.setTimeout(() => reject(new Error(`${message} (timed out after ${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => scheduler.clear(timer));
}
