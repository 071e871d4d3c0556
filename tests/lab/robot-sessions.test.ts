/**
 * Robot-cell sessions end to end over real OPC UA on loopback: the robot cell stand-in on port 0,
 * the runtime's OPC UA subscriber (through LabRuntime and SessionRunner) reporting to the
 * InMemoryLabPort, and a scripted student acting on the cell over its own OPC UA session.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRobotCell, type RobotCell } from '../../simulators';
import type { ExerciseDefinition } from '../../src/lab/exercises/exercise.types';
import { InMemoryLabPort } from '../../src/lab/runtime/lab.port';
import { LabRuntime } from '../../src/lab/runtime/lab.runtime';
import type { OpcUaSubscriberOptions } from '../../src/lab/runtime/opcua.subscriber';
import type { StationConfig } from '../../src/lab/runtime/station.types';
import { OpcUaStudent, robotTagMap } from '../support/opcua-student';
import { fixtureExercise } from '../support/scripted-student';

// One PKI folder per run: the server certificate is made on the first start and reused.
const pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-lab-robot-pki-'));
const tagMap = robotTagMap();
let cell: RobotCell;
let student: OpcUaStudent;
let station: StationConfig;

beforeEach(async () => {
  cell = await startRobotCell({ port: 0, pkiDir, seed: 3 });
  station = {
    id: 'robot-1',
    kind: 'ROBOT_CELL',
    address: { protocol: 'OPC_UA', endpointUrl: cell.endpointUrl, user: { userName: 'operator', password: 'operator' } },
    tagMap,
  };
  student = new OpcUaStudent(tagMap);
  await student.connect(cell.endpointUrl);
});

afterEach(async () => {
  await student.close();
  await cell.stop();
});

afterAll(() => fs.rmSync(pkiDir, { recursive: true, force: true }));

/** Runs one session while the student plays `script`; returns the stored verdict and evidence. */
async function runSession(exercise: string | ExerciseDefinition, script: (s: OpcUaStudent) => Promise<void>, opcua: OpcUaSubscriberOptions = {}) {
  const port = new InMemoryLabPort();
  const runtime = new LabRuntime({ port, opcua: { stallMs: 1000, ...opcua } });
  try {
    const started = await runtime.startSession({
      station,
      exercise: typeof exercise === 'string' ? fixtureExercise(exercise) : exercise,
      studentId: 'student-7',
    });
    if (!started.sessionId) throw new Error(String(started.error));
    const verdict = runtime.result(started.sessionId) ?? port.verdictOf(started.sessionId);
    const play = script(student);
    // A student who is still acting when the verdict lands (a failed run) is simply stopped.
    play.catch(() => undefined);
    const result = await Promise.race([verdict, play.then(() => verdict)]);
    return { result, port, events: port.events.get(started.sessionId)! };
  } finally {
    await runtime.stop();
  }
}

const reasonsOf = (r: { reasons: readonly { code: string; stepId?: string; invariantId?: string }[] }) =>
  r.reasons.map((x) => ({ code: x.code, ...(x.stepId ? { stepId: x.stepId } : {}), ...(x.invariantId ? { invariantId: x.invariantId } : {}) }));

/** Shortens every step's time limit (keeps a "student does nothing" run brief). */
function withStepLimits(name: string, ms: number): ExerciseDefinition {
  const def = fixtureExercise(name);
  return { ...def, blocks: def.blocks.map((b) => ({ ...b, steps: b.steps.map((s) => ({ ...s, timeLimitMs: Math.min(s.timeLimitMs, ms) })) })) };
}

