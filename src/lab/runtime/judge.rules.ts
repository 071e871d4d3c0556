/**
 * The judge: a pure function from (RunState, input) to (RunState, findings). No I/O, no timers,
 * no protocol words. Feed it the same timestamped inputs and it gives the same findings and the
 * same verdict, every time.
 *
 * Order of work for one input at time t:
 *  1. everything due strictly before t happens first, in time order, at its own time: step time
 *     limits (a step is met if its condition holds at activation + limit, inclusive), the overall
 *     limit, stimuli falling due;
 *  2. the signal changes are applied (all changes of one batch at once, so one poll cycle never
 *     shows a half-updated plant);
 *  3. every condition is evaluated once at t (edges and durations stay up to date even for steps
 *     not yet active); safety invariants are judged before steps, so a run that breaks a
 *     fail-severity invariant with the same change that completes its last step fails;
 *  4. the active block's steps whose condition is true are done; a finished block activates the
 *     next one at t (its steps are judged from the next input on); stimuli due at ≤ t are issued.
 * The run ends at the first of: all steps done (PASSED when score ≥ pass mark), a fail-severity
 * invariant, a step limit with `onTimeout: fail`, the overall limit, or an {@link EndRequest}
 * from the runner (INTERRUPTED, ABORTED).
 */

import type { ExerciseDefinition, ExerciseStep, SafetyInvariant, StationAction, Stimulus } from '../exercises/exercise.types';
import { type ConditionMemory, evaluateCondition, newConditionMemory, nextConditionDeadline } from './condition.evaluator';
import { type CompiledCondition, parseCondition } from './condition.parser';
import type { SignalChange, SignalValue, Tick } from './signal.types';

/** How a run ended. */
export type Verdict = 'PASSED' | 'FAILED' | 'INTERRUPTED' | 'ABORTED';

/** Why a run did not pass (or, for PASSED, is empty). */
export type VerdictReasonCode =
  | 'STEP_TIME_LIMIT'
  | 'INVARIANT_BROKEN'
  | 'OVERALL_TIME_LIMIT'
  | 'SCORE_BELOW_PASS_MARK'
  | 'LINK_LOST'
  /**
   * The station never reached the exercise's start state after setup (verdict INTERRUPTED: the
   * run never began, so nothing about the student is judged; the message names what was unmet).
   */
  | 'START_STATE_NOT_MET'
  | 'ABORTED_BY_INSTRUCTOR'
  /** The verdict (or its evidence) could not be stored; the session ended INTERRUPTED on what was stored. */
  | 'VERDICT_NOT_STORED'
  /** A lab agent reported a verdict its stored evidence, re-judged on the server, does not give (INTERRUPTED). */
  | 'VERDICT_NOT_REPRODUCED';

/** One reason for a verdict, naming the step or invariant concerned. */
export interface VerdictReason {
  readonly code: VerdictReasonCode;
  readonly stepId?: string;
  readonly invariantId?: string;
  /** When it happened, ms since the epoch. */
  readonly at: number;
  /** English explanation for logs and the instructor (titles are localized in the exercise). */
  readonly message: string;
}

/** The end of a run. */
export interface RunVerdict {
  readonly verdict: Verdict;
  /** Points earned minus penalties, never below 0. */
  readonly score: number;
  readonly maxScore: number;
  readonly passMark: number;
  readonly reasons: readonly VerdictReason[];
  readonly at: number;
}

/** What the judge noticed while handling one input. */
export type Finding =
  | { readonly kind: 'step-activated'; readonly stepId: string; readonly at: number }
  | { readonly kind: 'step-completed'; readonly stepId: string; readonly points: number; readonly at: number }
  | { readonly kind: 'step-timed-out'; readonly stepId: string; readonly skipped: boolean; readonly at: number }
  | { readonly kind: 'invariant-broken'; readonly invariantId: string; readonly severity: 'fail' | 'penalty'; readonly penalty: number; readonly at: number }
  /** An instruction to the runner: apply this action to the station now. */
  | { readonly kind: 'stimulus-due'; readonly stimulusId: string; readonly action: StationAction; readonly at: number }
  | ({ readonly kind: 'verdict' } & RunVerdict);

