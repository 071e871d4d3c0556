import { fromGlobalId } from '../../src/graphql/relay';
import { SessionStatus, TrainingSession } from '../../src/lab';
import { startPlcTrainer, type PlcTrainer } from '../../simulators/plc-trainer/plc.trainer';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { graphql } from '../support/graphql';
import { ABORT_SESSION, START_SESSION, exerciseGid, givenPlcStation } from '../support/lab-factories';

/** `Station.runningSession` on a page of stations: one statement for the page, whatever its size (issue 19: the classroom view). */
let api: TestApi;
let key: string;
const trainers: PlcTrainer[] = [];
const stations: string[] = [];
const sessions: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  key = await api.keyFor(BIN.INEU, 'WRITER');
  const given = new Factories(api);
  for (let i = 0; i < 4; i++) {
    const trainer = await startPlcTrainer({ port: 0, seed: 40 + i });
    trainers.push(trainer);
    stations.push(await givenPlcStation(api, key, trainer.port));
  }
  // Sessions run on the first two stations only.
  for (const stationId of stations.slice(0, 2)) {
    const student = await given.givenStudent(BIN.INEU);
    const res = await api.gql(key, START_SESSION, {
      input: { studentId: gid('Person', student.id), exerciseId: await exerciseGid(api, 'plc.safe-start-up'), stationId },
    });
    expect(res.data!.startSession.userErrors).toEqual([]);
    sessions.push(res.data!.startSession.session!.id);
  }
});
afterAll(async () => {
  for (const sessionId of sessions) await api.gql(key, ABORT_SESSION, { input: { sessionId } });
  await api.close();
  for (const trainer of trainers) await trainer.stop();
});

const PAGE = graphql(`
  query ($first: Int!) {
    stations(first: $first) {
      nodes {
        id
        runningSession {
          id
          status
        }
      }
    }
  }
`);

/** The page, and the statements reading running sessions by station the server ran for it: batched (`station_id in (…)`) and one by one. */
async function page(first: number) {
  api.resetQueries();
  const res = await api.gql(key, PAGE, { first });
  expect(res.errors).toBeUndefined();
  // Only statements reading sessions by station: timers of the API (the lease sweeper) also name training_session.
  const reads = api.queries.filter((sql) => /from "training_session"/.test(sql));
  return {
    batched: reads.filter((sql) => /"station_id" in \(/.test(sql)).length,
    oneByOne: reads.filter((sql) => /"station_id" = \$/.test(sql)).length,
    nodes: res.data!.stations.nodes,
  };
}

test('the running session of every station of a page is loaded in one statement, whatever the page size, each on its own station', async () => {
  const small = await page(2);
  const large = await page(50);
  expect(small.nodes).toHaveLength(2);
  expect(large.nodes.length).toBeGreaterThanOrEqual(stations.length);
  expect([small.batched, small.oneByOne]).toEqual([1, 0]);
  expect([large.batched, large.oneByOne]).toEqual([1, 0]);
  const byStation = new Map(large.nodes.map((n) => [n.id, n.runningSession]));
  // Compared with what is stored: a session whose step limit ran out on a slow machine has ended
  // (no longer RUNNING); the two stations without one never show a session.
  const running = await Promise.all(
    sessions.map(async (id) => {
      const row = await api
        .system()
        .em.fork()
        .findOneOrFail(TrainingSession, { id: fromGlobalId(id, 'TrainingSession') });
      return row.status === SessionStatus.RUNNING ? id : null;
    }),
  );
  expect(stations.map((id) => byStation.get(id)?.id ?? null)).toEqual([...running, null, null]);
  for (const [i, id] of running.entries()) if (id) expect(byStation.get(stations[i]!)?.status).toBe('RUNNING');
});
