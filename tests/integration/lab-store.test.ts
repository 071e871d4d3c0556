import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startPlcTrainer } from '../../simulators/plc-trainer/plc.trainer';
import {
  createLabRuntime,
  EvidenceIncompleteError,
  Exercise,
  PostgresLabPort,
  SessionEvent,
  Station,
  StationHealthBoard,
  TrainingSession,
  toRunnableStation,
} from '../../src/lab';
import type { LabEvent } from '../../src/lab/runtime/lab.port';
import { createLogger } from '../../src/logger';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { SESSION, waitForEvents } from '../support/lab-factories';
import { graphql, ofType, type ResultOf } from '../support/graphql';
import { iterate } from '../support/transports';

let api: TestApi;
let given: Factories;
let port: PostgresLabPort;
const log = createLogger('silent');
const clients: Client[] = [];

beforeAll(async () => {
  api = await startTestApi({ env: { START_LAB_RUNTIME: 'false' } });
  given = new Factories(api);
  port = new PostgresLabPort({ orm: api.orm, log, health: new StationHealthBoard(), bus: api.hub.app.services.bus });
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await api.close();
});

/** A session opened through the port on the fixture PLC station of InEU, for a new student of `heiBin`. */
async function openSession(heiBin: string = BIN.INEU, runtimeId = 'test-runtime'): Promise<{ sessionId: string; studentId: string }> {
  const station = await api.system().em.findOneOrFail(Station, { code: 'INEU-PLC-01' });
  const studentId = (await given.givenStudent(heiBin)).id;
  const sessionId = randomUUID();
  await port.sessionStarted({
    sessionId,
    stationId: station.id,
    stationKind: 'PLC_TRAINER',
    exerciseId: 'plc.safe-start-up',
    exerciseVersion: 1,
    studentId,
    runtimeId,
    at: Date.now(),
  });
  return { sessionId, studentId };
}

const signals = (from: number, n: number): LabEvent[] =>
  Array.from({ length: n }, (_, i) => ({ seq: from + i, at: Date.now() + i, type: 'signal' as const, tag: 'MOTOR_RUNNING', value: i % 2 === 0 }));

async function end(sessionId: string, lastSeq: number, verdict: 'FAILED' | 'ABORTED' = 'ABORTED') {
  await port.sessionEnded({
    sessionId,
    verdict,
    score: 0,
    maxScore: 100,
    passMark: 90,
    reasons: [{ code: 'ABORTED_BY_INSTRUCTOR', at: Date.now(), message: 'test' }],
    at: Date.now(),
    lastSeq,
    runStartedAt: null,
  });
}