/** Ends the run from outside the judge: link lost (INTERRUPTED) or instructor abort (ABORTED). */
export interface EndRequest {
  readonly kind: 'end';
  readonly verdict: 'INTERRUPTED' | 'ABORTED';
  readonly at: number;
  readonly message: string;
}

/** Anything the judge accepts. An array is one batch of changes observed together. */
export type JudgeInput = SignalChange | readonly SignalChange[] | Tick | EndRequest;

/** An exercise with its conditions parsed once; shared, never mutated. */
export interface CompiledExercise {
  readonly definition: ExerciseDefinition;
  /** All steps in order, flattened; `blockOf[i]` is the block index of step i. */
  readonly steps: readonly ExerciseStep[];
  readonly blockOf: readonly number[];
  readonly blockStarts: readonly number[];
  readonly stepConditions: readonly CompiledCondition[];
  readonly invariants: readonly SafetyInvariant[];
  readonly invariantConditions: readonly CompiledCondition[];
  readonly startConditions: readonly CompiledCondition[];
  readonly stimuli: readonly Stimulus[];
}

/** Status of one step. */
export type StepStatus = 'pending' | 'active' | 'done' | 'missed';

/** Everything the judge knows about a run. Treat as immutable: the judge returns a new one. */
export interface RunState {
  readonly exercise: CompiledExercise;
  readonly startedAt: number;
  readonly now: number;
  readonly signals: Readonly<Record<string, SignalValue>>;
  /** Index of the active block; equals the block count when all are done. */
  readonly blockIndex: number;
  readonly blockActivatedAt: number;
  readonly stepStatus: readonly StepStatus[];
  readonly stepMemory: readonly ConditionMemory[];
  readonly invariantMemory: readonly ConditionMemory[];
  /** Truth of each invariant at the last evaluation (a penalty counts once per rise). */
  readonly invariantHolding: readonly boolean[];
  /** When each stimulus falls due (undefined: not yet scheduled), and whether it was issued. */
  readonly stimulusDueAt: ReadonlyArray<number | undefined>;
  readonly stimulusIssued: readonly boolean[];
  readonly earned: number;
  readonly penalties: number;
  readonly verdict: RunVerdict | null;
}

/** The result of one judge call. */
export interface JudgeResult {
  readonly state: RunState;
  readonly findings: readonly Finding[];
}

/** Parses every condition of an exercise once. Throws on a bad condition (the loader checks first). */
export function compileExercise(definition: ExerciseDefinition): CompiledExercise {
  const steps: ExerciseStep[] = [];
  const blockOf: number[] = [];
  const blockStarts: number[] = [];
  definition.blocks.forEach((b, bi) => {
    blockStarts.push(steps.length);
    for (const s of b.steps) {
      steps.push(s);
      blockOf.push(bi);
    }
  });
  return {
    definition,
    steps,
    blockOf,
    blockStarts,
    stepConditions: steps.map((s) => parseCondition(s.condition)),
    invariants: definition.invariants,
    invariantConditions: definition.invariants.map((i) => parseCondition(i.condition)),
    startConditions: definition.startState.map((s) => parseCondition(s.condition)),
    stimuli: definition.stimuli,
  };
}

/** Which start-state conditions do not hold for this snapshot (empty = ready to start). */
export function unmetStartState(exercise: CompiledExercise, signals: Readonly<Record<string, SignalValue>>, at: number): string[] {
  return exercise.startConditions.filter((c) => !evaluateCondition(c, newConditionMemory(c), { signals, now: at, anchor: at })).map((c) => c.source);
}

/** The judge's private working copy of a state. */
interface Mutable {
  exercise: CompiledExercise;
  startedAt: number;
  now: number;
  signals: Record<string, SignalValue>;
  blockIndex: number;
  blockActivatedAt: number;
  stepStatus: StepStatus[];
  stepMemory: ConditionMemory[];
  invariantMemory: ConditionMemory[];
  invariantHolding: boolean[];
  stimulusDueAt: Array<number | undefined>;
  stimulusIssued: boolean[];
  earned: number;
  penalties: number;
  verdict: RunVerdict | null;
}

