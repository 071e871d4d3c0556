import path from 'node:path';
import { loadExerciseFile } from '../exercises/exercise.loader';
import { compileExercise, type Finding, type JudgeInput, judge, judgeInPlace, nextDeadline, replay, startRun } from './judge.rules';
import { plcIdle, safeStartUpRuns } from './plc-timelines.fixtures';
import type { SignalValue } from './signal.types';

const fixture = (name: string) => compileExercise(loadExerciseFile(path.join(__dirname, '..', '..', '..', 'fixtures', 'exercises', `${name}.yaml`)));

/** A synthetic timeline: [ms after start, changes] → judge inputs (with ticks every 100 ms between). */
function timeline(points: Array<[number, Record<string, SignalValue>]>, t0 = 1_000_000): JudgeInput[] {
  const out: JudgeInput[] = [];
  let last = 0;
  for (const [ms, changes] of points) {
    for (let t = last + 100; t < ms; t += 100) out.push({ kind: 'tick', at: t0 + t });
    out.push(Object.entries(changes).map(([tag, value]) => ({ tag, value, at: t0 + ms })));
    last = ms;
  }
  return out;
}

function verdictOf(findings: readonly Finding[]) {
  const v = findings.find((f) => f.kind === 'verdict');
  if (!v || v.kind !== 'verdict') throw new Error('no verdict');
  return v;
}

const T0 = 1_000_000;

describe('judge: plc.safe-start-up', () => {
  const ex = fixture('plc-safe-start-up');
  const correct = timeline(safeStartUpRuns.correct);

  it('passes a correct run with full score; the any-order block accepts either order', () => {
    const { findings } = replay(ex, T0, plcIdle, correct);
    expect(verdictOf(findings)).toMatchObject({ verdict: 'PASSED', score: 100, reasons: [] });
    const done = findings.filter((f) => f.kind === 'step-completed').map((f) => (f as { stepId: string }).stepId);
    expect(done).toEqual(['select-auto', 'close-guard', 'isolator-on', 'reset-safety', 'start-conveyor', 'stop-normally']);
  });

  it('fails at once when the guard is opened while the belt still moves, naming the invariant', () => {
    const wrong = timeline(safeStartUpRuns.guardOpenedOnMovingBelt);
    const v = verdictOf(replay(ex, T0, plcIdle, wrong).findings);
    expect(v).toMatchObject({ verdict: 'FAILED', at: T0 + 4000 });
    expect(v.reasons).toEqual([expect.objectContaining({ code: 'INVARIANT_BROKEN', invariantId: 'guard-open-belt-moving' })]);
  });

  it('fails naming the step whose time limit ran out (safety chain never re-armed)', () => {
    const wrong = timeline(safeStartUpRuns.stepTimeLimit);
    const v = verdictOf(replay(ex, T0, plcIdle, wrong).findings);
    expect(v.reasons).toEqual([expect.objectContaining({ code: 'STEP_TIME_LIMIT', stepId: 'reset-safety', at: T0 + 2000 + 30_000 })]);
  });

  it('an e-stop used to stop costs the penalty and fails on the pass mark', () => {
    const wrong = timeline(safeStartUpRuns.estopUsedToStop);
    const { findings } = replay(ex, T0, plcIdle, wrong);
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'invariant-broken', invariantId: 'estop-for-normal-stop', penalty: 20 }));
    expect(verdictOf(findings)).toMatchObject({ verdict: 'FAILED', score: 80, reasons: [expect.objectContaining({ code: 'SCORE_BELOW_PASS_MARK' })] });
  });

  it('replaying the same timeline 20 times gives 20 identical verdicts and findings', () => {
    const runs = Array.from({ length: 20 }, () => JSON.stringify(replay(ex, T0, plcIdle, correct).findings));
    expect(new Set(runs).size).toBe(1);
  });

  it('never mutates the state it is given', () => {
    const { state } = startRun(ex, T0, plcIdle);
    const before = JSON.stringify(state);
    judge(state, [{ tag: 'MODE_AUTO', value: true, at: T0 + 10 }]);
    expect(JSON.stringify(state)).toBe(before);
  });

  it("judgeInPlace (the runner's path) gives the same findings and final state as judge, for a passing and a failing timeline", () => {
    const wrong = timeline(safeStartUpRuns.guardOpenedOnMovingBelt);
    for (const inputs of [correct, wrong]) {
      const pure = replay(ex, T0, plcIdle, inputs);
      const started = startRun(ex, T0, plcIdle);
      const inPlace = [...started.findings];
      for (const input of inputs) inPlace.push(...judgeInPlace(started.state, input));
      expect(inPlace).toEqual(pure.findings);
      expect(JSON.stringify(started.state)).toBe(JSON.stringify(pure.state));
    }
  });

  it('asks to be ticked when a held() duration matures', () => {
    // Motor started at +3000 and held(MOTOR_RUNNING, 2s) matures at +5000.
    const upToStart = correct.filter((i) => (Array.isArray(i) ? (i[0]?.at ?? Infinity) : (i as { at: number }).at) <= T0 + 3100);
    const { state } = replay(ex, T0, plcIdle, upToStart);
    expect(nextDeadline(state)).toBe(T0 + 5000);
  });
});

