import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { PlacementStatus, publishPlacementChanged } from '../../src/placements';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { CONFIRM_PLACEMENT, Factories, gid } from '../support/factories';
import { graphql } from '../support/graphql';
import { iterate } from '../support/transports';

let api: TestApi;
let given: Factories;
const clients: Client[] = [];
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await api.close();
});

function connect(key: string): Client {
  const client = createClient({
    url: api.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: false,
  });
  clients.push(client);
  return client;
}

interface Change {
  action: string;
  fromStatus: string | null;
  toStatus: string;
  placement: { id: string; code: string; status: string; employer: { bin: string } | null };
}

interface Subscription {
  /** The next real change (probes skipped), in publication order. */
  next(): Promise<Change>;
  /**
   * Resolves once the server has registered the subscription: publishes probe messages for a
   * placement the subscriber may see until one arrives. No timing assumptions.
   */
  live(probePlacementId: string, toStatus?: PlacementStatus): Promise<void>;
}

function subscribe(client: Client, variables: Record<string, unknown> = {}): Subscription {
  const queue: Change[] = [];
  const waiting: ((c: Change) => void)[] = [];
  let probed = false;
  let failed: unknown;
  const iterator = iterate(
    client,
    graphql(`
      subscription ($filter: PlacementChangedFilter) {
        placementChanged(filter: $filter) {
          action
          fromStatus
          toStatus
          placement {
            id
            code
            status
            employer {
              bin
            }
          }
        }
      }
    `),
    variables,
  );
  (async () => {
    try {
      for await (const result of iterator) {
        if (result.errors) throw new Error(JSON.stringify(result.errors));
        const change = result.data!.placementChanged;
        if (change.action === PROBE) {
          probed = true;
          continue;
        }
        const waiter = waiting.shift();
        if (waiter) waiter(change);
        else queue.push(change);
      }
    } catch (error) {
      failed = error;
    }
  })();
  return {
    next: () => {
      if (failed) return Promise.reject(failed);
      const queued = queue.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
    live: async (placementId, toStatus = PlacementStatus.PLANNED) => {
      while (!probed) {
        if (failed) throw failed;
        publishPlacementChanged(api.hub.app.services.bus, { placementId, action: PROBE, fromStatus: null, toStatus, at: new Date() });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

const PROBE = 'PROBE';

describe('placementChanged over graphql-ws', () => {
  test('the host employer receives the change; another employer receives only its own placement’s change', async () => {
    const steelPlacement = await given.givenPlacement();
    const ogePlacement = await given.givenPlacement({ heiBin: BIN.WKATU, employerBin: BIN.OIL_GAS_PLANT });
    const steel = subscribe(connect(await api.keyFor(BIN.STEEL_PLANT, 'READER')));
    const oge = subscribe(connect(await api.keyFor(BIN.OIL_GAS_PLANT, 'READER')));
    await Promise.all([steel.live(steelPlacement.id), oge.live(ogePlacement.id)]);

    const ineu = await api.keyFor(BIN.INEU, 'WRITER');
    const wkatu = await api.keyFor(BIN.WKATU, 'WRITER');
    expect(
      (await api.gql(ineu, CONFIRM_PLACEMENT, { input: { placementId: gid('Placement', steelPlacement) } })).data!.confirmPlacement.placement!.status,
    ).toBe('CONFIRMED');
    expect((await api.gql(wkatu, CONFIRM_PLACEMENT, { input: { placementId: gid('Placement', ogePlacement) } })).data!.confirmPlacement.placement!.status).toBe(
      'CONFIRMED',
    );

    const seenBySteel = await steel.next();
    expect(seenBySteel).toEqual({
      action: 'STATUS_CHANGED',
      fromStatus: 'PLANNED',
      toStatus: 'CONFIRMED',
      placement: { id: gid('Placement', steelPlacement), code: steelPlacement.code, status: 'CONFIRMED', employer: { bin: BIN.STEEL_PLANT } },
    });
    // Events reach a subscriber in publication order, so had the steel plant's change leaked to
    // the oil-and-gas plant, it would be the first thing it received.
    const seenByOge = await oge.next();
    expect(seenByOge.placement.id).toBe(gid('Placement', ogePlacement));
  });

  test('the filter narrows to one placement and to target statuses', async () => {
    const watched = await given.givenPlacement({ status: PlacementStatus.CONFIRMED });
    const other = await given.givenPlacement({ status: PlacementStatus.CONFIRMED });
    const sub = subscribe(connect(await api.keyFor(BIN.INEU, 'READER')), {
      filter: { placementId: gid('Placement', watched), statuses: ['ACTIVE'] },
    });
    await sub.live(watched.id, PlacementStatus.ACTIVE);
    const steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
    const activate = graphql(`
      mutation ($input: PlacementTransitionInput!) {
        activatePlacement(input: $input) {
          placement {
            status
          }
        }
      }
    `);
    await api.gql(steel, activate, { input: { placementId: gid('Placement', other) } });
    await api.gql(steel, activate, { input: { placementId: gid('Placement', watched) } });
    const change = await sub.next();
    expect(change.placement.id).toBe(gid('Placement', watched));
    expect(change.toStatus).toBe('ACTIVE');
  });

  test('a connection without a valid key is refused', async () => {
    const client = createClient({
      url: api.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer dh_000000000000_' + 'A'.repeat(43) },
      retryAttempts: 0,
    });
    clients.push(client);
    const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    const iterator = iterate(
      client,
      graphql(`
        subscription {
          placementChanged {
            action
          }
        }
      `),
    );
    await expect(iterator.next()).rejects.toBeDefined();
    expect(await closed).toBe(4403);
  });
});