function cloneState(s: RunState): Mutable {
  return {
    ...s,
    signals: { ...s.signals },
    stepStatus: [...s.stepStatus],
    stepMemory: s.stepMemory.map((m) => m.slice()),
    invariantMemory: s.invariantMemory.map((m) => m.slice()),
    invariantHolding: [...s.invariantHolding],
    stimulusDueAt: [...s.stimulusDueAt],
    stimulusIssued: [...s.stimulusIssued],
  };
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

function stepsOfBlock(ex: CompiledExercise, block: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ex.steps.length; i++) if (ex.blockOf[i] === block) out.push(i);
  return out;
}

function finish(s: Mutable, findings: Finding[], verdict: Verdict, at: number, reasons: VerdictReason[]): void {
  const def = s.exercise.definition;
  const v: RunVerdict = { verdict, score: Math.max(0, s.earned - s.penalties), maxScore: def.maxScore, passMark: def.passMark, reasons, at };
  s.verdict = v;
  findings.push({ kind: 'verdict', ...v });
}

function activateBlock(s: Mutable, findings: Finding[], block: number, at: number): void {
  const ex = s.exercise;
  s.blockIndex = block;
  s.blockActivatedAt = at;
  if (block >= ex.blockStarts.length) {
    const score = Math.max(0, s.earned - s.penalties);
    const def = ex.definition;
    if (score >= def.passMark) finish(s, findings, 'PASSED', at, []);
    else
      finish(s, findings, 'FAILED', at, [
        { code: 'SCORE_BELOW_PASS_MARK', at, message: `score ${score} of ${def.maxScore} is below the pass mark ${def.passMark}` },
      ]);
    return;
  }
  for (const i of stepsOfBlock(ex, block)) {
    s.stepStatus[i] = 'active';
    findings.push({ kind: 'step-activated', stepId: ex.steps[i]!.id, at });
    ex.stimuli.forEach((st, k) => {
      if ('onStep' in st.trigger && st.trigger.onStep === ex.steps[i]!.id && s.stimulusDueAt[k] === undefined) s.stimulusDueAt[k] = at + st.trigger.delayMs;
    });
  }
}

/** If every step of the active block is resolved, moves on to the next block at `at`. */
function maybeAdvance(s: Mutable, findings: Finding[], at: number): void {
  if (s.verdict) return;
  const idx = stepsOfBlock(s.exercise, s.blockIndex);
  if (idx.every((i) => s.stepStatus[i] === 'done' || s.stepStatus[i] === 'missed')) activateBlock(s, findings, s.blockIndex + 1, at);
}

/** Earliest thing due strictly before `t` (or at ≤ t for stimuli), or undefined. */
function nextDueBefore(s: Mutable, t: number): { at: number; what: 'step' | 'overall' | 'stimulus'; index: number } | undefined {
  const ex = s.exercise;
  let best: { at: number; what: 'step' | 'overall' | 'stimulus'; index: number } | undefined;
  const consider = (at: number, what: 'step' | 'overall' | 'stimulus', index: number) => {
    if (!best || at < best.at) best = { at, what, index };
  };
  ex.steps.forEach((st, i) => {
    if (s.stepStatus[i] === 'active') {
      const deadline = s.blockActivatedAt + st.timeLimitMs;
      if (deadline < t) consider(deadline, 'step', i);
    }
  });
  const overall = s.startedAt + ex.definition.timeLimitMs;
  if (overall < t) consider(overall, 'overall', 0);
  s.stimulusDueAt.forEach((due, k) => {
    if (due !== undefined && !s.stimulusIssued[k] && due <= t) consider(due, 'stimulus', k);
  });
  return best;
}