describe('judge: plc.emergency-stop-restart', () => {
  const ex = fixture('plc-emergency-stop-restart');
  const ready = { ...plcIdle, ISOLATOR_ON: true, GUARD_CLOSED: true, MODE_AUTO: true, SAFETY_OK: true };
  it('passes a correct run', () => {
    const run = timeline([
      [500, { MOTOR_RUNNING: true, CONVEYOR_SPEED: 200 }],
      [3000, { ESTOP_PRESSED: true, SAFETY_OK: false, MOTOR_RUNNING: false, CONVEYOR_SPEED: 100 }],
      [3300, { CONVEYOR_SPEED: 0 }],
      [4500, { ESTOP_PRESSED: false }],
      [5000, { SAFETY_OK: true }],
      [5500, { MOTOR_RUNNING: true, CONVEYOR_SPEED: 200 }],
      [6600, {}],
    ]);
    expect(verdictOf(replay(ex, T0, ready, run).findings)).toMatchObject({ verdict: 'PASSED', score: 100 });
  });
  it('penalises START with the e-stop latched and fails naming the step never done (no reset)', () => {
    const run = timeline([
      [500, { MOTOR_RUNNING: true, CONVEYOR_SPEED: 200 }],
      [3000, { ESTOP_PRESSED: true, SAFETY_OK: false, MOTOR_RUNNING: false, CONVEYOR_SPEED: 0 }],
      [4000, { START_PB: true }],
      [4100, { START_PB: false }],
      [4500, { ESTOP_PRESSED: false }],
      [36_000, {}],
    ]);
    const { findings } = replay(ex, T0, ready, run);
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'invariant-broken', invariantId: 'start-with-estop-latched' }));
    expect(verdictOf(findings).reasons).toEqual([expect.objectContaining({ code: 'STEP_TIME_LIMIT', stepId: 'reset-safety' })]);
  });
});

describe('judge: plc.lockout-clear-jam', () => {
  const ex = fixture('plc-lockout-clear-jam');
  const ready = { ...plcIdle, ISOLATOR_ON: true, GUARD_CLOSED: true, MODE_AUTO: true, SAFETY_OK: true };
  it('issues the jam stimulus 1 s after the stop step starts and passes a correct lock-out', () => {
    const run = timeline([
      [500, { MOTOR_RUNNING: true, CONVEYOR_SPEED: 200 }],
      [1600, { JAMMED: 1, CONVEYOR_SPEED: 0 }],
      [2000, { STOP_PB: true, MOTOR_RUNNING: false }],
      [2100, { STOP_PB: false }],
      [3000, { ISOLATOR_ON: false }],
      [3500, { GUARD_CLOSED: false }],
      [4000, { JAMMED: 0 }],
      [4500, { GUARD_CLOSED: true }],
      [5000, { ISOLATOR_ON: true }],
      [5500, { MOTOR_RUNNING: true, CONVEYOR_SPEED: 200 }],
      [6600, {}],
    ]);
    const { findings } = replay(ex, T0, ready, run);
    expect(findings).toContainEqual({
      kind: 'stimulus-due',
      stimulusId: 'jam-a-box',
      action: { kind: 'write', tag: 'FAULT.JAM', value: 1 },
      at: T0 + 500 + 1000,
    });
    expect(verdictOf(findings)).toMatchObject({ verdict: 'PASSED', score: 100 });
  });
  it('fails when the jam is cleared by hand with the isolator on', () => {
    const run = timeline([
      [500, { MOTOR_RUNNING: true }],
      [1600, { JAMMED: 1 }],
      [2000, { MOTOR_RUNNING: false }],
      [2500, { GUARD_CLOSED: false }],
      [3000, { UNSAFE_ACTS: 4 }],
    ]);
    const { findings } = replay(ex, T0, ready, run);
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'invariant-broken', invariantId: 'guard-open-energised', severity: 'penalty' }));
    expect(verdictOf(findings).reasons).toEqual([expect.objectContaining({ code: 'INVARIANT_BROKEN', invariantId: 'hand-in-energised-machine' })]);
  });
});

