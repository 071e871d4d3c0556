/**
 * `npm run bench:auth`: requests per second of an authenticated trivial query
 * (`{ viewer { role } }`) with a session cookie vs an API key, in the same run, on a throwaway
 * embedded PostgreSQL. The client runs in worker threads (CONCURRENCY requests in flight) so its
 * own work stays off the server's event loop. Rounds alternate key/session so drift in machine
 * load hits both; prints each round, the medians and the ratio session/key. Rate limits are off.
 * Options: --requests N per round (default 2000), --rounds N (default 3).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startDualHub } from '../src/app';
import { createContext } from '../src/db/context';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { createLogger } from '../src/logger';
import { ApiKeyRole, Organization, PersonRole } from '../src/organizations';
import { benchConfig } from './config';

const CONCURRENCY = 8;
const BODY = JSON.stringify({ query: '{ viewer { role } }' });

const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { url, headers, count, body } = workerData;
  for (let i = 0; i < count; i++) {
    const response = await fetch(url, { method: 'POST', headers, body });
    const json = await response.json();
    if (json.errors) throw new Error(JSON.stringify(json.errors));
  }
  parentPort.postMessage('done');
})().catch((e) => { throw e; });
`;

async function round(url: string, headers: Record<string, string>, requests: number): Promise<number> {
  const per = Math.ceil(requests / CONCURRENCY);
  const started = performance.now();
  await Promise.all(
    Array.from(
      { length: CONCURRENCY },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(CLIENT, { eval: true, workerData: { url, headers, count: per, body: BODY } });
          worker.once('message', () => resolve());
          worker.once('error', reject);
        }),
    ),
  );
  return (per * CONCURRENCY) / ((performance.now() - started) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '3' } } });
  const requests = Number(values.requests);
  const rounds = Number(values.rounds);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-bench-auth-'));
  fs.chmodSync(tmp, 0o777);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 0, persistent: false });
  const config = benchConfig({
    RATE_LIMIT_PER_KEY: '0',
    RATE_LIMIT_PER_IP: '0',
    COOKIE_SECURE: 'false',
  });
  const log = createLogger('silent');
  const hub = await startDualHub(config, log, { databaseUrl: pg.url });
  try {
    const system = () => createContext({ orm: hub.orm, caller: 'system', log });
    const ineu = await system().em.findOneOrFail(Organization, { bin: '990140000017' });
    const issued = await hub.app.services.apiKeys.issue(system(), { organizationId: ineu.id, role: ApiKeyRole.READER, label: 'bench' });
    if (!issued.ok) throw new Error('key');
    const invited = await hub.app.services.identity.invite(system(), {
      organizationId: ineu.id,
      email: 'bench@students.ineu.kz',
      fullName: 'Bench',
      role: PersonRole.STUDENT,
    });
    if (!invited.ok) throw new Error('invite');
    const password = 'bench passphrase long enough';
    if (!(await hub.app.services.identity.acceptInvitation(system(), { token: invited.value.token, password })).ok) throw new Error('accept');
    const signIn = await fetch(hub.url.replace(/\/graphql$/, '/auth/sign-in'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@students.ineu.kz', password }),
    });
    const cookie = signIn.headers.getSetCookie()[0].split(';')[0];
    const key = { 'content-type': 'application/json', authorization: `Bearer ${issued.value.secret}` };
    const session = { 'content-type': 'application/json', cookie };
    await round(hub.url, key, 300); // warm-up
    await round(hub.url, session, 300);
    const byKey: number[] = [];
    const bySession: number[] = [];
    for (let i = 0; i < rounds; i++) {
      byKey.push(await round(hub.url, key, requests));
      bySession.push(await round(hub.url, session, requests));
      console.log(`round ${i + 1}: API key ${byKey[i].toFixed(0)} req/s · session cookie ${bySession[i].toFixed(0)} req/s`);
    }
    const k = median(byKey);
    const s = median(bySession);
    console.log(`median: API key ${k.toFixed(0)} req/s · session cookie ${s.toFixed(0)} req/s · ratio session/key ${(s / k).toFixed(2)}`);
    console.log(`load average: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()} · ${os.cpus().length} cores · concurrency ${CONCURRENCY}`);
  } finally {
    await hub.close();
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
