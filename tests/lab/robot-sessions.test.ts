/**
 * Robot-cell sessions end to end over real OPC UA on loopback: the robot cell stand-in on port 0,
 * the runtime's OPC UA subscriber (through LabRuntime and SessionRunner) reporting to the
 * InMemoryLabPort, and a scripted student acting on the cell over its own OPC UA session.
 *
 * Most runs are on virtual time: the cell's model, the runtime's judge ticks and time limits, and
 * the student's pauses share one virtual scheduler, while the sockets stay real. OPC UA delivers
 * on node-opcua's own (real) publishing timers, so whenever the cell's signals change the driver
 * waits a few real publishing intervals before moving time again ({@link settleOnChange}); a
 * pause or a time limit with nothing changing costs no waiting. Three runs stay on the wall
 * clock: a pass, a stalled subscription and a server restart (both detected by real timers).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createVirtualClock, startRobotCell, type RobotCell, type VirtualClock } from '../../simulators';
import type { ExerciseDefinition } from '../../src/lab/exercises/exercise.types';
import type { OpcUaSubscriberOptions } from '../../src/lab/runtime/opcua.subscriber';
import type { StationConfig } from '../../src/lab/runtime/station.types';
import { onVirtualTime, reasonsOf, runSession as runOn, settleOnChange, withStepLimit } from '../support/lab-session';
import { OpcUaStudent, robotTagMap } from '../support/opcua-student';

// One PKI folder per run: the server certificate is made on the first start and reused.
const pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-lab-robot-pki-'));
const tagMap = robotTagMap();
/** Publishing interval the runtime asks for on virtual time, ms of wall time (the cell grants 10). */
const PUBLISH_MS = 10;
let scheduler: VirtualClock | undefined;
let cell: RobotCell;
let student: OpcUaStudent;
let station: StationConfig;

async function startRig(time: 'virtual' | 'wall'): Promise<void> {
  scheduler = time === 'virtual' ? createVirtualClock(Date.parse('2026-03-02T09:00:00Z')) : undefined;
  cell = await startRobotCell({ port: 0, pkiDir, seed: 3, ...(scheduler ? { clock: scheduler } : {}) });
  station = {
    id: 'robot-1',
    kind: 'ROBOT_CELL',
    address: { protocol: 'OPC_UA', endpointUrl: cell.endpointUrl, user: { userName: 'operator', password: 'operator' } },
    tagMap,
  };
  student = new OpcUaStudent(tagMap, undefined, scheduler);
  await student.connect(cell.endpointUrl);
}

async function stopRig(): Promise<void> {
  await student.close();
  await cell.stop();
}

/** Swaps the virtual-time rig for one on the wall clock (the test's first line). */
async function onWallClock(): Promise<void> {
  await stopRig();
  await startRig('wall');
}

beforeEach(() => startRig('virtual'));
afterEach(() => stopRig());
afterAll(() => fs.rmSync(pkiDir, { recursive: true, force: true }));

/** Runs one session while the student plays `script`, on the rig's time; returns the stored verdict and evidence. */
function runSession(exercise: string | ExerciseDefinition, script: (s: OpcUaStudent) => Promise<void>, opcua: OpcUaSubscriberOptions = {}) {
  const run = () =>
    runOn(exercise, () => script(student), {
      station,
      studentId: 'student-7',
      opcua: { stallMs: 1000, ...(scheduler ? { samplingMs: PUBLISH_MS } : {}), ...opcua },
      ...(scheduler ? { scheduler } : {}),
    });
  if (!scheduler) return run();
  const rigCell = cell;
  return onVirtualTime(scheduler, run, { stepMs: 10, settle: settleOnChange(() => rigCell.state(), 3 * PUBLISH_MS) });
}

describe('robot cell sessions over OPC UA with a scripted student', () => {
  it('safe cell entry done right passes with full score; the readiness event names the hazard category', () => safeCellEntryPasses());

  it('on the wall clock too: safe cell entry done right passes over real OPC UA, on real timers', async () => {
    await onWallClock();
    await safeCellEntryPasses();
  });

  async function safeCellEntryPasses() {
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
  }

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
    const { result } = await runSession(withStepLimit('robot-protective-stop-recovery', 2500), async () => undefined);
    expect(result.verdict).toBe('FAILED');
    expect(reasonsOf(result)).toEqual([{ code: 'STEP_TIME_LIMIT', stepId: 'reset-fault' }]);
  });

  it('a stalled subscription (no data, keep-alives only) ends the run as INTERRUPTED, never passed', async () => {
    // Detected by real timers (the subscriber's watchdog, node-opcua's reconnection): on the wall clock.
    await onWallClock();
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
    // Detected by real timers (the subscriber's watchdog, node-opcua's reconnection): on the wall clock.
    await onWallClock();
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
