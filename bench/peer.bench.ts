/**
 * `npm run bench:peer`: DualHub against PostGraphile 4.14 on the same PostgreSQL and data.
 *
 * Starts a throwaway embedded PostgreSQL, a DualHub child process that migrates and seeds the
 * fixtures and exits, loads 5 000 students, 2 000 workplaces (3 hazard categories each) and 10 000
 * placements of the Pavlodar region with `insert … select generate_series`, then starts the
 * measured DualHub processes and PostGraphile, each a child process on the same database
 * (PostGraphile: schema `public`, no auth). It
 * checks that both return the same 50 rows and fields for the placements page (student,
 * employer, workplace with hazard categories, mentor, clearanceExpiresAt — for PostGraphile a
 * computed column function with the same SQL as DualHub's), then load-tests both with `wrk`
 * (a separate process; /usr/bin/wrk, skipped when absent) in interleaved rounds at 8 and 32
 * connections and prints req/s, p50/p99, CPU per request (server process and PostgreSQL
 * separately) and the ratio per round, with the load average. Then the trivial `{ __typename }`:
 * DualHub with its authentication against PostGraphile without any.
 *
 * What differs, honestly: DualHub authenticates every request (API key) and applies the
 * coordinator's row scoping in SQL; PostGraphile here has neither.
 * Two DualHub processes are measured in the same rounds: "DualHub" with the per-scope response
 * cache off (every request runs its statement), and "DualHub+cache" as deployed, with the cache on
 * (RESPONSE_CACHE_TTL_MS, default 1000 ms; `--cache-ttl N` sets it, `--cache-ttl 0` leaves that
 * process out), so both ratios come from one run. Every request of a round is the same document
 * from the same key: the cached figure is the best case, a dashboard polling one page. Then
 * "pages and writes", closer to a region's day: every request asks the next of the first 20 pages
 * (`after` a cursor; PostGraphile `offset`; all 20 checked equal first), and while DualHub+cache is
 * measured an employer's key makes real writes through it (`setWorkplaceHazardCategories` to the
 * workplace's own categories: a transaction and an audit entry), each of which empties the cache
 * of every process. Once at 1 write/s (our estimate of a busy hour: 5 000 students' daily
 * logbook entries and their sign-offs are about 10 000 mutations a day, 0.35/s over eight hours)
 * and once at 10/s; DualHub+cache's hit rate is printed from its own `GET /metrics`. The trivial
 * `{ __typename }` is never cached (see the README).
 * Options: --seconds N per round (default 5), --rounds N (default 3), --connections 8,32, --cache-ttl N,
 * --pages N (20), --writes 1,10 (per second, one setting each), --only page|pages|trivial,
 * --profile DIR, --hold (keep the database and both servers up to explore).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { toGlobalId } from '../src/graphql/relay';
import { startChild } from './child';
import { cpuOf, loadAverage, postgresCpu, postmasterOf } from './cpu';

const STUDENTS = 5_000;
const WORKPLACES = 2_000;
const PLACEMENTS = 10_000;
const EMPLOYERS = 20;
const MENTORS = 400;
const WRK = '/usr/bin/wrk';

const DUALHUB_PAGE = `{ placements(first: 50) { nodes {
  code startDate status
  student { fullName email }
  employer { bin name { en } }
  workplace { code site { en } hazardCategories { code } }
  mentor { fullName }
  clearanceExpiresAt
} } }`;

const POSTGRAPHILE_PAGE = `{ allPlacements(first: 50, orderBy: [START_DATE_DESC, ID_ASC]) { nodes {
  code startDate status
  personByStudentId { fullName email }
  organizationByEmployerId { bin name }
  workplaceByWorkplaceId { code site workplaceHazardCategoriesByWorkplaceId { nodes { hazardCategoryByHazardCategoryId { code } } } }
  personByMentorId { fullName }
  clearanceExpiresAt
} } }`;

/** DualHub's page after a cursor (none: the first page). */
function dualhubPage(after: string | undefined): string {
  return after === undefined ? DUALHUB_PAGE : DUALHUB_PAGE.replace('placements(first: 50)', `placements(first: 50, after: ${JSON.stringify(after)})`);
}

