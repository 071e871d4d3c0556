import { Webhook } from 'standardwebhooks';
import { AuditEntry } from '../../src/audit';
import { decodeGlobalId } from '../../src/graphql/relay';
import { type Placement, PlacementStatus } from '../../src/placements';
import { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEndpointStatus } from '../../src/webhooks';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { CONFIRM_PLACEMENT, Factories, gid } from '../support/factories';
import { ReadinessFactories } from '../support/readiness-factories';
import { REPLAY_DELIVERY, eventually, WebhookReceiver } from '../support/webhook-receiver';
import { graphql } from '../support/graphql';

/** Loopback is allowed here only: production refuses http and private addresses. */
const WEBHOOK_ENV = {
  WEBHOOK_HTTP_HOSTS: '127.0.0.1',
  WEBHOOK_ALLOW_PRIVATE_CIDRS: '127.0.0.0/8',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_BACKOFF_INITIAL_MS: '100',
  WEBHOOK_BACKOFF_MAX_MS: '300',
  WEBHOOK_TIMEOUT_MS: '2000',
  WEBHOOK_DISABLE_AFTER: '6',
};

const CREATE = graphql(`
  mutation ($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      endpoint {
        id
        url
        eventTypes
        status
      }
      secret
      userErrors {
        field
        code
        message
      }
    }
  }
`);
const LOG = graphql(`
  query {
    webhookEndpoints {
      nodes {
        id
        status
        consecutiveFailures
        deliveries {
          nodes {
            id
            webhookId
            eventType
            status
            attempts
            lastResponseCode
            lastError
          }
        }
      }
    }
  }
`);
const SET_STATUS = graphql(`
  mutation ($input: SetWebhookEndpointStatusInput!) {
    setWebhookEndpointStatus(input: $input) {
      endpoint {
        id
        status
        consecutiveFailures
      }
      userErrors {
        code
      }
    }
  }
`);

let api: TestApi;
let given: Factories;
let ineuAdmin: string;
let ineuWriter: string;
let keeuAdmin: string;
const receiver = new WebhookReceiver();
let planned: Placement;

beforeAll(async () => {
  api = await startTestApi({ env: WEBHOOK_ENV });
  given = new Factories(api);
  ineuAdmin = await api.keyFor(BIN.INEU, 'ADMIN');
  ineuWriter = await api.keyFor(BIN.INEU, 'WRITER');
  keeuAdmin = await api.keyFor(BIN.KEEU, 'ADMIN');
  await receiver.up();
});
afterAll(async () => {
  await api.close();
  await receiver.down();
});
beforeEach(async () => {
  receiver.mode = { status: 200 };
  receiver.received.length = 0;
  // Each test subscribes its own endpoints.
  await api.system().em.nativeDelete(WebhookDelivery, {});
  await api.system().em.nativeDelete(WebhookEndpoint, {});
  // Planned before any endpoint exists, so its creation event goes nowhere.
  planned = await given.givenPlacement();
});

async function subscribe(key: string, url = receiver.url, eventTypes = ['placement.status_changed']) {
  const res = await api.gql(key, CREATE, { input: { url, eventTypes } });
  const payload = res.data!.createWebhookEndpoint as {
    endpoint: { id: string; rowId: string } | null;
    secret: string | null;
    userErrors: { field: string[]; code: string }[];
  };
  if (payload.endpoint) payload.endpoint.rowId = decodeGlobalId(payload.endpoint.id)!.id;
  return payload;
}

async function confirmPlannedPlacement() {
  const placement = planned;
  const res = await api.gql(ineuWriter, CONFIRM_PLACEMENT, { input: { placementId: gid('Placement', placement) } });
  expect(res.data!.confirmPlacement.placement!.status).toBe(PlacementStatus.CONFIRMED);
  return placement;
}

function deliveries(endpointId?: string) {
  return api.system().em.find(WebhookDelivery, endpointId ? { endpoint: endpointId } : {}, { refresh: true, orderBy: { createdAt: 'asc' } });
}

