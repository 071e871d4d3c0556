/**
 * Runs one exercise on one station: connect, apply setup, wait for the start state, feed every
 * change to the judge, apply stimuli, record evidence in batches and report the verdict last.
 *
 * INTERRUPTED by construction: the runner listens to the link's `lost` event and ends the run
 * at once; a run is only ever judged PASSED by the judge while the link was up.
 */

import type { ExerciseDefinition, StationAction } from '../exercises/exercise.types';
import {
  type CompiledExercise,
  type Finding,
  type JudgeInput,
  type RunState,
  type RunVerdict,
  type VerdictReasonCode,
  compileExercise,
  judgeInPlace,
  nextDeadline,
  startRun,
  unmetStartState,
} from './judge.rules';
import type { LabPort, SessionEnded, LabEvent } from './lab.port';
import type { StationLink } from './station.link';
import type { SignalChange, SignalValue } from './signal.types';
import { type Scheduler, type TimerHandle, sleep, systemScheduler } from '../../shared/scheduler';
import { type BackoffOptions, retry } from '../../shared/retry';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An evidence event before it gets its seq and time. */
type EventBody = DistributiveOmit<LabEvent, 'seq' | 'at'>;

/** Options of a session run. */
export interface SessionRunOptions {
  readonly sessionId: string;
  readonly studentId: string;
  readonly startedBy?: string;
  readonly runtimeId: string;
  /** Flush evidence every this many ms; default 100. */
  readonly flushMs?: number;
  /** …or when this many events wait; default 500. */
  readonly flushEvents?: number;
  /** How long to wait for the start state after setup, ms; default 5000. */
  readonly startStateTimeoutMs?: number;
  /** Time and timers (flush, judge ticks, start-state wait, retries); default the wall clock. */
  readonly scheduler?: Scheduler;
  /** Why the link could not connect, when it could not (the run ends INTERRUPTED, saying so). */
  readonly unreachable?: string;
  /** Backoff of resending evidence and the verdict to the port (5 retries); default 100 ms doubling to 5 s, jittered. */
  readonly reportBackoff?: BackoffOptions;
  /** Called with each judge input (bench: delay from change to evaluation). */
  readonly onEvaluated?: (changes: readonly SignalChange[], evaluatedAt: number) => void;
  /**
   * Told when the run's evidence or verdict could not be stored (after the retries) and the
   * session was ended INTERRUPTED instead; default none. The runner itself never rejects: one
   * session's fault must not reach the process (an unhandled rejection would stop it).
   */
  readonly onFault?: (fault: { sessionId: string; stage: 'evidence' | 'verdict'; error: unknown }) => void;
}

/** One running session. */
export class SessionRunner {
  private state: RunState | null = null;
  private readonly exercise: CompiledExercise;
  private readonly clock: Scheduler;
  private seq = 0;
  private buffer: LabEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: TimerHandle | undefined;
  private tickTimer: TimerHandle | undefined;
  /** What the tick timer waits for (judge time, ms); undefined = no timer. */
  private tickDue: number | undefined;
  private finished: Promise<SessionEnded>;
  private resolveFinished!: (v: SessionEnded) => void;
  private ending = false;
  /** The first evidence batch that could not be stored (after retries): the verdict cannot rest on it. */
  private evidenceFault: unknown;
  private runStartedAt: number | null = null;
  private readonly onChanges = (changes: readonly SignalChange[]) => this.feedChanges(changes);
  private readonly onLost = (reason: string) => {
    this.record({ type: 'link', state: 'lost', detail: reason });
    this.end('INTERRUPTED', `link to the station lost: ${reason}`);
  };

  constructor(
    exercise: ExerciseDefinition | CompiledExercise,
    private readonly stationId: string,
    private readonly link: StationLink,
    private readonly port: LabPort,
    private readonly options: SessionRunOptions,
  ) {
    this.exercise = 'definition' in exercise ? exercise : compileExercise(exercise);
    this.clock = options.scheduler ?? systemScheduler;
    this.finished = new Promise((r) => (this.resolveFinished = r));
  }

  /** The session id. */
  get sessionId(): string {
    return this.options.sessionId;
  }

  /** Resolves with the stored verdict once the session has ended. */
  result(): Promise<SessionEnded> {
    return this.finished;
  }

