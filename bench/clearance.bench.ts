/**
 * `npm run bench:clearance`: how fast is "may this student work at this workplace?".
 *
 * Fills a throwaway embedded PostgreSQL with 100 000 students, 20 hazard categories (the 7 of the
 * fixtures + 13 more), 1 000 000 readiness records and 2 000 workplaces (3 categories each) using
 * `insert … select generate_series` (seconds, not minutes), then over HTTP, as the regional
 * coordinator:
 *   - one clearance query at a time: p50 / p99 / max latency (goal p99 ≤ 5 ms, on the median of --rounds rounds);
 *   - the SQL plan of the clearance statement (visibility and coverage in one; EXPLAIN ANALYZE);
 *   - a page of 50 clearances in one request vs a page of 5: SQL statement counts and latency
 *     (goal p99 ≤ 10 ms, judged on the median of --rounds rounds), each round followed by two host
 *     references with the same client and count: a server that only spins the page's median
 *     latency (one process), and one shaped like the page (its server CPU split around one
 *     statement that spends the page's PostgreSQL CPU and returns as many bytes) — what this host
 *     adds to such a request with none of our code; the page's statement alone (named, generic
 *     plan) with its PostgreSQL CPU;
 *   - for the single and the batched clearance, CPU per request of the measured server and of
 *     PostgreSQL (from /proc, bench/cpu.ts): steadier than latency on a shared host, to compare changes;
 *     and what the machine did meanwhile (busy and stolen share of its cores, load average).
 * The measured DualHub runs in a process of its own (bench/dualhub-server.ts, as deployed); the
 * load generator is another (a child Node sending one request after another over node:http).
 * Bounded: about two minutes on two cores. Options: --queries N (default 2000), --batches N (1000
 * per round), --rounds N (3),
 * --profile DIR (a V8 CPU profile of the measured DualHub), --shared-buffers SIZE (PostgreSQL's
 * shared_buffers, e.g. 1GB; default PostgreSQL's 128MB, smaller than the readiness records' heap,
 * so some pages a statement touches are read from the OS cache: the figures print how many),
 * --data-dir DIR (keep the filled database in DIR and reuse it on the next run with the same DIR:
 * the fill is a third of a run, so this is for iterating on a change; without it the
 * database is a temporary one, filled afresh and removed), --plan (also print the whole plan of
 * the statement for 50 pairs, not only its execution time and buffers), --prewarm (load the
 * tables and indexes a clearance reads into shared buffers first, with pg_prewarm: with
 * --shared-buffers large enough, the steady state of a server that has run a while).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startDualHub } from '../src/app';
import { createContext } from '../src/db/context';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { toGlobalId } from '../src/graphql/relay';
import { createLogger } from '../src/logger';
import { ApiKeyRole, ApiKeyService, Organization } from '../src/organizations';
import { clearanceStatement, COVERAGE_ONLY } from '../src/readiness';
import { startChild } from './child';
import { cpuOf, machineBetween, machineTicks, postgresCpu, postmasterOf } from './cpu';
import { benchConfig } from './config';

const STUDENTS = 100_000;
const RECORDS_PER_STUDENT = 10; // 1 000 000 records
const WORKPLACES = 2_000;
const EXTRA_CATEGORIES = 13; // 7 fixture categories + 13 = 20
/** The tables a clearance reads, loaded with all their indexes into shared buffers by --prewarm. */
const PREWARMED = ['readiness_record', 'person', 'membership', 'organization', 'workplace', 'workplace_hazard_category', 'hazard_category'];
/** Written into --data-dir once its database is filled. */
const FILLED_MARK = 'dualhub-bench-filled';

const QUERY = `query($s: ID!, $w: ID!) { clearance(studentId: $s, workplaceId: $w) {
  clearance { status validUntil categories { code status validUntil } } userErrors { code } } }`;
