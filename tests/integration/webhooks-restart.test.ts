import { decodeGlobalId } from '../../src/graphql/relay';
import { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from '../../src/webhooks';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { CONFIRM_PLACEMENT, Factories, gid } from '../support/factories';
import { CREATE_ENDPOINT, eventually, WebhookReceiver } from '../support/webhook-receiver';

const ENV = {
  WEBHOOK_HTTP_HOSTS: '127.0.0.1',
  WEBHOOK_ALLOW_PRIVATE_CIDRS: '127.0.0.0/8',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_BACKOFF_INITIAL_MS: '100',
  WEBHOOK_BACKOFF_MAX_MS: '200',
  WEBHOOK_TIMEOUT_MS: '1000',
};

let database: { url: string; drop(): Promise<void> };
const receiver = new WebhookReceiver();
beforeAll(async () => {
  database = await createTestDatabase();
  await receiver.up();
});
afterAll(async () => {
  await receiver.down();
  await database.drop();
});

/** One API process on the shared database; `close()` stops it and leaves the database. */
function start(): Promise<TestApi> {
  return startTestApi({ databaseUrl: database.url, env: ENV });
}

async function deliveriesOf(api: TestApi, endpointId: string): Promise<WebhookDelivery[]> {
  return api.system().em.find(WebhookDelivery, { endpoint: endpointId }, { refresh: true });
}

/** Subscribes INEU to placement changes and confirms a placement planned before that. */
async function changeWithEndpoint(api: TestApi): Promise<string> {
  // The database is shared by the tests of this file: earlier endpoints would receive this change too.
  await api.system().em.nativeDelete(WebhookDelivery, {});
  await api.system().em.nativeDelete(WebhookEndpoint, {});
  const placement = await new Factories(api).givenPlacement();
  const admin = await api.keyFor(BIN.INEU, 'ADMIN');
  const created = await api.gql(admin, CREATE_ENDPOINT, { input: { url: receiver.url, eventTypes: ['placement.status_changed'] } });
  const endpointId = decodeGlobalId(created.data!.createWebhookEndpoint.endpoint!.id)!.id;
  const writer = await api.keyFor(BIN.INEU, 'WRITER');
  const confirmed = await api.gql(writer, CONFIRM_PLACEMENT, { input: { placementId: gid('Placement', placement) } });
  expect(confirmed.data!.confirmPlacement.placement!.status).toBe('CONFIRMED');
  return endpointId;
}

describe('webhooks across a restart', () => {
  test('a delivery still pending when the API stops is delivered once by the next start', async () => {
    receiver.received.length = 0;
    await receiver.down();
    const first = await start();
    const endpointId = await changeWithEndpoint(first);
    await eventually('a failed attempt', async () => (await deliveriesOf(first, endpointId))[0]?.lastError);
    await first.close();

    await receiver.up();
    const second = await start();
    try {
      await eventually('the delivery', async () => (await deliveriesOf(second, endpointId))[0]?.status === WebhookDeliveryStatus.DELIVERED);
      const [delivery] = await deliveriesOf(second, endpointId);
      expect(receiver.accepted().map((r) => r.headers['webhook-id'])).toEqual([delivery!.id]);
    } finally {
      await second.close();
    }
  });

  test('an attempt cut off by the stop is sent again after the restart, under the same webhook-id', async () => {
    receiver.received.length = 0;
    receiver.mode = 'hold'; // the receiver takes the request and never answers
    const first = await start();
    const endpointId = await changeWithEndpoint(first);
    await eventually('the attempt in flight', () => receiver.received.length === 1);
    await first.close(); // waits for the attempt to time out; the row stays PENDING

    receiver.mode = { status: 200 };
    const second = await start();
    try {
      await eventually('the delivery', async () => (await deliveriesOf(second, endpointId))[0]?.status === WebhookDeliveryStatus.DELIVERED);
      const [delivery] = await deliveriesOf(second, endpointId);
      expect(delivery!.attempts).toBe(2);
      expect(receiver.accepted()).toHaveLength(1);
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([delivery!.id, delivery!.id]);
    } finally {
      await second.close();
    }
  });

  test('two API processes on one database send each delivery once (claims with SKIP LOCKED)', async () => {
    receiver.received.length = 0;
    receiver.mode = { status: 200 };
    const [a, b] = [await start(), await start()];
    try {
      await a.system().em.nativeDelete(WebhookDelivery, {});
      await a.system().em.nativeDelete(WebhookEndpoint, {});
      const admin = await a.keyFor(BIN.INEU, 'ADMIN');
      const created = await a.gql(admin, CREATE_ENDPOINT, { input: { url: receiver.url, eventTypes: ['placement.status_changed'] } });
      const endpointId = decodeGlobalId(created.data!.createWebhookEndpoint.endpoint!.id)!.id;
      // 40 changes, half through each process; both dispatchers poll the same outbox.
      const given = [new Factories(a), new Factories(b)];
      for (let i = 0; i < 40; i++) await given[i % 2]!.givenPlacement();
      await eventually(
        '40 deliveries',
        async () => (await a.system().em.count(WebhookDelivery, { endpoint: endpointId, status: WebhookDeliveryStatus.DELIVERED })) === 40,
        30_000,
      );
      const ids = receiver.received.map((r) => r.headers['webhook-id']);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
      const attempts = (await deliveriesOf(a, endpointId)).map((d) => d.attempts);
      expect(attempts.every((n) => n === 1)).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
