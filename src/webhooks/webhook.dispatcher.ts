import { LockMode } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AuditAction, type AuditService } from '../audit';
import { createContext } from '../db/context';
import type { Logger } from '../logger';
import { type BackoffOptions, backoffDelay } from '../shared/retry';
import { WebhookEndpoint, WebhookEndpointStatus } from './webhook-endpoint.entity';
import { shouldDisable, webhookHeaders } from './webhook.rules';
import { type AttemptResult, postOnce } from './webhook.sender';

/** How the dispatcher works; every figure has a config variable (`WEBHOOK_*`). */
export interface DispatcherSettings {
  /**
   * How often due deliveries are looked for besides {@link WebhookDispatcher.wake} and the wake-up
   * of each retry this process scheduled (retries of a process that is gone, a notification
   * missed), ms; default 1000.
   */
  readonly pollMs: number;
  /** Deliveries claimed (and sent concurrently) per round; default 20. */
  readonly batchSize: number;
  /** Timeout of one attempt, ms; default 10 000. */
  readonly timeoutMs: number;
  /** How long a claim keeps other dispatchers off a delivery, ms (> timeoutMs); default 60 000. */
  readonly claimMs: number;
  /** Attempts before a delivery is FAILED; default 12. */
  readonly maxAttempts: number;
  /** Consecutive failed attempts that disable an endpoint; 0 never; default 20. */
  readonly disableAfter: number;
  /** Backoff between attempts (capped exponential with jitter, the shared rule). */
  readonly backoff: BackoffOptions;
  /** Private/loopback CIDRs that may be connected to anyway; default none. */
  readonly allowedPrivateCidrs: readonly string[];
}

/** Shortest time between the starts of two rounds woken by the outbox's NOTIFY, ms. */
const MIN_ROUND_INTERVAL_MS = 20;

/**
 * How long after a retry's due time (as this process reckons it) its round runs, ms: the row's
 * `next_attempt_at` is set from the database's clock a moment later, so a round exactly on time
 * could find it not yet due and leave it to the poll.
 */
const RETRY_SLACK_MS = 50;

/** Retries one process keeps a wake-up for (a failing endpoint with a large backlog leaves the rest to the poll). */
const MAX_TRACKED_RETRIES = 1000;

