/**
 * PLC-trainer sessions end to end over real Modbus TCP on loopback: the PLC trainer stand-in on
 * port 0, the runtime's Modbus poller (through LabRuntime and SessionRunner) reporting to the
 * InMemoryLabPort, and a scripted student at the trainer's virtual panel over its own connection.
 *
 * Most runs are on virtual time (trainer, runtime and student share one virtual scheduler; the
 * sockets are real): the exercises' `held(…, 2s)` and time limits cost no waiting. The runs about
 * the link stay on the wall clock, where the Modbus client times out on real time: a pass, a
 * communication drop as the session starts and one mid-run, and a station where nothing listens.
 */
import net from 'node:net';
import { createVirtualClock, startPlcTrainer, type PlcTrainer, type VirtualClock } from '../../simulators';
import { compileExercise } from '../../src/lab/runtime/judge.rules';
import type { StationConfig } from '../../src/lab/runtime/station.types';
import type { ExerciseDefinition } from '../../src/lab/exercises/exercise.types';
import type { LabRuntimeOptions } from '../../src/lab/runtime/lab.runtime';
import { type SessionRun, brokenInvariants, completedSteps, onVirtualTime, reasonsOf, runSession as runOn, withStepLimit } from '../support/lab-session';
import { rejudge, verdictShape } from '../support/rejudge';
import { ModbusStudent, type ScriptAct, fixtureExercise, plcTagMap, safeStartUp } from '../support/scripted-student';

const tagMap = plcTagMap();

/** A trainer on port 0 and a student at its panel, on virtual time (default) or the wall clock. */
interface Rig {
  readonly scheduler: VirtualClock | undefined;
  readonly trainer: PlcTrainer;
  readonly station: StationConfig;
  readonly student: ModbusStudent;
}
let rig: Rig;

async function startRig(time: 'virtual' | 'wall' = 'virtual'): Promise<Rig> {
  const scheduler = time === 'virtual' ? createVirtualClock(Date.parse('2026-03-02T09:00:00Z')) : undefined;
  const trainer = await startPlcTrainer({ port: 0, seed: 7, ...(scheduler ? { clock: scheduler } : {}) });
  const station: StationConfig = { id: 'plc-1', kind: 'PLC_TRAINER', address: { protocol: 'MODBUS_TCP', host: '127.0.0.1', port: trainer.port }, tagMap };
  const student = new ModbusStudent(tagMap, scheduler);
  await student.connect(trainer.port);
  return { scheduler, trainer, station, student };
}

async function stopRig(r: Rig): Promise<void> {
  await r.student.close();
  await r.trainer.stop();
}

/** Swaps in a fresh rig (as a new student would find the trainer) on the same kind of time. */
async function restartRig(time: 'virtual' | 'wall' = 'virtual'): Promise<void> {
  await stopRig(rig);
  rig = await startRig(time);
}

beforeEach(async () => {
  rig = await startRig();
});

afterEach(() => stopRig(rig));

/** Drives `work` on the rig's virtual time, or simply awaits it on the wall clock. */
const onRigTime = <T>(work: () => Promise<T>): Promise<T> => (rig.scheduler ? onVirtualTime(rig.scheduler, work) : work());

function runSession(exercise: string | ExerciseDefinition, script: readonly ScriptAct[], session: LabRuntimeOptions['session'] = {}) {
  const { station, student, scheduler } = rig;
  return onRigTime(() =>
    runOn(exercise, () => student.play(script), { station, modbus: { requestTimeoutMs: 300 }, session, ...(scheduler ? { scheduler } : {}) }),
  );
}

/** Conveyor started, run for 2 s, e-stop pushed; the belt has come to a standstill. */
const upToStandstill: ScriptAct[] = [
  { after: 100, write: 'PANEL.RESET_PB', value: 'press' },
  { after: 100, write: 'PANEL.START_PB', value: 'press' },
  { after: 0, waitFor: 'MOTOR_RUNNING', value: true },
  { after: 2300, write: 'PANEL.ESTOP', value: 1 },
  { after: 0, waitFor: 'CONVEYOR_SPEED', value: 0 },
];