describe('judge: plc.stuck-sensor-diagnosis', () => {
  const ex = fixture('plc-stuck-sensor-diagnosis');
  const ready = { ...plcIdle, ISOLATOR_ON: true, GUARD_CLOSED: true, MODE_AUTO: true, SAFETY_OK: true };
  const toFault: Array<[number, Record<string, SignalValue>]> = [
    [500, { MOTOR_RUNNING: true }],
    [1000, { EXIT_EYE: true }],
    [3000, { MOTOR_RUNNING: false }],
  ];
  it('passes when the student goes to manual and isolates before the sensor is replaced', () => {
    const run = timeline([
      ...toFault,
      [4000, { MODE_AUTO: false }],
      [5000, { ISOLATOR_ON: false }],
      [5600, { EXIT_EYE: false }],
      [6000, { ISOLATOR_ON: true, MODE_AUTO: true }],
      [7000, { MOTOR_RUNNING: true }],
      [9100, {}],
    ]);
    const { findings } = replay(ex, T0, ready, run);
    expect(findings.filter((f) => f.kind === 'stimulus-due').map((f) => (f as { stimulusId: string }).stimulusId)).toEqual([
      'exit-eye-sticks',
      'replace-exit-eye',
    ]);
    expect(verdictOf(findings)).toMatchObject({ verdict: 'PASSED', score: 100 });
  });
  it('penalises restarts into the fault and fails naming the step not done', () => {
    const run = timeline([
      ...toFault,
      [3500, { START_PB: true }],
      [3600, { START_PB: false }],
      [3700, { START_PB: true }],
      [3800, { START_PB: false }],
      [40_000, {}],
    ]);
    const { findings } = replay(ex, T0, ready, run);
    expect(findings.filter((f) => f.kind === 'invariant-broken')).toHaveLength(2);
    expect(verdictOf(findings).reasons).toEqual([expect.objectContaining({ code: 'STEP_TIME_LIMIT', stepId: 'manual-mode' })]);
  });
});

const robotRunning: Record<string, SignalValue> = {
  'ROBOT.MODE': 'AUTO',
  'ROBOT.PROGRAM_STATE': 'RUNNING',
  'ROBOT.MOVING': true,
  'ROBOT.TCP_SPEED': 800,
  'ROBOT.PROTECTIVE_STOP': false,
  'ROBOT.EMERGENCY_STOP': false,
  'DOOR.CLOSED': true,
  'DOOR.LOCKED': true,
  'LIGHT_CURTAIN.CLEAR': true,
  'ACCESS.REQUESTED': false,
  'ACCESS.GRANTED': false,
  'OPERATOR.IN_CELL': false,
  'OPERATOR.ENABLING_DEVICE': false,
};

