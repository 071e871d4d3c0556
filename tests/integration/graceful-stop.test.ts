import { createTestDatabase } from '../support/database';
import { exited, startApiProcess } from '../support/api-process';

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
      api.child.kill(signal);
      const ended = await Promise.race([exited(api.child).then(() => true), new Promise<false>((done) => setTimeout(() => done(false), STOP_WITHIN_MS))]);
      expect({ ended, code: api.child.exitCode, output: ended ? '' : api.output().slice(-2000) }).toEqual({ ended: true, code: 0, output: '' });
    } finally {
      if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
    }
  },
  60_000,
);