describe('PostgresLabPort', () => {
  test('a batch of events is one multi-row INSERT; resending it stores nothing twice; string, number and boolean values keep their JSON type', async () => {
    const { sessionId } = await openSession();
    const batch = [
      ...signals(1, 300),
      { seq: 301, at: Date.now(), type: 'signal' as const, tag: 'ROBOT.MODE', value: 'AUTO' },
      { seq: 302, at: Date.now(), type: 'signal' as const, tag: 'CONVEYOR_SPEED', value: 250.5 },
    ];
    api.resetQueries();
    await port.appendEvents(sessionId, batch);
    expect(api.queries.filter((q) => /insert into "session_event"/.test(q))).toHaveLength(1);
    await port.appendEvents(sessionId, batch);
    const rows = await api.system().em.find(SessionEvent, { session: sessionId }, { orderBy: { seq: 'asc' } });
    expect(rows).toHaveLength(302);
    expect(rows.slice(-2).map((r) => r.value)).toEqual(['AUTO', 250.5]);
    expect(rows[0]!.value).toBe(true);
    await end(sessionId, 302);
  });

  test('refuses a verdict whose evidence up to lastSeq is not all stored, leaving the session RUNNING', async () => {
    const { sessionId } = await openSession();
    await port.appendEvents(sessionId, [...signals(1, 5), ...signals(7, 2)]); // seq 6 missing
    await expect(end(sessionId, 8, 'FAILED')).rejects.toBeInstanceOf(EvidenceIncompleteError);
    expect((await api.system().em.findOneOrFail(TrainingSession, { id: sessionId })).status).toBe('RUNNING');
    await port.appendEvents(sessionId, signals(6, 1));
    await end(sessionId, 8, 'FAILED');
    expect((await api.system().em.findOneOrFail(TrainingSession, { id: sessionId })).status).toBe('FAILED');
  });

  test('a runtime that dies mid-run and restarts with the same id (recover) ends the session INTERRUPTED; the dead runtime’s late verdict never overwrites it', async () => {
    const trainer = await startPlcTrainer({ port: 0 });
    const station = await api.system().em.findOneOrFail(Station, { code: 'INEU-PLC-01' });
    const runnable = { ...toRunnableStation(station), address: { protocol: 'MODBUS_TCP' as const, host: '127.0.0.1', port: trainer.port } };
    const exercise = await api.system().em.findOneOrFail(Exercise, { code: 'plc.safe-start-up', version: 1 });
    const studentId = (await given.givenStudent()).id;
    const dying = createLabRuntime({ port, runtimeId: 'lab-pc-7' });
    const started = await dying.startSession({ station: runnable, exercise: exercise.definition, studentId });
    const key = await api.keyFor(BIN.INEU, 'READER');
    await waitForEvents(api, key, gid('TrainingSession', started.sessionId!), 2);
    // "Restart": a new runtime with the same id over the same database, as after a crash.
    const restarted = createLabRuntime({ port, runtimeId: 'lab-pc-7' });
    expect(await restarted.recover()).toBe(1);
    const row = await api.system().em.findOneOrFail(TrainingSession, { id: started.sessionId! });
    expect(row.status).toBe('INTERRUPTED');
    expect(row.reasons).toEqual([expect.objectContaining({ code: 'RUNTIME_LOST' })]);
    const stored = await api.system().em.count(SessionEvent, { session: started.sessionId! });
    expect(row.lastSeq).toBe(stored);
    // A late batch from the runtime that lost the session (what the dying runtime keeps flushing)
    // is dropped: the interrupted session's evidence stays exactly what lastSeq names.
    await port.appendEvents(started.sessionId!, signals(stored + 1, 3));
    expect(await api.system().em.count(SessionEvent, { session: started.sessionId! })).toBe(stored);
    await dying.stop(); // its own late batches and verdict are ignored
    expect(await api.system().em.count(SessionEvent, { session: started.sessionId! })).toBe(stored);
    expect((await api.system().em.findOneOrFail(TrainingSession, { id: started.sessionId! }, { disableIdentityMap: true })).reasons).toEqual([
      expect.objectContaining({ code: 'RUNTIME_LOST' }),
    ]);
    await trainer.stop();
  });
});

