/**
 * The readiness story end to end, over real protocols and real PostgreSQL: a scripted student on
 * the robot-cell stand-in (OPC UA on port 0), sessions started through the GraphQL API and judged
 * by the in-process lab runtime, readiness recorded by the PASSED verdict itself, clearance and the
 * placement gate over HTTP, and a credential verified through the public route.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRobotCell, type RobotCell } from '../../simulators';
import { PlacementStatus } from '../../src/placements';
import { ReadinessRecord } from '../../src/readiness';
import { robotTagMap } from '../../simulators/robot-cell/robot.tags';
import { OpcUaSubscriber } from '../../src/lab/runtime/opcua.subscriber';
import type { OpcUaTagMap } from '../../src/lab/runtime/station.types';
import { AS_DEPLOYED, BIN, startTestApi, type TestApi } from '../support/api';
import { ACTIVATE_PLACEMENT, Factories, gid } from '../support/factories';
import { START_SESSION, exerciseGid, givenRobotStation, waitForVerdict } from '../support/lab-factories';
import { ReadinessFactories } from '../support/readiness-factories';
import { graphql } from '../support/graphql';

const pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-readiness-pki-'));
let api: TestApi;
let cell: RobotCell;
let student: OpcUaSubscriber;
let studentOpen = false;
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits (bounded) until the student sees a signal take a value. */
async function waitFor(tag: string, value: unknown): Promise<void> {
  for (let i = 0; i < 200 && student.snapshot()[tag] !== value; i++) await pause(50);
  expect(student.snapshot()[tag]).toBe(value);
}

