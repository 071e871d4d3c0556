import { startPlcTrainer, type PlcTrainer } from '../../simulators/plc-trainer/plc.trainer';
import { Station, toRunnableStation } from '../../src/lab';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { START_SESSION, exerciseGid, givenPlcStation, waitForVerdict } from '../support/lab-factories';
import { ModbusStudent, plcTagMap } from '../support/scripted-student';
import { graphql, ofType } from '../support/graphql';

// A station's "max requests in flight": 1 unless set, stored, shown, and honoured by the runtime,
// so a device that serves one Modbus transaction at a time runs a whole session.
let api: TestApi;
let given: Factories;
let trainer: PlcTrainer;
let instructor: string;

beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  trainer = await startPlcTrainer({ port: 0, seed: 7, transactions: 'one-at-a-time' });
  instructor = await api.keyFor(BIN.INEU, 'WRITER');
});
afterAll(async () => {
  await api.close();
  await trainer.stop();
});

const STATION = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      ... on Station {
        code
        maxRequestsInFlight
      }
    }
  }
`);
const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

test('a station serves one request at a time unless set otherwise; the setting reaches the runtime', async () => {
  const byDefault = await givenPlcStation(api, instructor, trainer.port);
  const pipelined = await givenPlcStation(api, instructor, trainer.port, { maxRequestsInFlight: 16 });
  expect(ofType((await api.gql(instructor, STATION, { id: byDefault })).data!.node, 'Station').maxRequestsInFlight).toBe(1);
  expect(ofType((await api.gql(instructor, STATION, { id: pipelined })).data!.node, 'Station').maxRequestsInFlight).toBe(16);
  const row = await api.system().em.findOneOrFail(Station, { id: rowId(pipelined) });
  expect(toRunnableStation(row).address).toMatchObject({ protocol: 'MODBUS_TCP', maxRequestsInFlight: 16 });
});

test('refuses a max requests in flight below 1 or above 64, and stores nothing', async () => {
  const before = await api.system().em.count(Station, {});
  for (const value of [0, 65]) {
    await expect(givenPlcStation(api, instructor, trainer.port, { maxRequestsInFlight: value })).rejects.toThrow(
      /maxRequestsInFlight|Argument Validation Error|BAD_USER_INPUT/,
    );
  }
  expect(await api.system().em.fork().count(Station, {})).toBe(before);
});

test('a session on a device that serves one transaction at a time PASSES with the default setting', async () => {
  const stationId = await givenPlcStation(api, instructor, trainer.port);
  const student = new ModbusStudent(plcTagMap());
  await student.connect(trainer.port);
  try {
    const pupil = await given.givenStudent(BIN.INEU);
    const res = await api.gql(instructor, START_SESSION, {
      input: { studentId: gid('Person', pupil.id), exerciseId: await exerciseGid(api, 'plc.safe-start-up'), stationId },
    });
    expect(res.data!.startSession.userErrors).toEqual([]);
    await student.play([
      { after: 100, write: 'PANEL.GUARD_CLOSED', value: 1 },
      { after: 100, write: 'PANEL.MODE_AUTO', value: 1 },
      { after: 100, write: 'PANEL.ISOLATOR_ON', value: 1 },
      { after: 100, write: 'PANEL.RESET_PB', value: 'press' },
      { after: 100, write: 'PANEL.START_PB', value: 'press' },
      { after: 2300, write: 'PANEL.STOP_PB', value: 'press' },
    ]);
    const session = await waitForVerdict(api, instructor, res.data!.startSession.session!.id);
    expect({ status: session.status, score: session.score, errors: session.station.health?.errorCount ?? 0 }).toEqual({
      status: 'PASSED',
      score: 100,
      errors: 0,
    });
    expect(trainer.droppedRequests()).toBe(0);
  } finally {
    student.close();
  }
});
