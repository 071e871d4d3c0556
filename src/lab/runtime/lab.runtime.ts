/**
 * The lab runtime: keeps one live link per station in use and runs many sessions at once
 * (a classroom of 30 stations), reporting everything through the {@link LabPort}.
 */

import { randomUUID } from 'node:crypto';
import type { ExerciseDefinition, StationAction } from '../exercises/exercise.types';
import type { SignalValue } from './signal.types';
import { type CompiledExercise, compileExercise } from './judge.rules';
import type { LabPort, SessionEnded } from './lab.port';
import type { ModbusPollerOptions } from './modbus.poller';
import type { OpcUaSubscriberOptions } from './opcua.subscriber';
import { SessionRunner, type SessionRunOptions } from './session.runner';
import type { StationHealth, StationLink } from './station.link';
import { createStationLink } from './station.link-factory';
import type { StationConfig } from './station.types';
import { type Scheduler, systemScheduler } from '../../shared/scheduler';

/** Options of {@link LabRuntime}. */
export interface LabRuntimeOptions {
  readonly port: LabPort;
  /** Identifies this process in the store; default a random UUID. */
  readonly runtimeId?: string;
  /** Time and timers of every session and link (inject a virtual one in tests); default the wall clock. */
  readonly scheduler?: Scheduler;
  readonly modbus?: ModbusPollerOptions;
  readonly opcua?: OpcUaSubscriberOptions;
  /** Passed to every session (flush period, start-state timeout, evaluation hook). */
  readonly session?: Partial<Pick<SessionRunOptions, 'flushMs' | 'flushEvents' | 'startStateTimeoutMs' | 'onEvaluated' | 'reportBackoff' | 'onFault'>>;
  /** Makes the link for a station; default {@link createStationLink} (Modbus poller / OPC UA subscriber by protocol). */
  readonly linkFactory?: (station: StationConfig) => StationLink;
}

/** What `startSession` needs. */
export interface StartSessionInput {
  readonly station: StationConfig;
  readonly exercise: ExerciseDefinition | CompiledExercise;
  readonly studentId: string;
  readonly startedBy?: string;
  /** Default a random UUID. */
  readonly sessionId?: string;
}

/** Expected refusals of `startSession` (returned, not thrown). */
export type StartSessionError = 'STATION_BUSY' | 'WRONG_STATION_KIND' | 'RUNTIME_STOPPED';

/** Runs sessions on stations. */
export class LabRuntime {
  readonly runtimeId: string;
  private readonly clock: Scheduler;
  private readonly links = new Map<string, StationLink>();
  private readonly sessions = new Map<string, { runner: SessionRunner; stationId: string }>();
  private readonly busy = new Set<string>();
  private stopped = false;

  constructor(private readonly options: LabRuntimeOptions) {
    this.runtimeId = options.runtimeId ?? randomUUID();
    this.clock = options.scheduler ?? systemScheduler;
  }

  /** Call once at start-up: ends as INTERRUPTED every session this runtime id left open when it died. */
  recover(): Promise<number> {
    return this.options.port.interruptOrphanedSessions(this.runtimeId, this.clock.now());
  }

  /**
   * Starts a session; resolves when the run is under way (or already ended, e.g. station
   * unreachable → INTERRUPTED). Use `result(sessionId)` for the verdict.
   */
  async startSession(input: StartSessionInput): Promise<{ sessionId: string; error: null } | { sessionId: null; error: StartSessionError }> {
    if (this.stopped) return { sessionId: null, error: 'RUNTIME_STOPPED' };
    const exercise = 'definition' in input.exercise ? input.exercise : compileExercise(input.exercise);
    if (exercise.definition.stationKind !== input.station.kind) return { sessionId: null, error: 'WRONG_STATION_KIND' };
    if (this.busy.has(input.station.id)) return { sessionId: null, error: 'STATION_BUSY' };
    this.busy.add(input.station.id);
    const sessionId = input.sessionId ?? randomUUID();
    const { link, unreachable } = await this.linkFor(input.station);
    const runner = new SessionRunner(exercise, input.station.id, link, this.options.port, {
      ...this.options.session,
      ...(unreachable ? { unreachable } : {}),
      sessionId,
      studentId: input.studentId,
      ...(input.startedBy ? { startedBy: input.startedBy } : {}),
      runtimeId: this.runtimeId,
      scheduler: this.clock,
    });
    this.sessions.set(sessionId, { runner, stationId: input.station.id });
    void runner.result().finally(() => {
      this.busy.delete(input.station.id);
      this.sessions.delete(sessionId);
    });
    await runner.start();
    return { sessionId, error: null };
  }

  /** The verdict of a running session (resolves when stored). */
  result(sessionId: string): Promise<SessionEnded> | undefined {
    return this.sessions.get(sessionId)?.runner.result();
  }

  /** Aborts a running session (ABORTED); undefined when no such session runs here. */
  abortSession(sessionId: string, message?: string): Promise<SessionEnded> | undefined {
    return this.sessions.get(sessionId)?.runner.abort(message);
  }

  /**
   * Applies an operator's action to a running session's station (see `SessionRunner.operate`);
   * undefined when no such session runs here.
   */
  operate(sessionId: string, action: StationAction, control: string): Promise<{ error: string | null } | 'ended'> | undefined {
    return this.sessions.get(sessionId)?.runner.operate(action, control);
  }

  /**
   * Returns a station to rest after its session ended (the release of a held button whose press
   * ended the run): written on the station's live link, outside any session's evidence, which is
   * closed. False when this runtime holds no link to the station.
   */
  async returnToRest(stationId: string, action: StationAction): Promise<boolean> {
    const link = this.links.get(stationId);
    if (!link || action.kind !== 'write') return false;
    await link.write(action.tag, action.value);
    return true;
  }

  /** Current values of a running session's station; undefined when no such session runs here. */
  liveValues(sessionId: string): Record<string, SignalValue> | undefined {
    return this.sessions.get(sessionId)?.runner.liveValues();
  }

  /** Health of every station with a live link. */
  stationHealth(): Array<{ stationId: string } & StationHealth> {
    return [...this.links].map(([stationId, link]) => ({ stationId, ...link.health() }));
  }

  /** Running session ids. */
  runningSessions(): string[] {
    return [...this.sessions.keys()];
  }

  /** The station's live link, connected now if it was not; `unreachable` says why a new link could not connect. */
  private async linkFor(station: StationConfig): Promise<{ link: StationLink; unreachable?: string }> {
    const existing = this.links.get(station.id);
    if (existing) return { link: existing };
    const link =
      this.options.linkFactory?.(station) ?? createStationLink(station, { modbus: this.options.modbus, opcua: this.options.opcua, scheduler: this.clock });
    link.on('health', (h) => this.options.port.stationHealth({ stationId: station.id, at: this.clock.now(), ...h }));
    this.links.set(station.id, link);
    try {
      await link.connect();
      return { link };
    } catch (e) {
      // Unreachable now: the session ends as INTERRUPTED (link not connected); next start retries.
      this.links.delete(station.id);
      await link.close().catch(() => undefined);
      return { link, unreachable: (e as Error).message };
    }
  }

  /** Ends every running session as INTERRUPTED (a stopping runtime never passes a run) and closes every link. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.sessions.values()].map((s) => s.runner.interrupt('lab runtime stopping')));
    await Promise.all([...this.links.values()].map((l) => l.close()));
    this.links.clear();
  }
}
