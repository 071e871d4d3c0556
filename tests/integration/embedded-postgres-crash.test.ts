import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/db/embedded-postgres';
import { exited, startApiProcess } from '../support/api-process';

// `npm start` killed with SIGKILL (or by the OOM killer) leaves its embedded PostgreSQL running.
// The next start must not silently reuse that orphan and leave it behind: it stops it cleanly,
// runs its own server on the same data, and stops that one when it stops.
let dataRoot: string;
let pgPort: number;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-crash-'));
  // Run as root, the embedded server runs as the `postgres` user, which must reach the folder.
  fs.chmodSync(dataRoot, 0o777);
  pgPort = await freePort();
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of postgresProcessesOn(dataDir())) process.kill(pid, 'SIGKILL');
  fs.rmSync(dataRoot, { recursive: true, force: true });
});

const dataDir = () => path.join(dataRoot, 'postgres');

/** Starts the API on this test's own DATA_DIR and embedded PostgreSQL port. */
async function startApi(): Promise<ChildProcess> {
  const api = await startApiProcess({ DATA_DIR: dataRoot, EMBEDDED_PG_PORT: String(pgPort), SEED_FIXTURES: 'false' });
  children.push(api.child);
  return api.child;
}

/** Pid of the postmaster named by the data directory's `postmaster.pid`, if the file exists. */
function postmasterPid(): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dataDir(), 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process whose command line names the data directory (the postmaster: `postgres -D <dir>`). */
function postgresProcessesOn(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres` });
  await client.connect();
  try {
    return (await client.query(query, params)).rows as T[];
  } finally {
    await client.end();
  }
}

test('after kill -9 the next start stops the orphaned PostgreSQL, keeps the data, and leaves no server behind when it stops', async () => {
  const first = await startApi();
  const orphan = postmasterPid()!;
  expect(isAlive(orphan)).toBe(true);
  await sql('create table crash_probe (note text)');
  await sql('insert into crash_probe values ($1)', ['written before the crash']);

  first.kill('SIGKILL');
  await exited(first);
  // The crash left the server running: the situation this test is about.
  expect(isAlive(orphan)).toBe(true);

  const second = await startApi();
  const owned = postmasterPid()!;
  expect({ orphanAlive: isAlive(orphan), ownedAlive: isAlive(owned), restarted: owned !== orphan }).toEqual({
    orphanAlive: false,
    ownedAlive: true,
    restarted: true,
  });
  expect(await sql<{ note: string }>('select note from crash_probe')).toEqual([{ note: 'written before the crash' }]);
  // The migrations the first run applied are there too.
  expect((await sql<{ n: string }>('select count(*) as n from mikro_orm_migrations'))[0]!.n).not.toBe('0');

  second.kill('SIGTERM');
  await exited(second);
  expect(second.exitCode).toBe(0);
  expect({ postmasterPid: postmasterPid(), processes: postgresProcessesOn(dataDir()) }).toEqual({ postmasterPid: undefined, processes: [] });
});