describe('webhooks', () => {
  test('delivers a placement status change signed per Standard Webhooks (verified by the standardwebhooks package)', async () => {
    const { endpoint, secret } = await subscribe(ineuAdmin);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const placement = await confirmPlannedPlacement();

    const [got] = await eventually('the delivery', () => receiver.accepted().length === 1 && receiver.accepted());
    const payload = new Webhook(secret!).verify(got!.body, got!.headers) as { type: string; data: Record<string, any> };
    expect(payload.type).toBe('placement.status_changed');
    expect(payload.data).toMatchObject({ fromStatus: 'PLANNED', toStatus: 'CONFIRMED', subject: { type: 'Placement', id: gid('Placement', placement) } });
    // A wrong secret does not verify.
    expect(() => new Webhook(`whsec_${Buffer.from('another secret of 24 b.').toString('base64')}`).verify(got!.body, got!.headers)).toThrow();

    const log = await eventually('the log says DELIVERED', async () => {
      const node = (await api.gql(ineuAdmin, LOG)).data!.webhookEndpoints.nodes[0];
      return node.deliveries.nodes[0]?.status === 'DELIVERED' && node;
    });
    expect(log.id).toBe(endpoint!.id);
    expect(log.deliveries.nodes[0]).toMatchObject({
      webhookId: got!.headers['webhook-id'],
      attempts: 1,
      lastResponseCode: 200,
      eventType: 'placement.status_changed',
    });
  });

  test("writes the outbox row in the change's transaction, and only for endpoints whose organisation may see the placement", async () => {
    const ineu = await subscribe(ineuAdmin);
    const keeu = await subscribe(keeuAdmin); // another HEI: not a party of the placement
    receiver.mode = 'hold'; // nothing completes while we look at the outbox
    await confirmPlannedPlacement();
    // The mutation has returned: its delivery row is already committed, with the change.
    expect((await deliveries(ineu.endpoint!.rowId)).length).toBe(1);
    expect(await deliveries(keeu.endpoint!.rowId)).toEqual([]);
    // KEEU's own log shows nothing, and it cannot see INEU's endpoint.
    const keeuLog = (await api.gql(keeuAdmin, LOG)).data!.webhookEndpoints.nodes;
    expect(keeuLog).toHaveLength(1);
    expect(keeuLog[0].id).toBe(keeu.endpoint!.id);
    expect(keeuLog[0].deliveries.nodes).toEqual([]);
    await receiver.down();
    await receiver.up();
  });

  test('a refused change writes no delivery', async () => {
    const placement = await given.givenPlacement({ status: 'ACTIVE' });
    await subscribe(ineuAdmin);
    const res = await api.gql(ineuWriter, CONFIRM_PLACEMENT, { input: { placementId: gid('Placement', placement) } });
    expect(res.data!.confirmPlacement.userErrors[0].code).toBe('INVALID_TRANSITION');
    expect(await deliveries()).toEqual([]);
  });

  test('keeps retrying while the receiver is down and delivers once it is up again, with the same webhook-id', async () => {
    const { endpoint } = await subscribe(ineuAdmin);
    await receiver.down();
    await confirmPlannedPlacement();
    const failing = await eventually('two failed attempts', async () => {
      const [d] = await deliveries(endpoint!.rowId);
      return d && d.attempts >= 2 && d.status === WebhookDeliveryStatus.PENDING && d;
    });
    expect(failing.lastError).toMatch(/ECONNREFUSED/);
    await receiver.up();
    await eventually('the delivery', async () => (await deliveries(endpoint!.rowId))[0]?.status === WebhookDeliveryStatus.DELIVERED);
    expect(receiver.accepted()).toHaveLength(1);
    expect(receiver.accepted()[0]!.headers['webhook-id']).toBe(failing.id);
  });

  test('disables an endpoint after consecutive failures (audited); turned on again, it delivers what waited', async () => {
    const { endpoint } = await subscribe(ineuAdmin);
    receiver.mode = { status: 500 };
    await confirmPlannedPlacement();
    const disabled = await eventually('the endpoint disabled', async () => {
      const e = await api.system().em.findOne(WebhookEndpoint, { id: endpoint!.rowId }, { refresh: true });
      return e?.status === WebhookEndpointStatus.DISABLED && e;
    });
    expect(disabled.consecutiveFailures).toBe(6);
    expect(disabled.disabledReason).toMatch(/HTTP 500/);
    const [waiting] = await deliveries(endpoint!.rowId);
    expect(waiting!.status).toBe(WebhookDeliveryStatus.PENDING);
    expect(waiting!.lastResponseCode).toBe(500);
    const audit = await api.system().em.find(AuditEntry, { objectType: 'WebhookEndpoint', objectId: endpoint!.rowId }, { orderBy: { at: 'asc' } });
    expect(audit.map((a) => a.after)).toEqual([expect.objectContaining({ status: 'ACTIVE' }), { status: 'DISABLED' }]);

    receiver.mode = { status: 204 };
    const enabled = await api.gql(ineuAdmin, SET_STATUS, { input: { endpointId: endpoint!.id, status: 'ACTIVE' } });
    expect(enabled.data!.setWebhookEndpointStatus.endpoint).toMatchObject({ status: 'ACTIVE', consecutiveFailures: 0 });
    await eventually('the delivery', async () => (await deliveries(endpoint!.rowId))[0]?.status === WebhookDeliveryStatus.DELIVERED);
    expect(receiver.accepted()).toHaveLength(1);
  });

  test('replays a delivery on request, with the same webhook-id; another organisation cannot replay it', async () => {
    const { endpoint } = await subscribe(ineuAdmin);
    await confirmPlannedPlacement();
    await eventually('the delivery', async () => (await deliveries(endpoint!.rowId))[0]?.status === WebhookDeliveryStatus.DELIVERED);
    const [delivered] = await deliveries(endpoint!.rowId);
    const deliveryId = gid('WebhookDelivery', delivered!.id);

    const foreign = await api.gql(keeuAdmin, REPLAY_DELIVERY, { input: { deliveryId } });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const replayed = await api.gql(ineuAdmin, REPLAY_DELIVERY, { input: { deliveryId } });
    expect(replayed.data!.replayWebhookDelivery.delivery!.status).toBe('PENDING');
    await eventually('the second copy', () => receiver.accepted().length === 2);
    expect(receiver.accepted().map((r) => r.headers['webhook-id'])).toEqual([delivered!.id, delivered!.id]);
  });

  test('refuses http, private addresses, unknown event types and non-ADMIN keys at subscribe time', async () => {
    expect((await subscribe(ineuAdmin, 'http://partner.example.kz/hooks')).userErrors[0]!.code).toBe('HTTPS_REQUIRED');
    expect((await subscribe(ineuAdmin, 'https://10.0.0.7/hooks')).userErrors[0]!.code).toBe('PRIVATE_ADDRESS');
    expect((await subscribe(ineuAdmin, 'https://[::1]/hooks')).userErrors[0]!.code).toBe('PRIVATE_ADDRESS');
    expect((await subscribe(ineuAdmin, receiver.url, ['placement.deleted'])).userErrors[0]!.code).toBe('UNKNOWN_EVENT_TYPE');
    const writer = await api.gql(ineuWriter, CREATE, { input: { url: receiver.url, eventTypes: ['placement.status_changed'] } });
    expect(writer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await api.system().em.count(WebhookEndpoint, {})).toBe(0);
  });

  test("delivers readiness recorded (from a passed session) and revoked to the student's HEI only", async () => {
    const ineu = await subscribe(ineuAdmin, receiver.url, ['readiness.recorded', 'readiness.revoked']);
    const keeu = await subscribe(keeuAdmin, receiver.url, ['readiness.recorded', 'readiness.revoked']);
    const student = await given.givenStudent();
    await new ReadinessFactories(api).givenPass({ studentId: student.id });
    const revoked = await api.gql(
      ineuWriter,
      graphql(`
        mutation ($input: RevokeReadinessInput!) {
          revokeReadiness(input: $input) {
            readiness {
              kind
            }
            userErrors {
              code
            }
          }
        }
      `),
      {
        input: { studentId: gid('Person', student), hazardCategoryCode: 'ROBOT_CELL', reason: 'Entered the cell while the robot moved' },
      },
    );
    expect(revoked.data!.revokeReadiness.readiness).toEqual({ kind: 'REVOCATION' });
    await eventually('two deliveries', () => receiver.accepted().length === 2);
    const bodies = receiver.accepted().map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
    expect(bodies.map((b) => b.type).sort()).toEqual(['readiness.recorded', 'readiness.revoked']);
    expect(bodies.every((b) => b.data.studentId === gid('Person', student) && b.data.hazardCategoryCode === 'ROBOT_CELL')).toBe(true);
    expect(await deliveries(ineu.endpoint!.rowId)).toHaveLength(2);
    expect(await deliveries(keeu.endpoint!.rowId)).toEqual([]);
  });

  test('lists the event types partners may subscribe to', async () => {
    const res = await api.gql(
      ineuAdmin,
      graphql(`
        query {
          webhookEventTypes {
            type
            subjectType
            description
          }
        }
      `),
    );
    expect(res.data!.webhookEventTypes).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'placement.status_changed', subjectType: 'Placement' })]),
    );
  });
});
