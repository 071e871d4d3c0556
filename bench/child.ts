/**
 * Starting a bench server in a process of its own: the measured server shares its event loop with
 * nothing of the bench (no load generator, no second server, no data loading).
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** Starts a bench child process and waits for its `READY …` line. */
export function startChild(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<{ child: ChildProcess; words: string[] }> {
  // NODE_ENV=production for every bench server, as deployed: graphql-js skips its development checks.
  const child = spawn(process.execPath, [...nodeArgs, '-r', './scripts/register.js', script], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolve({ child, words: line.split(' ').slice(1) });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}