describe('lab scoping and catalogue', () => {
  test('the catalogue lists every fixture exercise with titles in three languages; stations are visible to their lab and region only', async () => {
    const key = await api.keyFor(BIN.WKATU, 'READER');
    const ex = await api.gql(
      key,
      graphql(`
        {
          exercises(first: 20, filter: { stationKind: ROBOT_CELL }) {
            totalCount
            nodes {
              exerciseId
              version
              title {
                kk
                ru
                en
              }
              steps {
                stepId
              }
            }
          }
        }
      `),
    );
    expect(ex.data!.exercises.nodes.map((n: any) => n.exerciseId)).toEqual(
      expect.arrayContaining(['robot.safe-cell-entry', 'robot.teach-t1', 'robot.protective-stop-recovery']),
    );
    expect(ex.data!.exercises.nodes[0].title.kk).toBeTruthy();
    const stationsOf = async (bin: string) =>
      (
        await api.gql(
          await api.keyFor(bin, 'READER'),
          graphql(`
            {
              stations(first: 50) {
                nodes {
                  code
                  health {
                    connected
                  }
                }
              }
            }
          `),
        )
      ).data!.stations.nodes.map((n: any) => n.code);
    expect(await stationsOf(BIN.INEU)).toEqual(expect.arrayContaining(['INEU-PLC-01', 'INEU-ROBOT-01']));
    expect(await stationsOf(BIN.COORDINATOR)).toEqual(expect.arrayContaining(['INEU-PLC-01']));
    expect(await stationsOf(BIN.WKATU)).toEqual([]);
  });

  test('a session is visible to the lab, the student’s HEI, the employer where the student is placed and the regional coordinator — never to another HEI (node, connection, nested field)', async () => {
    const { sessionId, studentId } = await openSession(BIN.COLLEGE);
    await given.givenPlacement({ studentId, heiBin: BIN.COLLEGE, employerBin: BIN.STEEL_PLANT });
    const globalId = gid('TrainingSession', sessionId);
    const sees = async (bin: string) => {
      const key = await api.keyFor(bin, 'READER');
      const res = await api.gql(key, SESSION, { id: globalId });
      expect(res.errors).toBeUndefined();
      const node = res.data!.node;
      const list = (
        await api.gql(
          key,
          graphql(`
            {
              trainingSessions(first: 100) {
                nodes {
                  id
                }
              }
            }
          `),
        )
      ).data!.trainingSessions.nodes.map((n: any) => n.id);
      expect(list.includes(globalId)).toBe(node !== null);
      return node !== null;
    };
    expect(await sees(BIN.INEU)).toBe(true); // the lab
    expect(await sees(BIN.COLLEGE)).toBe(true); // the student's HEI
    expect(await sees(BIN.STEEL_PLANT)).toBe(true); // placed there
    expect(await sees(BIN.COORDINATOR)).toBe(true); // region
    expect(await sees(BIN.WKATU)).toBe(false);
    expect(await sees(BIN.OIL_GAS_PLANT)).toBe(false);
    // Nested: the steel plant sees the session but not the lab's station.
    const steel = await api.keyFor(BIN.STEEL_PLANT, 'READER');
    expect(ofType((await api.gql(steel, SESSION, { id: globalId })).data!.node, 'TrainingSession').station).toBeNull();
    await end(sessionId, 0);
  });
});

describe('sessionEvents subscription over graphql-ws', () => {
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
  const SUB = graphql(`
    subscription ($id: ID!) {
      sessionEvents(sessionId: $id) {
        status
        events {
          seq
          type
          tag
          value
        }
      }
    }
  `);

  test('delivers stored events and then the verdict to the lab’s instructor; another HEI is refused', async () => {
    const { sessionId } = await openSession();
    const instructor = connect(await api.keyFor(BIN.INEU, 'READER'));
    const received: ResultOf<typeof SUB>['sessionEvents'][] = [];
    const iterator = iterate(instructor, SUB, { id: gid('TrainingSession', sessionId) });
    const done = (async () => {
      for await (const r of iterator) {
        received.push(r.data!.sessionEvents);
        if (r.data!.sessionEvents.status !== 'RUNNING') return;
      }
    })();
    // Publish until the server has registered the subscription (no timing assumptions), then end.
    let seq = 1;
    while (received.length === 0) {
      await port.appendEvents(sessionId, signals(seq++, 1));
      await new Promise((r) => setTimeout(r, 20));
    }
    await port.appendEvents(sessionId, signals(seq, 3));
    await end(sessionId, seq + 2);
    await done;
    const seqs = received.flatMap((m) => m.events.map((e) => e.seq));
    expect(seqs.slice(-3)).toEqual([seq, seq + 1, seq + 2]);
    expect(received.at(-1)).toEqual({ status: 'ABORTED', events: [] });

    const stranger = connect(await api.keyFor(BIN.WKATU, 'READER'));
    const refused = iterate(stranger, SUB, { id: gid('TrainingSession', sessionId) });
    await expect(
      (async () => {
        for await (const r of refused) return r;
      })(),
    ).resolves.toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });
});
