/**
 * The lab part of `npm start`: the store's port, the in-process runtime (recovering sessions a
 * previous life left running), and the stand-in trainers in a child process with the fixture
 * stations pointed at them.
 */
import type { EventBus } from '../../graphql/pubsub';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../shared/project-root';
import type { EntityManager } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { DomainEventSink } from '../../shared/domain-events';
import { createContext } from '../../db/context';
import { FIXTURES_DIR } from '../../seed/fixture-file';
import type { Logger } from '../../logger';
import type { LabHost } from '../lab.host';
import type { SessionPassedHandler } from '../lab.events';
import { createLabRuntime } from './lab.runtime-factory';
import { LabNetwork } from '../lab.network';
import type { LabSecrets } from '../lab.secrets';
import { readStationFixtures } from '../lab.seed';
import { PostgresLabPort } from '../postgres-lab.port';
import { Station } from '../station.entity';
import { SessionLeases } from './session-lease';

/** What {@link startLab} reads from the configuration. */
export interface LabStartConfig {
  START_LAB_RUNTIME: boolean;
  START_SIMULATORS: boolean;
  LAB_RUNTIME_ID?: string;
  /** Lease time of a running session, ms (see `session-lease.ts`); default 15000. */
  LAB_LEASE_TTL_MS?: number;
  /** The lab network allow-list (see `lab.network.ts`); default loopback only. */
  LAB_ALLOWED_HOSTS?: string;
  SIM_PLC_PORT: number;
  SIM_ROBOT_PORT: number;
  DATA_DIR: string;
}

/** The default runtime id of an API process: stable across restarts on one host. */
export function defaultRuntimeId(): string {
  return `api@${os.hostname()}`;
}

/**
 * Starts the lab in the API process. Returns a stop function: the runtime ends its running
 * sessions as INTERRUPTED (a restart is never a pass), then the stand-ins stop.
 */
/** What {@link startLab} is given by the composition root. */
export interface LabStartDeps {
  orm: MikroORM;
  log: Logger;
  /** The app's lab host: gets the port and the runtime. */
  host: LabHost;
  /** The app's lab secrets: gets the stand-in robot cell's password. */
  secrets: LabSecrets;
  /** What runs when a session passes (the modules' `onSessionPassed`, in module order). */
  sessionPassed: readonly SessionPassedHandler[];
  /** The app's event bus: the store port publishes stored events, verdicts and health on it. */
  bus: EventBus;
  /** Where the store port publishes `lab.session_ended` (the app's domain-event sink); default nowhere. */
  events?: DomainEventSink<EntityManager>;
}

export async function startLab(config: LabStartConfig, deps: LabStartDeps): Promise<() => Promise<void>> {
  const { orm, log, host } = deps;
  const port = new PostgresLabPort({
    orm,
    log: log.child({ context: 'lab' }),
    health: host.health,
    sessionPassed: deps.sessionPassed,
    bus: deps.bus,
    ...(deps.events ? { events: deps.events } : {}),
  });
  host.port = port;
  if (config.LAB_ALLOWED_HOSTS) host.network = new LabNetwork(config.LAB_ALLOWED_HOSTS);
  const stops: Array<() => Promise<void>> = [];
  const runtimeId = config.LAB_RUNTIME_ID || defaultRuntimeId();
  // Every API process sweeps expired leases, whether or not it runs sessions itself.
  const leases = new SessionLeases({ orm, log: log.child({ context: 'lab' }), port, ttlMs: config.LAB_LEASE_TTL_MS ?? 15_000, runtimeId });
  leases.start();
  stops.push(() => leases.stop());
  if (config.START_LAB_RUNTIME) {
    const runtime = createLabRuntime({
      port: leases.leasedPort(),
      runtimeId,
      // One session's fault is logged with its id and ends that session INTERRUPTED; the process goes on.
      // Evidence is stored every 250 ms (live views do not wait for it: the runtime's observed
      // events reach this process's subscribers at once); 30 live sessions then make 120 batches a
      // second instead of 300, which leaves the pool to the pages, the leases and the verdicts.
      session: {
        flushMs: 250,
        onFault: (f) => log.error({ err: f.error, sessionId: f.sessionId, stage: f.stage }, 'lab: session evidence or verdict not stored'),
      },
    });
    const interrupted = await runtime.recover();
    if (interrupted > 0) log.warn({ interrupted, runtimeId: runtime.runtimeId }, 'sessions left running by the previous process marked INTERRUPTED');
    host.runtime = runtime;
    stops.push(async () => {
      host.runtime = undefined;
      await runtime.stop();
    });
  }
  if (config.START_SIMULATORS) {
    const child = startStandIns(config, deps);
    stops.push(async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    });
  }
  return async () => {
    for (const stop of stops.reverse()) await stop().catch((err: Error) => log.warn({ err }, 'lab: error while stopping'));
    if (host.port === port) host.port = undefined;
  };
}

/**
 * Forks the stand-ins (not awaited: the API serves while node-opcua loads over there) and points
 * the fixture stations marked `standIn` at them as each comes up.
 */
function startStandIns(config: LabStartConfig, { orm, log, secrets }: LabStartDeps): ChildProcess {
  const password = randomBytes(12).toString('base64url');
  // From the compiled build (dist/) fork the compiled host; from the sources, load it through SWC.
  const compiled = __filename.endsWith('.js');
  const child = fork(path.join(__dirname, compiled ? 'stand-ins.host.js' : 'stand-ins.host.ts'), [], {
    execArgv: compiled ? [] : ['-r', path.join(PROJECT_ROOT, 'scripts', 'register.js')],
    env: {
      ...process.env,
      SIM_PLC_PORT: String(config.SIM_PLC_PORT),
      SIM_ROBOT_PORT: String(config.SIM_ROBOT_PORT),
      SIM_ROBOT_PASSWORD: password,
      SIM_PKI_DIR: path.join(config.DATA_DIR, 'pki', 'robot-cell'),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const fixtures = readStationFixtures(FIXTURES_DIR);
  const point = async (standIn: 'plc' | 'robot', address: Partial<Pick<Station, 'host' | 'port' | 'endpointUrl'>>) => {
    const codes = fixtures.filter((s) => s.standIn === standIn).map((s) => s.code);
    if (codes.length === 0) return;
    const { em } = createContext({ orm, caller: 'system', log });
    // The robot cell's random password is a secret of each stand-in station's own organisation.
    if (standIn === 'robot') {
      for (const station of await em.find(Station, { code: { $in: codes } })) {
        if (station.passwordEnv) secrets.set(station.organization.id, station.passwordEnv, password);
      }
    }
    await em.nativeUpdate(Station, { code: { $in: codes } }, address);
    log.info({ standIn, ...address, stations: codes }, 'stand-in trainer running');
  };
  child.on('message', (message: { plc?: { host: string; port: number }; robot?: { endpointUrl: string }; error?: string }) => {
    if (message.plc)
      void point('plc', { host: message.plc.host, port: message.plc.port }).catch((err: Error) =>
        log.error({ err }, 'lab: could not point stations at the PLC stand-in'),
      );
    if (message.robot)
      void point('robot', { endpointUrl: message.robot.endpointUrl }).catch((err: Error) =>
        log.error({ err }, 'lab: could not point stations at the robot stand-in'),
      );
    if (message.error) log.error({ reason: message.error }, 'stand-in trainers could not start');
  });
  child.on('exit', (code) => {
    if (code) log.warn({ code }, 'stand-in trainers exited');
  });
  return child;
}
