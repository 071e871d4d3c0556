/**
 * A stand-in CLI as its own process, exactly as `npm run sim:*` starts it (stdin at EOF, as under
 * systemd or in a container). Tests whose trainer must answer like a device on the lab network,
 * unaffected by the test process being busy (the API and the agent run there), start it this way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** A running stand-in CLI and what it has printed so far (stdout and stderr). */
export interface Cli {
  child: ChildProcess;
  output: () => string;
}

/** Starts a stand-in CLI (`simulators/…/*.cli.ts`) with stdin at EOF (`< /dev/null`). */
export function startCli(script: string, args: string[]): Cli {
  const child = spawn(process.execPath, ['-r', './scripts/register.js', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { child, output: () => out };
}

/** Resolves with the first match of `pattern` in the CLI's output; rejects if it exits first. */
export function waitFor(cli: Cli, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = cli.output().match(pattern);
      if (m) {
        cli.child.stdout!.off('data', check);
        cli.child.off('exit', exited);
        resolve(m);
      }
    };
    const exited = (code: number | null) => reject(new Error(`stand-in exited (${code}) before ${pattern}:\n${cli.output()}`));
    cli.child.stdout!.on('data', check);
    cli.child.once('exit', exited);
    check();
  });
}

/** Sends SIGTERM and resolves with the exit code and signal. */
export function terminate(cli: Cli): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (cli.child.exitCode !== null) return resolve({ code: cli.child.exitCode, signal: null });
    cli.child.once('exit', (code, signal) => resolve({ code, signal }));
    cli.child.kill('SIGTERM');
  });
}

/** Starts the PLC trainer CLI headless on a free port; resolves once it listens. */
export async function startPlcTrainerProcess(args: string[] = []): Promise<{ cli: Cli; port: number }> {
  const cli = startCli('simulators/plc-trainer/plc.cli.ts', ['--port', '0', '--headless', ...args]);
  const [, port] = await waitFor(cli, /listening on [\d.]+:(\d+)/);
  return { cli, port: Number(port) };
}
