/**
 * Observability (issue 14): `GET /metrics` in the Prometheus text format behind METRICS_TOKEN, and
 * OpenTelemetry traces of HTTP, GraphQL and pg sent to an OTLP/HTTP receiver on loopback when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set (an API child process, since tracing wraps modules at load).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exited, startApiProcess, type ApiProcess } from '../support/api-process';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { graphql } from '../support/graphql';

const TOKEN = 'metrics-token-for-the-test-0123';
let api: TestApi;
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startTestApi({ databaseUrl: database.url, env: { METRICS_TOKEN: TOKEN, START_LAB_RUNTIME: 'false' } });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const metricsUrl = () => api.url.replace(/\/graphql$/, '/metrics');

describe('GET /metrics', () => {
  test('refuses a request without the bearer token, or with a wrong one', async () => {
    expect((await fetch(metricsUrl())).status).toBe(401);
    expect((await fetch(metricsUrl(), { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
  });

  test('with the token: operations by name, errors by code, pool, subscriptions, relay, lab sessions, webhook backlog', async () => {
    const key = await api.keyFor(BIN.INEU, 'READER');
    await api.gql(
      key,
      graphql(`
        query MetricsProbe {
          viewer {
            role
          }
        }
      `),
    );
    await api.rawGql(
      key,
      `
        query BadProbe {
          noSuchField
        }
      `,
    );
    const res = await fetch(metricsUrl(), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^dualhub_graphql_requests_total\{operation="MetricsProbe",type="query"\} 1$/m);
    expect(text).toMatch(/^dualhub_graphql_request_duration_seconds_count\{operation="MetricsProbe",type="query"\} 1$/m);
    expect(text).toMatch(/^dualhub_graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} 1$/m);
    expect(text).toMatch(/^dualhub_db_pool_connections\{state="used"\} \d+$/m);
    expect(text).toMatch(/^dualhub_subscriptions\{topic="placementChanged"\} \d+$/m);
    expect(text).toMatch(/^dualhub_relay_listening 1$/m);
    expect(text).toMatch(/^dualhub_lab_stations_connected \d+$/m);
    expect(text).toMatch(/^# TYPE dualhub_lab_sessions gauge$/m);
    expect(text).toMatch(/^dualhub_webhook_backlog \d+$/m);
    expect(text).toMatch(/^dualhub_process_cpu_seconds_total /m);
  });
});

describe('OpenTelemetry', () => {
  let child: ApiProcess | undefined;
  let receiver: http.Server | undefined;
  afterAll(async () => {
    if (child && child.child.exitCode === null) {
      child.child.kill('SIGTERM');
      await exited(child.child);
    }
    await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
  });

  test('with OTEL_EXPORTER_OTLP_ENDPOINT set, spans of HTTP, GraphQL and pg reach an OTLP/HTTP receiver', async () => {
    interface Span {
      name: string;
      attributes?: { key: string }[];
    }
    const spans: Span[] = [];
    const paths: string[] = [];
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        paths.push(`${req.method} ${req.url}`);
        const parsed = JSON.parse(body) as { resourceSpans?: { scopeSpans?: { spans?: Span[] }[] }[] };
        for (const rs of parsed.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans.push(...(ss.spans ?? []));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    child = await startApiProcess({
      DATABASE_URL: database.url,
      SEED_FIXTURES: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    const key = await api.keyFor(BIN.INEU, 'READER');
    const attributes = (s: Span) => (s.attributes ?? []).map((a) => a.key);
    const has = {
      http: () => spans.some((s) => attributes(s).some((k) => k === 'http.method' || k === 'http.request.method')),
      graphql: () => spans.some((s) => attributes(s).some((k) => k.startsWith('graphql.'))),
      pg: () => spans.some((s) => attributes(s).some((k) => k === 'db.system' || k === 'db.system.name')),
    };
    while (!(has.http() && has.graphql() && has.pg())) {
      const res = await fetch(child.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: 'query Traced { viewer { role organization { bin } } }' }),
      });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(paths.every((p) => p === 'POST /v1/traces')).toBe(true);
  }, 120_000);
});
