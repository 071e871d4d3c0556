/**
 * Retrying with capped exponential backoff and jitter: the one rule for every reconnect and
 * resend loop (session evidence, verdicts, the lab agent's outbox, orphan recovery, Modbus
 * reconnects). Jitter keeps a classroom of stations that lost the same switch from retrying in
 * lock-step against the API or the trainers.
 */
import { type Scheduler, sleep, systemScheduler } from './scheduler';

/** Capped exponential backoff with jitter. */
export interface BackoffOptions {
  /** First delay, ms; default 100. */
  readonly initialMs?: number;
  /** Upper bound of a delay, ms; default 5000. */
  readonly maxMs?: number;
  /** Multiplier per failed attempt; default 2. */
  readonly factor?: number;
  /**
   * Share of each delay that is random, 0…1; default 0.5: the delay is drawn uniformly from
   * `[d·(1−jitter), d]` where `d` is the capped exponential delay. 0 turns jitter off.
   */
  readonly jitter?: number;
  /** Source of randomness in [0, 1); default `Math.random` (inject a seeded one in tests). */
  readonly random?: () => number;
}

/** Delay before retry `attempt` (0-based): `min(maxMs, initialMs·factor^attempt)`, less up to `jitter` of it. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const capped = Math.min(options.maxMs ?? 5000, (options.initialMs ?? 100) * (options.factor ?? 2) ** attempt);
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const random = options.random ?? Math.random;
  return Math.round(capped * (1 - jitter * random()));
}

/** Options of {@link retry}. */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first try; default unbounded (until `shouldRetry` says no). */
  readonly retries?: number;
  /** Whether an error is worth another try; default every error is. */
  readonly shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Told of each failed try before the wait (logging). */
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Where the waits happen; default the wall clock. */
  readonly scheduler?: Scheduler;
}

/**
 * Runs `task` until it resolves; after each failure waits {@link backoffDelay} and tries again.
 * Rejects with the last error once `retries` are used up or `shouldRetry` returns false.
 */
export async function retry<T>(task: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const scheduler = options.scheduler ?? systemScheduler;
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      if (attempt >= (options.retries ?? Infinity) || (options.shouldRetry && !options.shouldRetry(error, attempt))) throw error;
      const delay = backoffDelay(attempt, options);
      options.onRetry?.(error, attempt, delay);
      await sleep(scheduler, delay);
    }
  }
}
