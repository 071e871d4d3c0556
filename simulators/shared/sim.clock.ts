/**
 * Time source for the stand-in trainers. The real clock follows the wall clock; the virtual
 * clock only moves when a test calls {@link VirtualClock.advance}, so a scripted run produces
 * the same signals every time.
 */
export interface SimClock {
  /** Current time in ms (epoch ms for the real clock, virtual ms for the virtual clock). */
  now(): number;
  /** Calls `fn` every `ms` milliseconds until cleared. */
  setInterval(fn: () => void, ms: number): TimerHandle;
  /** Calls `fn` once after `ms` milliseconds unless cleared. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer made by this clock; unknown handles are ignored. */
  clear(handle: TimerHandle): void;
}

/** Opaque timer handle returned by a {@link SimClock}. */
export type TimerHandle = { readonly id: number };

/** The wall clock, backed by Node's timers (timers are unref'd so they never keep a process alive). */
export function realClock(): SimClock {
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
      const t = timers.get(handle.id);
      if (t) clearTimeout(t);
      timers.delete(handle.id);
    },
  };
}

/** A clock that moves only when told to; timers fire in time order during {@link advance}. */
export interface VirtualClock extends SimClock {
  /** Moves time forward by `ms`, firing every due timer in order (bounded: at most 1e6 firings). */
  advance(ms: number): void;
}

interface VirtualTimer {
  id: number;
  due: number;
  every: number | null;
  fn: () => void;
}

/**
 * Creates a virtual clock starting at `startMs` (default 0).
 * Timers due at the same instant fire in creation order.
 */
export function createVirtualClock(startMs = 0): VirtualClock {
  let current = startMs;
  let nextId = 1;
  const timers = new Map<number, VirtualTimer>();
  const nextDue = (): VirtualTimer | undefined => {
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
      timers.delete(handle.id);
    },
    advance(ms) {
      const target = current + ms;
      for (let guard = 0; guard < 1_000_000; guard++) {
        const t = nextDue();
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
