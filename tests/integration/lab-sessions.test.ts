import { startPlcTrainer, type PlcTrainer } from '../../simulators/plc-trainer/plc.trainer';
import { SessionEvent, SessionStatus, TrainingSession, type SessionPassedEvent, type SessionPassedHandler } from '../../src/lab';
import { defineModule } from '../../src/module';
import { MODULES } from '../../src/modules';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { ABORT_SESSION, START_SESSION, exerciseGid, givenPlcStation, waitForEvents, waitForStationLinked, waitForVerdict } from '../support/lab-factories';
import { ModbusStudent, plcTagMap, safeStartUp } from '../support/scripted-student';

let api: TestApi;
let given: Factories;
let trainer: PlcTrainer;
let student: ModbusStudent;
let instructor: string;
let stationId: string;
/** What the test's own module does when a session passes (after readiness); none by default. */
let onPassed: SessionPassedHandler | undefined;
const probeModule = defineModule({ name: 'test-probe', onSessionPassed: () => [(ctx, event) => onPassed?.(ctx, event) ?? Promise.resolve()] });

beforeAll(async () => {
  api = await startTestApi({ modules: [...MODULES, probeModule] });
  given = new Factories(api);
  trainer = await startPlcTrainer({ port: 0, seed: 7 });
  instructor = await api.keyFor(BIN.INEU, 'WRITER');
  stationId = await givenPlcStation(api, instructor, trainer.port);
});
afterAll(async () => {
  await api.close();
  await trainer.stop();
});
beforeEach(async () => {
  student = new ModbusStudent(plcTagMap());
  await student.connect(trainer.port);
});
afterEach(() => student.close());

/** Row id behind a global id. */
const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