  /**
   * Starts the session; resolves once the run is under way (or already ended, e.g. the start
   * state was not met). Never rejects for station problems: they end the run as INTERRUPTED.
   */
  async start(): Promise<void> {
    const def = this.exercise.definition;
    await this.port.sessionStarted({
      sessionId: this.options.sessionId,
      stationId: this.stationId,
      stationKind: def.stationKind,
      exerciseId: def.id,
      exerciseVersion: def.version,
      studentId: this.options.studentId,
      ...(this.options.startedBy ? { startedBy: this.options.startedBy } : {}),
      runtimeId: this.options.runtimeId,
      at: this.clock.now(),
    });
    this.flushTimer = this.clock.setInterval(() => void this.flush(), this.options.flushMs ?? 100);
    this.link.on('lost', this.onLost);
    if (!this.link.health().connected) {
      this.end('INTERRUPTED', this.options.unreachable ? `station not connected: ${this.options.unreachable}` : 'station not connected');
      return;
    }
    for (const action of def.setup) await this.apply(action, 'setup');
    if (this.ending) return;
    const met = await this.waitForStartState();
    if (this.ending) return;
    if (!met) return;
    const at = this.clock.now();
    this.runStartedAt = at;
    const values = this.link.snapshot();
    this.record({ type: 'snapshot', values }, at);
    const { state, findings } = startRun(this.exercise, at, values);
    this.state = state;
    this.link.on('changes', this.onChanges);
    this.handle(findings);
    this.scheduleTick();
  }

  /** Ends the run as ABORTED (instructor). */
  abort(message = 'aborted by the instructor'): Promise<SessionEnded> {
    this.end('ABORTED', message);
    return this.finished;
  }

  /** Ends the run as INTERRUPTED (the runtime itself is going away: a restart is never a pass). */
  interrupt(message = 'lab runtime stopping'): Promise<SessionEnded> {
    this.end('INTERRUPTED', message);
    return this.finished;
  }

  /**
   * Applies an operator's action (a virtual panel control) on this session's link, over the
   * station's own protocol, and records it in the evidence with its outcome. Resolves with the
   * station's refusal text, or null when it took the action; `ended` when the run is over.
   */
  async operate(action: StationAction, control: string): Promise<{ error: string | null } | 'ended'> {
    if (this.ending) return 'ended';
    try {
      if (action.kind === 'write') await this.link.write(action.tag, action.value);
      else await this.link.call(action.method, action.args);
      this.record({ type: 'action', purpose: 'operator', control, action, ok: true });
      return { error: null };
    } catch (e) {
      const error = (e as Error).message;
      this.record({ type: 'action', purpose: 'operator', control, action, ok: false, error });
      return { error };
    }
  }

  /** Current values of every tag of the station, as the runtime last read them. */
  liveValues(): Record<string, SignalValue> {
    return this.link.snapshot();
  }

  private async waitForStartState(): Promise<boolean> {
    const deadline = this.clock.now() + (this.options.startStateTimeoutMs ?? 5000);
    let unmet = unmetStartState(this.exercise, this.link.snapshot(), this.clock.now());
    while (unmet.length > 0 && this.clock.now() < deadline && !this.ending) {
      await sleep(this.clock, 20);
      unmet = unmetStartState(this.exercise, this.link.snapshot(), this.clock.now());
    }
    this.record({ type: 'start-state', met: unmet.length === 0, unmet });
    if (unmet.length > 0 && !this.ending) this.endWithoutRun(`station not in the start state: ${unmet.join('; ')}`, 'INTERRUPTED', 'START_STATE_NOT_MET');
    return unmet.length === 0;
  }

  private record(event: EventBody, at?: number): void {
    // Once the verdict is being reported its evidence is closed: an action that completes meanwhile
    // (a stimulus write in flight) must not take a seq the stored verdict does not count.
    if (this.ending) return;
    const recorded = { ...event, seq: ++this.seq, at: at ?? this.clock.now() } as LabEvent;
    this.buffer.push(recorded);
    this.observed([recorded]);
    if (this.buffer.length >= (this.options.flushEvents ?? 500)) void this.flush();
  }

  /**
   * Tells the port's live feed (if any) of events just recorded: live views see a change now, not
   * when its batch is stored. A feed that throws must not stop the run (it is not evidence).
   */
  private observed(events: readonly LabEvent[]): void {
    if (!this.port.eventsObserved || events.length === 0) return;
    try {
      this.port.eventsObserved(this.options.sessionId, events);
    } catch {
      // Live views catch up from the store.
    }
  }

  /** Sends buffered events; one batch in flight at a time, retried with capped backoff. */
  private flush(): Promise<void> {
    if (this.buffer.length === 0) return this.flushing;
    const batch = this.buffer;
    this.buffer = [];
    // Never left rejected: a batch that cannot be stored is remembered (the verdict then cannot
    // stand) and later batches still go; nobody awaits the timer's flushes.
    this.flushing = this.flushing.then(() =>
      this.report(() => this.port.appendEvents(this.options.sessionId, batch)).catch((error: unknown) => {
        this.evidenceFault ??= error;
        this.options.onFault?.({ sessionId: this.options.sessionId, stage: 'evidence', error });
      }),
    );
    return this.flushing;
  }

  /** Sends one report to the port, retried 5 times with capped, jittered backoff on the runner's scheduler. */
  private report(send: () => Promise<void>): Promise<void> {
    return retry(send, { ...this.options.reportBackoff, retries: 5, scheduler: this.clock });
  }

