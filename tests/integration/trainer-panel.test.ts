/**
 * Issue 19: the student operates a stand-in's operator panel through the API (the virtual panel of
 * the web console), over the stand-in's own protocol — a real PLC stand-in over Modbus TCP and a
 * real robot cell over OPC UA on loopback — and a reconnecting `sessionEvents` client catches up
 * from the last seq it has, over graphql-ws.
 */
import { startPlcTrainer, type PlcTrainer } from '../../simulators/plc-trainer/plc.trainer';
import { SessionEvent } from '../../src/lab';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { START_SESSION, exerciseGid, givenPlcStation, waitForEvents, waitForVerdict } from '../support/lab-factories';
import { wsClient, iterate } from '../support/transports';
import { type VariablesOf, graphql, ofType } from '../support/graphql';

const SESSION_EVENTS = graphql(`
  subscription ($sessionId: ID!, $afterSeq: Int) {
    sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) {
      status
      events {
        seq
        type
      }
    }
  }
`);

const OPERATE = graphql(`
  mutation ($input: OperateTrainerInput!) {
    operateTrainer(input: $input) {
      session {
        id
        status
      }
      actions {
        kind
        tag
        value
        method
        args
        delayMs
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
          code
          standIn
          controls
          health {
            connected
            roundTripMs
            errorCount
            samples
          }
          runningSession {
            id
          }
        }
      }
    }
  }
`);

let api: TestApi;
let trainer: PlcTrainer;
let realTrainer: PlcTrainer;
let instructor: string;
let standInId: string;
let realId: string;

beforeAll(async () => {
  api = await startTestApi();
  trainer = await startPlcTrainer({ port: 0, seed: 11 });
  realTrainer = await startPlcTrainer({ port: 0, seed: 12 });
  instructor = await api.keyFor(BIN.INEU, 'WRITER');
  standInId = await givenPlcStation(api, instructor, trainer.port, { standIn: true, maxRequestsInFlight: 16 });
  // Registered without standIn: stands for a real trainer, whose panel is physical.
  realId = await givenPlcStation(api, instructor, realTrainer.port);
});
afterAll(async () => {
  await api.close();
  await trainer.stop();
  await realTrainer.stop();
});

/** A signed-in student of INEU: the cookie and the person's global id. */
async function signedInStudent(): Promise<{ cookie: string; personId: string }> {
  const cookie = await api.sessionFor(BIN.INEU, 'READER');
  const res = await api.gql(
    cookie,
    graphql(`
      {
        viewer {
          person {
            id
          }
        }
      }
    `),
  );
  return { cookie, personId: res.data!.viewer.person!.id as string };
}

async function start(personId: string, station = standInId, exercise = 'plc.safe-start-up'): Promise<string> {
  const res = await api.gql(instructor, START_SESSION, { input: { studentId: personId, exerciseId: await exerciseGid(api, exercise), stationId: station } });
  if (res.errors || res.data!.startSession.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data!.startSession.userErrors));
  return res.data!.startSession.session!.id as string;
}

