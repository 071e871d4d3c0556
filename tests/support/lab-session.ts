/**
 * The lab tier's harness: one session on a real stand-in over its real protocol, run by the real
 * LabRuntime into an InMemoryLabPort while a scripted student acts, on wall-clock or virtual time.
 *
 * On virtual time the trainer's scan, the runtime's poller, timeouts and judge ticks, and the
 * student's waits all share one {@link VirtualScheduler}; {@link onVirtualTime} moves it forward
 * in small steps and lets real socket I/O run between steps. A 2 s `held(...)` costs a few event
 * loop turns instead of 2 s, and the run is the same every time.
 */
import type { ExerciseDefinition } from '../../src/lab/exercises/exercise.types';
import { InMemoryLabPort, type SessionEnded, type LabEvent } from '../../src/lab/runtime/lab.port';
import { LabRuntime, type LabRuntimeOptions } from '../../src/lab/runtime/lab.runtime';
import type { StationConfig } from '../../src/lab/runtime/station.types';
import type { VirtualScheduler } from '../../src/shared/scheduler';
import { fixtureExercise } from './scripted-student';

/** One finished session: the verdict the runtime stored and the evidence it stored before it. */
export interface SessionRun {
  readonly result: SessionEnded;
  readonly port: InMemoryLabPort;
  readonly events: readonly LabEvent[];
}

/** What {@link runSession} needs besides the exercise and the script. */
export interface RunSessionOptions extends Omit<LabRuntimeOptions, 'port'> {
  readonly station: StationConfig;
  readonly studentId?: string;
}

/**
 * Runs one session while `play` acts (a student still acting when the verdict lands, as in a
 * failed run, is simply left behind). Resolves with the stored verdict and evidence; the runtime
 * is stopped whatever happens.
 */
export async function runSession(exercise: string | ExerciseDefinition, play: () => Promise<void>, options: RunSessionOptions): Promise<SessionRun> {
  const { station, studentId = 'student-1', ...runtimeOptions } = options;
  const port = new InMemoryLabPort();
  const runtime = new LabRuntime({ ...runtimeOptions, port });
  try {
    const started = await runtime.startSession({ station, exercise: typeof exercise === 'string' ? fixtureExercise(exercise) : exercise, studentId });
    if (!started.sessionId) throw new Error(String(started.error));
    const verdict = runtime.result(started.sessionId) ?? port.verdictOf(started.sessionId);
    const acting = play();
    acting.catch(() => undefined);
    const result = await Promise.race([verdict, acting.then(() => verdict)]);
    return { result, port, events: port.events.get(started.sessionId)! };
  } finally {
    await runtime.stop();
  }
}

/** Lets pending socket I/O and promise callbacks run: a few real event-loop turns. */
async function eventLoopTurns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Options of {@link onVirtualTime}. */
export interface VirtualTimeOptions {
  /** Largest step of virtual time between two rounds of real I/O, ms; default 5 (a tenth of a poll period). */
  readonly stepMs?: number;
  /** Real event-loop turns between steps (a loopback round trip needs two or three); default 4. */
  readonly turnsPerStep?: number;
  /** Gives up after this much virtual time, ms; default 10 minutes. */
  readonly limitMs?: number;
  /**
   * Awaited after every step, before time moves again: lets a protocol that delivers on its own
   * real timers catch up (OPC UA publishes on node-opcua's timers; see {@link settleOnChange}).
   */
  readonly settle?: () => Promise<void>;
}

/**
 * A {@link VirtualTimeOptions.settle} for a stand-in whose changes reach the runtime on real
 * timers: when `state()` differs from the last look, waits `realMs` of wall time (a publishing
 * interval or two) so the change arrives at the virtual moment it was made; an unchanged stand-in
 * costs nothing, so waiting out a pause or a time limit stays quick.
 */
export function settleOnChange(state: () => Record<string, unknown>, realMs: number): () => Promise<void> {
  let last = JSON.stringify(state());
  return async () => {
    const now = JSON.stringify(state());
    if (now === last) return;
    last = now;
    await new Promise<void>((r) => setTimeout(r, realMs));
  };
}

/**
 * Runs `work` on `scheduler`'s time: after every few real event-loop turns, moves virtual time to
 * the next due timer, but never more than `stepMs` at once (socket answers arrive between steps,
 * so a Modbus poll is answered within a step or two of virtual time, as on a quiet network).
 */
export async function onVirtualTime<T>(scheduler: VirtualScheduler, work: () => Promise<T>, options: VirtualTimeOptions = {}): Promise<T> {
  const stepMs = options.stepMs ?? 5;
  const turns = options.turnsPerStep ?? 4;
  const limit = scheduler.now() + (options.limitMs ?? 600_000);
  let settled = false;
  const running = work().finally(() => (settled = true));
  running.catch(() => undefined);
  while (!settled) {
    await eventLoopTurns(turns);
    if (settled) break;
    if (scheduler.now() > limit) throw new Error(`still running after ${options.limitMs ?? 600_000} ms of virtual time`);
    const due = scheduler.nextDue();
    scheduler.advance(due === undefined ? stepMs : Math.min(stepMs, Math.max(0, due - scheduler.now())));
    await options.settle?.();
  }
  return running;
}

/** Step ids in the order the judge completed them. */
export const completedSteps = (events: readonly LabEvent[]) =>
  events.flatMap((e) => (e.type === 'finding' && e.finding.kind === 'step-completed' ? [e.finding.stepId] : []));

/** Invariant ids in the order the judge found them broken. */
export const brokenInvariants = (events: readonly LabEvent[]) =>
  events.flatMap((e) => (e.type === 'finding' && e.finding.kind === 'invariant-broken' ? [e.finding.invariantId] : []));

/** A verdict's reasons without times and messages. */
export const reasonsOf = (r: { reasons: readonly { code: string; stepId?: string; invariantId?: string }[] }) =>
  r.reasons.map((x) => ({ code: x.code, ...(x.stepId ? { stepId: x.stepId } : {}), ...(x.invariantId ? { invariantId: x.invariantId } : {}) }));

/** The fixture with its steps' time limits shortened to at most `ms` (only `stepId` when given). */
export function withStepLimit(name: string, ms: number, stepId?: string): ExerciseDefinition {
  const def = fixtureExercise(name);
  return {
    ...def,
    blocks: def.blocks.map((b) => ({
      ...b,
      steps: b.steps.map((s) => (stepId === undefined || s.id === stepId ? { ...s, timeLimitMs: stepId ? ms : Math.min(s.timeLimitMs, ms) } : s)),
    })),
  };
}
