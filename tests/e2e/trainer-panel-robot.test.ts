/**
 * Issue 19: the robot cell's virtual panel through the API, over real OPC UA on loopback: the
 * session's student enters the cell safely with `operateTrainer` only (method calls and variable
 * writes on the stand-in), and a refusal of the cell itself comes back as CONTROL_REFUSED.
 */
import { startRobotCell, type RobotCell } from '../../simulators';
import { AS_DEPLOYED, BIN, startTestApi, type TestApi } from '../support/api';
import { START_SESSION, exerciseGid, givenRobotStation, waitForVerdict } from '../support/lab-factories';
import { type VariablesOf, graphql, ofType } from '../support/graphql';

const OPERATE = graphql(`
  mutation ($input: OperateTrainerInput!) {
    operateTrainer(input: $input) {
      actions {
        kind
        tag
        value
        method
        args
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`);
const LIVE = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      ... on TrainingSession {
        status
        liveValues
        station {
          controls
        }
      }
    }
  }
`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let api: TestApi;
let cell: RobotCell;
let instructor: string;
let stationId: string;

beforeAll(async () => {
  api = await startTestApi({ env: { ...AS_DEPLOYED } });
  cell = await startRobotCell({ port: 0 });
  instructor = await api.keyFor(BIN.INEU, 'WRITER');
  api.hub.app.labSecrets.set(await api.orgId(BIN.INEU), 'TEST_ROBOT_PASSWORD', 'operator');
  stationId = await givenRobotStation(api, instructor, cell.endpointUrl, 'TEST_ROBOT_PASSWORD', { standIn: true });
});
afterAll(async () => {
  await api.close();
  await cell.stop();
});

type OperateInput = VariablesOf<typeof OPERATE>['input'];
async function operate(who: string, sessionId: string, control: OperateInput['control'], setting: Partial<OperateInput> = {}) {
  const res = await api.gql(who, OPERATE, { input: { sessionId, control, ...setting } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.operateTrainer as { actions: Record<string, unknown>[] | null; userErrors: { code: string; message: string }[] };
}

test("the student enters the robot cell safely from the virtual panel (OPC UA method calls and writes) and passes; the cell's own refusal is CONTROL_REFUSED", async () => {
  const student = await api.sessionFor(BIN.INEU, 'READER');
  const personId = (
    await api.gql(
      student,
      graphql(`
        {
          viewer {
            person {
              id
            }
          }
        }
      `),
    )
  ).data!.viewer.person!.id as string;
  const started = await api.gql(instructor, START_SESSION, {
    input: { studentId: personId, exerciseId: await exerciseGid(api, 'robot.safe-cell-entry'), stationId },
  });
  expect(started.data!.startSession.userErrors).toEqual([]);
  const sessionId = started.data!.startSession.session!.id as string;

  const live = await api.gql(student, LIVE, { id: sessionId });
  expect(ofType(live.data!.node, 'TrainingSession').station!.controls).toEqual(
    expect.arrayContaining(['ROBOT_REQUEST_ACCESS', 'ROBOT_KEY_SWITCH', 'ROBOT_ENABLING_DEVICE', 'ROBOT_JOG']),
  );
  expect(ofType(live.data!.node, 'TrainingSession').liveValues).toMatchObject({ 'ROBOT.MODE': 'AUTO' });

  // The cell refuses a mode change while its program runs (BadInvalidState): nothing changes.
  const refused = await operate(student, sessionId, 'ROBOT_KEY_SWITCH', { mode: 'T1' });
  expect(refused.userErrors).toMatchObject([{ code: 'CONTROL_REFUSED' }]);
  expect(refused.userErrors[0]!.message).toMatch(/BadInvalidState/);
  expect(cell.state()['ROBOT.MODE']).toBe('AUTO');

  const requested = await operate(student, sessionId, 'ROBOT_REQUEST_ACCESS');
  expect(requested).toMatchObject({ actions: [{ kind: 'call', method: 'RequestAccess', args: [] }], userErrors: [] });
  for (let i = 0; i < 200 && cell.state()['ACCESS.GRANTED'] !== true; i++) await sleep(50);
  for (const [control, setting] of [
    ['ROBOT_DOOR', { on: true }],
    ['ROBOT_IN_CELL', { on: true }],
    ['WAIT', {}],
    ['ROBOT_IN_CELL', { on: false }],
    ['ROBOT_DOOR', { on: false }],
    ['WAIT', {}],
    ['ROBOT_RESET_FAULT', {}],
    ['ROBOT_START_PROGRAM', {}],
  ] as const) {
    await sleep(200);
    if (control === 'WAIT') await sleep(300);
    else expect((await operate(student, sessionId, control, setting)).userErrors).toEqual([]);
  }
  const session = await waitForVerdict(api, instructor, sessionId);
  expect(session.status).toBe('PASSED');
});
