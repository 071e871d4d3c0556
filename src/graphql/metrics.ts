/**
 * `GET /metrics` in the Prometheus text format (prom-client), one registry per app (no process
 * global, so two apps in one test process do not mix their figures):
 *
 * - `dualhub_graphql_requests_total{operation,type}` and `dualhub_graphql_request_duration_seconds`
 *   per operation name (anonymous operations are `anonymous`);
 * - `dualhub_graphql_errors_total{code}` by `extensions.code` of the errors returned;
 * - `dualhub_graphql_response_cache_total{outcome}`: queries looked up in the per-scope response
 *   cache, `hit` (answered from it; also counted as operations above) or `miss` (executed);
 * - `dualhub_db_pool_connections{state}`: used, free, pending acquires of the ORM's pool;
 * - `dualhub_subscriptions{topic}`: subscribers listening on this process's bus;
 * - `dualhub_relay_listening`, `dualhub_relay_notifications_total{channel}`: the LISTEN/NOTIFY relay;
 * - `dualhub_lab_stations_connected`, `dualhub_lab_station_samples_per_second{station}` (poll or
 *   notification rate since the previous scrape), `dualhub_lab_station_report_age_seconds{station}`
 *   (event lag: age of the newest health report), `dualhub_lab_sessions{status}` (all processes);
 * - `dualhub_webhook_backlog`: webhook deliveries still PENDING (all processes);
 * - Node's default process metrics, prefixed `dualhub_`.
 *
 * Access: with `METRICS_TOKEN` set, a request needs `Authorization: Bearer <token>`; without it,
 * only requests from the loopback interface are answered (a scraper on the same host or a sidecar).
 */
import { timingSafeEqual } from 'node:crypto';
import { getEventListeners } from 'node:events';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the metrics read of a station's latest health report (the lab's `StationHealthReport`). */
export interface StationReportSample {
  stationId: string;
  connected: boolean;
  /** Poll cycles or notifications since the link was created. */
  samples: number;
  /** When reported, ms since epoch. */
  at: number;
}

/** What the metrics read at scrape time. */
export interface MetricsSources {
  orm: MikroORM;
  /** The bus's EventTarget and the topics whose subscribers are counted. */
  bus?: { target: EventTarget; topics: readonly string[] };
  /** Latest health report per station (the app's health board). */
  stationReports?: () => Iterable<StationReportSample>;
  /** The relay: whether it listens, notifications received by channel. */
  relay?: () => { listening: boolean; received: ReadonlyMap<string, number> };
}

