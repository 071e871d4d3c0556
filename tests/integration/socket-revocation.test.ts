import { BIN, startTestApi, type TestApi } from '../support/api';
import { gid } from '../support/factories';
import { wsClient, firstResult, subscribe } from '../support/transports';
import { graphql } from '../support/graphql';

const CHANGES = graphql(`
  subscription {
    placementChanged {
      action
    }
  }
`);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function keyId(secret: string): Promise<string> {
  const prefix = secret.split('_')[1];
  const rows = (await api.orm.em.fork().getConnection().execute('select id from api_key where prefix = ?', [prefix])) as { id: string }[];
  return rows[0].id;
}

/** Polls `check` every 20 ms until it holds or `ms` pass; returns whether it held. */
async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

test('revokeApiKey closes the open sockets of that key within a second, ending their subscriptions; other keys keep theirs', async () => {
  const admin = await api.keyFor(BIN.INEU);
  const reader = await api.keyFor(BIN.INEU, 'READER');
  const other = await api.keyFor(BIN.INEU, 'READER');
  let closedWith: number | undefined;
  let otherClosed = false;
  const revokedClient = wsClient(api, reader, (code) => (closedWith = code));
  const otherClient = wsClient(api, other, () => (otherClosed = true));
  try {
    // The socket works: a query answers over it, and a subscription is open.
    const first = await firstResult(
      revokedClient,
      graphql(`
        {
          viewer {
            role
          }
        }
      `),
    );
    expect(first.data!.viewer.role).toBe('READER');
    let subscriptionEnded = false;
    subscribe(
      revokedClient,
      CHANGES,
      {},
      {
        next: () => undefined,
        error: () => (subscriptionEnded = true),
        complete: () => (subscriptionEnded = true),
      },
    );
    subscribe(otherClient, CHANGES, {}, { next: () => undefined, error: () => undefined, complete: () => undefined });

    const revoked = await api.gql(
      admin,
      graphql(`
        mutation ($id: ID!) {
          revokeApiKey(input: { apiKeyId: $id }) {
            userErrors {
              code
            }
          }
        }
      `),
      {
        id: gid('ApiKey', await keyId(reader)),
      },
    );
    expect(revoked.data!.revokeApiKey.userErrors).toEqual([]);

    // Bounded wait, not a timed assertion: the sweep runs every 500 ms.
    expect(await eventually(() => closedWith !== undefined, 5000)).toBe(true);
    expect(closedWith).toBe(4403);
    expect(await eventually(() => subscriptionEnded, 1000)).toBe(true);
    expect(otherClosed).toBe(false);
  } finally {
    await revokedClient.dispose();
    await otherClient.dispose();
  }
});
