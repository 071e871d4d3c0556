/**
 * `npm run bench:startup`: how long `npm start` takes from the command to the first successful
 * GraphQL query, cold (empty data folder: initdb, migrations, seed) and warm (existing data),
 * and the idle RSS of the API process. Goals: ≤ 10 s cold, ≤ 200 MB idle RSS.
 * Uses free ports and a throwaway data folder; stops everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/db/embedded-postgres';

const ROOT = path.join(__dirname, '..');

function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((tid) => fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** The node process running src/main.ts under the npm process. */
function apiProcess(npmPid: number): number | undefined {
  const queue = [npmPid];
  while (queue.length) {
    const pid = queue.shift()!;
    const command = commandOf(pid);
    if (pid !== npmPid && /src\/main\.(ts|js)/.test(command) && path.basename(command.split(' ')[0]) === 'node') return pid;
    queue.push(...childrenOf(pid));
  }
  return undefined;
}

async function startOnce(dataDir: string, key?: string): Promise<{ ms: number; key: string; child: ChildProcess; port: number }> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      SIM_PLC_PORT: String(await freePort()),
      SIM_ROBOT_PORT: String(await freePort()),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const found = key ?? /(dh_[0-9a-f]{12}_[A-Za-z0-9_-]{43})/.exec(output)?.[1];
    if (found) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${found}` },
          body: JSON.stringify({ query: '{ viewer { role } }' }),
        });
        if (res.ok && ((await res.json()) as { data?: unknown }).data) {
          return { ms: Number(process.hrtime.bigint() - started) / 1e6, key: found, child, port };
        }
      } catch {
        // not listening yet
      }
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  stop(child);
  throw new Error(`npm start did not answer within 60 s:\n${output}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGTERM');
    setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000).unref();
  });
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-bench-startup-'));
  fs.chmodSync(dataDir, 0o777);
  try {
    const cold = await startOnce(dataDir);
    await stop(cold.child);
    const warm = await startOnce(dataDir, cold.key);
    await new Promise((r) => setTimeout(r, 5_000));
    const pid = apiProcess(warm.child.pid!);
    const rss = pid ? rssMb(pid) : NaN;
    await stop(warm.child);
    console.log('DualHub start-up (npm start → first successful query)');
    console.log(`  cold (empty data folder: initdb, migrate, seed): ${(cold.ms / 1000).toFixed(2)} s   goal ≤ 10 s  ${cold.ms <= 10_000 ? 'met' : 'NOT met'}`);
    console.log(`  warm (existing data):                            ${(warm.ms / 1000).toFixed(2)} s`);
    console.log(`  idle RSS of the API process after 5 s:           ${rss.toFixed(0)} MB   goal ≤ 200 MB  ${rss <= 200 ? 'met' : 'NOT met'}`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
