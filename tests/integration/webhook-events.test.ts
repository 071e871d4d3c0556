import { Webhook } from 'standardwebhooks';
import { WebhookDelivery, WebhookEndpoint } from '../../src/webhooks';
import { decodeGlobalId } from '../../src/graphql/relay';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { START_SESSION, exerciseGid, givenPlcStation } from '../support/lab-factories';
import { ReadinessFactories } from '../support/readiness-factories';
import { CREATE_ENDPOINT, eventually, WebhookReceiver } from '../support/webhook-receiver';
import { graphql } from '../support/graphql';

/**
 * The webhook events of the lab and of clearance: `lab.session_ended` (with the verdict) and
 * `clearance.changed`, written to the outbox in the change's own transaction, scoped, delivered
 * to a real receiver on loopback.
 */
const WEBHOOK_ENV = {
  WEBHOOK_HTTP_HOSTS: '127.0.0.1',
  WEBHOOK_ALLOW_PRIVATE_CIDRS: '127.0.0.0/8',
  WEBHOOK_POLL_MS: '50',
  WEBHOOK_BACKOFF_INITIAL_MS: '100',
  WEBHOOK_BACKOFF_MAX_MS: '300',
  START_LAB_RUNTIME: 'false',
};
/** The lab agent's reports, one typed document each. */
const REPORTS = {
  reportSessionOpened: graphql(`
    mutation ($input: LabAgentReportInput!) {
      reportSessionOpened(input: $input) {
        applied
      }
    }
  `),
  reportSessionEvents: graphql(`
    mutation ($input: LabAgentReportInput!) {
      reportSessionEvents(input: $input) {
        applied
      }
    }
  `),
  reportSessionEnded: graphql(`
    mutation ($input: LabAgentReportInput!) {
      reportSessionEnded(input: $input) {
        applied
      }
    }
  `),
  reportLabRuntimeStarted: graphql(`
    mutation ($input: LabAgentReportInput!) {
      reportLabRuntimeStarted(input: $input) {
        applied
      }
    }
  `),
};
const REPORT = <N extends keyof typeof REPORTS>(name: N): (typeof REPORTS)[N] => REPORTS[name];
const CLAIM = graphql(`
  mutation ($input: ClaimLabAgentWorkInput!) {
    claimLabAgentWork(input: $input) {
      start {
        sessionId
      }
    }
  }
`);

let api: TestApi;
let given: Factories;
let readiness: ReadinessFactories;
let ineuAdmin: string;
let ineuWriter: string;
let keeuAdmin: string;
let agentKey: string;
let stationId: string;
const receiver = new WebhookReceiver();

beforeAll(async () => {
  api = await startTestApi({ env: WEBHOOK_ENV });
  given = new Factories(api);
  readiness = new ReadinessFactories(api);
  ineuAdmin = await api.keyFor(BIN.INEU, 'ADMIN');
  ineuWriter = await api.keyFor(BIN.INEU, 'WRITER');
  keeuAdmin = await api.keyFor(BIN.KEEU, 'ADMIN');
  agentKey = await api.keyFor(BIN.INEU, 'LAB_AGENT');
  stationId = await givenPlcStation(api, ineuWriter, 15020, { runner: 'AGENT' });
  await receiver.up();
});
afterAll(async () => {
  await api.close();
  await receiver.down();
});
beforeEach(async () => {
  receiver.mode = { status: 200 };
  receiver.received.length = 0;
  await api.system().em.nativeDelete(WebhookDelivery, {});
  await api.system().em.nativeDelete(WebhookEndpoint, {});
});

async function subscribe(key: string, eventTypes: string[]): Promise<{ rowId: string; secret: string }> {
  const res = await api.gql(key, CREATE_ENDPOINT, { input: { url: receiver.url, eventTypes } });
  expect(res.data!.createWebhookEndpoint.userErrors).toEqual([]);
  return { rowId: decodeGlobalId(res.data!.createWebhookEndpoint.endpoint!.id as string)!.id, secret: res.data!.createWebhookEndpoint.secret as string };
}

const deliveriesOf = (endpointId: string) => api.system().em.find(WebhookDelivery, { endpoint: endpointId }, { refresh: true, orderBy: { createdAt: 'asc' } });
const bodyOf = (d: WebhookDelivery) => JSON.parse(d.body) as { type: string; data: Record<string, any> };