const BATCH = `query($input: ClearancesInput!) { clearances(input: $input) {
  clearance { status categories { code status validUntil readiness { kind earnedAt } } } userErrors { code } } }`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(2)} ms · p99 ${percentile(s, 99).toFixed(2)} ms · max ${s[s.length - 1].toFixed(2)} ms (n=${s.length})`;
}

/** The verdict on rounds' p99s: the median round's against the goal, and how many rounds met it. */
function roundsGoal(what: string, p99s: number[], goalMs: number): string {
  const median = percentile(
    [...p99s].sort((x, y) => x - y),
    50,
  );
  const met = p99s.filter((x) => x <= goalMs).length;
  return `${what} p99 per round: ${p99s.map((x) => x.toFixed(2)).join(', ')} ms; median ${median.toFixed(2)} ms → goal p99 <= ${goalMs} ms: ${median <= goalMs ? 'met' : 'NOT met'} (met in ${met} of ${p99s.length} rounds)`;
}

/** Requests the load generator sends untimed before the timed ones (its own warm-up). */
const CLIENT_WARM_UP = 100;

/**
 * The HTTP client runs in a separate process (a child Node with nothing else loaded), so its own
 * JSON and HTTP work shares neither the server's event loop nor its process. It reads
 * `{ url, key, bodies, client }` on stdin, sends the first CLIENT_WARM_UP bodies untimed (its own JIT and
 * connection warm-up), then every body one after another, and prints the ms of each. The client
 * is `node:http` with one keep-alive socket, reading the answer as bytes and parsing it after the
 * clock stops: the measured time is the server's answer, not the client's. `client: 'fetch'`
 * uses fetch and `response.json()` instead (undici): printed once beside the floor, because it
 * was the only client before and its own work shows in the figures (the same floor's p50 was
 * 0.43–0.76 ms through it against 0.25–0.43 ms through node:http in the same runs; p99 is as
 * noisy either way on two shared cores).
 */
const CLIENT = `
const http = require('node:http');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const { url, key, bodies, client } = JSON.parse(input);
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const viaHttp = (body) => new Promise((resolve, reject) => {
    const request = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: 'Bearer ' + key } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks)));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
  const viaFetch = async (body) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + key }, body })).json();
  const send = client === 'fetch' ? viaFetch : viaHttp;
  const answers = [];
  const times = [];
  // The client's own warm-up (JIT, the connection): its first requests, untimed.
  const warmUp = bodies.slice(0, ${CLIENT_WARM_UP});
  for (const body of warmUp) await send(body);
  for (const body of bodies) {
    const t = performance.now();
    answers.push(await send(body));
    times.push(performance.now() - t);
  }
  for (const answer of answers) {
    const json = Buffer.isBuffer(answer) ? JSON.parse(answer.toString('utf8')) : answer;
    if (json.errors) { console.error(JSON.stringify(json.errors)); process.exit(1); }
  }
  process.stdout.write(JSON.stringify({ times, sent: warmUp.length + bodies.length }));
});
`;

/** What the load generator measured: the ms of each timed request, and how many it sent in all (its warm-up too). */
interface Timed {
  times: number[];
  sent: number;
}

function timed(url: string, key: string, bodies: string[], client: 'http' | 'fetch' = 'http'): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CLIENT], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Timed) : reject(new Error(`load generator exited with ${code}`))));
    child.stdin.end(JSON.stringify({ url, key, bodies, client }));
  });
}

/**
 * A server that does nothing but spend `spinMs` of its own CPU per request (process CPU time, so
 * being descheduled stretches it as it stretches real work) and answer `bytes` of JSON: the host's
 * part of a latency figure, measured with the same client. With `db`, it is shaped like the page:
 * half its spin, then one statement on PostgreSQL that counts `loops` rows of generate_series
 * (the bench calibrates them to the page's PostgreSQL CPU) and sends back `resultBytes`, then
 * the other half: the same hops (client, server, PostgreSQL, server, client) with none of our code.
 */
const SPINNER = `
const http = require('node:http');
const { spinMs, bytes, db, loops, resultBytes } = JSON.parse(process.argv[1]);
// {"data":{"padding":""}} is 23 bytes: the answer is bytes long.
const body = JSON.stringify({ data: { padding: 'x'.repeat(Math.max(0, bytes - 23)) } });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const spin = (ms) => { const until = cpu() + ms; while (cpu() < until); };
(async () => {
  let client;
  if (db) {
    const { Client } = require('pg');
    client = new Client({ connectionString: db });
    await client.connect();
  }
  http.createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      if (client) {
        spin(spinMs / 2);
        await client.query({ name: 'spin', text: 'select (select count(*) from generate_series(1, $1::int)) as n, repeat($2, $3::int) as pad', values: [loops, 'x', resultBytes] });
        spin(spinMs / 2);
      } else spin(spinMs);
      res.setHeader('content-type', 'application/json');
      res.end(body);
    });
  }).listen(0, '127.0.0.1', function () { process.stdout.write(this.address().port + '\\n'); });
})();
`;

/** What {@link hostReference} spends per request: the server's CPU, and optionally PostgreSQL's in one statement. */
interface ReferenceShape {
  spinMs: number;
  bytes: number;
  db?: string;
  loops?: number;
  resultBytes?: number;
}

/** Times `requests` requests against {@link SPINNER}: the same client and count as the page's. */
async function hostReference(shape: ReferenceShape, requests: number): Promise<number[]> {
  const child = spawn(process.execPath, ['-e', SPINNER, JSON.stringify(shape)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('error', reject);
    });
    const bodies = Array.from({ length: requests }, () => '{}');
    return (await timed(`http://127.0.0.1:${port}/`, 'none', bodies)).times;
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * Rows of generate_series PostgreSQL counts per ms of its backend's CPU (the shaped host
 * reference's statement), from 40 statements of 200 000 rows on `db`'s backend.
 */