  private feedChanges(changes: readonly SignalChange[]): void {
    if (!this.state || this.ending) return;
    // The hot path (every poll / publish with a change): events built directly, not via record().
    const signals: LabEvent[] = [];
    for (const c of changes) signals.push({ type: 'signal', tag: c.tag, value: c.value, seq: ++this.seq, at: c.at });
    for (const e of signals) this.buffer.push(e);
    this.observed(signals);
    if (this.buffer.length >= (this.options.flushEvents ?? 500)) void this.flush();
    this.step(changes);
    this.options.onEvaluated?.(changes, this.clock.now());
  }

  private step(input: JudgeInput): void {
    if (!this.state || this.ending) return;
    // The runner is the only holder of its run's state: judged in place, not copied per input.
    this.handle(judgeInPlace(this.state, input));
    this.scheduleTick();
  }

  /** Keeps one timer on the judge's next deadline; left alone while that deadline stays the same (most inputs). */
  private scheduleTick(): void {
    const due = !this.state || this.ending ? undefined : nextDeadline(this.state);
    if (due === this.tickDue) return;
    this.clock.clear(this.tickTimer);
    this.tickDue = due;
    if (due === undefined) return;
    this.tickTimer = this.clock.setTimeout(
      () => {
        this.tickDue = undefined;
        this.step({ kind: 'tick', at: Math.max(due, this.clock.now()) });
      },
      Math.max(0, due - this.clock.now()),
    );
  }

  private handle(findings: readonly Finding[]): void {
    for (const f of findings) {
      if (f.kind === 'verdict') {
        const { kind: _kind, ...verdict } = f;
        void this.finish(verdict);
        return;
      }
      this.record({ type: 'finding', finding: f }, f.at);
      if (f.kind === 'stimulus-due') void this.apply(f.action, 'stimulus', f.stimulusId);
    }
  }

  private async apply(action: StationAction, purpose: 'setup' | 'stimulus', stimulusId?: string): Promise<void> {
    try {
      if (action.kind === 'write') await this.link.write(action.tag, action.value);
      else await this.link.call(action.method, action.args);
      this.record({ type: 'action', purpose, ...(stimulusId ? { stimulusId } : {}), action, ok: true });
    } catch (e) {
      this.record({ type: 'action', purpose, ...(stimulusId ? { stimulusId } : {}), action, ok: false, error: (e as Error).message });
    }
  }

  private end(verdict: 'INTERRUPTED' | 'ABORTED', message: string): void {
    if (this.ending) return;
    if (!this.state) {
      this.endWithoutRun(message, verdict);
      return;
    }
    this.step({ kind: 'end', verdict, at: this.clock.now(), message });
  }

  private endWithoutRun(message: string, verdict: 'INTERRUPTED' | 'ABORTED' = 'INTERRUPTED', code?: VerdictReasonCode): void {
    const def = this.exercise.definition;
    const at = this.clock.now();
    void this.finish({
      verdict,
      score: 0,
      maxScore: def.maxScore,
      passMark: def.passMark,
      reasons: [{ code: code ?? (verdict === 'ABORTED' ? 'ABORTED_BY_INSTRUCTOR' : 'LINK_LOST'), at, message }],
      at,
    });
  }

  /** Verdict last: stop inputs, flush all evidence, then report the verdict (and the pass). */
  private async finish(verdict: RunVerdict): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    this.clock.clear(this.tickTimer);
    this.clock.clear(this.flushTimer);
    this.link.off('changes', this.onChanges);
    this.link.off('lost', this.onLost);
    await this.flush();
    let ended: SessionEnded = { ...verdict, sessionId: this.options.sessionId, lastSeq: this.seq, runStartedAt: this.runStartedAt };
    try {
      if (this.evidenceFault !== undefined) throw this.evidenceFault;
      await this.report(() => this.port.sessionEnded(ended));
    } catch (error) {
      this.options.onFault?.({ sessionId: ended.sessionId, stage: this.evidenceFault !== undefined ? 'evidence' : 'verdict', error });
      ended = await this.endUnstored(ended, error);
      this.resolveFinished(ended);
      return;
    }
    this.resolveFinished(ended);
  }

  /**
   * The verdict could not be stored: the session ends INTERRUPTED (reason VERDICT_NOT_STORED)
   * through the port's `sessionFailed`, which rests it on whatever evidence is stored. Never throws.
   */
  private async endUnstored(ended: SessionEnded, error: unknown): Promise<SessionEnded> {
    const at = this.clock.now();
    const reason = {
      code: 'VERDICT_NOT_STORED' as const,
      at,
      message: `the ${ended.verdict} verdict could not be stored: ${(error as Error)?.message ?? String(error)}`,
    };
    const interrupted: SessionEnded = { ...ended, verdict: 'INTERRUPTED', score: 0, reasons: [reason], at };
    try {
      if (this.port.sessionFailed) await this.report(() => this.port.sessionFailed!(ended.sessionId, reason));
    } catch (again) {
      this.options.onFault?.({ sessionId: ended.sessionId, stage: 'verdict', error: again });
    }
    return interrupted;
  }
}