/** A session on the agent station, claimed by `runtimeId` and opened, with one stored event. */
async function runningAgentSession(runtimeId: string): Promise<{ sessionId: string; rowId: string; studentId: string }> {
  const pupil = await given.givenStudent(BIN.INEU);
  const started = await api.gql(ineuWriter, START_SESSION, {
    input: { studentId: gid('Person', pupil.id), exerciseId: await exerciseGid(api, 'plc.safe-start-up'), stationId },
  });
  expect(started.data!.startSession.userErrors).toEqual([]);
  const sessionId = started.data!.startSession.session!.id as string;
  const rowId = decodeGlobalId(sessionId)!.id;
  const claimed = await api.gql(agentKey, CLAIM, { input: { runtimeId } });
  expect(claimed.data!.claimLabAgentWork.start.map((s: { sessionId: string }) => s.sessionId)).toContain(rowId);
  const at = Date.now();
  expect((await api.gql(agentKey, REPORT('reportSessionOpened'), { input: { report: { sessionId: rowId, runtimeId, at } } })).errors).toBeUndefined();
  const events = { sessionId: rowId, events: [{ seq: 1, at, type: 'link', state: 'connected' }] };
  expect((await api.gql(agentKey, REPORT('reportSessionEvents'), { input: { report: events } })).errors).toBeUndefined();
  return { sessionId, rowId, studentId: gid('Person', pupil.id) };
}

describe('webhook event lab.session_ended', () => {
  test('a verdict is delivered with its status, score and reasons, signed, to the lab only (not another HEI); its outbox row commits with the verdict', async () => {
    const ineu = await subscribe(ineuAdmin, ['lab.session_ended']);
    const keeu = await subscribe(keeuAdmin, ['lab.session_ended']);
    const session = await runningAgentSession('agent-webhooks');
    receiver.mode = 'hold';
    const at = Date.now();
    const verdict = {
      sessionId: session.rowId,
      verdict: 'FAILED',
      score: 40,
      maxScore: 100,
      passMark: 80,
      reasons: [{ code: 'SCORE_BELOW_PASS_MARK', at, message: 'Score 40 is below the pass mark 80' }],
      at,
      lastSeq: 1,
      runStartedAt: at - 1000,
    };
    expect((await api.gql(agentKey, REPORT('reportSessionEnded'), { input: { report: verdict } })).errors).toBeUndefined();
    // The report has returned: the delivery row is already committed, with the verdict.
    const [row] = await deliveriesOf(ineu.rowId);
    expect(row && bodyOf(row)).toMatchObject({ type: 'lab.session_ended', data: { status: 'FAILED' } });
    expect(await deliveriesOf(keeu.rowId)).toEqual([]);
    await receiver.down();
    receiver.mode = { status: 200 };
    receiver.received.length = 0;
    await receiver.up();

    const [got] = await eventually('the delivery', () => receiver.accepted().length >= 1 && receiver.accepted());
    const payload = new Webhook(ineu.secret).verify(got!.body, got!.headers) as { type: string; data: Record<string, any> };
    expect(payload).toMatchObject({
      type: 'lab.session_ended',
      data: {
        status: 'FAILED',
        score: 40,
        maxScore: 100,
        passMark: 80,
        reasons: [{ code: 'SCORE_BELOW_PASS_MARK', message: 'Score 40 is below the pass mark 80' }],
        studentId: session.studentId,
        stationId,
        exerciseCode: 'plc.safe-start-up',
        lastSeq: 1,
        subject: { type: 'TrainingSession', id: session.sessionId },
      },
    });
  });

  test('a session interrupted by recovery (its runtime restarted) is delivered as INTERRUPTED with RUNTIME_LOST', async () => {
    const ineu = await subscribe(ineuAdmin, ['lab.session_ended']);
    const session = await runningAgentSession('agent-webhooks-crashed');
    const restarted = await api.gql(agentKey, REPORT('reportLabRuntimeStarted'), {
      input: { report: { runtimeId: 'agent-webhooks-crashed', at: Date.now() } },
    });
    expect(restarted.data!.reportLabRuntimeStarted.applied).toBe(1);
    const [row] = await deliveriesOf(ineu.rowId);
    expect(bodyOf(row!)).toMatchObject({
      type: 'lab.session_ended',
      data: { status: 'INTERRUPTED', lastSeq: 1, reasons: [expect.objectContaining({ code: 'RUNTIME_LOST' })], subject: { id: session.sessionId } },
    });
    await eventually('the delivery', () => receiver.accepted().length === 1);
  });
});