/** Conveyor started; the exit eye sticks (engine stimulus) and the controller stops on a jam. */
const upToFaultStop: ScriptAct[] = [
  { after: 100, write: 'PANEL.RESET_PB', value: 'press' },
  { after: 100, write: 'PANEL.START_PB', value: 'press' },
  { after: 0, waitFor: 'MOTOR_RUNNING', value: true },
  { after: 0, waitFor: 'EXIT_EYE', value: true },
  { after: 0, waitFor: 'MOTOR_RUNNING', value: false },
];

describe('PLC trainer sessions over Modbus TCP with a scripted student', () => {
  it('safe start-up performed correctly passes; the verdict comes last and rests on all stored evidence; readiness event emitted', async () => {
    const { result, port, events } = await runSession('plc-safe-start-up', [...safeStartUp]);
    expectSafeStartUpPassed(result, port, events);
  });

  it('on the wall clock too: safe start-up performed correctly passes over real Modbus TCP, on real timers', async () => {
    await restartRig('wall');
    const { result, port, events } = await runSession('plc-safe-start-up', [...safeStartUp]);
    expectSafeStartUpPassed(result, port, events);
  });

  it('a trainer that answers none of its first reads (a communication drop as the session starts) is connected once it answers again; the run passes', async () => {
    await restartRig('wall');
    rig.trainer.inject({ kind: 'COMM_DROP', seconds: 1 });
    const { result, port, events } = await runSession('plc-safe-start-up', [...safeStartUp]);
    expectSafeStartUpPassed(result, port, events);
  });

  it('a station where nothing listens ends the session INTERRUPTED at once, saying why', async () => {
    const nobody = net.createServer();
    await new Promise<void>((r) => nobody.listen(0, '127.0.0.1', r));
    const { port: free } = nobody.address() as net.AddressInfo;
    await new Promise((r) => nobody.close(r));
    const station = { ...rig.station, address: { ...rig.station.address, port: free } } as StationConfig;
    const started = Date.now();
    const { result, events } = await runOn('plc-safe-start-up', async () => undefined, { station, modbus: { requestTimeoutMs: 300 } });
    expect(Date.now() - started).toBeLessThan(4000); // refused is final: no waiting out the connect deadline
    expect(result).toMatchObject({ verdict: 'INTERRUPTED', runStartedAt: null });
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'LINK_LOST', message: expect.stringMatching(/^station not connected: .*ECONNREFUSED/) })]);
    expect(events.some((e) => e.type === 'snapshot' || e.type === 'signal')).toBe(false);
  });

  function expectSafeStartUpPassed(result: SessionRun['result'], port: SessionRun['port'], events: SessionRun['events']) {
    expect(result).toMatchObject({ verdict: 'PASSED', score: 100 });
    expect(result.lastSeq).toBe(events.length);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'signal').map((e) => (e as { tag: string }).tag)).toEqual(
      expect.arrayContaining(['GUARD_CLOSED', 'ISOLATOR_ON', 'SAFETY_OK', 'MOTOR_RUNNING']),
    );
    expect(port.passed).toEqual([expect.objectContaining({ exerciseId: 'plc.safe-start-up', score: 100 })]);
  }

  it('safe start-up with the guard opened while the belt runs fails naming the invariant', async () => {
    const wrong = [...safeStartUp.slice(0, 5), { after: 600, write: 'PANEL.GUARD_CLOSED', value: 0 }];
    const { result, port } = await runSession('plc-safe-start-up', wrong);
    expect(result.verdict).toBe('FAILED');
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'INVARIANT_BROKEN', invariantId: 'guard-open-belt-moving' })]);
    expect(port.passed).toEqual([]);
  });

  it('lock-out before clearing a jam: correct run passes; the jam stimulus is applied by the engine', async () => {
    const { result, events } = await runSession('plc-lockout-clear-jam', [
      { after: 200, write: 'PANEL.START_PB', value: 'press' },
      { after: 1500, write: 'PANEL.STOP_PB', value: 'press' },
      { after: 200, write: 'PANEL.ISOLATOR_ON', value: 0 },
      { after: 200, write: 'PANEL.GUARD_CLOSED', value: 0 },
      { after: 200, write: 'PANEL.CLEAR_JAM', value: 1 },
      { after: 300, write: 'PANEL.GUARD_CLOSED', value: 1 },
      { after: 200, write: 'PANEL.ISOLATOR_ON', value: 1 },
      { after: 200, write: 'PANEL.RESET_PB', value: 'press' },
      { after: 200, write: 'PANEL.START_PB', value: 'press' },
    ]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'action', purpose: 'stimulus', stimulusId: 'jam-a-box', ok: true }));
    expect(result).toMatchObject({ verdict: 'PASSED' });
  });

  it('lock-out before clearing a jam: reaching in with the isolator on fails naming the invariant', async () => {
    const { result } = await runSession('plc-lockout-clear-jam', [
      { after: 200, write: 'PANEL.START_PB', value: 'press' },
      { after: 1500, write: 'PANEL.STOP_PB', value: 'press' },
      { after: 200, write: 'PANEL.GUARD_CLOSED', value: 0 },
      { after: 200, write: 'PANEL.CLEAR_JAM', value: 1 },
    ]);
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'INVARIANT_BROKEN', invariantId: 'hand-in-energised-machine' })]);
  });

  it('emergency stop and restart done right passes: run 2 s, e-stop, standstill, release, reset, restart', async () => {
    const { result, port, events } = await runSession('plc-emergency-stop-restart', [
      ...upToStandstill,
      { after: 700, write: 'PANEL.ESTOP', value: 0 },
      { after: 200, write: 'PANEL.RESET_PB', value: 'press' },
      { after: 200, write: 'PANEL.START_PB', value: 'press' },
    ]);
    expect(result).toMatchObject({ verdict: 'PASSED', score: 100 });
    expect(completedSteps(events)).toEqual(['start-conveyor', 'push-estop', 'wait-standstill', 'release-estop', 'reset-safety', 'restart']);
    expect(port.passed).toEqual([expect.objectContaining({ exerciseId: 'plc.emergency-stop-restart' })]);
  });

  it('emergency stop and restart: START with the e-stop latched costs the penalty, and never releasing it fails naming the step', async () => {
    const { result, events } = await runSession(withStepLimit('plc-emergency-stop-restart', 2500, 'release-estop'), [
      ...upToStandstill,
      { after: 300, write: 'PANEL.START_PB', value: 'press' },
    ]);
    expect(result.verdict).toBe('FAILED');
    expect(reasonsOf(result)).toEqual([{ code: 'STEP_TIME_LIMIT', stepId: 'release-estop' }]);
    expect(brokenInvariants(events)).toEqual(['start-with-estop-latched']);
    expect(result.score).toBe(15 + 20 + 15 - 25);
  });

  it('stuck-sensor diagnosis done right passes: manual mode, isolate, sensor replaced, re-energise and restart in AUTO', async () => {
    const { result, events } = await runSession('plc-stuck-sensor-diagnosis', [
      ...upToFaultStop,
      { after: 300, write: 'PANEL.MODE_AUTO', value: 0 },
      { after: 300, write: 'PANEL.ISOLATOR_ON', value: 0 },
      { after: 0, waitFor: 'EXIT_EYE', value: false }, // the engine replaces the sensor
      { after: 300, write: 'PANEL.ISOLATOR_ON', value: 1 },
      { after: 300, write: 'PANEL.MODE_AUTO', value: 1 },
      { after: 200, write: 'PANEL.RESET_PB', value: 'press' },
      { after: 200, write: 'PANEL.START_PB', value: 'press' },
    ]);
    expect(result).toMatchObject({ verdict: 'PASSED', score: 100 });
    expect(events.flatMap((e) => (e.type === 'action' && e.purpose === 'stimulus' ? [e.stimulusId] : []))).toEqual(['exit-eye-sticks', 'replace-exit-eye']);
    expect(brokenInvariants(events)).toEqual([]);
  });

  it('stuck-sensor diagnosis: reaching in to the sensor with the isolator on fails naming the invariant', async () => {
    const { result, port } = await runSession('plc-stuck-sensor-diagnosis', [...upToFaultStop, { after: 300, write: 'PANEL.CLEAR_JAM', value: 1 }]);
    expect(result.verdict).toBe('FAILED');
    expect(reasonsOf(result)).toEqual([{ code: 'INVARIANT_BROKEN', invariantId: 'hand-in-energised-machine' }]);
    expect(port.passed).toEqual([]);
  });

  it('the same scripted run against the stand-in gives the same verdict every time, and its stored evidence re-judged 20 times gives it too', async () => {
    const exercise = compileExercise(fixtureExercise('plc-safe-start-up'));
    const runs = [];
    for (let i = 0; i < 3; i++) {
      // A fresh trainer each time, as a new student would find it.
      if (i > 0) await restartRig();
      runs.push(await runSession(exercise.definition, [...safeStartUp]));
    }
    for (const { result, events } of runs) {
      expect(verdictShape(result)).toEqual({ verdict: 'PASSED', score: 100, reasons: [] });
      expect(completedSteps(events)).toEqual(completedSteps(runs[0]!.events));
      const again = Array.from({ length: 20 }, () => JSON.stringify(rejudge(exercise, events)));
      expect(new Set(again).size).toBe(1);
      expect(verdictShape(rejudge(exercise, events))).toEqual(verdictShape(result));
    }
  });

  it('a station that never reaches the start state ends INTERRUPTED with START_STATE_NOT_MET naming the unmet condition', async () => {
    // The conveyor is still running from the last demonstration; the exercise starts from a stopped motor.
    await onRigTime(() =>
      rig.student.play([
        { after: 0, write: 'PANEL.RESET_PB', value: 'press' },
        { after: 0, write: 'PANEL.START_PB', value: 'press' },
        { after: 0, waitFor: 'MOTOR_RUNNING', value: true },
      ]),
    );
    const { result, port, events } = await runSession('plc-emergency-stop-restart', [], { startStateTimeoutMs: 500 });
    expect(result).toMatchObject({ verdict: 'INTERRUPTED', runStartedAt: null, reasons: [expect.objectContaining({ code: 'START_STATE_NOT_MET' })] });
    expect(result.reasons[0]!.message).toContain('not MOTOR_RUNNING');
    expect(events).toContainEqual(expect.objectContaining({ type: 'start-state', met: false, unmet: ['not MOTOR_RUNNING'] }));
    expect(events.some((e) => e.type === 'snapshot' || e.type === 'signal')).toBe(false);
    expect(port.passed).toEqual([]);
  });

  it('a communication drop mid-run ends the session as INTERRUPTED, never passed (wall clock: the Modbus client times out on real time)', async () => {
    await restartRig('wall');
    const { result, events } = await runSession('plc-safe-start-up', [
      { after: 100, write: 'PANEL.GUARD_CLOSED', value: 1 },
      { after: 200, write: 'FAULT.COMM_DROP_S', value: 3 },
      { after: 5000, write: 'PANEL.MODE_AUTO', value: 1 },
    ]);
    expect(result.verdict).toBe('INTERRUPTED');
    expect(result.reasons[0]).toMatchObject({ code: 'LINK_LOST' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'link', state: 'lost' }));
  });
});
