import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { TcpProxy } from '../support/tcp-proxy';
import { graphql } from '../support/graphql';

describe('database outage', () => {
  let api: TestApi;
  let proxy: TcpProxy;
  let key: string;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    // The API reaches its database through a proxy the test can cut, like a network failure.
    const database = await createTestDatabase();
    dropDatabase = database.drop;
    const target = new URL(database.url);
    proxy = new TcpProxy(target.hostname, Number(target.port));
    await proxy.open();
    target.port = String(proxy.port);
    api = await startTestApi({ databaseUrl: target.toString() });
    key = await api.keyFor(BIN.INEU, 'READER');
  });
  afterAll(async () => {
    await api.close();
    await proxy.cut();
    await dropDatabase();
  });

  test('lost database: /readyz fails, requests get SERVICE_UNAVAILABLE; it recovers without a restart', async () => {
    const base = api.url.replace(/\/graphql$/, '');
    expect(
      (
        await api.gql(
          key,
          graphql(`
            {
              viewer {
                role
              }
            }
          `),
        )
      ).data?.viewer.role,
    ).toBe('READER');

    await proxy.cut();
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // A read that needs the database (the caller itself may come from the one-second key cache).
    const during = await api.gql(
      key,
      graphql(`
        {
          organizations(first: 1) {
            totalCount
          }
        }
      `),
    );
    expect(during.data?.organizations ?? null).toBeNull();
    expect(during.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(during)).not.toMatch(/select|ECONNREFUSED|stack/i);

    await proxy.open();
    let ready = 503;
    for (let attempt = 0; attempt < 50 && ready !== 200; attempt++) {
      ready = (await fetch(`${base}/readyz`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(200);
    expect(
      (
        await api.gql(
          key,
          graphql(`
            {
              organizations(first: 1) {
                totalCount
              }
            }
          `),
        )
      ).data?.organizations.totalCount,
    ).toBeGreaterThan(0);
  });
});

describe('start-up without a database', () => {
  test('exits non-zero with a clear message when DATABASE_URL points at nothing', () => {
    const root = path.resolve(__dirname, '..', '..');
    const result = spawnSync(process.execPath, ['-r', './scripts/register.js', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: 'postgres://postgres:postgres@127.0.0.1:1/dualhub', LOG_LEVEL: 'silent', START_SIMULATORS: 'false', PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/DualHub could not start/);
    expect(result.stderr).toMatch(/DATABASE_URL/);
  });

  test('exits with a message naming the variable on a bad configuration value', () => {
    const root = path.resolve(__dirname, '..', '..');
    const result = spawnSync(process.execPath, ['-r', './scripts/register.js', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'abc' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/PORT: must be a port number \(got "abc"\)/);
  });
});
