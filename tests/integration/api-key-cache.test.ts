import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKey } from '../../src/organizations';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { graphql } from '../support/graphql';

/** The short-lived cache of verified API keys (src/organizations/api-key.cache.ts). */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const VIEWER = graphql(`
  {
    viewer {
      role
    }
  }
`);

function authStatements(): number {
  return api.queries.filter((sql) => /\bapi_key\b/.test(sql)).length;
}

describe('the API key cache', () => {
  test('a key used a moment ago costs no statement to authenticate', async () => {
    const key = await api.keyFor(BIN.INEU, 'READER');
    expect((await api.gql(key, VIEWER)).status).toBe(200);
    api.resetQueries();
    expect((await api.gql(key, VIEWER)).status).toBe(200);
    expect(authStatements()).toBe(0);
  });

  test('a cached prefix with a wrong secret is still refused', async () => {
    const key = await api.keyFor(BIN.STEEL_PLANT, 'READER');
    expect((await api.gql(key, VIEWER)).status).toBe(200);
    const tampered = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A');
    expect((await api.gql(tampered, VIEWER)).status).toBe(401);
  });

  test('a key revoked by another process (e.g. the keys CLI) stops working within a second', async () => {
    const key = await api.keyFor(BIN.COORDINATOR, 'READER');
    expect((await api.gql(key, VIEWER)).status).toBe(200);
    // Another process revokes it: this process's cache is not told.
    await api.system().em.nativeUpdate(ApiKey, { prefix: key.split('_')[1] }, { revokedAt: new Date(), revokedBy: 'cli' });
    await sleep(1100);
    expect((await api.gql(key, VIEWER)).status).toBe(401);
  });
});