function processDue(s: Mutable, findings: Finding[], t: number): void {
  const ex = s.exercise;
  for (let due = nextDueBefore(s, t); due && !s.verdict; due = nextDueBefore(s, t)) {
    if (due.what === 'stimulus') {
      s.stimulusIssued[due.index] = true;
      const st = ex.stimuli[due.index]!;
      findings.push({ kind: 'stimulus-due', stimulusId: st.id, action: st.action, at: due.at });
    } else if (due.what === 'overall') {
      const active = ex.steps.filter((_, i) => s.stepStatus[i] === 'active').map((st) => st.id);
      finish(s, findings, 'FAILED', due.at, [
        {
          code: 'OVERALL_TIME_LIMIT',
          ...(active[0] ? { stepId: active[0] } : {}),
          at: due.at,
          message: `overall time limit of ${seconds(ex.definition.timeLimitMs)} exceeded while at step ${active.map((a) => `"${a}"`).join(', ')}`,
        },
      ]);
    } else {
      const st = ex.steps[due.index]!;
      const skipped = st.onTimeout === 'skip';
      s.stepStatus[due.index] = 'missed';
      findings.push({ kind: 'step-timed-out', stepId: st.id, skipped, at: due.at });
      if (!skipped) {
        finish(s, findings, 'FAILED', due.at, [
          { code: 'STEP_TIME_LIMIT', stepId: st.id, at: due.at, message: `step "${st.id}" (${st.title.en}) not done within ${seconds(st.timeLimitMs)}` },
        ]);
      } else maybeAdvance(s, findings, due.at);
    }
  }
}

function evaluateAll(s: Mutable, findings: Finding[], t: number): void {
  const ex = s.exercise;
  // One context object for every condition of this evaluation (runs per input, at 50 Hz per station).
  const ctx: { signals: Record<string, SignalValue>; now: number; anchor: number | undefined } = { signals: s.signals, now: t, anchor: s.startedAt };
  const invariantTruth = new Array<boolean>(ex.invariantConditions.length);
  for (let i = 0; i < invariantTruth.length; i++) invariantTruth[i] = evaluateCondition(ex.invariantConditions[i]!, s.invariantMemory[i]!, ctx);
  const stepTruth = new Array<boolean>(ex.stepConditions.length);
  for (let i = 0; i < stepTruth.length; i++) {
    ctx.anchor = s.stepStatus[i] === 'active' ? s.blockActivatedAt : undefined;
    stepTruth[i] = evaluateCondition(ex.stepConditions[i]!, s.stepMemory[i]!, ctx);
  }
  invariantTruth.forEach((holds, i) => {
    const rose = holds && !s.invariantHolding[i];
    s.invariantHolding[i] = holds;
    if (!rose || s.verdict) return;
    const inv = ex.invariants[i]!;
    findings.push({ kind: 'invariant-broken', invariantId: inv.id, severity: inv.severity, penalty: inv.penalty, at: t });
    if (inv.severity === 'penalty') s.penalties += inv.penalty;
    else
      finish(s, findings, 'FAILED', t, [
        { code: 'INVARIANT_BROKEN', invariantId: inv.id, at: t, message: `safety invariant "${inv.id}" (${inv.title.en}) broken: ${inv.condition}` },
      ]);
  });
  if (s.verdict) return;
  stepTruth.forEach((holds, i) => {
    if (holds && s.stepStatus[i] === 'active') {
      s.stepStatus[i] = 'done';
      s.earned += ex.steps[i]!.points;
      findings.push({ kind: 'step-completed', stepId: ex.steps[i]!.id, points: ex.steps[i]!.points, at: t });
    }
  });
  maybeAdvance(s, findings, t);
}

/**
 * Starts a run at `at` from the station's current values: activates the first block, primes
 * every condition's memory (so a signal already true does not count as a rise) and issues
 * stimuli due at 0.
 */
export function startRun(exercise: CompiledExercise, at: number, signals: Readonly<Record<string, SignalValue>>): JudgeResult {
  const s: Mutable = {
    exercise,
    startedAt: at,
    now: at,
    signals: { ...signals },
    blockIndex: 0,
    blockActivatedAt: at,
    stepStatus: exercise.steps.map(() => 'pending' as StepStatus),
    stepMemory: exercise.stepConditions.map(newConditionMemory),
    invariantMemory: exercise.invariantConditions.map(newConditionMemory),
    invariantHolding: exercise.invariants.map(() => false),
    stimulusDueAt: exercise.stimuli.map((st) => ('atMs' in st.trigger ? at + st.trigger.atMs : undefined)),
    stimulusIssued: exercise.stimuli.map(() => false),
    earned: 0,
    penalties: 0,
    verdict: null,
  };
  const findings: Finding[] = [];
  activateBlock(s, findings, 0, at);
  evaluateAll(s, findings, at);
  processDue(s, findings, at);
  return { state: s, findings };
}

