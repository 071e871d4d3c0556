/**
 * Two API processes never run the same session, and a session whose process dies ends
 * INTERRUPTED (issue 14): each running session has a lease in PostgreSQL (holder, expiry), renewed
 * by the process that runs it. Process A (a child process running `src/main.ts`) and process B
 * (this test's app) share one database and run one session each on stand-in PLC trainers; A is
 * killed with SIGKILL. B ends A's session INTERRUPTED (RUNTIME_LOST, never passed) once its lease
 * expires, and keeps running its own, whose lease it keeps renewing.
 */
import { startPlcTrainer, type PlcTrainer } from '../../simulators/plc-trainer/plc.trainer';
import { exited, startApiProcess, type ApiProcess } from '../support/api-process';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { Factories, gid } from '../support/factories';
import { type AnyDocument, type ResultOf, sourceOf, type VariablesOf } from '../support/graphql';
import { ABORT_SESSION, START_SESSION, exerciseGid, givenPlcStation } from '../support/lab-factories';

const LEASE = { LAB_LEASE_TTL_MS: '1500' };
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let b: TestApi;
let a: ApiProcess | undefined;
const trainers: PlcTrainer[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  b = await startTestApi({ databaseUrl: database.url, env: LEASE });
  for (let i = 0; i < 2; i++) trainers.push(await startPlcTrainer({ port: 0, seed: 7 + i }));
  a = await startApiProcess({ DATABASE_URL: database.url, START_LAB_RUNTIME: 'true', ...LEASE });
}, 120_000);
afterAll(async () => {
  if (a && a.child.exitCode === null && a.child.signalCode === null) {
    a.child.kill('SIGKILL');
    await exited(a.child);
  }
  await b?.close();
  for (const t of trainers) await t.stop();
  await database?.drop();
});

/** A typed operation against the API process at `url` (another process than `b`). */
async function gqlAt<D extends AnyDocument>(url: string, key: string, document: D, variables: VariablesOf<D>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: sourceOf(document), variables }),
  });
  return (await res.json()) as { data?: ResultOf<D>; errors?: unknown };
}

const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const sql = async <T>(query: string, params: unknown[] = []) => (await b.system().em.getConnection().execute(query, params)) as T[];
const leaseExpiry = async (sessionId: string) =>
  new Date((await sql<{ expires_at: string }>('select expires_at from lab_session_lease where session_id = ?', [sessionId]))[0]!.expires_at).getTime();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a killed process: its running session ends INTERRUPTED once its lease expires, never passed; the other process keeps running its own', async () => {
  const given = new Factories(b);
  const key = await b.keyFor(BIN.INEU, 'WRITER');
  const stations = [await givenPlcStation(b, key, trainers[0]!.port), await givenPlcStation(b, key, trainers[1]!.port)];
  const start = async (url: string, station: string) => {
    const res = await gqlAt(url, key, START_SESSION, {
      input: { studentId: gid('Person', (await given.givenStudent(BIN.INEU)).id), exerciseId: await exerciseGid(b, 'plc.safe-start-up'), stationId: station },
    });
    if (res.errors || res.data!.startSession.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data!.startSession.userErrors));
    return rowId(res.data!.startSession.session!.id as string);
  };
  const onA = await start(a!.url, stations[0]!);
  const onB = await start(b.url, stations[1]!);

  // Each session is leased to the process that runs it.
  let leases: { session_id: string; holder: string }[] = [];
  while (leases.length < 2) {
    leases = await sql('select session_id, holder from lab_session_lease where session_id in (?, ?)', [onA, onB]);
    await pause(50);
  }
  const holderOf = (id: string) => leases.find((l) => l.session_id === id)!.holder;
  expect(holderOf(onA)).not.toBe(holderOf(onB));
  expect(holderOf(onA)).toContain(`/${a!.child.pid}/`);

  a!.child.kill('SIGKILL');
  await exited(a!.child);
  const before = await leaseExpiry(onB);

  let ended: { status: string; reasons: { code: string }[] } | undefined;
  while (!ended || ended.status === 'RUNNING') {
    [ended] = await sql<{ status: string; reasons: { code: string }[] }>('select status, reasons from training_session where id = ?', [onA]);
    await pause(100);
  }
  expect(ended.status).toBe('INTERRUPTED');
  expect(ended.reasons.map((r) => r.code)).toEqual(['RUNTIME_LOST']);
  expect(await sql('select 1 from lab_session_lease where session_id = ?', [onA])).toEqual([]);

  // B's own session runs on.
  const [mine] = await sql<{ status: string }>('select status from training_session where id = ?', [onB]);
  expect(mine!.status).toBe('RUNNING');
  // B goes on renewing its lease (its holder unchanged).
  while ((await leaseExpiry(onB)) <= before) await pause(100);
  expect(await sql('select 1 from lab_session_lease where session_id = ? and holder = ?', [onB, holderOf(onB)])).toHaveLength(1);
  const aborted = await b.gql(key, ABORT_SESSION, { input: { sessionId: gid('TrainingSession', onB) } });
  expect(aborted.data!.abortSession.session!.status).toBe('ABORTED');
  // Nothing was granted for the killed process's session.
  expect(await sql("select 1 from training_session where id = ? and status = 'PASSED'", [onA])).toEqual([]);
}, 120_000);
