/**
 * The per-scope response cache (RESPONSE_CACHE_TTL_MS, src/graphql/response-cache.ts) on two API
 * apps (A and B, each with its own cache, pool and LISTEN/NOTIFY relay) sharing one database: an
 * answer is only ever served again to the same caller; a mutation empties the cache here and, by
 * the relay, on the other process; a revoked key is refused, not answered from the cache; cached
 * answers count against the per-key limit; `GET /metrics` counts answers from the cache as
 * operations and as hits, and executed lookups as misses.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { gid } from '../support/factories';
import { graphql } from '../support/graphql';

const PER_KEY = 12;
const env = { START_LAB_RUNTIME: 'false', RESPONSE_CACHE_TTL_MS: '1000', RATE_LIMIT_PER_KEY: String(PER_KEY) };
let a: TestApi;
let b: TestApi;
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase();
  a = await startTestApi({ databaseUrl: database.url, env });
  b = await startTestApi({ databaseUrl: database.url, env });
}, 120_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
  await database?.drop();
});

const PLACEMENTS = graphql(`
  {
    placements(first: 50) {
      nodes {
        code
        employer {
          bin
        }
      }
    }
  }
`);
const WORKPLACES = graphql(`
  {
    workplaces(first: 100) {
      nodes {
        code
      }
    }
  }
`);
const CREATE_WORKPLACE = graphql(`
  mutation ($input: CreateWorkplaceInput!) {
    createWorkplace(input: $input) {
      workplace {
        code
      }
      userErrors {
        code
      }
    }
  }
`);
const ISSUE_KEY = graphql(`
  mutation ($input: IssueApiKeyInput!) {
    issueApiKey(input: $input) {
      apiKey {
        id
      }
      secret
      userErrors {
        code
      }
    }
  }
`);
const REVOKE_KEY = graphql(`
  mutation ($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      apiKey {
        revokedAt
      }
    }
  }
`);
const NAMED_WORKPLACES = graphql(`
  query CachedWorkplaces {
    workplaces(first: 10) {
      nodes {
        code
      }
    }
  }
`);
const text = { kk: 'Мәтін', ru: 'Текст', en: 'Text' };

/** The value of one series of the app's `GET /metrics` (loopback, no token), 0 when absent. */
async function metric(api: TestApi, series: string): Promise<number> {
  const body = await (await fetch(api.url.replace(/\/graphql$/, '/metrics'))).text();
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** Statements the app ran on these tables since the last reset. */
function statementsOn(api: TestApi, table: string): number {
  return api.queries.filter((sql) => new RegExp(`\\b${table}\\b`).test(sql)).length;
}

async function createWorkplace(api: TestApi, key: string, code: string): Promise<void> {
  const employerId = gid('Organization', await api.orgId(BIN.STEEL_PLANT));
  const res = await api.gql(key, CREATE_WORKPLACE, { input: { employerId, code, site: text, department: text, description: text, hazardCategoryCodes: [] } });
  expect(res.data?.createWorkplace.userErrors).toEqual([]);
}

/** Asks until `done` holds, for at most `ms`; the last answer. */
async function within<T>(ms: number, ask: () => Promise<T>, done: (answer: T) => boolean): Promise<T> {
  const until = Date.now() + ms;
  let answer = await ask();
  while (!done(answer) && Date.now() < until) {
    await sleep(25);
    answer = await ask();
  }
  return answer;
}

describe('the response cache', () => {
  test('two employers of one region, same role and document, each get their own placements, the second time from the cache', async () => {
    // Same kind, region and role: only the organisation (and the key) tells their scopes apart.
    const steel = await a.keyFor(BIN.STEEL_PLANT, 'READER');
    const oil = await a.keyFor(BIN.WELDING_CENTRE, 'READER');
    const first = { steel: await a.gql(steel, PLACEMENTS), oil: await a.gql(oil, PLACEMENTS) };
    a.resetQueries();
    const again = { steel: await a.gql(steel, PLACEMENTS), oil: await a.gql(oil, PLACEMENTS) };
    expect(statementsOn(a, 'placement')).toBe(0);
    const bins = (res: typeof first.steel) => new Set(res.data!.placements.nodes.map((n) => n.employer?.bin));
    expect(first.steel.data!.placements.nodes.length).toBeGreaterThan(0);
    expect(first.oil.data!.placements.nodes.length).toBeGreaterThan(0);
    expect(bins(again.steel)).toEqual(new Set([BIN.STEEL_PLANT]));
    expect(bins(again.oil)).toEqual(new Set([BIN.WELDING_CENTRE]));
    expect(again.steel.data).toEqual(first.steel.data);
    expect(again.oil.data).toEqual(first.oil.data);
  });

  test("an organisation's mutation is in its very next answer", async () => {
    const steel = await a.keyFor(BIN.STEEL_PLANT, 'WRITER');
    await a.gql(steel, WORKPLACES);
    const before = await a.gql(steel, WORKPLACES);
    expect(before.data!.workplaces.nodes.map((n) => n.code)).not.toContain('PMZ-CACHE-1');
    await createWorkplace(a, steel, 'PMZ-CACHE-1');
    const after = await a.gql(steel, WORKPLACES);
    expect(after.data!.workplaces.nodes.map((n) => n.code)).toContain('PMZ-CACHE-1');
  });

  test("a mutation through A empties B's cache within a second (NOTIFY relay)", async () => {
    const steelOnA = await a.keyFor(BIN.STEEL_PLANT, 'WRITER');
    const steelOnB = await a.keyFor(BIN.STEEL_PLANT, 'READER');
    const codes = async () => (await b.gql(steelOnB, WORKPLACES)).data!.workplaces.nodes.map((n) => n.code);
    await codes();
    b.resetQueries();
    expect(await codes()).not.toContain('PMZ-CACHE-2');
    expect(statementsOn(b, 'workplace')).toBe(0);
    await createWorkplace(a, steelOnA, 'PMZ-CACHE-2');
    expect(await within(1000, codes, (c) => c.includes('PMZ-CACHE-2'))).toContain('PMZ-CACHE-2');
  });

  test('a revoked key is refused (401), on this process at once and on the other within a second, never answered from the cache', async () => {
    const admin = await a.keyFor(BIN.STEEL_PLANT, 'ADMIN');
    const issued = await a.gql(admin, ISSUE_KEY, {
      input: { organizationId: gid('Organization', await a.orgId(BIN.STEEL_PLANT)), role: 'READER', label: 'cache test' },
    });
    expect(issued.data!.issueApiKey.userErrors).toEqual([]);
    const secret = issued.data!.issueApiKey.secret!;
    const apiKey = issued.data!.issueApiKey.apiKey!;
    for (const api of [a, b]) {
      expect((await api.gql(secret, PLACEMENTS)).status).toBe(200);
      expect((await api.gql(secret, PLACEMENTS)).status).toBe(200);
    }
    const revoked = await a.gql(admin, REVOKE_KEY, { input: { apiKeyId: apiKey.id } });
    expect(revoked.data?.revokeApiKey.apiKey?.revokedAt).toBeTruthy();
    const onA = await a.gql(secret, PLACEMENTS);
    expect(onA.status).toBe(401);
    expect(onA.data).toBeUndefined();
    const onB = await within(
      1000,
      () => b.gql(secret, PLACEMENTS),
      (res) => res.status === 401,
    );
    expect(onB.status).toBe(401);
    expect(onB.data).toBeUndefined();
  });

  test('answers from the cache still count against the per-key limit', async () => {
    const key = await a.keyFor(BIN.OIL_GAS_PLANT, 'READER');
    const statuses: number[] = [];
    for (let i = 0; i < PER_KEY + 1; i++) statuses.push((await a.gql(key, PLACEMENTS)).status);
    expect(statuses.slice(0, PER_KEY)).toEqual(Array(PER_KEY).fill(200));
    expect(statuses[PER_KEY]).toBe(429);
  });

  test('GET /metrics counts answers from the cache as operations and as hits, executed lookups as misses', async () => {
    const key = await a.keyFor(BIN.WELDING_CENTRE, 'READER');
    const hits = 'dualhub_graphql_response_cache_total{outcome="hit"}';
    const misses = 'dualhub_graphql_response_cache_total{outcome="miss"}';
    const operations = 'dualhub_graphql_requests_total{operation="CachedWorkplaces",type="query"}';
    const before = { hits: await metric(a, hits), misses: await metric(a, misses), operations: await metric(a, operations) };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await a.gql(key, NAMED_WORKPLACES, {}, { operationName: 'CachedWorkplaces' }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers[2].data).toEqual(answers[0].data);
    // The first is executed (a miss); the two others come from the cache, and all three are operations.
    expect((await metric(a, misses)) - before.misses).toBe(1);
    expect((await metric(a, hits)) - before.hits).toBe(2);
    expect((await metric(a, operations)) - before.operations).toBe(3);
  });
});