/** PostGraphile's page `index` (0: the first), by offset in the same order. */
function postgraphilePage(index: number): string {
  return POSTGRAPHILE_PAGE.replace('allPlacements(first: 50,', `allPlacements(first: 50, offset: ${index * 50},`);
}

/** The BIN of the first bench employer (`fill`): the writer's organisation. */
const WRITER_BIN = '770000000000';

/** The fields both pages must agree on, in one shape. */
interface Row {
  code: string;
  startDate: string;
  status: string;
  student: string;
  email: string;
  employer: string;
  employerName: string;
  workplace: string;
  site: string;
  hazards: string[];
  mentor: string | null;
  clearanceExpiresAt: number | null;
}

function dualhubRows(data: any): Row[] {
  return data.placements.nodes.map((n: any) => ({
    code: n.code,
    startDate: n.startDate,
    status: n.status,
    student: n.student.fullName,
    email: n.student.email,
    employer: n.employer.bin,
    employerName: n.employer.name.en,
    workplace: n.workplace.code,
    site: n.workplace.site.en,
    hazards: n.workplace.hazardCategories.map((h: any) => h.code).sort(),
    mentor: n.mentor?.fullName ?? null,
    clearanceExpiresAt: n.clearanceExpiresAt ? Date.parse(n.clearanceExpiresAt) : null,
  }));
}

function postgraphileRows(data: any): Row[] {
  return data.allPlacements.nodes.map((n: any) => ({
    code: n.code,
    startDate: n.startDate,
    status: n.status,
    student: n.personByStudentId.fullName,
    email: n.personByStudentId.email,
    employer: n.organizationByEmployerId.bin,
    employerName: n.organizationByEmployerId.name.en,
    workplace: n.workplaceByWorkplaceId.code,
    site: n.workplaceByWorkplaceId.site.en,
    hazards: n.workplaceByWorkplaceId.workplaceHazardCategoriesByWorkplaceId.nodes.map((h: any) => h.hazardCategoryByHazardCategoryId.code).sort(),
    mentor: n.personByMentorId?.fullName ?? null,
    clearanceExpiresAt: n.clearanceExpiresAt ? Date.parse(n.clearanceExpiresAt) : null,
  }));
}