beforeAll(async () => {
  api = await startTestApi({ env: { ...AS_DEPLOYED } });
  cell = await startRobotCell({ port: 0, pkiDir, seed: 7 });
  // The scripted student acts on the cell over its own OPC UA session.
  student = new OpcUaSubscriber(
    { protocol: 'OPC_UA', endpointUrl: cell.endpointUrl, user: { userName: 'operator', password: 'operator' } },
    robotTagMap() as unknown as OpcUaTagMap,
  );
  await student.connect();
  studentOpen = true;
});
afterAll(async () => {
  if (studentOpen) await student.close();
  // The API (and its lab runtime's link) first: a link still reconnecting to a stopped cell holds the close up.
  await api.close();
  await cell.stop();
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

const CLEARANCE = graphql(`
  query ($s: ID!, $w: ID!, $at: DateTimeISO) {
    clearance(studentId: $s, workplaceId: $w, at: $at) {
      clearance {
        status
        missingCategories
        validUntil
        categories {
          code
          status
          readiness {
            kind
            exerciseId
            sessionIds
            score
            policy {
              version
            }
          }
          satisfiedBy {
            exercises
          }
        }
      }
      userErrors {
        code
      }
    }
  }
`);
const RECORDS = graphql(`
  query ($s: ID!) {
    readinessRecords(studentId: $s, first: 10) {
      totalCount
      nodes {
        kind
        exerciseId
        sessionIds
      }
    }
  }
`);

test('a scripted student earns ROBOT_CELL readiness on the OPC UA stand-in; clearance and the placement follow, with no other call; failed and interrupted runs grant nothing; the credential verifies and a tampered one does not', async () => {
  const given = new Factories(api);
  const readiness = new ReadinessFactories(api);
  const lab = await api.keyFor(BIN.INEU, 'WRITER');
  const employer = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
  // The robot cell's password is a secret of the lab's organisation, never an environment variable.
  api.hub.app.labSecrets.set(await api.orgId(BIN.INEU), 'TEST_ROBOT_PASSWORD', 'operator');
  const stationId = await givenRobotStation(api, lab, cell.endpointUrl, 'TEST_ROBOT_PASSWORD');
  const exerciseId = await exerciseGid(api, 'robot.safe-cell-entry');
  const cellWorkplace = await readiness.givenWorkplace(BIN.STEEL_PLANT, ['ROBOT_CELL']);
  const placement = await given.givenPlacement({ status: PlacementStatus.CONFIRMED, workplaceCode: cellWorkplace.code });
  const pupil = gid('Person', placement.student.id);
  const clearance = async (at?: string) => {
    const res = await api.gql(employer, CLEARANCE, { s: pupil, w: gid('Workplace', cellWorkplace), at });
    expect(res.errors).toBeUndefined();
    return res.data!.clearance.clearance;
  };
  const startSession = async () => {
    const res = await api.gql(lab, START_SESSION, { input: { studentId: pupil, exerciseId, stationId } });
    expect(res.data!.startSession.userErrors).toEqual([]);
    return res.data!.startSession.session!.id as string;
  };
  const recordCount = () => api.system().em.count(ReadinessRecord, { student: placement.student.id });

  // 1. Not cleared: the robot cell is missing, and the answer says what would satisfy it.
  expect(await clearance()).toMatchObject({
    status: 'NOT_CLEARED',
    missingCategories: ['ROBOT_CELL'],
    categories: [{ code: 'ROBOT_CELL', status: 'MISSING', satisfiedBy: { exercises: ['robot.safe-cell-entry'] } }],
  });
  const refused = await api.gql(employer, ACTIVATE_PLACEMENT, { input: { placementId: gid('Placement', placement) } });
  expect(refused.data!.activatePlacement.userErrors).toEqual([
    expect.objectContaining({ code: 'CLEARANCE_MISSING', message: expect.stringMatching(/ROBOT_CELL/) }),
  ]);

  // 2. A failed run (through the light curtain without access) grants nothing.
  const failedId = await startSession();
  await pause(300);
  await student.write('OPERATOR.BREAK_LIGHT_CURTAIN', true);
  expect(await waitForVerdict(api, lab, failedId)).toMatchObject({ status: 'FAILED', reasons: [expect.objectContaining({ code: 'INVARIANT_BROKEN' })] });
  await student.write('OPERATOR.BREAK_LIGHT_CURTAIN', false);
  expect(await recordCount()).toBe(0);
  expect((await clearance())!.status).toBe('NOT_CLEARED');

  // 3. The careful run passes; readiness appears by itself.
  const passedId = await startSession();
  await pause(200);
  await student.call('RequestAccess', []);
  await waitFor('ACCESS.GRANTED', true);
  await pause(200);
  await student.write('OPERATOR.OPEN_DOOR', true);
  await pause(200);
  await student.write('OPERATOR.IN_CELL', true);
  await pause(400);
  await student.write('OPERATOR.IN_CELL', false);
  await pause(200);
  await student.write('OPERATOR.OPEN_DOOR', false);
  await pause(200);
  await student.call('StartProgram', []);
  const passed = await waitForVerdict(api, lab, passedId);
  expect(passed).toMatchObject({ status: 'PASSED' });
  const sessionRowId = Buffer.from(passedId, 'base64url').toString().split(':')[1];
  const records = await api.gql(employer, RECORDS, { s: pupil });
  expect(records.data!.readinessRecords).toEqual({
    totalCount: 1,
    nodes: [{ kind: 'SIMULATOR', exerciseId: 'robot.safe-cell-entry', sessionIds: [sessionRowId] }],
  });

  // 4. Cleared now; the placement can become ACTIVE.
  const now = await clearance();
  expect(now).toMatchObject({
    status: 'CLEARED',
    missingCategories: [],
    categories: [{ code: 'ROBOT_CELL', status: 'COVERED', readiness: { kind: 'SIMULATOR', score: passed.score, policy: { version: 1 } } }],
  });
  const activated = await api.gql(employer, ACTIVATE_PLACEMENT, { input: { placementId: gid('Placement', placement) } });
  expect(activated.data!.activatePlacement).toEqual({ placement: { status: 'ACTIVE', clearanceExpiresAt: now!.validUntil }, userErrors: [] });

  // 5. Expiry: the same readiness does not cover a moment after its validity.
  const later = await clearance(new Date(Date.parse(now!.validUntil!) + 1000).toISOString());
  expect(later).toMatchObject({ status: 'NOT_CLEARED', missingCategories: ['ROBOT_CELL'], categories: [{ status: 'EXPIRED' }] });

  // 6. A credential from the student's HEI: verified without a key; one changed byte is refused.
  const issued = await api.gql(
    lab,
    graphql(`
      mutation ($input: IssueReadinessCredentialInput!) {
        issueReadinessCredential(input: $input) {
          issued {
            json
            credential {
              jwt
            }
          }
          userErrors {
            code
          }
        }
      }
    `),
    {
      input: { studentId: pupil, workplaceId: gid('Workplace', cellWorkplace) },
    },
  );
  expect(issued.data!.issueReadinessCredential.userErrors).toEqual([]);
  const base = api.url.replace(/\/graphql$/, '');
  const verify = async (body: string) =>
    (await (await fetch(`${base}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).json()) as {
      valid: boolean;
      failure: string | null;
    };
  const jwt = issued.data!.issueReadinessCredential.issued!.credential.jwt as string;
  expect(await verify(jwt)).toMatchObject({ valid: true, failure: null });
  const [h, p, s] = jwt.split('.');
  const i = Math.floor(p.length / 3);
  expect(await verify(`${h}.${p.slice(0, i)}${p[i] === 'x' ? 'y' : 'x'}${p.slice(i + 1)}.${s}`)).toMatchObject({ valid: false, failure: 'SIGNATURE_INVALID' });

  // 7. An interrupted run (the trainer restarts mid-run) grants nothing more.
  const interruptedId = await startSession();
  await pause(200);
  await student.call('RequestAccess', []);
  // The student leaves first, so only the runtime's link sees the restart.
  await student.close();
  studentOpen = false;
  await cell.restart(300);
  expect(await waitForVerdict(api, lab, interruptedId)).toMatchObject({ status: 'INTERRUPTED' });
  expect(await recordCount()).toBe(1);
});
