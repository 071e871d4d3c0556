/**
 * The API as its own process (`npm run start:dev`), for tests about what happens to the process
 * and its data folder: crashes, restarts, backups.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** A running API process. */
export interface ApiProcess {
  child: ChildProcess;
  /** GraphQL URL it serves. */
  url: string;
  /** Everything it printed so far. */
  output(): string;
}

/** Starts `src/main.ts` with `env` over a quiet default set-up; resolves once it serves. */
export function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['-r', './scripts/register.js', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', PORT: '0', START_SIMULATORS: 'false', START_LAB_RUNTIME: 'false', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const served = out.match(/DualHub serves GraphQL at (\S+)/);
      if (served) resolve({ child, url: served[1]!, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(Object.assign(new Error(`API exited (${code ?? signal}) before serving:\n${out}`), { child })));
  });
}

/** Runs a CLI script of the project to its end; resolves with its exit code and output. */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['-r', './scripts/register.js', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output: out })));
}

/** Resolves once the process has exited. */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}
