/**
 * Time source of the stand-in trainers: the very {@link Scheduler} the lab runtime takes, so one
 * virtual scheduler can drive a trainer, the runtime's poller and judge, and a scripted student
 * together. The real clock follows the wall clock; the virtual clock only moves when a test calls
 * {@link VirtualClock.advance}, so a scripted run produces the same signals every time.
 */
import { type Scheduler, type VirtualScheduler, createVirtualScheduler, wallClock } from '../../src/shared/scheduler';

export type { TimerHandle } from '../../src/shared/scheduler';

/** The stand-ins' name for a {@link Scheduler}. */
export type SimClock = Scheduler;

/** The stand-ins' name for a {@link VirtualScheduler}. */
export type VirtualClock = VirtualScheduler;

/** The wall clock, backed by Node's timers (timers are unref'd so they never keep a process alive). */
export const realClock: () => SimClock = wallClock;

/** Creates a virtual clock starting at `startMs` (default 0); timers due at the same instant fire in creation order. */
export const createVirtualClock: (startMs?: number) => VirtualClock = createVirtualScheduler;