interface Claimed {
  id: string;
  endpoint_id: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Sends the outbox: claims due PENDING deliveries of ACTIVE endpoints (`FOR UPDATE SKIP LOCKED`,
 * so several API processes share the work without sending a row twice at once), signs and POSTs
 * each, and records the result. A claim pushes `next_attempt_at` out by `claimMs`, so a process
 * that dies mid-attempt leaves the row to be claimed again later: delivery is at least once.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** A round is under way (between its timer firing and its next scheduling). */
  private inRound = false;
  /** Woken during a round: run another as soon as allowed after it. */
  private wokenMeanwhile = false;
  /** When the last round started, and when the pending timer fires (ms since epoch). */
  private lastRoundAt = 0;
  private dueAt = Infinity;
  /**
   * When the retries this process scheduled come due (ms since epoch): a round runs at the
   * earliest, not at the next poll. At most {@link MAX_TRACKED_RETRIES}; any beyond are left to it.
   */
  private retriesDue: number[] = [];

  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly log: Logger,
    private readonly settings: DispatcherSettings,
  ) {}

  /** Starts: a round now, then one every `pollMs` and whenever {@link wake} is called. */
  start(): void {
    this.schedule(0);
  }

  /** Stops polling and waits for the round in progress (bounded by the attempt timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Looks for due deliveries soon rather than at the next poll: the outbox said it wrote some (its
   * NOTIFY). Rounds start at most every {@link MIN_ROUND_INTERVAL_MS}, so a burst of commits, which
   * wakes every process's dispatcher, costs each a claim per interval, not one per commit. During a
   * round, another follows it.
   */
  wake(): void {
    if (this.stopped) return;
    if (this.inRound) {
      this.wokenMeanwhile = true;
      return;
    }
    const at = Math.max(Date.now(), this.lastRoundAt + MIN_ROUND_INTERVAL_MS);
    if (this.dueAt <= at) return;
    clearTimeout(this.timer);
    this.schedule(at - Date.now());
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.dueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.inRound = true;
      this.wokenMeanwhile = false;
      this.lastRoundAt = Date.now();
      this.dueAt = Infinity;
      // This round claims the retries due by now; later ones keep their wake-up.
      const startedAt = this.lastRoundAt;
      this.retriesDue = this.retriesDue.filter((at) => at > startedAt);
      const next = (delay: number) => {
        this.inRound = false;
        const soonest = this.wokenMeanwhile ? Math.max(0, this.lastRoundAt + MIN_ROUND_INTERVAL_MS - Date.now()) : delay;
        const retry = this.retriesDue.length > 0 ? Math.max(0, Math.min(...this.retriesDue) - Date.now()) : Infinity;
        this.schedule(Math.min(soonest, retry));
      };
      this.running = this.round()
        .then((claimed) => next(claimed >= this.settings.batchSize ? 0 : this.settings.pollMs))
        .catch((error) => {
          this.log.warn({ err: error }, 'webhook dispatch round failed');
          next(this.settings.pollMs);
        });
    }, delayMs);
  }

  /** One round: claim, send, record. Returns how many deliveries it claimed. */
  async round(): Promise<number> {
    const claimed = await this.claim();
    await Promise.all(claimed.map((row) => this.attempt(row)));
    return claimed.length;
  }

  private async claim(): Promise<Claimed[]> {
    const knex = this.orm.em.getKnex();
    const result = await knex.raw(
      `with due as (
         select d.id from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
          where d.status = 'PENDING' and d.next_attempt_at <= now() and e.status = 'ACTIVE'
          order by d.next_attempt_at limit ? for update of d skip locked)
       update webhook_delivery d
          set next_attempt_at = now() + make_interval(secs => ?), attempts = d.attempts + 1, last_attempt_at = now(), updated_at = now()
         from due, webhook_endpoint e
        where d.id = due.id and e.id = d.endpoint_id
       returning d.id, d.endpoint_id, d.body, d.attempts, e.url, e.secret`,
      [this.settings.batchSize, this.settings.claimMs / 1000],
    );
    return result.rows as Claimed[];
  }

  private async attempt(row: Claimed): Promise<void> {
    const result = await postOnce(row.url, webhookHeaders(row.secret, row.id, new Date(), row.body), row.body, {
      timeoutMs: this.settings.timeoutMs,
      allowedPrivateCidrs: this.settings.allowedPrivateCidrs,
    });
    const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
    if (ok) await this.delivered(row, result);
    else await this.failed(row, result);
  }

  private async delivered(row: Claimed, result: AttemptResult): Promise<void> {
    const knex = this.orm.em.getKnex();
    await knex.raw(
      `update webhook_delivery set status = 'DELIVERED', delivered_at = now(), last_response_code = ?, last_error = null, updated_at = now() where id = ?`,
      [result.status!, row.id],
    );
    await knex.raw(`update webhook_endpoint set consecutive_failures = 0 where id = ? and consecutive_failures <> 0`, [row.endpoint_id]);
  }

  private async failed(row: Claimed, result: AttemptResult): Promise<void> {
    const error = result.error ?? `HTTP ${result.status}`;
    const delayMs = backoffDelay(row.attempts - 1, this.settings.backoff);
    const givenUp = row.attempts >= this.settings.maxAttempts;
    // The retry is sent when due (give or take the round interval), not at the next poll.
    if (!givenUp && this.retriesDue.length < MAX_TRACKED_RETRIES) this.retriesDue.push(Date.now() + delayMs + RETRY_SLACK_MS);
    this.log.info({ deliveryId: row.id, attempts: row.attempts, status: result.status, error, retryInMs: givenUp ? null : delayMs }, 'webhook attempt failed');
    const ctx = createContext({ orm: this.orm, caller: 'system', log: this.log });
    await ctx.em.transactional(async (em) => {
      await em
        .getConnection()
        .execute(
          `update webhook_delivery set status = ?, next_attempt_at = now() + make_interval(secs => ?), last_response_code = ?, last_error = ?, updated_at = now() where id = ?`,
          [givenUp ? 'FAILED' : 'PENDING', delayMs / 1000, result.status ?? null, error.slice(0, 500), row.id],
          'run',
          em.getTransactionContext(),
        );
      const endpoint = await em.findOneOrFail(
        WebhookEndpoint,
        { id: row.endpoint_id },
        { lockMode: LockMode.PESSIMISTIC_WRITE, filters: false, populate: ['organization'] },
      );
      endpoint.consecutiveFailures += 1;
      if (endpoint.status === WebhookEndpointStatus.ACTIVE && shouldDisable(endpoint.consecutiveFailures, this.settings.disableAfter)) {
        endpoint.status = WebhookEndpointStatus.DISABLED;
        endpoint.disabledAt = new Date();
        endpoint.disabledReason = `${endpoint.consecutiveFailures} consecutive failed attempts; last: ${error}`.slice(0, 500);
        this.audit.record(ctx, em, {
          objectType: 'WebhookEndpoint',
          objectId: endpoint.id,
          action: AuditAction.STATUS_CHANGED,
          before: { status: WebhookEndpointStatus.ACTIVE },
          after: { status: WebhookEndpointStatus.DISABLED },
          reason: endpoint.disabledReason,
          visibleTo: [endpoint.organization.id],
          regions: [],
        });
        this.log.warn({ endpointId: endpoint.id, failures: endpoint.consecutiveFailures }, 'webhook endpoint disabled after consecutive failures');
      }
    });
  }
}
