import { composeApp } from '../../src/app';
import { LEASE_MAX, RATE_LIMIT_TABLE, RateLimiter } from '../../src/db/rate-limit';
import { createLogger } from '../../src/logger';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { everyTransport } from '../support/transports';
import { graphql } from '../support/graphql';

// Two API processes on one database: the counters live in PostgreSQL, so the limit is shared.
let database: { url: string; drop(): Promise<void> };
let a: TestApi;
let b: TestApi;
const env = { RATE_LIMIT_PER_KEY: '3', RATE_LIMIT_PER_IP: '1000', RATE_LIMIT_CREDENTIALS_PER_IP: '2', RATE_LIMIT_WINDOW_SECONDS: '600' };
beforeAll(async () => {
  database = await createTestDatabase();
  a = await startTestApi({ databaseUrl: database.url, env });
  b = await startTestApi({ databaseUrl: database.url, env });
});
afterAll(async () => {
  await a.close();
  await b.close();
  await database.drop();
});

test('a key over its limit gets 429 with Retry-After, counted across both API processes and the socket', async () => {
  const key = await a.keyFor(BIN.INEU, 'READER');
  expect(
    (
      await a.gql(
        key,
        graphql(`
          {
            viewer {
              role
            }
          }
        `),
      )
    ).status,
  ).toBe(200);
  expect(
    (
      await b.gql(
        key,
        graphql(`
          {
            viewer {
              role
            }
          }
        `),
      )
    ).status,
  ).toBe(200);
  const [, ws] = everyTransport(() => b);
  try {
    expect(
      (
        await ws.run(
          key,
          graphql(`
            {
              viewer {
                role
              }
            }
          `),
        )
      ).data,
    ).toEqual({ viewer: { role: 'READER' } });
    const overWs = await ws.run(
      key,
      graphql(`
        {
          viewer {
            role
          }
        }
      `),
    );
    expect(overWs.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  } finally {
    await (ws as unknown as { dispose?: () => Promise<void> }).dispose?.();
  }
  const res = await fetch(a.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ viewer { role } }' }),
  });
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('RATE_LIMITED');
  // Another key of the same organisation is not limited by it.
  const other = await b.keyFor(BIN.INEU, 'READER');
  expect(
    (
      await b.gql(
        other,
        graphql(`
          {
            viewer {
              role
            }
          }
        `),
      )
    ).status,
  ).toBe(200);
});

test('the public credential routes are limited per IP address across processes', async () => {
  const verify = (api: TestApi) =>
    fetch(api.url.replace(/\/graphql$/, '/credentials/verify'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not-a-credential' });
  expect((await verify(a)).status).not.toBe(429);
  expect((await verify(b)).status).not.toBe(429);
  const limited = await verify(a);
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
});

test('leases: two limiters on one database never admit more than the limit together, and most points are given out from memory', async () => {
  const statements: string[] = [];
  const orms = await Promise.all([0, 1].map(() => composeApp().connect({ url: database.url, onQuery: (sql) => statements.push(sql) })));
  try {
    const log = createLogger('silent');
    const rule = { name: 'lease-test', points: 1000, windowSeconds: 600 };
    const [one, two] = orms.map((orm) => new RateLimiter(orm, rule, log));
    const counterStatements = () => statements.filter((sql) => sql.includes(RATE_LIMIT_TABLE)).length;
    const before = counterStatements();
    let allowed = 0;
    // 1 200 takes, alternating between the two "processes", 8 at a time per limiter.
    for (let round = 0; round < 75; round++) {
      const decisions = await Promise.all([...Array(8)].flatMap(() => [one.take('k'), two.take('k')]));
      allowed += decisions.filter((d) => d.allowed).length;
    }
    // Never over the limit; refused early by at most the other limiter's unused lease.
    expect(allowed).toBeLessThanOrEqual(rule.points);
    expect(allowed).toBeGreaterThanOrEqual(rule.points - LEASE_MAX);
    // One statement per lease, not per request (1 200 requests).
    expect(counterStatements() - before).toBeLessThan(200);
    const refused = await one.take('k');
    expect(refused.allowed).toBe(false);
    // Another key has its own count.
    expect((await two.take('other')).allowed).toBe(true);
  } finally {
    await Promise.all(orms.map((orm) => orm.close()));
  }
});