/** The metrics of one app. */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'dualhub_graphql_requests_total',
    help: 'GraphQL operations, by operation name and type.',
    labelNames: ['operation', 'type'],
    registers: [this.registry],
  });
  readonly durations = new Histogram({
    name: 'dualhub_graphql_request_duration_seconds',
    help: 'Duration of GraphQL operations, in seconds.',
    labelNames: ['operation', 'type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'dualhub_graphql_errors_total',
    help: 'GraphQL errors returned, by extensions.code.',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly responseCache = new Counter({
    name: 'dualhub_graphql_response_cache_total',
    help: 'Queries looked up in the per-scope response cache, by outcome: hit (answered from it) or miss (executed).',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly samples = new Map<string, { samples: number; at: number }>();

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'dualhub_' });
    const { orm, bus, relay } = sources;
    const sql = async <T>(query: string) => (await orm.em.fork().getConnection().execute(query)) as T[];
    new Gauge({
      name: 'dualhub_db_pool_connections',
      help: 'Connections of the database pool, by state (used, free, pending acquires).',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const pool = (orm.em.getKnex().client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
        if (!pool) return;
        this.set({ state: 'used' }, pool.numUsed());
        this.set({ state: 'free' }, pool.numFree());
        this.set({ state: 'pending' }, pool.numPendingAcquires());
      },
    });
    new Gauge({
      name: 'dualhub_subscriptions',
      help: "Open subscriptions on this process's bus, by topic.",
      labelNames: ['topic'],
      registers: [this.registry],
      collect() {
        for (const topic of bus?.topics ?? []) this.set({ topic }, getEventListeners(bus!.target, topic).length);
      },
    });
    new Gauge({
      name: 'dualhub_relay_listening',
      help: 'Whether the LISTEN/NOTIFY relay of this process is connected (1) or reconnecting (0).',
      registers: [this.registry],
      collect() {
        this.set(relay?.().listening ? 1 : 0);
      },
    });
    new Gauge({
      name: 'dualhub_relay_notifications_total',
      help: 'Notifications the relay received since start, by PostgreSQL channel.',
      labelNames: ['channel'],
      registers: [this.registry],
      collect() {
        for (const [channel, n] of relay?.().received ?? []) this.set({ channel }, n);
      },
    });
    const reports = () => [...(sources.stationReports?.() ?? [])];
    new Gauge({
      name: 'dualhub_lab_stations_connected',
      help: 'Stations whose latest health report says connected.',
      registers: [this.registry],
      collect() {
        this.set(reports().filter((r) => r.connected).length);
      },
    });
    const samples = this.samples;
    new Gauge({
      name: 'dualhub_lab_station_samples_per_second',
      help: 'Poll cycles (Modbus) or notifications (OPC UA) per second of each station since the previous scrape.',
      labelNames: ['station'],
      registers: [this.registry],
      collect() {
        for (const r of reports()) {
          const previous = samples.get(r.stationId);
          samples.set(r.stationId, { samples: r.samples, at: r.at });
          if (previous && r.at > previous.at) this.set({ station: r.stationId }, ((r.samples - previous.samples) * 1000) / (r.at - previous.at));
        }
      },
    });
    new Gauge({
      name: 'dualhub_lab_station_report_age_seconds',
      help: 'Event lag: age of the newest health report of each station, in seconds.',
      labelNames: ['station'],
      registers: [this.registry],
      collect() {
        const now = Date.now();
        for (const r of reports()) this.set({ station: r.stationId }, Math.max(0, now - r.at) / 1000);
      },
    });
    new Gauge({
      name: 'dualhub_lab_sessions',
      help: 'Training sessions by status (all processes: read from the database).',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const rows = await sql<{ status: string; n: number }>('select status, count(*)::int as n from training_session group by status');
        this.reset();
        for (const row of rows) this.set({ status: row.status }, row.n);
      },
    });
    new Gauge({
      name: 'dualhub_webhook_backlog',
      help: 'Webhook deliveries not yet delivered (PENDING), all processes.',
      registers: [this.registry],
      async collect() {
        // Another context's table: absent when the webhooks module is not composed.
        const [found] = await sql<{ present: boolean }>(`select to_regclass('webhook_delivery') is not null as present`);
        if (!found?.present) return;
        const [row] = await sql<{ n: number }>(`select count(*)::int as n from webhook_delivery where status = 'PENDING'`);
        this.set(row?.n ?? 0);
      },
    });
  }

  /**
   * Counts and times one operation (`seconds` since it started) and counts its errors by code;
   * called once per HTTP operation by the server's operation plugin.
   */
  recordOperation(
    operationName: string | null | undefined,
    type: string | undefined,
    seconds: number,
    returned: readonly { extensions?: { code?: unknown } }[] | undefined,
  ): void {
    const labels = { operation: operationName ?? 'anonymous', type: type ?? 'unknown' };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
    if (returned) for (const error of returned) this.errors.inc({ code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
  }

  /** The `/metrics` handler, protected by `token` (bearer) or, without one, by the loopback rule. */
  handler(token: string | undefined): RequestHandler {
    return async (req, res) => {
      if (!allowed(req.headers.authorization, req.socket.remoteAddress, token)) {
        res
          .status(token ? 401 : 403)
          .type('text/plain')
          .send(token ? 'metrics need a bearer token\n' : 'metrics are served to loopback only (set METRICS_TOKEN)\n');
        return;
      }
      res.type(this.registry.contentType).send(await this.registry.metrics());
    };
  }
}

/** Whether a `/metrics` request may read: the right bearer token, or (no token configured) loopback. */
export function allowed(authorization: string | undefined, remoteAddress: string | undefined, token: string | undefined): boolean {
  if (token) {
    const given = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  return remoteAddress === '127.0.0.1' || remoteAddress === '::1' || remoteAddress === '::ffff:127.0.0.1';
}