describe('webhook event clearance.changed', () => {
  test("a pass that clears a placement and a revocation that un-clears it are delivered to the placement's parties only", async () => {
    const ineu = await subscribe(ineuAdmin, ['clearance.changed']);
    const employer = await subscribe(await api.keyFor(BIN.WELDING_CENTRE, 'ADMIN'), ['clearance.changed']);
    const keeu = await subscribe(keeuAdmin, ['clearance.changed']);
    const student = await given.givenStudent(BIN.INEU);
    const cell = await readiness.givenWorkplace(BIN.WELDING_CENTRE, ['ROBOT_CELL']);
    const placement = await given.givenPlacement({ studentId: student.id, employerBin: BIN.WELDING_CENTRE, workplaceCode: cell.code });

    await readiness.givenPass({ studentId: student.id, hazardCategories: ['ROBOT_CELL'] });
    const [cleared] = await deliveriesOf(ineu.rowId);
    expect(bodyOf(cleared!)).toMatchObject({
      type: 'clearance.changed',
      data: {
        code: placement.code,
        studentId: gid('Person', student),
        workplaceId: gid('Workplace', cell),
        fromStatus: 'NOT_CLEARED',
        toStatus: 'CLEARED',
        missingHazardCategoryCodes: [],
        subject: { type: 'Placement', id: gid('Placement', placement) },
      },
    });
    expect(bodyOf(cleared!).data.validUntil).toEqual(expect.any(String));

    const revoked = await api.gql(
      ineuWriter,
      graphql(`
        mutation ($input: RevokeReadinessInput!) {
          revokeReadiness(input: $input) {
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
    expect(revoked.data!.revokeReadiness.userErrors).toEqual([]);
    const ineuBodies = (await deliveriesOf(ineu.rowId)).map(bodyOf);
    expect(ineuBodies.map((b) => `${b.data.fromStatus}->${b.data.toStatus}`)).toEqual(['NOT_CLEARED->CLEARED', 'CLEARED->NOT_CLEARED']);
    expect(ineuBodies[1]!.data).toMatchObject({ missingHazardCategoryCodes: ['ROBOT_CELL'], validUntil: null });
    expect((await deliveriesOf(employer.rowId)).map(bodyOf).map((b) => b.data.toStatus)).toEqual(['CLEARED', 'NOT_CLEARED']);
    expect(await deliveriesOf(keeu.rowId)).toEqual([]);
    await eventually('four deliveries', () => receiver.accepted().length === 4);
    expect(receiver.accepted().every((r) => (JSON.parse(r.body) as { type: string }).type === 'clearance.changed')).toBe(true);
  });

  test("readiness that does not change a placement's clearance, and a refused revocation, send nothing", async () => {
    const ineu = await subscribe(ineuAdmin, ['clearance.changed', 'readiness.recorded']);
    const student = await given.givenStudent(BIN.INEU);
    const cell = await readiness.givenWorkplace(BIN.WELDING_CENTRE, ['ROBOT_CELL']);
    await given.givenPlacement({ studentId: student.id, employerBin: BIN.WELDING_CENTRE, workplaceCode: cell.code });
    // Another category than the workplace's: readiness is recorded, clearance stays NOT_CLEARED.
    await readiness.givenPass({ studentId: student.id, exerciseId: 'plc.safe-start-up', hazardCategories: ['ROTATING_MACHINERY'] });
    await readiness.givenPass({ studentId: student.id, exerciseId: 'plc.lockout-clear-jam', hazardCategories: ['ROTATING_MACHINERY', 'ELECTRICAL_UP_TO_1KV'] });
    expect((await deliveriesOf(ineu.rowId)).map((d) => d.eventType)).toEqual(['readiness.recorded']);
    const refused = await api.gql(
      ineuWriter,
      graphql(`
        mutation ($input: RevokeReadinessInput!) {
          revokeReadiness(input: $input) {
            userErrors {
              code
            }
          }
        }
      `),
      {
        input: { studentId: gid('Person', student), hazardCategoryCode: 'ROBOT_CELL', reason: 'Nothing to revoke' },
      },
    );
    expect(refused.data!.revokeReadiness.userErrors).toEqual([expect.objectContaining({ code: 'NOTHING_TO_REVOKE' })]);
    expect((await deliveriesOf(ineu.rowId)).map((d) => d.eventType)).toEqual(['readiness.recorded']);
  });

  test('the event types are listed for partners', async () => {
    const res = await api.gql(
      ineuAdmin,
      graphql(`
        query {
          webhookEventTypes {
            type
            subjectType
          }
        }
      `),
    );
    expect(res.data!.webhookEventTypes).toEqual(
      expect.arrayContaining([
        { type: 'lab.session_ended', subjectType: 'TrainingSession' },
        { type: 'clearance.changed', subjectType: 'Placement' },
        { type: 'readiness.recorded', subjectType: 'ReadinessRecord' },
        { type: 'readiness.revoked', subjectType: 'ReadinessRecord' },
        { type: 'placement.status_changed', subjectType: 'Placement' },
      ]),
    );
  });
});
