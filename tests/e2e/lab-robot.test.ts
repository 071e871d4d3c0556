import { startRobotCell, type RobotCell } from '../../simulators';
import { SessionEvent } from '../../src/lab';
import { robotTagMap } from '../../simulators/robot-cell/robot.tags';
import { OpcUaSubscriber } from '../../src/lab/runtime/opcua.subscriber';
import type { OpcUaTagMap } from '../../src/lab/runtime/station.types';
import { AS_DEPLOYED, BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { START_SESSION, exerciseGid, givenRobotStation, waitForVerdict } from '../support/lab-factories';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
let api: TestApi;
let cell: RobotCell;

beforeAll(async () => {
  api = await startTestApi({ env: { ...AS_DEPLOYED } });
  cell = await startRobotCell({ port: 0 });
});
afterAll(async () => {
  await api.close();
  await cell.stop();
});

test('a robot-cell exercise started through the API over real OPC UA: a careful student entering the cell is judged PASSED with the evidence stored', async () => {
  const instructor = await api.keyFor(BIN.INEU, 'WRITER');
  // The robot cell's password is a secret of the lab's organisation, never an environment variable.
  api.hub.app.labSecrets.set(await api.orgId(BIN.INEU), 'TEST_ROBOT_PASSWORD', 'operator');
  const stationId = await givenRobotStation(api, instructor, cell.endpointUrl, 'TEST_ROBOT_PASSWORD');
  const pupil = await new Factories(api).givenStudent(BIN.INEU);
  const res = await api.gql(instructor, START_SESSION, {
    input: { studentId: gid('Person', pupil.id), exerciseId: await exerciseGid(api, 'robot.safe-cell-entry'), stationId },
  });
  expect(res.data!.startSession.userErrors).toEqual([]);
  const sessionId = res.data!.startSession.session!.id;

  const address = { protocol: 'OPC_UA' as const, endpointUrl: cell.endpointUrl, user: { userName: 'operator', password: 'operator' } };
  const student = new OpcUaSubscriber(address, robotTagMap() as unknown as OpcUaTagMap);
  await student.connect();
  try {
    for (const act of [
      () => student.call('RequestAccess', []),
      async () => {
        for (let i = 0; i < 200 && student.snapshot()['ACCESS.GRANTED'] !== true; i++) await sleep(50);
      },
      () => student.write('OPERATOR.OPEN_DOOR', true),
      () => student.write('OPERATOR.IN_CELL', true),
      () => sleep(500),
      () => student.write('OPERATOR.IN_CELL', false),
      () => student.write('OPERATOR.OPEN_DOOR', false),
      () => sleep(300),
      () => student.call('ResetFault', []),
      () => student.call('StartProgram', []),
    ]) {
      await sleep(200);
      await act();
    }
    const session = await waitForVerdict(api, instructor, sessionId);
    expect(session).toMatchObject({ status: 'PASSED', exercise: { exerciseId: 'robot.safe-cell-entry' }, station: { health: { connected: true } } });
    expect(session.score).toBeGreaterThanOrEqual(session.passMark);
    const rows = await api.system().em.find(SessionEvent, { session: Buffer.from(sessionId, 'base64url').toString().split(':')[1]!, type: 'signal' });
    expect(rows.map((r) => r.tag)).toEqual(expect.arrayContaining(['ACCESS.REQUESTED', 'ACCESS.GRANTED', 'OPERATOR.IN_CELL', 'DOOR.CLOSED']));
    expect(session.lastSeq).toBe(session.events.totalCount);
  } finally {
    await student.close();
  }
});
