/**
 * A lab agent: runs the lab runtime beside the trainers on a campus network and reports to the
 * API with its own LAB_AGENT key. It polls the API for sessions instructors started on its lab's
 * agent-run stations (claiming them), runs them, and aborts those the instructor aborts.
 */
import os from 'node:os';
import type { Logger } from '../../logger';
import { HttpLabPort } from './http-lab.port';
import { createLabRuntime, type RunnableStation } from '../host/lab.runtime-factory';
import type { LabRuntime } from '../runtime/lab.runtime';
import type { ExerciseDefinition } from '../exercises/exercise.types';

/** Options of {@link startLabAgent}. */
export interface LabAgentOptions {
  /** GraphQL endpoint of the API. */
  api: string;
  /** LAB_AGENT key of the lab. */
  key: string;
  /** Stable id of this agent (its orphaned sessions are interrupted when it restarts); default `agent@<hostname>`. */
  runtimeId?: string;
  /** How often to ask the API for work, ms; default 1000. */
  pollMs?: number;
  log: Logger;
  /**
   * Where station passwords are looked up by name, on the lab's own machine; default this
   * process's environment (the agent runs on the lab network, with the lab's own secrets).
   */
  passwords?: (name: string) => string | undefined;
  /**
   * Path of the outbox journal (the reports not yet accepted by the API, kept on disk and sent
   * again after a crash); default none: the outbox is in memory. The CLI always gives one.
   */
  journal?: string;
}

/** A running agent. */
export interface LabAgent {
  readonly runtime: LabRuntime;
  readonly port: HttpLabPort;
  /** Ends running sessions (INTERRUPTED), sends what is buffered (bounded wait; the journal keeps the rest), stops polling. */
  stop(): Promise<void>;
}

interface Work {
  claimLabAgentWork: {
    start: {
      sessionId: string;
      station: RunnableStation & { userName?: string; passwordEnv?: string };
      exercise: ExerciseDefinition;
      studentId: string;
      startedBy: string | null;
    }[];
    abort: string[];
  };
}

const CLAIM = `mutation($input: ClaimLabAgentWorkInput!) { claimLabAgentWork(input: $input) { start { sessionId station exercise studentId startedBy } abort } }`;

/**
 * Starts an agent: sends what its previous life left in the journal, interrupts the sessions that
 * life left running, then polls for work.
 */
export async function startLabAgent(options: LabAgentOptions): Promise<LabAgent> {
  const log = options.log;
  const runtimeId = options.runtimeId ?? `agent@${os.hostname()}`;
  const passwords = options.passwords ?? ((name: string) => process.env[name]);
  const port = new HttpLabPort({ api: options.api, key: options.key, log, ...(options.journal ? { journal: options.journal } : {}) });
  const runtime = createLabRuntime({ port, runtimeId });
  const interrupted = await runtime.recover();
  if (interrupted > 0) log.warn({ interrupted, runtimeId }, 'lab agent: sessions left running by the previous run marked INTERRUPTED');
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const poll = async () => {
    try {
      const work = await port.request<Work>(CLAIM, { input: { runtimeId } });
      for (const a of work.claimLabAgentWork.start) {
        const { passwordEnv, userName, ...station } = a.station;
        // The password never leaves the lab network: it is looked up here, by name.
        const address =
          station.address.protocol === 'OPC_UA' && userName
            ? { ...station.address, user: { userName, password: (passwordEnv ? passwords(passwordEnv) : undefined) ?? '' } }
            : station.address;
        log.info({ sessionId: a.sessionId, stationId: station.id, exercise: a.exercise.id }, 'lab agent: starting session');
        void runtime
          .startSession({
            station: { ...station, address },
            exercise: a.exercise,
            studentId: a.studentId,
            ...(a.startedBy ? { startedBy: a.startedBy } : {}),
            sessionId: a.sessionId,
          })
          .catch((err: Error) => log.error({ err, sessionId: a.sessionId }, 'lab agent: session could not start'));
      }
      for (const id of work.claimLabAgentWork.abort) void runtime.abortSession(id, 'aborted by the instructor');
    } catch (err) {
      log.warn({ reason: (err as Error).message }, 'lab agent: could not reach the API for work');
    }
    if (!stopped) timer = setTimeout(() => void poll(), options.pollMs ?? 1000);
  };
  void poll();

  return {
    runtime,
    port,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await runtime.stop();
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([port.drained(), new Promise((r) => (timeout = setTimeout(r, 5000)))]);
      clearTimeout(timeout);
      port.close();
    },
  };
}