async function spinCalibration(db: Client): Promise<number> {
  const backend = (await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
  const rows = 200_000;
  const spin = { name: 'bench_spin_calibration', text: 'select count(*) from generate_series(1, $1::int)', values: [rows] };
  await db.query(spin);
  const cpu0 = cpuOf(backend);
  for (let i = 0; i < 40; i++) await db.query(spin);
  return (rows * 40) / ((cpuOf(backend) - cpu0) * 1000);
}

/** Deterministic pseudo-random stream (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function fill(url: string, heiIds: string[], employerIds: string[]): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const res = await db.query(sql, params);
    console.log(`  ${label.padEnd(38)} ${String(res.rowCount ?? '').padStart(9)} rows  ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  console.log('filling the database:');
  await step(
    'hazard categories (13 more)',
    `insert into hazard_category (id, created_at, updated_at, code, name, description)
    select gen_random_uuid(), now(), now(), 'BENCH_' || lpad(g::text, 2, '0'),
           jsonb_build_object('kk', 'Қауіп ' || g, 'ru', 'Опасность ' || g, 'en', 'Hazard ' || g),
           jsonb_build_object('kk', '-', 'ru', '-', 'en', '-')
      from generate_series(1, ${EXTRA_CATEGORIES}) g`,
  );
  await step(
    'policies for them',
    `insert into readiness_policy (id, created_at, updated_at, hazard_category_id, version, mode, exercises, min_score, validity_days, manual_allowed, changed_by)
    select gen_random_uuid(), now(), now(), id, 1, 'ANY_OF', '["robot.safe-cell-entry"]', 80, 365, true, 'bench' from hazard_category where code like 'BENCH_%'`,
  );
  await db.query(`create temp table cat as select row_number() over (order by code) - 1 as n, id from hazard_category`);
  await db.query(`create temp table stu as select g as n, gen_random_uuid() as id from generate_series(1, ${STUDENTS}) g`);
  await step(
    'students (persons)',
    `insert into person (id, created_at, updated_at, full_name, email) select id, now(), now(), 'Bench student ' || n, 'bench.' || n || '@students.example.kz' from stu`,
  );
  await step(
    'student memberships',
    `insert into membership (id, created_at, updated_at, person_id, organization_id, role)
    select gen_random_uuid(), now(), now(), id, ($1::uuid[])[1 + n % array_length($1::uuid[], 1)], 'STUDENT' from stu`,
    [heiIds],
  );
  await db.query(`create temp table wp as select g as n, gen_random_uuid() as id from generate_series(1, ${WORKPLACES}) g`);
  await step(
    'workplaces',
    `insert into workplace (id, created_at, updated_at, code, employer_id, site, department, description)
    select id, now(), now(), 'BENCH-WP-' || n, ($1::uuid[])[1 + n % array_length($1::uuid[], 1)],
           '{"kk":"-","ru":"-","en":"Bench site"}', '{"kk":"-","ru":"-","en":"-"}', '{"kk":"-","ru":"-","en":"-"}' from wp`,
    [employerIds],
  );
  await step(
    'workplace hazard categories (3 each)',
    `insert into workplace_hazard_category (workplace_id, hazard_category_id)
    select wp.id, cat.id from wp join cat on cat.n in (wp.n % 20, (wp.n * 7 + 3) % 20, (wp.n * 11 + 5) % 20) on conflict do nothing`,
  );
  // 10 records per student in 10 different categories, earned over the last two years, valid a year.
  await step(
    'readiness records',
    `insert into readiness_record (id, created_at, updated_at, student_id, hazard_category_id, kind, policy_id, session_ids, exercise_id, exercise_version, score, station_id, earned_at, valid_until, recorded_by)
    select gen_random_uuid(), now(), now(), stu.id, cat.id, 'SIMULATOR', pol.id, jsonb_build_array(gen_random_uuid()), 'robot.safe-cell-entry', 1, 90, 'robot-1',
           e.earned_at, e.earned_at + interval '365 days', 'lab'
      from stu cross join generate_series(1, ${RECORDS_PER_STUDENT}) g
      join cat on cat.n = (stu.n * 3 + g * 7) % 20
      join lateral (select id from readiness_policy p where p.hazard_category_id = cat.id order by version desc limit 1) pol on true
      cross join lateral (select now() - ((stu.n * g * 37) % 730) * interval '1 day' - (g * interval '1 hour') as earned_at) e`,
  );
  // Steady state before measuring: the bulk load's vacuum and checkpoint done now, not by
  // autovacuum and the checkpointer in the middle of a round.
  await step('vacuum (analyze)', 'vacuum (analyze)');
  await step('checkpoint', 'checkpoint');
  await db.end();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      queries: { type: 'string', default: '2000' },
      batches: { type: 'string', default: '1000' },
      /** Rounds of the single clearance and of the batched page (each page round followed by its host references); each goal is judged on the median round's p99. */
      rounds: { type: 'string', default: '3' },
      /** Write a V8 CPU profile of the measured DualHub process into this directory. */
      profile: { type: 'string' },
      /** PostgreSQL's shared_buffers for this run, e.g. 1GB (default: PostgreSQL's own, 128MB). */
      'shared-buffers': { type: 'string' },
      /** Keep the filled database here and reuse it when it is already filled. */
      'data-dir': { type: 'string' },
      /** Also print the whole EXPLAIN ANALYZE of the statement for 50 pairs. */
      plan: { type: 'boolean', default: false },
      /** Load the tables and indexes a clearance reads into shared buffers before measuring (pg_prewarm). */
      prewarm: { type: 'boolean', default: false },
    },
  });
  const queries = Number(values.queries);
  const batches = Number(values.batches);
  const rounds = Math.max(1, Number(values.rounds));
  const kept = values['data-dir'] ? path.resolve(values['data-dir']) : undefined;
  const filled = kept !== undefined && fs.existsSync(path.join(kept, FILLED_MARK));
  if (kept && !filled && fs.existsSync(path.join(kept, 'pg'))) {
    // A fill that did not finish (the mark is written last): filling again would add to its rows.
    throw new Error(`${kept} holds a database whose fill did not finish: remove the directory and run again`);
  }
  const started = performance.now();
  // The database's folder: the kept one, or a temporary one removed at the end.
  const tmp = kept ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-bench-clearance-'));
  const home = kept ?? tmp!;
  fs.mkdirSync(home, { recursive: true });
  fs.chmodSync(home, 0o777);
  const dataDir = path.join(home, 'pg');
  const pg = await startEmbeddedPostgres({
    dataDir,
    port: 0,
    persistent: kept !== undefined,
    settings: values['shared-buffers'] ? { shared_buffers: values['shared-buffers'] } : {},
  });
  const statements: string[] = [];
  const config = benchConfig({
    // Rate limits stay on (their cost is part of the figure) but high enough that the bench is never refused.
    RATE_LIMIT_PER_KEY: '1000000000',
    RATE_LIMIT_PER_IP: '1000000000',
  });
  const log = createLogger('silent');
  // Setup, statement counts and the statement's own timing run on this process's DualHub (its
  // query log costs time of its own); latency is measured on a DualHub of its own process below.
  // Its webhook dispatcher idles (it polls every 250 ms otherwise): a statement counted must be the request's.
  const counted = await startDualHub({ ...config, WEBHOOK_POLL_MS: 3_600_000 }, log, { databaseUrl: pg.url, onQuery: (sql) => statements.push(sql) });
  let serverProcess: ChildProcess | undefined;
  try {
    const system = createContext({ orm: counted.orm, caller: 'system', log });
    const orgs = await system.em.find(Organization, { region: 'PAVLODAR' });
    const heiIds = orgs.filter((o) => o.kind === 'HEI').map((o) => o.id);
    const employerIds = orgs.filter((o) => o.kind === 'EMPLOYER').map((o) => o.id);
    if (filled) console.log(`reusing the database filled earlier in ${kept}`);
    else {
      await fill(pg.url, heiIds, employerIds);
      if (kept) fs.writeFileSync(path.join(kept, FILLED_MARK), new Date().toISOString());
    }
    const coordinator = orgs.find((o) => o.kind === 'COORDINATOR')!;
    const issued = await new ApiKeyService().issue(system, { organizationId: coordinator.id, role: ApiKeyRole.READER, label: 'bench' });
    if (!issued.ok) throw new Error('could not issue a key');
    const key = issued.value.secret;

    const db = new Client({ connectionString: pg.url });
    db.on('error', () => undefined); // PostgreSQL stopping under it when the bench fails
    await db.connect();
    const students = (await db.query<{ id: string }>(`select p.id from person p where p.email like 'bench.%' order by p.email`)).rows.map((r) => r.id);
    const workplaces = (await db.query<{ id: string }>(`select id from workplace where code like 'BENCH-WP-%' order by code`)).rows.map((r) => r.id);
    const counts = (
      await db.query(`select (select count(*) from person) persons, (select count(*) from hazard_category) categories,
      (select count(*) from readiness_record) records, (select count(*) from workplace) workplaces`)
    ).rows[0];
    const sharedBuffers = (await db.query<{ shared_buffers: string }>('show shared_buffers')).rows[0].shared_buffers;
    console.log(
      `PostgreSQL shared_buffers ${sharedBuffers}; data: ${counts.persons} persons, ${counts.categories} hazard categories, ${counts.records} readiness records, ${counts.workplaces} workplaces`,
    );
    if (values.prewarm) {
      // Steady state of a server that has run a while: the tables and indexes the clearance reads
      // in shared buffers (as far as they fit), not only in the OS cache.
      await db.query('create extension if not exists pg_prewarm');
      const loaded = await db.query<{ relation: string; blocks: number }>(
        `select c.relname as relation, pg_prewarm(c.oid) as blocks
           from pg_class c
          where c.oid = any($1::regclass[]) or c.oid in (select i.indexrelid from pg_index i where i.indrelid = any($1::regclass[]))`,
        [`{${PREWARMED.join(',')}}`],
      );
      console.log(`prewarmed into shared buffers: ${loaded.rows.map((r) => `${r.relation} ${((r.blocks * 8) / 1024).toFixed(0)} MB`).join(', ')}`);
    }

    const rnd = random(42);
    const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
    const post = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(counted.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const one = () => post(QUERY, { s: toGlobalId('Person', pick(students)), w: toGlobalId('Workplace', pick(workplaces)) });

    // The measured server: a DualHub of its own process (as deployed), not this one, which also
    // runs the statement-counting server and the bench's own work.
    const server = await startChild(
      'bench/dualhub-server.ts',
      { BENCH_DATABASE_URL: pg.url },
      values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [],
    );
    serverProcess = server.child;
    const [serverUrl, serverKey] = server.words;
    const postmaster = postmasterOf(dataDir);
    /** A phase's CPU per request: the measured server's and PostgreSQL's, over every body sent (the client's warm-up ones too). */
    const cpuPerRequest = async (bodies: string[], client?: 'fetch') => {
      const server0 = cpuOf(server.child.pid!);
      const pg0 = postgresCpu(postmaster);
      const machine0 = machineTicks();
      // Divided by every request sent: the client's untimed warm-up ones are in the CPU too.
      const { times, sent } = await timed(serverUrl, serverKey, bodies, client);
      const serverMs = ((cpuOf(server.child.pid!) - server0) * 1000) / sent;
      const postgresMs = ((postgresCpu(postmaster) - pg0) * 1000) / sent;
      return {
        times,
        serverMs,
        postgresMs,
        cpu: `CPU per request: server ${serverMs.toFixed(2)} ms + PostgreSQL ${postgresMs.toFixed(2)} ms; ${machineBetween(machine0)}`,
      };
    };
    const body = () => JSON.stringify({ query: QUERY, variables: { s: toGlobalId('Person', pick(students)), w: toGlobalId('Workplace', pick(workplaces)) } });
    await timed(serverUrl, serverKey, Array.from({ length: 300 }, body)); // warm-up: JIT, connection pool, PostgreSQL caches
    const floor = Array.from({ length: queries }, () => JSON.stringify({ query: '{ viewer { role } }' }));
    const baseline = await timed(serverUrl, serverKey, floor);
    console.log(`\nfloor: { viewer { role } } over HTTP (auth + Apollo, 1 SQL statement): ${summary(baseline.times)}`);
    const viaFetch = await timed(serverUrl, serverKey, floor, 'fetch');
    console.log(`  the same floor through fetch() as the client (undici; not the measuring client): ${summary(viaFetch.times)}`);
    const singleP99s: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const { times, cpu } = await cpuPerRequest(Array.from({ length: queries }, body));
      singleP99s.push(
        percentile(
          [...times].sort((x, y) => x - y),
          99,
        ),
      );
      console.log(`one clearance over HTTP (coordinator key), round ${round} of ${rounds}: ${summary(times)}`);
      console.log(`  ${cpu}`);
    }
    console.log(roundsGoal('one clearance', singleP99s, 5));
    await one();
    statements.length = 0;
    await one();
    console.log(`its SQL statements (${statements.length}), as the ORM timed them:`);
    for (const sql of statements)
      console.log(`  ${sql.replace(/\s+/g, ' ').slice(0, 150)}${sql.length > 150 ? ' …' : ''} ${/\[took [^\]]*\]/.exec(sql)?.[0] ?? ''}`);
    let cleared = 0;
    for (let i = 0; i < 200; i++) if (((await one()) as { clearance: { clearance: { status: string } } }).clearance.clearance.status === 'CLEARED') cleared++;
    console.log(`(${cleared} of 200 sampled pairs are CLEARED; the rest list what is missing)`);

    // The statement the server runs for the coordinator's key (visibility and coverage in one), with
    // the columns QUERY and BATCH ask for: coverage and the records' summary (COVERAGE_ONLY).
    const asCoordinator = createContext({
      orm: counted.orm,
      caller: { organizationId: coordinator.id, organizationKind: coordinator.kind, region: coordinator.region, role: 'READER' },
      log,
      visibility: counted.app.visibility,
    });
    const explain = (pairs: number, options: string) => {
      const statement = clearanceStatement(
        asCoordinator.em,
        Array.from({ length: pairs }, () => ({ studentId: pick(students), workplaceId: pick(workplaces) })),
        new Date(),
        COVERAGE_ONLY,
      );
      return db.query(`explain (${options}) ${statement.text}`, [...statement.values]);
    };
    // The statement alone, over one connection, as the server sends it (named, so prepared):
    // what of a clearance's time is PostgreSQL's, and what re-planning costs when PostgreSQL
    // keeps choosing custom plans for it.
    for (const mode of ['auto', 'force_generic_plan'] as const) {
      await db.query(`set plan_cache_mode = ${mode}`);
      const times: number[] = [];
      for (let i = 0; i < 500; i++) {
        const statement = clearanceStatement(asCoordinator.em, [{ studentId: pick(students), workplaceId: pick(workplaces) }], new Date(), COVERAGE_ONLY);
        const t = performance.now();
        await db.query({ name: `${statement.name}_${mode}`, text: statement.text, values: [...statement.values] });
        if (i >= 100) times.push(performance.now() - t);
      }
      console.log(`the clearance statement alone (named, plan_cache_mode=${mode}): ${summary(times)}`);
    }
    await db.query('set plan_cache_mode = auto');
    const plan = await explain(1, 'analyze, buffers, costs off');
    console.log('\nplan of the clearance statement (one pair, planned for its values):');
    for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
    // The plan the server's pool runs: generic, made once per connection (src/db/read/prepared.ts).
    {
      const statement = clearanceStatement(asCoordinator.em, [{ studentId: pick(students), workplaceId: pick(workplaces) }], new Date(), COVERAGE_ONLY);
      await db.query('set plan_cache_mode = force_generic_plan');
      await db.query(`prepare bench_generic as ${statement.text}`);
      const literal = (v: unknown) =>
        v === null ? 'null' : `'${(v instanceof Date ? v.toISOString() : Array.isArray(v) ? `{${v.join(',')}}` : String(v)).replace(/'/g, "''")}'`;
      const generic = await db.query(`explain (analyze, buffers, costs off) execute bench_generic(${statement.values.map(literal).join(', ')})`);
      await db.query('deallocate bench_generic');
      await db.query('set plan_cache_mode = auto');
      console.log('\nplan of the clearance statement (one pair, the generic plan the server keeps):');
      for (const row of generic.rows) console.log(`  ${row['QUERY PLAN']}`);
    }

    const checks = (n: number) =>
      Array.from({ length: n }, () => ({ studentId: toGlobalId('Person', pick(students)), workplaceId: toGlobalId('Workplace', pick(workplaces)) }));
    const statementsFor = async (n: number) => {
      statements.length = 0;
      await post(BATCH, { input: { checks: checks(n) } });
      // The key's look-up runs when its cached authentication is due again, whatever the request asks.
      return statements.filter((sql) => !/ from api_key /.test(sql)).length;
    };
    const five = await statementsFor(5);
    const fifty = await statementsFor(50);
    console.log(
      `\nbatched clearances(input: { checks }): ${five} SQL statements for 5 checks (the key's look-up not counted), ${fifty} for 50 (${five === fifty ? 'constant' : 'NOT constant'})`,
    );
    // Each round asks pairs of its own (a round repeating the last one's would find them cached).
    const batchBodies = () => Array.from({ length: batches }, () => JSON.stringify({ query: BATCH, variables: { input: { checks: checks(50) } } }));
    // The page, in rounds, each followed by two host references with the same client and count:
    // a server that only spins the page's median latency in CPU and answers as many bytes (one
    // process, no PostgreSQL), and one shaped like the page (its server CPU split around one
    // statement that spends the page's PostgreSQL CPU and returns as many bytes as the clearance
    // statement does). A reference's p99 − p50 is what this host adds to a request of that shape
    // whatever the code (scheduling and waking processes on two shared cores, the client's own
    // pauses); the page's tail beyond it is ours. Rounds, because the same code's figures move
    // by a third between runs here: the goal is judged on the median round.
    const answerBytes = JSON.stringify({ data: await post(BATCH, { input: { checks: checks(50) } }) }).length;
    const resultBytes = await (async () => {
      const statement = clearanceStatement(
        asCoordinator.em,
        Array.from({ length: 50 }, () => ({ studentId: pick(students), workplaceId: pick(workplaces) })),
        new Date(),
        COVERAGE_ONLY,
      );
      const rows = (await db.query({ text: statement.text, values: [...statement.values] })).rows as { pairs: unknown }[];
      return JSON.stringify(rows[0].pairs).length;
    })();
    const loopsPerMs = await spinCalibration(db);
    const pageP99s: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const { times, cpu, serverMs, postgresMs } = await cpuPerRequest(batchBodies());
      const sorted = [...times].sort((x, y) => x - y);
      pageP99s.push(percentile(sorted, 99));
      const p50 = percentile(sorted, 50);
      console.log(`a page of 50 clearances in one request, round ${round} of ${rounds}: ${summary(times)}`);
      console.log(`  ${cpu}`);
      const alone = await hostReference({ spinMs: p50, bytes: answerBytes }, batches);
      console.log(`  host reference, one process (spinning ${p50.toFixed(2)} ms of CPU, ${answerBytes} bytes answered): ${summary(alone)}`);
      const shaped = await hostReference(
        { spinMs: serverMs, bytes: answerBytes, db: pg.url, loops: Math.round(postgresMs * loopsPerMs), resultBytes },
        batches,
      );
      console.log(
        `  host reference shaped like the page (${serverMs.toFixed(2)} ms of server CPU around one statement of ~${postgresMs.toFixed(2)} ms of PostgreSQL CPU returning ${resultBytes} bytes): ${summary(shaped)}`,
      );
    }
    console.log(roundsGoal('page', pageP99s, 10));
    const batchPlan = await explain(50, 'analyze, buffers, costs off, summary on');
    // Execution time, and the pages it touched: `read` ones came from outside PostgreSQL's shared buffers.
    const lines = batchPlan.rows.map((r) => String(r['QUERY PLAN']).trim());
    if (values.plan) console.log(batchPlan.rows.map((r) => `    ${String(r['QUERY PLAN'])}`).join('\n'));
    console.log(`  its statement for 50 pairs: ${lines.find((l) => /^Execution Time/.test(l))} · ${lines.find((l) => /^Buffers:/.test(l))}`);
    // The same statement alone, as the server's pool runs it (named, generic plan), 400 times:
    // PostgreSQL's share of the page from its backend's own CPU, steadier than the page's latency.
    {
      await db.query('set plan_cache_mode = force_generic_plan');
      const backend = (await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
      const times: number[] = [];
      let cpu0 = 0;
      for (let i = 0; i < 500; i++) {
        if (i === 100) cpu0 = cpuOf(backend);
        const pairs = Array.from({ length: 50 }, () => ({ studentId: pick(students), workplaceId: pick(workplaces) }));
        const statement = clearanceStatement(asCoordinator.em, pairs, new Date(), COVERAGE_ONLY);
        const t = performance.now();
        await db.query({ name: `${statement.name}_50`, text: statement.text, values: [...statement.values] });
        if (i >= 100) times.push(performance.now() - t);
      }
      const cpu = ((cpuOf(backend) - cpu0) * 1000) / times.length;
      console.log(`  that statement alone (named, generic plan): ${summary(times)}; PostgreSQL CPU ${cpu.toFixed(2)} ms per statement`);
      await db.query('set plan_cache_mode = auto');
    }
    await db.end();
  } finally {
    if (serverProcess && serverProcess.exitCode === null) {
      serverProcess.kill('SIGTERM');
      await new Promise((resolve) => serverProcess!.once('exit', resolve));
    }
    await counted.close();
    await pg.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nbench finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