describe('judge: robot.safe-cell-entry', () => {
  const ex = fixture('robot-safe-cell-entry');
  it('passes request → stop → enter → leave → restart', () => {
    const run = timeline([
      [500, { 'ACCESS.REQUESTED': true }],
      [1500, { 'ROBOT.MOVING': false, 'ROBOT.TCP_SPEED': 0, 'ROBOT.PROGRAM_STATE': 'STOPPED', 'ACCESS.GRANTED': true, 'DOOR.LOCKED': false }],
      [2000, { 'DOOR.CLOSED': false }],
      [2500, { 'OPERATOR.IN_CELL': true, 'LIGHT_CURTAIN.CLEAR': false }],
      [4000, { 'OPERATOR.IN_CELL': false, 'LIGHT_CURTAIN.CLEAR': true }],
      [4500, { 'DOOR.CLOSED': true }],
      [5000, { 'ACCESS.GRANTED': false, 'ACCESS.REQUESTED': false, 'ROBOT.PROGRAM_STATE': 'RUNNING', 'ROBOT.MOVING': true }],
    ]);
    expect(verdictOf(replay(ex, T0, robotRunning, run).findings)).toMatchObject({ verdict: 'PASSED', score: 100 });
  });
  it('completes a step already true when it becomes active, on a quiet station (no later change)', () => {
    // The grant arrives in the same batch as the request: wait-for-stop is true the moment it
    // becomes active, and nothing changes afterwards. It must be done at the next tick, not time out.
    const { state } = startRun(ex, T0, robotRunning);
    const after = judge(state, [
      { tag: 'ACCESS.REQUESTED', value: true, at: T0 + 500 },
      { tag: 'ACCESS.GRANTED', value: true, at: T0 + 500 },
      { tag: 'ROBOT.MOVING', value: false, at: T0 + 500 },
    ]).state;
    const due = nextDeadline(after)!;
    expect(due).toBe(T0 + 501);
    expect(judge(after, { kind: 'tick', at: due }).findings).toContainEqual(expect.objectContaining({ kind: 'step-completed', stepId: 'wait-for-stop' }));
  });
  it('fails when someone steps through the light curtain without access', () => {
    const run = timeline([[500, { 'LIGHT_CURTAIN.CLEAR': false, 'ROBOT.PROTECTIVE_STOP': true, 'ROBOT.MOVING': false }]]);
    expect(verdictOf(replay(ex, T0, robotRunning, run).findings).reasons).toEqual([expect.objectContaining({ invariantId: 'entered-without-access' })]);
  });
});

describe('judge: robot.teach-t1', () => {
  const ex = fixture('robot-teach-t1');
  it('passes a T1 jog under 250 mm/s with the enabling device', () => {
    const run = timeline([
      [500, { 'ROBOT.PROGRAM_STATE': 'STOPPED', 'ROBOT.MOVING': false, 'ROBOT.TCP_SPEED': 0 }],
      [1000, { 'ROBOT.MODE': 'T1' }],
      [1500, { 'OPERATOR.ENABLING_DEVICE': true }],
      [1600, { 'ROBOT.MOVING': true, 'ROBOT.TCP_SPEED': 250 }],
      [2700, {}],
      [3000, { 'OPERATOR.ENABLING_DEVICE': false, 'ROBOT.MOVING': false, 'ROBOT.TCP_SPEED': 0 }],
    ]);
    expect(verdictOf(replay(ex, T0, robotRunning, run).findings)).toMatchObject({ verdict: 'PASSED', score: 100 });
  });
  it('allows the stopping time after the enabling device is released (values seen one by one), but not motion that goes on', () => {
    const upToJog = [
      [500, { 'ROBOT.PROGRAM_STATE': 'STOPPED', 'ROBOT.MOVING': false, 'ROBOT.TCP_SPEED': 0 }],
      [1000, { 'ROBOT.MODE': 'T1' }],
      [1500, { 'OPERATOR.ENABLING_DEVICE': true }],
      [1600, { 'ROBOT.MOVING': true, 'ROBOT.TCP_SPEED': 250 }],
      [2700, {}],
    ] as Array<[number, Record<string, SignalValue>]>;
    const stopsIn60ms = timeline([...upToJog, [3000, { 'OPERATOR.ENABLING_DEVICE': false }], [3060, { 'ROBOT.MOVING': false, 'ROBOT.TCP_SPEED': 0 }]]);
    expect(verdictOf(replay(ex, T0, robotRunning, stopsIn60ms).findings)).toMatchObject({ verdict: 'PASSED', score: 100 });
    const goesOn = timeline([...upToJog, [3000, { 'OPERATOR.ENABLING_DEVICE': false }], [3600, { 'ROBOT.MOVING': false, 'ROBOT.TCP_SPEED': 0 }]]);
    expect(verdictOf(replay(ex, T0, robotRunning, goesOn).findings).reasons).toEqual([
      expect.objectContaining({ code: 'INVARIANT_BROKEN', invariantId: 'moving-without-enabling', at: T0 + 3300 }),
    ]);
  });
  it('fails at once when T2 is selected', () => {
    const run = timeline([
      [500, { 'ROBOT.PROGRAM_STATE': 'STOPPED', 'ROBOT.MOVING': false }],
      [1000, { 'ROBOT.MODE': 'T2' }],
    ]);
    expect(verdictOf(replay(ex, T0, robotRunning, run).findings).reasons).toEqual([expect.objectContaining({ invariantId: 't2-selected' })]);
  });
});

