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
}

/** The outcome of taking a point. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A fixed-window counter per key in PostgreSQL (rate-limiter-flexible's RateLimiterPostgres), so
 * a limit holds across every API process on the same database. If the store cannot answer (the
 * database is down), the request is let through and a warning is logged: the limiter must not
 * turn a database hiccup into an outage of its own.
 */
export class RateLimiter {
  private readonly limiter: RateLimiterPostgres | undefined;

  constructor(
    orm: MikroORM,
    readonly rule: RateLimitRule,
    private readonly log: Logger,
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
    try {
      await this.limiter.consume(key, 1);
      return { allowed: true };
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)) };
      this.log.warn({ err: outcome, limit: this.rule.name }, 'rate limit store unavailable; request let through');
      return { allowed: true };
    }
  }

  /**
   * Forgets the count of `key`, e.g. after a successful sign-in when failed attempts are what
   * is limited.
   */
  async forget(key: string): Promise<void> {
    await this.limiter?.delete(key).catch((error: unknown) => this.log.warn({ err: error, limit: this.rule.name }, 'rate limit store unavailable'));
  }

  /** Deletes counters whose window ended more than an hour ago (called by the server now and then). */
  async clearExpired(): Promise<void> {
    // `clearExpired` exists on RateLimiterPostgres but is missing from its type declarations.
    const store = this.limiter as unknown as { clearExpired(expire: number): Promise<unknown> } | undefined;
    await store?.clearExpired(Date.now() - 3_600_000).catch(() => undefined);
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
    res
      .status(429)
      .setHeader('retry-after', String(decision.retryAfterSeconds))
      .json({
        errors: [
          {
            message: `Too many requests; retry after ${decision.retryAfterSeconds} s`,
            extensions: { code: 'RATE_LIMITED', retryAfterSeconds: decision.retryAfterSeconds },
          },
        ],
      });
  };
}