async function start(studentId: string, exercise = 'plc.safe-start-up', station = stationId, key = instructor) {
  const res = await api.gql(key, START_SESSION, {
    input: { studentId: gid('Person', studentId), exerciseId: await exerciseGid(api, exercise), stationId: station },
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.startSession as { session: { id: string; status: string } | null; userErrors: { code: string; field: string[] }[] };
}

describe('training sessions through the API on a real PLC stand-in over Modbus TCP', () => {
  test('a correct safe start-up PASSES with score 100; the stored verdict rests on the stored evidence; readiness handler runs inside the verdict transaction', async () => {
    const seen: SessionPassedEvent[] = [];
    let failOnce = true;
    const handler: SessionPassedHandler = async (ctx, event) => {
      // Inside the verdict's transaction: the PASSED status is visible to this em, not yet to others.
      const inside = await ctx.em.findOneOrFail(TrainingSession, { id: event.sessionId }, { disableIdentityMap: true });
      const outside = await api.system().em.findOneOrFail(TrainingSession, { id: event.sessionId });
      seen.push(event);
      expect(inside.status).toBe(SessionStatus.PASSED);
      expect(outside.status).toBe(SessionStatus.RUNNING);
      if (failOnce) {
        failOnce = false;
        throw new Error('readiness store down'); // rolls the verdict back; the runtime retries
      }
    };
    onPassed = handler;
    try {
      const pupil = await given.givenStudent(BIN.INEU);
      const started = await start(pupil.id);
      expect(started.userErrors).toEqual([]);
      expect(started.session!.status).toBe('RUNNING');
      await student.play([...safeStartUp]);
      const session = await waitForVerdict(api, instructor, started.session!.id);

      expect(session).toMatchObject({ status: 'PASSED', verdict: 'PASSED', score: 100, maxScore: 100, reasons: [] });
      expect(session.exercise).toMatchObject({ exerciseId: 'plc.safe-start-up', version: 1, hazardCategories: ['ROTATING_MACHINERY', 'ELECTRICAL_UP_TO_1KV'] });
      expect(session.exercise.title.kk).toBe('Конвейерді қауіпсіз іске қосу');
      expect(session.student.id).toBe(gid('Person', pupil.id));
      // Evidence: every seq 1..lastSeq stored, nothing beyond, and the signals the steps needed are in it.
      const rows = await api.system().em.find(SessionEvent, { session: rowId(started.session!.id) }, { orderBy: { seq: 'asc' } });
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
      expect(session.lastSeq).toBe(rows.length);
      expect(session.events.totalCount).toBe(rows.length);
      expect(rows.filter((r) => r.type === 'signal').map((r) => r.tag)).toEqual(
        expect.arrayContaining(['GUARD_CLOSED', 'ISOLATOR_ON', 'SAFETY_OK', 'MOTOR_RUNNING']),
      );
      expect(rows.filter((r) => r.type === 'finding').map((r) => (r.details as { finding: { kind: string; stepId?: string } }).finding)).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'step-completed', stepId: 'stop-normally' })]),
      );
      // The verdict agrees with the evidence: every step's completion is in the stored timeline.
      const completed = rows
        .filter((r) => r.type === 'finding' && (r.details as any).finding.kind === 'step-completed')
        .map((r) => (r.details as any).finding.stepId);
      expect(completed.sort()).toEqual(['close-guard', 'isolator-on', 'reset-safety', 'select-auto', 'start-conveyor', 'stop-normally']);
      // The readiness handler saw the pass twice (first attempt rolled back) with the full event.
      expect(seen).toHaveLength(2);
      expect(seen[1]).toMatchObject({
        studentId: pupil.id,
        exerciseId: 'plc.safe-start-up',
        exerciseVersion: 1,
        score: 100,
        hazardCategories: ['ROTATING_MACHINERY', 'ELECTRICAL_UP_TO_1KV'],
      });
      expect(seen[1]!.startedBy).toEqual(expect.any(String));
    } finally {
      onPassed = undefined;
    }
  });

  test('opening the guard while the belt runs FAILS naming the broken invariant, in three languages', async () => {
    const pupil = await given.givenStudent(BIN.INEU);
    const started = await start(pupil.id);
    await student.play([...safeStartUp.slice(0, 5), { after: 600, write: 'PANEL.GUARD_CLOSED', value: 0 }]);
    const session = await waitForVerdict(api, instructor, started.session!.id);
    expect(session.status).toBe('FAILED');
    expect(session.reasons).toEqual([
      expect.objectContaining({
        code: 'INVARIANT_BROKEN',
        invariantId: 'guard-open-belt-moving',
        title: expect.objectContaining({ en: 'Guard opened while the belt moves', ru: 'Дверь открыта при движущейся ленте' }),
      }),
    ]);
    const findings = session.events.edges.map((e: any) => e.node).filter((n: any) => n.type === 'finding');
    expect(findings).toContainEqual(
      expect.objectContaining({ details: { finding: expect.objectContaining({ kind: 'invariant-broken', invariantId: 'guard-open-belt-moving' }) } }),
    );
  });

  test('a communication drop mid-run ends the session INTERRUPTED, never passed', async () => {
    const pupil = await given.givenStudent(BIN.INEU);
    const started = await start(pupil.id);
    await student.play([
      { after: 100, write: 'PANEL.GUARD_CLOSED', value: 1 },
      { after: 200, write: 'FAULT.COMM_DROP_S', value: 3 },
    ]);
    const session = await waitForVerdict(api, instructor, started.session!.id);
    expect(session.status).toBe('INTERRUPTED');
    expect(session.reasons[0]).toMatchObject({ code: 'LINK_LOST' });
    expect(session.events.edges.map((e: any) => e.node)).toContainEqual(
      expect.objectContaining({ type: 'link', details: expect.objectContaining({ state: 'lost' }) }),
    );
    // The next test needs the link back: the trainer's drop lasts 3 s, then the poller reconnects with backoff.
    await waitForStationLinked(api, instructor, stationId);
  });

  test('the instructor aborts a running session: ABORTED; a second start on a busy station is refused with STATION_BUSY and stores nothing', async () => {
    const pupil = await given.givenStudent(BIN.INEU);
    const started = await start(pupil.id);
    // The run is live once its first event is stored (an idle stand-in sends few: the scan counter is a heartbeat, never an event).
    await waitForEvents(api, instructor, started.session!.id, 1);
    const before = await api.system().em.count(TrainingSession, { station: rowId(stationId) });
    const busy = await start((await given.givenStudent(BIN.INEU)).id);
    expect(busy).toEqual({ session: null, userErrors: [expect.objectContaining({ code: 'STATION_BUSY', field: ['input', 'stationId'] })] });
    expect(await api.system().em.count(TrainingSession, { station: rowId(stationId) })).toBe(before);
    const aborted = await api.gql(instructor, ABORT_SESSION, { input: { sessionId: started.session!.id } });
    expect(aborted.data!.abortSession).toMatchObject({
      userErrors: [],
      session: { status: 'ABORTED', verdict: 'ABORTED', reasons: [{ code: 'ABORTED_BY_INSTRUCTOR' }] },
    });
    const again = await api.gql(instructor, ABORT_SESSION, { input: { sessionId: started.session!.id } });
    expect(again.data!.abortSession.userErrors).toEqual([expect.objectContaining({ code: 'SESSION_NOT_RUNNING' })]);
  });

  test('refusals: wrong station kind, unknown student, another lab’s station; none stores a session', async () => {
    const before = await api.system().em.count(TrainingSession, {});
    const pupil = await given.givenStudent(BIN.INEU);
    expect((await start(pupil.id, 'robot.safe-cell-entry')).userErrors).toEqual([
      expect.objectContaining({ code: 'WRONG_STATION_KIND', field: ['input', 'exerciseId'] }),
    ]);
    const mentor = await given.givenMentor();
    expect((await start(mentor.id)).userErrors).toEqual([expect.objectContaining({ code: 'STUDENT_NOT_FOUND' })]);
    const otherHei = await api.keyFor(BIN.WKATU, 'WRITER');
    const foreign = await start((await given.givenStudent(BIN.WKATU)).id, 'plc.safe-start-up', stationId, otherHei);
    expect(foreign.userErrors).toEqual([expect.objectContaining({ code: 'STATION_NOT_FOUND' })]);
    const reader = await api.keyFor(BIN.INEU, 'READER');
    const forbidden = await api.gql(reader, START_SESSION, {
      input: { studentId: gid('Person', pupil.id), exerciseId: await exerciseGid(api, 'plc.safe-start-up'), stationId },
    });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await api.system().em.count(TrainingSession, {})).toBe(before);
  });
});