describe('judge: robot.protective-stop-recovery', () => {
  const ex = fixture('robot-protective-stop-recovery');
  it('passes reset and restart after the curtain is clear', () => {
    const run = timeline([
      [1000, { 'LIGHT_CURTAIN.CLEAR': false, 'ROBOT.PROTECTIVE_STOP': true, 'ROBOT.MOVING': false, 'ROBOT.PROGRAM_STATE': 'STOPPED' }],
      [2500, { 'LIGHT_CURTAIN.CLEAR': true }],
      [3000, { 'ROBOT.PROTECTIVE_STOP': false }],
      [3500, { 'ROBOT.PROGRAM_STATE': 'RUNNING', 'ROBOT.MOVING': true }],
    ]);
    const { findings } = replay(ex, T0, robotRunning, run);
    expect(findings.filter((f) => f.kind === 'stimulus-due')).toHaveLength(2);
    expect(verdictOf(findings)).toMatchObject({ verdict: 'PASSED', score: 100 });
  });
  it('allows the stopping time after the curtain is broken, but fails a robot that keeps moving', () => {
    const stops = timeline([
      [1000, { 'LIGHT_CURTAIN.CLEAR': false }],
      [1050, { 'ROBOT.PROTECTIVE_STOP': true, 'ROBOT.MOVING': false, 'ROBOT.PROGRAM_STATE': 'STOPPED' }],
    ]);
    expect(replay(ex, T0, robotRunning, stops).findings.filter((f) => f.kind === 'invariant-broken')).toEqual([]);
    const keepsMoving = timeline([
      [1000, { 'LIGHT_CURTAIN.CLEAR': false }],
      [2000, {}],
    ]);
    expect(verdictOf(replay(ex, T0, robotRunning, keepsMoving).findings).reasons).toEqual([
      expect.objectContaining({ code: 'INVARIANT_BROKEN', invariantId: 'moving-with-curtain-broken', at: T0 + 1300 }),
    ]);
  });
  it('fails naming the reset step when the student never resets', () => {
    const run = timeline([
      [1000, { 'LIGHT_CURTAIN.CLEAR': false, 'ROBOT.PROTECTIVE_STOP': true, 'ROBOT.MOVING': false }],
      [2500, { 'LIGHT_CURTAIN.CLEAR': true }],
      [34_000, {}],
    ]);
    expect(verdictOf(replay(ex, T0, robotRunning, run).findings).reasons).toEqual([
      expect.objectContaining({ code: 'STEP_TIME_LIMIT', stepId: 'reset-fault' }),
    ]);
  });
});

describe('judge: ends from outside', () => {
  it('turns an end request into INTERRUPTED or ABORTED and ignores later input', () => {
    const ex = fixture('plc-safe-start-up');
    const { state } = startRun(ex, T0, plcIdle);
    const r = judge(state, { kind: 'end', verdict: 'INTERRUPTED', at: T0 + 50, message: 'link lost' });
    expect(verdictOf(r.findings)).toMatchObject({ verdict: 'INTERRUPTED', reasons: [expect.objectContaining({ code: 'LINK_LOST' })] });
    expect(judge(r.state, { kind: 'tick', at: T0 + 99_999 }).findings).toEqual([]);
  });
});