/** Feeds one input to the judge. Inputs after the verdict are ignored. Time never runs backwards. */
export function judge(state: RunState, input: JudgeInput): JudgeResult {
  if (state.verdict) return { state, findings: [] };
  const s = cloneState(state);
  return { state: s, findings: apply(s, input) };
}

/**
 * {@link judge} for the one owner of a run's state (the session runner, at 50 Hz per station):
 * the same rules and findings, but `state` is updated in place instead of copied first. Only
 * for a state nobody else holds; keep using `judge` wherever old states are kept or shared.
 */
export function judgeInPlace(state: RunState, input: JudgeInput): readonly Finding[] {
  if (state.verdict) return [];
  return apply(state as Mutable, input);
}

function apply(s: Mutable, input: JudgeInput): Finding[] {
  const findings: Finding[] = [];
  let t = s.now;
  let changes: readonly SignalChange[] = [];
  if (Array.isArray(input)) {
    changes = input as readonly SignalChange[];
    for (const c of changes) if (c.at > t) t = c.at;
  } else {
    if ('tag' in (input as object)) changes = [input as SignalChange];
    t = Math.max(t, (input as SignalChange | Tick | EndRequest).at);
  }
  s.now = t;
  processDue(s, findings, t);
  if (s.verdict) return findings;
  if (!Array.isArray(input) && (input as EndRequest).kind === 'end') {
    const end = input as EndRequest;
    finish(s, findings, end.verdict, t, [{ code: end.verdict === 'ABORTED' ? 'ABORTED_BY_INSTRUCTOR' : 'LINK_LOST', at: t, message: end.message }]);
    return findings;
  }
  for (const c of changes) s.signals[c.tag] = c.value;
  evaluateAll(s, findings, t);
  processDue(s, findings, t);
  return findings;
}

/**
 * The next time at which the judge must be ticked for something to happen without a signal
 * change: a step or overall limit passing, a stimulus due, a duration maturing. undefined when
 * the run is over.
 */
export function nextDeadline(state: RunState): number | undefined {
  if (state.verdict) return undefined;
  const ex = state.exercise;
  let best = state.startedAt + ex.definition.timeLimitMs + 1;
  const consider = (t: number | undefined) => {
    if (t !== undefined && t > state.now && t < best) best = t;
  };
  // A block activated by the last input is judged from the next input on; on a quiet station
  // that input may never come, so ask for one at once (a step already true is then done, not
  // left to time out).
  if (state.blockActivatedAt === state.now) consider(state.now + 1);
  ex.steps.forEach((st, i) => {
    if (state.stepStatus[i] === 'active') {
      consider(state.blockActivatedAt + st.timeLimitMs + 1);
      consider(nextConditionDeadline(ex.stepConditions[i]!, state.stepMemory[i]!, state.now, state.blockActivatedAt));
    }
  });
  ex.invariantConditions.forEach((c, i) => consider(nextConditionDeadline(c, state.invariantMemory[i]!, state.now, state.startedAt)));
  state.stimulusDueAt.forEach((due, k) => {
    if (due !== undefined && !state.stimulusIssued[k]) consider(Math.max(due, state.now + 1));
  });
  return best;
}

/** Replays a whole timeline through the judge (for tests and for re-judging stored evidence). */
export function replay(
  exercise: CompiledExercise,
  startedAt: number,
  initial: Readonly<Record<string, SignalValue>>,
  inputs: readonly JudgeInput[],
): { state: RunState; findings: Finding[] } {
  let { state, findings } = startRun(exercise, startedAt, initial);
  const all = [...findings];
  for (const input of inputs) {
    ({ state, findings } = judge(state, input));
    all.push(...findings);
  }
  return { state, findings: all };
}