async function fill(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const res = await db.query(sql, params);
    console.log(`  ${label.padEnd(36)} ${String(res.rowCount ?? '').padStart(7)} rows  ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  console.log('filling the database:');
  const hei = (await db.query<{ id: string }>(`select id from organization where bin = '990140000017'`)).rows[0].id; // INEU, Pavlodar
  await db.query(`create temp table emp as select g as n, gen_random_uuid() as id from generate_series(0, ${EMPLOYERS - 1}) g`);
  await step(
    'employers (Pavlodar)',
    `insert into organization (id, created_at, updated_at, kind, region, bin, name)
    select id, now(), now(), 'EMPLOYER', 'PAVLODAR', '7700' || lpad(n::text, 8, '0'),
           jsonb_build_object('kk', 'Кәсіпорын ' || n, 'ru', 'Предприятие ' || n, 'en', 'Bench employer ' || n) from emp`,
  );
  await step(
    'agreements (one per employer)',
    `insert into agreement (id, created_at, updated_at, number, kind, hei_id, employer_id, valid_from, valid_to, remuneration_amount, status)
    select gen_random_uuid(), now(), now(), 'BENCH-AG-' || n, 'NETWORK_INTERACTION', $1, id, '2029-01-01', '2032-12-31', 150000, 'ACTIVE' from emp`,
    [hei],
  );
  await db.query(`create temp table stu as select g as n, gen_random_uuid() as id from generate_series(0, ${STUDENTS - 1}) g`);
  await step(
    'students',
    `insert into person (id, created_at, updated_at, full_name, email) select id, now(), now(), 'Bench student ' || n, 'bench.' || n || '@students.example.kz' from stu`,
  );
  await step(
    'student memberships',
    `insert into membership (id, created_at, updated_at, person_id, organization_id, role) select gen_random_uuid(), now(), now(), id, $1, 'STUDENT' from stu`,
    [hei],
  );
  await db.query(`create temp table men as select g as n, gen_random_uuid() as id from generate_series(0, ${MENTORS - 1}) g`);
  await step(
    'mentors',
    `insert into person (id, created_at, updated_at, full_name, email) select id, now(), now(), 'Bench mentor ' || n, 'mentor.' || n || '@bench.example.kz' from men`,
  );
  await step(
    'mentor memberships',
    `insert into membership (id, created_at, updated_at, person_id, organization_id, role)
    select gen_random_uuid(), now(), now(), men.id, emp.id, 'MENTOR' from men join emp on emp.n = men.n % ${EMPLOYERS}`,
  );
  await db.query(`create temp table wp as select g as n, gen_random_uuid() as id from generate_series(0, ${WORKPLACES - 1}) g`);
  await step(
    'workplaces',
    `insert into workplace (id, created_at, updated_at, code, employer_id, site, department, description)
    select wp.id, now(), now(), 'BENCH-WP-' || lpad(wp.n::text, 4, '0'), emp.id,
           jsonb_build_object('kk', '-', 'ru', '-', 'en', 'Bench site ' || wp.n), '{"kk":"-","ru":"-","en":"-"}', '{"kk":"-","ru":"-","en":"-"}'
      from wp join emp on emp.n = wp.n % ${EMPLOYERS}`,
  );
  await db.query(`create temp table cat as select row_number() over (order by code) - 1 as n, id from hazard_category`);
  const categories = (await db.query('select count(*)::int as n from cat')).rows[0].n as number;
  await step(
    'workplace hazard categories (3 each)',
    `insert into workplace_hazard_category (workplace_id, hazard_category_id)
    select wp.id, cat.id from wp join cat on cat.n in (wp.n % ${categories}, (wp.n + 2) % ${categories}, (wp.n + 4) % ${categories}) on conflict do nothing`,
  );
  await step(
    'placements',
    `insert into placement (id, created_at, updated_at, code, student_id, hei_id, employer_id, workplace_id, agreement_id, mentor_id,
      start_date, end_date, time_model, status, status_changed_at)
    select gen_random_uuid(), now(), now(), 'BENCH-PL-' || lpad(g::text, 5, '0'), stu.id, $1, emp.id, wp.id, ag.id, men.id,
           date '2030-01-01' + (g % 400), date '2030-01-01' + (g % 400) + 90, 'BLOCK', 'PLANNED', now()
      from generate_series(0, ${PLACEMENTS - 1}) g
      join stu on stu.n = g % ${STUDENTS}
      join wp on wp.n = g % ${WORKPLACES}
      join emp on emp.n = wp.n % ${EMPLOYERS}
      join agreement ag on ag.number = 'BENCH-AG-' || emp.n
      join men on men.n = (g % (${MENTORS} / ${EMPLOYERS})) * ${EMPLOYERS} + emp.n`,
    [hei],
  );
  const policy = (await db.query<{ id: string }>(`select id from readiness_policy order by created_at limit 1`)).rows[0]?.id;
  if (policy) {
    // Every student holds readiness in some categories, so clearanceExpiresAt is sometimes set, sometimes null.
    await step(
      'readiness records',
      `insert into readiness_record (id, created_at, updated_at, student_id, hazard_category_id, kind, policy_id, session_ids, exercise_id, exercise_version, score, station_id, earned_at, valid_until, recorded_by)
      select gen_random_uuid(), now(), now(), stu.id, cat.id, 'SIMULATOR', $1, jsonb_build_array(gen_random_uuid()), 'robot.safe-cell-entry', 1, 90, 'robot-1',
             now() - (stu.n % 300) * interval '1 day', now() + (365 - stu.n % 300) * interval '1 day', 'lab'
        from stu join cat on (cat.n + stu.n) % 2 = 0`,
      [policy],
    );
  }
  // PostGraphile's equivalent of DualHub's Placement.clearanceExpiresAt: a computed column, the same SQL.
  await db.query(`create function placement_clearance_expires_at(p placement) returns timestamptz stable language sql as $$
    select case when bool_and(r.kind is not null) then min(case when r.kind = 'REVOCATION' then r.earned_at else r.valid_until end) end
      from workplace_hazard_category whc
      left join lateral (select r.kind, r.earned_at, r.valid_until from readiness_record r
        where r.student_id = p.student_id and r.hazard_category_id = whc.hazard_category_id and r.earned_at <= now()
        order by r.earned_at desc limit 1) r on true
     where whc.workplace_id = p.workplace_id
     having count(*) > 0 $$`);
  // Steady state before measuring: the bulk load's vacuum and checkpoint done now, not by
  // autovacuum and the checkpointer in the middle of a round.
  await step('vacuum (analyze)', 'vacuum (analyze)');
  await step('checkpoint', 'checkpoint');
  await db.end();
}

function ms(text: string): number {
  const m = /([\d.]+)(us|ms|s|m)/.exec(text);
  if (!m) return NaN;
  if (m[2] === 'm') return Number(m[1]) * 60_000;
  return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 'ms' ? 1 : 1000);
}

/** One wrk run; the result as wrk printed it, plus CPU per request. */
interface Round {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  serverCpuMs: number;
  pgCpuMs: number;
}

/**
 * One wrk run over `bodies` (one: every request the same; several: each request the next, in turn),
 * asynchronous so that a writer can run beside it in this process.
 */
async function runWrk(
  url: string,
  bodies: readonly string[],
  key: string | undefined,
  connections: number,
  seconds: number,
  serverPid: number,
  postmaster: number,
): Promise<Round> {
  const script = path.join(os.tmpdir(), `dualhub-bench-peer-${process.pid}.lua`);
  fs.writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      'wrk.headers["Content-Type"] = "application/json"',
      ...(key ? [`wrk.headers["Authorization"] = "Bearer ${key}"`] : []),
      ...(bodies.length === 1
        ? [`wrk.body = ${JSON.stringify(bodies[0])}`]
        : [
            `bodies = { ${bodies.map((b) => JSON.stringify(b)).join(', ')} }`,
            'counter = 0',
            'request = function()',
            '  counter = counter + 1',
            '  return wrk.format(nil, nil, nil, bodies[(counter % #bodies) + 1])',
            'end',
          ]),
    ].join('\n'),
  );
  const server0 = cpuOf(serverPid);
  const pg0 = postgresCpu(postmaster);
  const run = spawn(WRK, ['-t', '2', '-c', String(connections), '-d', `${seconds}s`, '--latency', '-s', script, url]);
  let out = '';
  let err = '';
  run.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  run.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = await new Promise<number | Error>((done) => {
    run.once('error', done);
    run.once('close', (code) => done(code ?? -1));
  });
  const serverCpu = cpuOf(serverPid) - server0;
  const pgCpu = postgresCpu(postmaster) - pg0;
  if (!/Requests\/sec/.test(out)) throw new Error(`wrk failed (${exit}): ${err || out}`);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + Number(/Socket errors: .*?timeout (\d+)/.exec(out)?.[1] ?? 0);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p50: ms(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '0ms'),
    p99: ms(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '0ms'),
    requests,
    errors,
    serverCpuMs: requests ? (serverCpu * 1000) / requests : 0,
    pgCpuMs: requests ? (pgCpu * 1000) / requests : 0,
  };
}

const WRITE = `mutation($input: SetWorkplaceHazardCategoriesInput!) { setWorkplaceHazardCategories(input: $input) { workplace { code } userErrors { code } } }`;

/**
 * Real writes through a DualHub, `perSecond` of them, one after another until stopped: the
 * workplace's hazard categories set to the ones it has (a transaction, an audit entry, the
 * mutation's cache invalidation), so the pages stay what was checked. A write refused or failed is
 * counted, never hidden.
 */
function startWriter(url: string, key: string, input: { workplaceId: string; hazardCategoryCodes: string[] }, perSecond: number) {
  let stopped = false;
  const done = { writes: 0, failures: 0 };
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        const data = (await post(url, WRITE, key, { input: { ...input, reason: 'bench:peer writer' } })) as {
          setWorkplaceHazardCategories: { userErrors: unknown[] };
        };
        if (data.setWorkplaceHazardCategories.userErrors.length === 0) done.writes++;
        else done.failures++;
      } catch {
        done.failures++;
      }
      await new Promise((wake) => setTimeout(wake, Math.max(0, 1000 / perSecond - (performance.now() - started))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return done;
    },
  };
}

/** The response cache's hits and misses so far, from the DualHub's own `GET /metrics` (loopback). */
async function cacheLookups(graphqlUrl: string): Promise<{ hits: number; misses: number }> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const value = (outcome: string) => Number(new RegExp(`^dualhub_graphql_response_cache_total\\{outcome="${outcome}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hits: value('hit'), misses: value('miss') };
}

function line(name: string, r: Round): string {
  return (
    `${name.padEnd(13)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2).padStart(7)} ms  p99 ${r.p99.toFixed(2).padStart(7)} ms  ` +
    `CPU/req: server ${r.serverCpuMs.toFixed(2)} ms + PostgreSQL ${r.pgCpuMs.toFixed(2)} ms${r.errors ? `  ERRORS ${r.errors}` : ''}`
  );
}

async function post(url: string, query: string, key?: string, variables?: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '8,32' },
      /** Only one of the three settings: `page`, `pages` or `trivial`. */
      only: { type: 'string' },
      /** How many pages the "pages and writes" setting asks in turn. */
      pages: { type: 'string', default: '20' },
      /** Writes per second through DualHub+cache while it is measured in that setting; a list: one setting each. */
      writes: { type: 'string', default: '1,10' },
      /** Write a V8 CPU profile of the DualHub process into this directory. */
      profile: { type: 'string' },
      /** TTL in ms of the DualHub measured with the response cache on (as deployed); 0: measure only the one without. */
      'cache-ttl': { type: 'string', default: '1000' },
      /** After the check, print the database and server addresses and keep everything up until Ctrl-C (to explore, e.g. EXPLAIN). */
      hold: { type: 'boolean', default: false },
    },
  });
  if (!fs.existsSync(WRK)) {
    console.log(`bench:peer uses wrk (${WRK}) as its load generator and it is not installed: skipped (apt-get install wrk).`);
    return;
  }
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const connectionCounts = values.connections.split(',').map(Number);
  console.log(`load generator: wrk (${WRK}), 2 threads, a separate process; ${rounds} interleaved rounds of ${seconds} s per setting`);
  const started = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-bench-peer-'));
  fs.chmodSync(tmp, 0o777);
  const dataDir = path.join(tmp, 'pg');
  const pg = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false });
  const postmaster = postmasterOf(dataDir);
  const children: ChildProcess[] = [];
  try {
    // The schema and the fixtures come from a DualHub process that then exits, so every measured
    // process starts on a migrated, seeded database, as after a restart. A process that ran a fresh
    // database's migrations and seed itself keeps V8's pretenuring decisions from that work: under
    // the same `{ __typename }` load it spent 8.9 ms per scavenge against 1.6 ms, and its p99 was
    // 8.7–30.4 ms against 2.7–7.7 ms for the process started after it (bench:peer --hold, then two runs).
    const setup = await startChild('bench/dualhub-server.ts', { BENCH_DATABASE_URL: pg.url });
    await new Promise((done) => {
      setup.child.once('exit', done);
      setup.child.kill('SIGTERM');
    });
    await fill(pg.url);
    const dualhub = await startChild(
      'bench/dualhub-server.ts',
      { BENCH_DATABASE_URL: pg.url },
      values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [],
    );
    children.push(dualhub.child);
    const [dhUrl, key] = dualhub.words;
    const cacheTtl = values['cache-ttl'];
    // It also issues the writer's key, of a bench employer.
    const cached =
      Number(cacheTtl) > 0
        ? await startChild('bench/dualhub-server.ts', { BENCH_DATABASE_URL: pg.url, BENCH_RESPONSE_CACHE_TTL_MS: cacheTtl, BENCH_WRITER_BIN: WRITER_BIN })
        : undefined;
    if (cached) children.push(cached.child);
    const postgraphile = await startChild('bench/peer-postgraphile.ts', { BENCH_DATABASE_URL: pg.url });
    children.push(postgraphile.child);
    const [pgUrl] = postgraphile.words;

    const ours = dualhubRows(await post(dhUrl, DUALHUB_PAGE, key));
    const theirs = postgraphileRows(await post(pgUrl, POSTGRAPHILE_PAGE));
    const same = ours.length === 50 && JSON.stringify(ours) === JSON.stringify(theirs);
    const withClearance = ours.filter((r) => r.clearanceExpiresAt !== null).length;
    console.log(
      `\nsame page from both: ${same ? 'yes' : 'NO'} (50 placements, ${withClearance} with clearanceExpiresAt, first ${ours[0]?.code}, last ${ours.at(-1)?.code})`,
    );
    if (!same) {
      const i = ours.findIndex((r, n) => JSON.stringify(r) !== JSON.stringify(theirs[n]));
      console.log(`  first difference at row ${i}:\n  DualHub      ${JSON.stringify(ours[i])}\n  PostGraphile ${JSON.stringify(theirs[i])}`);
      throw new Error('the two pages differ');
    }

    if (values.hold) {
      console.log(
        `\nholding (Ctrl-C ends): database ${pg.url}  DualHub ${dhUrl} (key ${key})${cached ? `  DualHub+cache ${cached.words[0]} (key ${cached.words[1]})` : ''}  PostGraphile ${pgUrl}`,
      );
      await new Promise<void>((done) => process.once('SIGINT', () => done()));
      return;
    }
    if (cached) {
      const again = dualhubRows(await post(cached.words[0], DUALHUB_PAGE, cached.words[1]));
      if (JSON.stringify(again) !== JSON.stringify(ours)) throw new Error('the cached DualHub answers another page');
    }

    // The first N pages, by DualHub's cursors and PostGraphile's offsets, each checked equal.
    const pageCount = Number(values.pages);
    const cursors: (string | undefined)[] = [undefined];
    while (cursors.length < pageCount) {
      const data = (await post(dhUrl, `query($after: String) { placements(first: 50, after: $after) { pageInfo { endCursor } } }`, key, {
        after: cursors.at(-1),
      })) as { placements: { pageInfo: { endCursor: string } } };
      cursors.push(data.placements.pageInfo.endCursor);
    }
    const dualhubPages = cursors.map(dualhubPage);
    const postgraphilePages = cursors.map((_, i) => postgraphilePage(i));
    const codes = new Set<string>();
    for (let i = 0; i < pageCount; i++) {
      const mine = dualhubRows(await post(dhUrl, dualhubPages[i], key));
      const peer = postgraphileRows(await post(pgUrl, postgraphilePages[i]));
      if (mine.length !== 50 || JSON.stringify(mine) !== JSON.stringify(peer)) throw new Error(`page ${i + 1} differs between DualHub and PostGraphile`);
      for (const row of mine) codes.add(row.code);
    }
    console.log(`the first ${pageCount} pages from both: the same (${codes.size} distinct placements)`);

    // The writer's workplace: the writer's employer's first, with the categories it has.
    const db = new Client({ connectionString: pg.url });
    await db.connect();
    const workplace = (
      await db.query<{ id: string; codes: string[] }>(
        `select w.id, array_agg(hc.code order by hc.code) as codes from workplace w
           join organization o on o.id = w.employer_id and o.bin = $1
           join workplace_hazard_category whc on whc.workplace_id = w.id join hazard_category hc on hc.id = whc.hazard_category_id
          group by w.id, w.code order by w.code limit 1`,
        [WRITER_BIN],
      )
    ).rows[0];
    await db.end();
    const writeRates = values.writes.split(',').map(Number);
    const writeInput = { workplaceId: toGlobalId('Workplace', workplace.id), hazardCategoryCodes: workplace.codes };

    type Target = { url: string; bodies: string[]; key: string | undefined; pid: number; writer?: { key: string; perSecond: number } };
    const dualhubs = (queries: string[], writesPerSecond = 0): Record<string, Target> => ({
      DualHub: { url: dhUrl, bodies: queries.map((query) => JSON.stringify({ query })), key, pid: dualhub.child.pid! },
      ...(cached
        ? {
            'DualHub+cache': {
              url: cached.words[0],
              bodies: queries.map((query) => JSON.stringify({ query })),
              key: cached.words[1],
              pid: cached.child.pid!,
              writer: writesPerSecond > 0 ? { key: cached.words[2], perSecond: writesPerSecond } : undefined,
            },
          }
        : {}),
    });
    const peer = (queries: string[]): Target => ({
      url: pgUrl,
      bodies: queries.map((query) => JSON.stringify({ query })),
      key: undefined,
      pid: postgraphile.child.pid!,
    });
    /** The settings measured, in order: `kind` is what `--only` selects. */
    const settings: { kind: 'page' | 'pages' | 'trivial'; label: string; title: string; targets: Record<string, Target> }[] = [
      {
        kind: 'page',
        label: 'page',
        title: 'placements page of 50 (DualHub: coordinator key, scoped)',
        targets: { ...dualhubs([DUALHUB_PAGE]), PostGraphile: peer([POSTGRAPHILE_PAGE]) },
      },
      ...writeRates.map((rate) => ({
        kind: 'pages' as const,
        label: `pages ${rate}w/s`,
        title: `the first ${pageCount} pages of 50 in turn, ${rate} writes/s through DualHub+cache while it is measured`,
        targets: { ...dualhubs(dualhubPages, rate), PostGraphile: peer(postgraphilePages) },
      })),
      {
        kind: 'trivial',
        label: 'trivial',
        title: '{ __typename } (DualHub authenticated, PostGraphile not)',
        targets: { ...dualhubs(['{ __typename }']), PostGraphile: peer(['{ __typename }']) },
      },
    ];
    // Warm-up: JIT, pools, PostgreSQL caches and plans.
    for (const setting of settings.slice(0, 2).concat(settings.slice(-1)))
      for (const t of Object.values(setting.targets)) await runWrk(t.url, t.bodies, t.key, 8, 2, t.pid, postmaster);

    /** One contender's round: wrk, and the writer beside it when it has one. */
    const measure = async (t: Target, connections: number) => {
      const before = t.writer ? await cacheLookups(t.url) : undefined;
      const writer = t.writer ? startWriter(t.url, t.writer.key, writeInput, t.writer.perSecond) : undefined;
      const round = await runWrk(t.url, t.bodies, t.key, connections, seconds, t.pid, postmaster);
      const written = await writer?.stop();
      if (!before || !written) return { round };
      const after = await cacheLookups(t.url);
      const hits = after.hits - before.hits;
      const lookups = hits + after.misses - before.misses;
      return {
        round,
        note: `writes ${written.writes}${written.failures ? ` (FAILED ${written.failures})` : ''}, cache hits ${((100 * hits) / Math.max(1, lookups)).toFixed(1)} % of ${lookups}`,
      };
    };

    const summary: string[] = [];
    for (const { kind, label, title, targets: which } of settings) {
      if (values.only && values.only !== kind) continue;
      for (const connections of connectionCounts) {
        console.log(`\n${title}, ${connections} connections:`);
        const contenders = Object.keys(which).filter((name) => name !== 'PostGraphile');
        const ratios = new Map<string, number[]>(contenders.map((name) => [name, []]));
        for (let round = 1; round <= rounds; round++) {
          // Interleaved, and the order alternates so neither always runs on a warmer machine.
          const order = round % 2 ? ['PostGraphile', ...contenders] : [...contenders, 'PostGraphile'];
          const results: Record<string, { round: Round; note?: string }> = {};
          for (const name of order) results[name] = await measure(which[name], connections);
          console.log(`  round ${round} (load average ${loadAverage()})`);
          for (const name of order) console.log(`    ${line(name, results[name].round)}${results[name].note ? `  ${results[name].note}` : ''}`);
          for (const name of contenders) {
            const ratio = results[name].round.rps / results.PostGraphile.round.rps;
            ratios.get(name)!.push(ratio);
            console.log(`    ratio ${name} / PostGraphile: ${ratio.toFixed(2)}`);
          }
        }
        for (const name of contenders) {
          const sorted = [...ratios.get(name)!].sort((a, b) => a - b);
          summary.push(
            `${label.padEnd(12)} ${String(connections).padStart(2)} connections, ${name.padEnd(13)}: ratio ${sorted[0].toFixed(2)}–${sorted.at(-1)!.toFixed(2)} (median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)})`,
          );
        }
      }
    }
    console.log('\nsummary (DualHub req/s ÷ PostGraphile req/s; goals: page ≥ 1.5, trivial ≥ 0.5; pages: the page goal with many pages and writes):');
    for (const s of summary) console.log(`  ${s}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)))));
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
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
