import { evaluateCondition, newConditionMemory, nextConditionDeadline } from './condition.evaluator';
import { ConditionSyntaxError, parseCondition } from './condition.parser';
import type { SignalValue } from './signal.types';

function syntaxError(source: string): ConditionSyntaxError {
  try {
    parseCondition(source);
  } catch (e) {
    if (e instanceof ConditionSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected a syntax error for ${source}`);
}

/** Evaluates a condition over a timeline of [time, signals] points, returning its truth at each. */
function run(source: string, timeline: Array<[number, Record<string, SignalValue>]>, anchor?: number): boolean[] {
  const c = parseCondition(source);
  const mem = newConditionMemory(c);
  let signals: Record<string, SignalValue> = {};
  return timeline.map(([now, changes]) => {
    signals = { ...signals, ...changes };
    return evaluateCondition(c, mem, { signals, now, anchor });
  });
}

describe('condition parser', () => {
  it('parses dotted signal names, literals, comparisons and precedence into an AST', () => {
    const c = parseCondition('not DOOR.CLOSED and ROBOT.MOVING or ROBOT.MODE == "T1" and ROBOT.TCP_SPEED <= 250');
    expect(c.ast.type).toBe('or');
    expect(c.signals).toEqual(['DOOR.CLOSED', 'ROBOT.MODE', 'ROBOT.MOVING', 'ROBOT.TCP_SPEED']);
    const left = (c.ast as { left: { type: string; left: { type: string } } }).left;
    expect(left.type).toBe('and');
    expect(left.left.type).toBe('not');
  });

  it('parses edges, held with a duration and within … after', () => {
    const c = parseCondition('rose(START_PB) and held(MOTOR_RUNNING, 1.5s) or MOTOR_RUNNING == false within 500ms after ESTOP_PRESSED');
    expect(c.slotCount).toBe(4);
    const w = (c.ast as { right: { type: string; ms: number; after: unknown } }).right;
    expect(w.type).toBe('within');
    expect(w.ms).toBe(500);
    expect(w.after).toMatchObject({ type: 'signal', name: 'ESTOP_PRESSED' });
  });

  it.each([
    ['START_PB = 1', 9, '"=" is not an operator'],
    ['(START_PB and STOP_PB', 21, 'expected ")"'],
    ['held(MOTOR_RUNNING, 2)', 20, 'needs a unit'],
    ['START_PB and', 12, 'ended too early'],
    ['A && B', 2, 'use "and"'],
    ['ROBOT.', 5, 'cannot end with "."'],
    ['', 0, 'empty condition'],
    ['1 < A < 3', 6, 'cannot be chained'],
    ['rose START_PB', 5, 'expected "("'],
    ['A == "open', 5, 'unterminated string'],
  ])('refuses %j with a clear message and position', (source, position, reason) => {
    const e = syntaxError(source);
    expect(e.position).toBe(position);
    expect(e.message).toContain(reason);
    expect(e.message).toContain(`column ${position + 1}`);
  });
});

describe('condition evaluator', () => {
  it('compares booleans with 0/1 and treats unknown signals as false', () => {
    expect(run('FAULT.JAM == 1', [[0, { 'FAULT.JAM': true }]])).toEqual([true]);
    expect(run('X > 3 or not Y', [[0, {}]])).toEqual([true]);
    expect(run('X > 3', [[0, {}]])).toEqual([false]);
    expect(run('ROBOT.MODE != "AUTO"', [[0, { 'ROBOT.MODE': 'T1' }]])).toEqual([true]);
  });

  it('rose/fell fire only at the change, never on the first evaluation', () => {
    const tl: Array<[number, Record<string, SignalValue>]> = [
      [0, { S: true }],
      [10, { S: false }],
      [20, { S: true }],
      [30, {}],
    ];
    expect(run('rose(S)', tl)).toEqual([false, false, true, false]);
    expect(run('fell(S)', tl)).toEqual([false, true, false, false]);
    expect(run('changed(S)', tl)).toEqual([false, true, true, false]);
  });

  it('held needs the condition continuously true for the duration', () => {
    const tl: Array<[number, Record<string, SignalValue>]> = [
      [0, { M: true }],
      [1500, {}],
      [1600, { M: false }],
      [1700, { M: true }],
      [3699, {}],
      [3700, {}],
    ];
    expect(run('held(M, 2s)', tl)).toEqual([false, false, false, false, false, true]);
  });

  it('within is true only inside the window from the anchor or from the rise of "after"', () => {
    expect(
      run(
        'DONE within 2s',
        [
          [1000, { DONE: true }],
          [3000, {}],
          [3001, {}],
        ],
        1000,
      ),
    ).toEqual([true, true, false]);
    const tl: Array<[number, Record<string, SignalValue>]> = [
      [0, { E: false, M: true }],
      [100, { E: true }],
      [900, { M: false }],
      [5000, { E: false, M: true }],
      [5100, { E: true }],
      [6200, { M: false }],
    ];
    expect(run('M == false within 1s after E', tl)).toEqual([false, false, true, false, false, false]);
  });

  it('reports the next moment a duration matures, so the runner can tick there', () => {
    const c = parseCondition('held(M, 2s)');
    const mem = newConditionMemory(c);
    evaluateCondition(c, mem, { signals: { M: true }, now: 500, anchor: undefined });
    expect(nextConditionDeadline(c, mem, 500, undefined)).toBe(2500);
  });
});
