/**
 * Re-judges a session from its stored evidence alone: the snapshot the run started from and the
 * signal changes as recorded, fed to the pure judge with ticks where the runner would have ticked.
 * The verdict must be the one the live run stored (the evidence is enough to justify it).
 */

import { type CompiledExercise, type JudgeInput, type RunState, type RunVerdict, judge, nextDeadline, startRun } from './judge.rules';
import type { LabEvent as SessionEvent } from './lab.port';
import type { SignalChange } from './signal.types';

/** The verdict the judge gives to stored evidence; null when the run never started (no snapshot). */
export function rejudge(exercise: CompiledExercise, events: readonly SessionEvent[]): RunVerdict | null {
  const snapshot = events.find((e) => e.type === 'snapshot');
  if (!snapshot || snapshot.type !== 'snapshot') return null;
  // Signal events of one observation share their time: one judge input each, as the runner fed them.
  const batches: SignalChange[][] = [];
  for (const e of events) {
    if (e.type !== 'signal' || e.seq < snapshot.seq) continue;
    const last = batches[batches.length - 1];
    if (last && last[0]!.at === e.at) last.push({ tag: e.tag, value: e.value, at: e.at });
    else batches.push([{ tag: e.tag, value: e.value, at: e.at }]);
  }
  let state: RunState = startRun(exercise, snapshot.at, snapshot.values).state;
  const feed = (input: JudgeInput) => (state = judge(state, input).state);
  const tickBefore = (t: number) => {
    for (let due = nextDeadline(state); due !== undefined && due < t && !state.verdict; due = nextDeadline(state)) feed({ kind: 'tick', at: due });
  };
  for (const batch of batches) {
    tickBefore(batch[0]!.at);
    feed(batch);
  }
  tickBefore(Infinity);
  return state.verdict;
}

/** The parts of a verdict that must match between live run and re-judging (times may differ by a timer's lateness). */
export const verdictShape = (v: RunVerdict | null) =>
  v && { verdict: v.verdict, score: v.score, reasons: v.reasons.map((r) => ({ code: r.code, stepId: r.stepId, invariantId: r.invariantId })) };