type OperateInput = VariablesOf<typeof OPERATE>['input'];
async function operate(who: string, sessionId: string, control: OperateInput['control'], setting: Partial<OperateInput> = {}) {
  const res = await api.gql(who, OPERATE, { input: { sessionId, control, ...setting } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.operateTrainer as {
    session: { status: string } | null;
    actions: Record<string, unknown>[] | null;
    userErrors: { code: string; field: string[] }[];
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

/** The safe start-up as a student does it on the virtual panel: every act an `operateTrainer`. */
async function safeStartUpOnThePanel(cookie: string, sessionId: string): Promise<void> {
  for (const [control, setting] of [
    ['PLC_GUARD_DOOR', { on: true }],
    ['PLC_AUTO_MODE', { on: true }],
    ['PLC_ISOLATOR', { on: true }],
    ['PLC_RESET', { holdMs: 150 }],
    ['PLC_START', { holdMs: 150 }],
  ] as const) {
    await pause(100);
    expect((await operate(cookie, sessionId, control, setting)).userErrors).toEqual([]);
  }
  await pause(2300);
  const stop = await operate(cookie, sessionId, 'PLC_STOP', { holdMs: 150 });
  expect(stop.userErrors).toEqual([]);
}

describe('operating a stand-in PLC trainer through the API (Modbus TCP)', () => {
  test("the session's student presses the virtual panel and passes the safe start-up; the presses are evidence, the judge saw the station's own signals", async () => {
    const { cookie, personId } = await signedInStudent();
    const sessionId = await start(personId);

    const live = await api.gql(cookie, LIVE, { id: sessionId });
    expect(ofType(live.data!.node, 'TrainingSession').station).toMatchObject({ standIn: true, runningSession: { id: sessionId } });
    expect(ofType(live.data!.node, 'TrainingSession').station!.controls).toEqual([
      'PLC_START',
      'PLC_STOP',
      'PLC_RESET',
      'PLC_ESTOP',
      'PLC_ISOLATOR',
      'PLC_GUARD_DOOR',
      'PLC_AUTO_MODE',
      'PLC_CLEAR_JAM',
    ]);
    expect(ofType(live.data!.node, 'TrainingSession').station!.health.connected).toBe(true);
    expect(ofType(live.data!.node, 'TrainingSession').liveValues).toMatchObject({ ISOLATOR_ON: false, MOTOR_RUNNING: false, LAMP_GREEN: false });

    const pressed = await operate(cookie, sessionId, 'PLC_GUARD_DOOR', { on: true });
    expect(pressed).toMatchObject({
      session: { status: 'RUNNING' },
      actions: [{ kind: 'write', tag: 'PANEL.GUARD_CLOSED', value: true, delayMs: 0 }],
      userErrors: [],
    });
    // Delivered over Modbus: the stand-in's own panel coil and its guard switch input changed.
    expect(trainer.read('PANEL.GUARD_CLOSED')).toBe(true);

    await safeStartUpOnThePanel(cookie, sessionId);
    const session = await waitForVerdict(api, instructor, sessionId);
    expect(session).toMatchObject({ status: 'PASSED', score: 100, reasons: [] });

    const rows = await api.system().em.find(SessionEvent, { session: rowId(sessionId) }, { orderBy: { seq: 'asc' } });
    const presses = rows.filter((r) => r.type === 'action' && (r.details as { purpose?: string }).purpose === 'operator');
    expect(presses.map((r) => (r.details as { control: string }).control)).toEqual([
      'PLC_GUARD_DOOR',
      'PLC_GUARD_DOOR',
      'PLC_AUTO_MODE',
      'PLC_ISOLATOR',
      'PLC_RESET',
      'PLC_RESET',
      'PLC_START',
      'PLC_START',
      'PLC_STOP',
    ]);
    expect(rows.some((r) => r.type === 'signal' && r.tag === 'MOTOR_RUNNING' && r.value === true)).toBe(true);
    // The STOP press ended the run during its hold; the button was still let go on the stand-in.
    expect(trainer.read('PANEL.STOP_PB')).toBe(false);
    // After the verdict the panel is dead: nothing more is sent.
    expect((await operate(cookie, sessionId, 'PLC_START', { on: true })).userErrors).toMatchObject([{ code: 'SESSION_NOT_RUNNING' }]);
    expect(trainer.read('PANEL.START_PB')).toBe(false);
  });

  test('a wrong run on the panel (guard opened while the belt moves) FAILS naming the invariant', async () => {
    const { cookie, personId } = await signedInStudent();
    const sessionId = await start(personId);
    for (const [control, setting] of [
      ['PLC_GUARD_DOOR', { on: true }],
      ['PLC_AUTO_MODE', { on: true }],
      ['PLC_ISOLATOR', { on: true }],
      ['PLC_RESET', { holdMs: 150 }],
      ['PLC_START', { holdMs: 150 }],
    ] as const) {
      await pause(100);
      await operate(cookie, sessionId, control, setting);
    }
    await pause(500);
    await operate(cookie, sessionId, 'PLC_GUARD_DOOR', { on: false });
    const session = await waitForVerdict(api, instructor, sessionId);
    expect(session.status).toBe('FAILED');
    expect(session.reasons.map((r: { invariantId: string | null }) => r.invariantId)).toContain('guard-open-belt-moving');
  });

  test('refused, with codes and nothing sent: another student, a READER key, a real trainer, a robot control, a bad value, another lab', async () => {
    const { personId } = await signedInStudent();
    const other = await signedInStudent();
    const sessionId = await start(personId);
    await waitForEvents(api, instructor, sessionId, 3);
    const guardBefore = trainer.read('PANEL.GUARD_CLOSED');

    // Another student may not even see the session (a student sees only its own sessions).
    expect((await operate(other.cookie, sessionId, 'PLC_GUARD_DOOR', { on: !guardBefore })).userErrors).toMatchObject([
      { code: 'SESSION_NOT_FOUND', field: ['input', 'sessionId'] },
    ]);
    const reader = await api.keyFor(BIN.INEU, 'READER');
    expect((await operate(reader, sessionId, 'PLC_GUARD_DOOR', { on: !guardBefore })).userErrors).toMatchObject([{ code: 'NOT_YOUR_SESSION' }]);
    expect((await operate(instructor, sessionId, 'ROBOT_DOOR', { on: true })).userErrors).toMatchObject([
      { code: 'CONTROL_NOT_FOR_STATION', field: ['input', 'control'] },
    ]);
    expect((await operate(instructor, sessionId, 'PLC_GUARD_DOOR', {})).userErrors).toMatchObject([{ code: 'CONTROL_VALUE_INVALID', field: ['input', 'on'] }]);
    const elsewhere = await api.keyFor(BIN.WKATU, 'WRITER');
    expect((await operate(elsewhere, sessionId, 'PLC_GUARD_DOOR', { on: !guardBefore })).userErrors).toMatchObject([{ code: 'SESSION_NOT_FOUND' }]);
    expect(trainer.read('PANEL.GUARD_CLOSED')).toBe(guardBefore);

    // The lab's instructor may operate it (e.g. to demonstrate).
    expect((await operate(instructor, sessionId, 'PLC_AUTO_MODE', { on: true })).userErrors).toEqual([]);
    expect(trainer.read('PANEL.MODE_AUTO')).toBe(true);
    await api.gql(
      instructor,
      graphql(`
        mutation ($input: AbortSessionInput!) {
          abortSession(input: $input) {
            userErrors {
              code
            }
          }
        }
      `),
      { input: { sessionId } },
    );

    const onReal = await start(personId, realId);
    const realGuard = realTrainer.read('PANEL.GUARD_CLOSED');
    expect((await operate(instructor, onReal, 'PLC_GUARD_DOOR', { on: !realGuard })).userErrors).toMatchObject([
      { code: 'NOT_A_STAND_IN', field: ['input', 'sessionId'] },
    ]);
    expect(realTrainer.read('PANEL.GUARD_CLOSED')).toBe(realGuard);
    const real = await api.gql(instructor, LIVE, { id: onReal });
    expect(ofType(real.data!.node, 'TrainingSession').station).toMatchObject({ standIn: false, controls: [] });
    await api.gql(
      instructor,
      graphql(`
        mutation ($input: AbortSessionInput!) {
          abortSession(input: $input) {
            userErrors {
              code
            }
          }
        }
      `),
      { input: { sessionId: onReal } },
    );
  });
});

describe('sessionEvents catch-up over graphql-ws', () => {
  /** Collects the updates of one subscription until `stop` says so; returns them. */
  async function collect(key: string, variables: VariablesOf<typeof SESSION_EVENTS>, stop: (seqs: number[], status: string) => boolean) {
    const client = wsClient(api, key);
    const seqs: number[] = [];
    let status = 'RUNNING';
    try {
      for await (const result of iterate(client, SESSION_EVENTS, variables)) {
        if (result.errors) throw new Error(JSON.stringify(result.errors));
        const update = result.data!.sessionEvents;
        seqs.push(...update.events.map((e) => e.seq));
        status = update.status;
        if (stop(seqs, status)) break;
      }
    } finally {
      await client.dispose();
    }
    return { seqs, status };
  }

  test('a client that drops mid-run and reconnects with the last seq it has gets every later event once, in order, up to the verdict', async () => {
    const { cookie, personId } = await signedInStudent();
    const sessionId = await start(personId);
    // First connection: from the start, until it has some events; then the socket goes.
    const first = await collect(instructor, { sessionId, afterSeq: 0 }, (seqs) => seqs.length >= 3);
    expect(first.seqs).toEqual(first.seqs.map((_, i) => i + 1));
    // While disconnected the run goes on (and ends).
    await safeStartUpOnThePanel(cookie, sessionId);
    const verdict = await waitForVerdict(api, instructor, sessionId);
    expect(verdict.status).toBe('PASSED');
    const last = first.seqs.at(-1)!;
    const second = await collect(instructor, { sessionId, afterSeq: last }, (_seqs, status) => status !== 'RUNNING');
    expect(second.status).toBe('PASSED');
    const all = [...first.seqs, ...second.seqs];
    expect(all).toEqual(Array.from({ length: verdict.lastSeq }, (_, i) => i + 1));
  });

  test('catching up while the run is live: stored events first, then live ones, with no gap or duplicate at the seam', async () => {
    const { cookie, personId } = await signedInStudent();
    const sessionId = await start(personId);
    await waitForEvents(api, instructor, sessionId, 3);
    const run = safeStartUpOnThePanel(cookie, sessionId);
    const [caught] = await Promise.all([collect(instructor, { sessionId, afterSeq: 1 }, (_s, status) => status !== 'RUNNING'), run]);
    const verdict = await waitForVerdict(api, instructor, sessionId);
    expect(caught.status).toBe('PASSED');
    expect(caught.seqs).toEqual(Array.from({ length: verdict.lastSeq - 1 }, (_, i) => i + 2));
  });

  test('afterSeq must be 0 or more', async () => {
    const { personId } = await signedInStudent();
    const sessionId = await start(personId);
    await expect(collect(instructor, { sessionId, afterSeq: -1 }, () => true)).rejects.toThrow(/afterSeq/);
    await api.gql(
      instructor,
      graphql(`
        mutation ($input: AbortSessionInput!) {
          abortSession(input: $input) {
            userErrors {
              code
            }
          }
        }
      `),
      { input: { sessionId } },
    );
  });
});
