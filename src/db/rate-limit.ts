import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../logger';
import { CodedError } from '../shared/errors';

/** Table the counters live in (created by a migration; shared by every API process). */
export const RATE_LIMIT_TABLE = 'rate_limit';

/** One limit: `points` per `windowSeconds` per key. `points: 0` turns it off. */
export interface RateLimitRule {
  /** Name of the limit, also the prefix of its keys, e.g. `graphql-key`. */
  name: string;
  points: number;
  windowSeconds: number;
  /**
   * Every take asks PostgreSQL (no lease, no remembered refusal), so a `forget()` or an ended
   * window in another process counts at once: for low-volume limits such as sign-in attempts.
   */
  exact?: boolean;
}

/** The outcome of taking a point. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A process leases at most this share (1/N) of the points left in a window. */
export const LEASE_SHARE = 16;
/** A process leases at most this many points at once. */
export const LEASE_MAX = 256;

/** A lease of points one process holds for one key in the current window. */
interface Lease {
  /** Points of the lease not yet given out. */
  left: number;
  /** When the window (and with it the lease) ends, ms since the epoch. */
  windowEndsAt: number;
  /** Points consumed in PostgreSQL (every process) when the lease was taken. */
  consumed: number;
}

/**
 * A fixed-window counter per key in PostgreSQL (rate-limiter-flexible's RateLimiterPostgres), so
 * a limit holds across every API process on the same database, taken in memory-first leases:
 * a process takes a batch of points from PostgreSQL in one statement and gives them out from
 * memory, so most requests write nothing. A lease is at most 1/{@link LEASE_SHARE} of the points
 * still left in the window (and at most {@link LEASE_MAX}); near the limit it is 1 point, i.e.
 * one statement per request as without leases.
 *
 * Tolerance: the limit is never exceeded (every point given out was counted in PostgreSQL
 * first). A caller may be refused early by the points other processes have leased but not yet
 * given out: at most (processes − 1) × min(LEASE_MAX, left ÷ LEASE_SHARE) in a window.
 *
 * If the store cannot answer (the database is down), the request is let through and a warning
 * is logged: the limiter must not turn a database hiccup into an outage of its own.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterPostgres | undefined;
  private readonly leases = new Map<string, Lease>();
  /** Lease requests in flight per key, so concurrent requests of one key share one statement. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    orm: MikroORM,
    readonly rule: RateLimitRule,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.limiter =
      rule.points > 0
        ? new RateLimiterPostgres({
            storeClient: orm.em.getKnex(),
            storeType: 'knex',
            tableName: RATE_LIMIT_TABLE,
            tableCreated: true,
            keyPrefix: rule.name,
            points: rule.points,
            duration: rule.windowSeconds,
            clearExpiredByTimeout: false,
          })
        : undefined;
  }

  /** Takes one point for `key` (a key id, an IP address, an e-mail). */
  async take(key: string): Promise<RateDecision> {
    if (!this.limiter) return { allowed: true };
    // An exact limit forgets what it knew of the key and asks PostgreSQL for this take.
    if (this.rule.exact) this.leases.delete(key);
    for (;;) {
      const lease = this.leases.get(key);
      const now = this.now();
      if (lease && lease.windowEndsAt > now) {
        if (lease.left > 0) {
          lease.left -= 1;
          return { allowed: true };
        }
        if (lease.consumed >= this.rule.points) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((lease.windowEndsAt - now) / 1000)) };
      }
      const inFlight = this.pending.get(key);
      if (inFlight) {
        await inFlight;
        continue;
      }
      const outcome = this.lease(key, lease && lease.windowEndsAt > now ? lease.consumed : 0);
      this.pending.set(
        key,
        outcome.then(() => undefined),
      );
      try {
        const result = await outcome;
        if (result === 'unavailable') return { allowed: true };
      } finally {
        this.pending.delete(key);
      }
    }
  }

  /** Takes a lease for `key` from PostgreSQL; 'unavailable' when the store cannot answer. */
  private async lease(key: string, consumedBefore: number): Promise<'ok' | 'unavailable'> {
    const size = this.rule.exact ? 1 : Math.max(1, Math.min(LEASE_MAX, Math.floor((this.rule.points - consumedBefore) / LEASE_SHARE)));
    const now = this.now();
    try {
      const res = await this.limiter!.consume(key, size);
      this.leases.set(key, { left: size, windowEndsAt: now + res.msBeforeNext, consumed: res.consumedPoints });
      return 'ok';
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) {
        // Over the limit with this lease: the part of it that still fitted is ours.
        const granted = Math.max(0, Math.min(size, this.rule.points - (outcome.consumedPoints - size)));
        this.leases.set(key, { left: granted, windowEndsAt: now + outcome.msBeforeNext, consumed: outcome.consumedPoints });
        return 'ok';
      }
      this.log.warn({ err: outcome, limit: this.rule.name }, 'rate limit store unavailable; request let through');
      return 'unavailable';
    }
  }

  /**
   * Forgets the count of `key`, e.g. after a successful sign-in when failed attempts are what
   * is limited.
   */
  async forget(key: string): Promise<void> {
    this.leases.delete(key);
    await this.limiter?.delete(key).catch((error: unknown) => this.log.warn({ err: error, limit: this.rule.name }, 'rate limit store unavailable'));
  }

  /** Deletes counters whose window ended more than an hour ago (called by the server now and then). */
  async clearExpired(): Promise<void> {
    const now = this.now();
    for (const [key, lease] of this.leases) if (lease.windowEndsAt <= now) this.leases.delete(key);
    // `clearExpired` exists on RateLimiterPostgres but is missing from its type declarations.
    const store = this.limiter as unknown as { clearExpired(expire: number): Promise<unknown> } | undefined;
    await store?.clearExpired(now - 3_600_000).catch(() => undefined);
  }
}

/** The error a limited caller gets: code RATE_LIMITED, HTTP 429 with `Retry-After`. */
export class RateLimitedError extends CodedError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; retry after ${retryAfterSeconds} s`, 'RATE_LIMITED');
    this.extensions.retryAfterSeconds = retryAfterSeconds;
    this.extensions.http = { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) };
  }
}

/** The JSON body of a 429 answered before GraphQL runs (per-IP limits). */
export function rateLimitedBody(retryAfterSeconds: number): { errors: { message: string; extensions: { code: 'RATE_LIMITED'; retryAfterSeconds: number } }[] } {
  return { errors: [{ message: `Too many requests; retry after ${retryAfterSeconds} s`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds } }] };
}

/**
 * Express middleware taking a point per request from `limiter`, keyed by `keyOf(req)` (the
 * client's IP address by default). Over the limit: 429, `Retry-After`, and a GraphQL-shaped
 * JSON error body, so clients handle it like any other error.
 */
export function rateLimitMiddleware(
  limiter: RateLimiter,
  keyOf: (req: Parameters<RequestHandler>[0]) => string = (req) => req.ip ?? 'unknown',
): RequestHandler {
  return async (req, res, next) => {
    const decision = await limiter.take(keyOf(req));
    if (decision.allowed) return next();
    res.status(429).setHeader('retry-after', String(decision.retryAfterSeconds)).json(rateLimitedBody(decision.retryAfterSeconds));
  };
}