describe('robot cell sessions over OPC UA with a scripted student', () => {
  it('safe cell entry done right passes with full score; the readiness event names the hazard category', async () => {
    const { result, port, events } = await runSession('robot-safe-cell-entry', async (s) => {
      await s.pause(200);
      expect(await s.call('RequestAccess')).toBe('Good');
      await s.waitFor('ACCESS.GRANTED', true); // the robot finishes its cycle first
      await s.pause(200);
      await s.write('OPERATOR.OPEN_DOOR', true);
      await s.pause(200);
      await s.write('OPERATOR.IN_CELL', true);
      await s.pause(400);
      await s.write('OPERATOR.IN_CELL', false);
      await s.pause(200);
      await s.write('OPERATOR.OPEN_DOOR', false);
      await s.pause(200);
      expect(await s.call('StartProgram')).toBe('Good');
    });
    expect(result).toMatchObject({ verdict: 'PASSED', score: 100, reasons: [] });
    expect(result.lastSeq).toBe(events.length);
    const completed = events.flatMap((e) => (e.type === 'finding' && e.finding.kind === 'step-completed' ? [e.finding.stepId] : []));
    expect(completed).toEqual(['request-access', 'wait-for-stop', 'open-door', 'enter-cell', 'leave-cell', 'close-door', 'restart-program']);
    expect(port.passed).toEqual([expect.objectContaining({ exerciseId: 'robot.safe-cell-entry', studentId: 'student-7', score: 100 })]);
  });

  it('safe cell entry: stepping through the light curtain without access fails naming the invariant', async () => {
    const { result, port } = await runSession('robot-safe-cell-entry', async (s) => {
      await s.pause(300);
      await s.write('OPERATOR.BREAK_LIGHT_CURTAIN', true);
    });
    expect(result.verdict).toBe('FAILED');
    expect(reasonsOf(result)).toEqual([{ code: 'INVARIANT_BROKEN', invariantId: 'entered-without-access' }]);
    expect(port.passed).toEqual([]);
  });

  it('teach mode: T1 at reduced speed (≤ 250 mm/s) holding the enabling device passes', async () => {
    const { result, events } = await runSession('robot-teach-t1', async (s) => {
      await s.pause(200);
      expect(await s.call('Stop')).toBe('Good');
      await s.waitFor('ROBOT.MOVING', false);
      await s.pause(200);
      expect(await s.call('SetMode', 'T1')).toBe('Good');
      await s.pause(200);
      await s.write('OPERATOR.ENABLING_DEVICE', true);
      await s.write('OPERATOR.JOG', 400); // asks for more: the cell caps T1 at 250 mm/s
      await s.pause(1600);
      await s.write('OPERATOR.JOG', 0);
      await s.write('OPERATOR.ENABLING_DEVICE', false);
    });
    expect(result).toMatchObject({ verdict: 'PASSED', score: 100 });
    const speeds = events.flatMap((e) => (e.type === 'signal' && e.tag === 'ROBOT.TCP_SPEED' ? [e.value as number] : []));
    expect(speeds).toContain(250);
  });

  it('teach mode: selecting T2 fails at once naming the invariant', async () => {
    const { result } = await runSession('robot-teach-t1', async (s) => {
      await s.pause(200);
      await s.call('Stop');
      await s.waitFor('ROBOT.MOVING', false);
      await s.call('SetMode', 'T2');
    });
    expect(result.verdict).toBe('FAILED');
    expect(reasonsOf(result)).toEqual([{ code: 'INVARIANT_BROKEN', invariantId: 't2-selected' }]);
  });

  it('protective-stop recovery: the engine breaks the curtain; waiting for it to clear, reset and restart passes', async () => {
    const { result, events } = await runSession('robot-protective-stop-recovery', async (s) => {
      await s.waitFor('ROBOT.PROTECTIVE_STOP', true);
      await s.waitFor('LIGHT_CURTAIN.CLEAR', true); // cleared by the engine's second stimulus
      await s.pause(200);
      expect(await s.call('ResetFault')).toBe('Good');
      await s.pause(200);
      expect(await s.call('StartProgram')).toBe('Good');
    });
    expect(result).toMatchObject({ verdict: 'PASSED', score: 100 });
    const stimuli = events.flatMap((e) => (e.type === 'action' && e.purpose === 'stimulus' ? [[e.stimulusId, e.ok]] : []));
    expect(stimuli).toEqual([
      ['someone-breaks-curtain', true],
      ['curtain-cleared', true],
    ]);
  });

  it('protective-stop recovery: a student who never resets fails naming the reset step', async () => {
    // Step limits shortened to 2.5 s so the run that waits out the limit stays short.
    const { result } = await runSession(withStepLimits('robot-protective-stop-recovery', 2500), async () => undefined);
    expect(result.verdict).toBe('FAILED');
    expect(reasonsOf(result)).toEqual([{ code: 'STEP_TIME_LIMIT', stepId: 'reset-fault' }]);
  });

  it('a stalled subscription (no data, keep-alives only) ends the run as INTERRUPTED, never passed', async () => {
    const { result, port, events } = await runSession('robot-safe-cell-entry', async () => {
      await cell.inject({ kind: 'SUBSCRIPTION_STALL', seconds: 30 });
    });
    expect(result.verdict).toBe('INTERRUPTED');
    expect(result.reasons[0]).toMatchObject({ code: 'LINK_LOST' });
    expect(result.reasons[0]!.message).toMatch(/stalled/);
    expect(events).toContainEqual(expect.objectContaining({ type: 'link', state: 'lost' }));
    expect(port.passed).toEqual([]);
  });

  it('a server restart mid-run ends the run as INTERRUPTED, even if the student then does everything right', async () => {
    const { result, port } = await runSession('robot-safe-cell-entry', async (s) => {
      await s.pause(200);
      await s.call('RequestAccess');
      await cell.restart(300);
    });
    expect(result.verdict).toBe('INTERRUPTED');
    expect(result.reasons[0]).toMatchObject({ code: 'LINK_LOST' });
    expect(port.passed).toEqual([]);
  });
});
