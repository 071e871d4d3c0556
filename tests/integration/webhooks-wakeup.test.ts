/**
 * The webhook outbox wakes the dispatchers: with polling set to ten minutes (so only the round at
 * start polls), a delivery written by a change on one API process, and a FAILED one replayed on
 * the other, are sent within seconds: the commit NOTIFYs every process sharing the database
 * (migration 20261202161000), and one of them claims and sends it, once. A retry leaves when its
 * backoff has passed: the process that scheduled it runs a round then.
 */
import { decodeGlobalId } from '../../src/graphql/relay';
import { WebhookDelivery, WebhookDeliveryStatus } from '../../src/webhooks';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { CONFIRM_PLACEMENT, Factories, gid } from '../support/factories';
import { CREATE_ENDPOINT, eventually, REPLAY_DELIVERY, WebhookReceiver } from '../support/webhook-receiver';

const ENV = {
  WEBHOOK_HTTP_HOSTS: '127.0.0.1',
  WEBHOOK_ALLOW_PRIVATE_CIDRS: '127.0.0.0/8',
  WEBHOOK_POLL_MS: '600000',
  WEBHOOK_MAX_ATTEMPTS: '1',
  WEBHOOK_TIMEOUT_MS: '1000',
};
/** Well under the poll: only a wake-up can deliver in time. */
const SOON_MS = 5_000;

let database: { url: string; drop(): Promise<void> };
let a: TestApi;
let b: TestApi;
const receiver = new WebhookReceiver();
beforeAll(async () => {
  database = await createTestDatabase();
  await receiver.up();
  a = await startTestApi({ databaseUrl: database.url, env: ENV });
  b = await startTestApi({ databaseUrl: database.url, env: ENV });
}, 120_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
  await receiver.down();
  await database?.drop();
});

async function deliveries(endpointId: string): Promise<WebhookDelivery[]> {
  return a.system().em.fork().find(WebhookDelivery, { endpoint: endpointId });
}

test('a new delivery and a replayed one leave at once, without waiting for the poll, once each', async () => {
  // Planned before the endpoint exists: only their confirmations are delivered.
  const first = await new Factories(a).givenPlacement();
  const second = await new Factories(a).givenPlacement();
  const admin = await a.keyFor(BIN.INEU, 'ADMIN');
  const created = await a.gql(admin, CREATE_ENDPOINT, { input: { url: receiver.url, eventTypes: ['placement.status_changed'] } });
  expect(created.data!.createWebhookEndpoint.userErrors).toEqual([]);
  const endpointId = decodeGlobalId(created.data!.createWebhookEndpoint.endpoint!.id)!.id;
  const writer = await a.keyFor(BIN.INEU, 'WRITER');

  // A change on A writes the delivery; it arrives long before any poll.
  const confirmed = await a.gql(writer, CONFIRM_PLACEMENT, { input: { placementId: gid('Placement', first) } });
  expect(confirmed.data!.confirmPlacement.placement!.status).toBe('CONFIRMED');
  await eventually('the delivery', () => receiver.accepted().length === 1, SOON_MS);
  const [delivered] = await deliveries(endpointId);
  expect(delivered.status).toBe(WebhookDeliveryStatus.DELIVERED);

  // The receiver refuses the next one: with one attempt allowed, it is FAILED.
  receiver.mode = { status: 500 };
  await a.gql(writer, CONFIRM_PLACEMENT, { input: { placementId: gid('Placement', second) } });
  const failed = await eventually(
    'the failed delivery',
    async () => (await deliveries(endpointId)).find((d) => d.status === WebhookDeliveryStatus.FAILED),
    SOON_MS,
  );

  // Replayed through B: PENDING again, and sent at once.
  receiver.mode = { status: 200 };
  const replayed = await b.gql(await b.keyFor(BIN.INEU, 'ADMIN'), REPLAY_DELIVERY, { input: { deliveryId: gid('WebhookDelivery', failed.id) } });
  expect(replayed.data!.replayWebhookDelivery.delivery!.status).toBe('PENDING');
  await eventually('the replayed delivery', () => receiver.accepted().length === 2, SOON_MS);
  // Each sent once: the first, the refused attempt, the replay (under the refused one's webhook-id).
  expect(receiver.received.map((r) => [r.headers['webhook-id'], r.answered])).toEqual([
    [delivered.id, 200],
    [failed.id, 500],
    [failed.id, 200],
  ]);
  expect((await deliveries(endpointId)).map((d) => d.status)).toEqual([WebhookDeliveryStatus.DELIVERED, WebhookDeliveryStatus.DELIVERED]);
});

test('a refused delivery is retried when its backoff has passed, not at the next poll', async () => {
  // Its own database and process: three attempts, the first retry 0.5–1 s after the refusal.
  const c = await startTestApi({ env: { ...ENV, WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_BACKOFF_INITIAL_MS: '1000' } });
  const retrying = new WebhookReceiver();
  await retrying.up();
  try {
    const placement = await new Factories(c).givenPlacement();
    const created = await c.gql(await c.keyFor(BIN.INEU, 'ADMIN'), CREATE_ENDPOINT, {
      input: { url: retrying.url, eventTypes: ['placement.status_changed'] },
    });
    expect(created.data!.createWebhookEndpoint.userErrors).toEqual([]);
    retrying.mode = { status: 503, next: { status: 200 } };
    await c.gql(await c.keyFor(BIN.INEU, 'WRITER'), CONFIRM_PLACEMENT, { input: { placementId: gid('Placement', placement) } });
    await eventually('the retry', () => retrying.accepted().length === 1, SOON_MS);
    const [refused, retried] = retrying.received;
    expect([refused.answered, retried.answered, retried.headers['webhook-id']]).toEqual([503, 200, refused.headers['webhook-id']]);
    // Not before its backoff (the shortest, with jitter, is 500 ms).
    expect(retried.at - refused.at).toBeGreaterThanOrEqual(500);
    expect(retrying.received).toHaveLength(2);
  } finally {
    await retrying.down();
    await c.close();
  }
});
