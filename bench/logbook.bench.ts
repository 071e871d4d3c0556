/**
 * `npm run bench:logbook`: the curator's practice-progress view at scale.
 *
 * Fills a throwaway embedded PostgreSQL with 10 000 students, one ACTIVE placement each (INEU at
 * the steel plant, 3 days a week), a practice plan (10 credits of 6B07101) and 60 logbook entries
 * per placement (600 000; 80 % signed, each serving one or two competencies) with
 * `insert … select generate_series`, then, as INEU (the curator's HEI, which sees all 10 000):
 *   - the progress statement for 200 placements (PROGRESS_SQL, the one statement the API runs):
 *     p50 / p99 over random sets, and its plan;
 *   - over HTTP: `practiceProgress` for 200 placements = two pages of 100 (the page limit), p50 / p99;
 *   - SQL statements per request for a page of 10 vs a page of 100 (constant).
 * Options: --students N (10000), --rounds N (200).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startDualHub } from '../src/app';
import { createContext } from '../src/db/context';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { createLogger } from '../src/logger';
import { PROGRESS_SQL } from '../src/logbook';
import { ApiKeyRole, ApiKeyService, Organization } from '../src/organizations';
import { benchConfig } from './config';

const ENTRIES_PER_PLACEMENT = 60;
const PAGE = `query($first: Int!, $after: String) { practiceProgress(first: $first, after: $after) {
  pageInfo { endCursor } nodes { plannedHours expectedHoursToDate signedHours unsignedHours competenciesCovered competenciesTotal competencyShare ragStatus } } }`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(2)} ms · p99 ${percentile(s, 99).toFixed(2)} ms · max ${s[s.length - 1].toFixed(2)} ms (n=${s.length})`;
}

/** `?` placeholders (knex style, as the service sends them) → `$n` for node-postgres. */
function numbered(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}

async function fill(
  db: Client,
  students: number,
  ids: { hei: string; employer: string; workplace: string; agreement: string; mentor: string; program: string },
): Promise<void> {
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const res = await db.query(sql, params);
    console.log(`  ${label.padEnd(30)} ${String(res.rowCount ?? '').padStart(9)} rows  ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  console.log('filling the database:');
  await db.query(`create temp table stu as select g as n, gen_random_uuid() as id, gen_random_uuid() as placement_id from generate_series(1, ${students}) g`);
  await step(
    'students',
    `insert into person (id, created_at, updated_at, full_name, email) select id, now(), now(), 'Bench student ' || n, 'bench.' || n || '@students.example.kz' from stu`,
  );
  await step(
    'memberships',
    `insert into membership (id, created_at, updated_at, person_id, organization_id, role) select gen_random_uuid(), now(), now(), id, $1, 'STUDENT' from stu`,
    [ids.hei],
  );
  // Periods started 20–140 days ago and run 200 days, so the elapsed share (and the RAG status) varies.
  await step(
    'placements (ACTIVE)',
    `insert into placement (id, created_at, updated_at, code, student_id, hei_id, employer_id, workplace_id, agreement_id, mentor_id,
      start_date, end_date, time_model, days_per_week, status, status_changed_at, version)
    select placement_id, now(), now(), 'BENCH-' || n, id, $1, $2, $3, $4, $5, current_date - (20 + n % 120), current_date - (20 + n % 120) + 200,
           'DAYS_PER_WEEK', 3, 'ACTIVE', now(), 1 from stu`,
    [ids.hei, ids.employer, ids.workplace, ids.agreement, ids.mentor],
  );
  await step(
    'practice plans',
    `insert into practice_plan (id, created_at, updated_at, placement_id, hei_id, employer_id, program_id, practice_credits)
    select gen_random_uuid(), now(), now(), placement_id, $1, $2, $3, 10 from stu`,
    [ids.hei, ids.employer, ids.program],
  );
  await db.query(`create temp table comp as select array_agg(id::text order by code) as ids from competency where program_id = $1`, [ids.program]);
  await step(
    'logbook entries',
    `insert into logbook_entry (id, created_at, updated_at, placement_id, hei_id, employer_id, student_id, date, hours, activity,
      competency_ids, assignment_ids, status, signed_by_id, signed_at, version)
    select gen_random_uuid(), now(), now(), stu.placement_id, $1, $2, stu.id, current_date - (20 + stu.n % 120) + g, 4 + (g % 9) * 0.5,
           'Bench activity ' || g,
           jsonb_build_array(comp.ids[1 + (stu.n + g) % array_length(comp.ids, 1)], comp.ids[1 + (stu.n * 7 + g) % array_length(comp.ids, 1)]),
           '[]', case when g % 5 = 0 then 'SUBMITTED' else 'SIGNED' end::logbook_entry_status,
           case when g % 5 = 0 then null else $3::uuid end, case when g % 5 = 0 then null else now() end, 1
      from stu cross join comp cross join generate_series(1, ${ENTRIES_PER_PLACEMENT}) g`,
    [ids.hei, ids.employer, ids.mentor],
  );
  await step('analyze', 'analyze');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { students: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '200' } } });
  const students = Number(values.students);
  const rounds = Number(values.rounds);
  const started = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-bench-logbook-'));
  fs.chmodSync(tmp, 0o777);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 0, persistent: false });
  const statements: string[] = [];
  const config = benchConfig();
  const log = createLogger('silent');
  // One hub measures latency (no statement log, as in production), the other counts statements.
  const hub = await startDualHub(config, log, { databaseUrl: pg.url });
  const counted = await startDualHub({ ...config, SEED_FIXTURES: false }, log, { databaseUrl: pg.url, onQuery: (sql) => statements.push(sql) });
  const db = new Client({ connectionString: pg.url });
  db.on('error', (error) => console.error('bench database connection:', error.message));
  await db.connect();
  try {
    const one = async (sql: string, params: unknown[] = []) => (await db.query<{ id: string }>(sql, params)).rows[0]!.id;
    const ids = {
      hei: await one(`select id from organization where bin = '990140000017'`),
      employer: await one(`select id from organization where bin = '010340000011'`),
      workplace: await one(`select id from workplace where code = 'PMZ-ROLLING-MILL'`),
      agreement: await one(`select id from agreement where number = 'INEU-PMZ-2025/01'`),
      mentor: await one(`select id from person where email = 'marat.zhunusov@pmz.kz'`),
      program: await one(`select id from program where code = '6B07101'`),
    };
    await fill(db, students, ids);
    const counts = (await db.query(`select (select count(*) from placement) placements, (select count(*) from logbook_entry) entries`)).rows[0];
    console.log(`data: ${counts.placements} placements, ${counts.entries} logbook entries`);

    const placementIds = (await db.query<{ id: string }>(`select id from placement where code like 'BENCH-%'`)).rows.map((r) => r.id);
    const sample = () => Array.from({ length: 200 }, () => placementIds[Math.floor(Math.random() * placementIds.length)]!);
    const today = new Date().toISOString().slice(0, 10);
    const params = (set: string[]) => [`{${set.join(',')}}`, `{${set.join(',')}}`, today];
    for (let i = 0; i < 20; i++) await db.query(numbered(PROGRESS_SQL), params(sample())); // warm-up
    const sqlTimes: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await db.query(numbered(PROGRESS_SQL), params(sample()));
      sqlTimes.push(performance.now() - t);
    }
    console.log(`\nthe progress statement for 200 placements (direct, node-postgres): ${summary(sqlTimes)}`);
    const plan = await db.query(`explain (analyze, buffers, costs off) ${numbered(PROGRESS_SQL)}`, params(sample()));
    // The id arrays make the plan unreadable; keep the node lines, not the literals.
    console.log('its plan (id lists elided):');
    for (const row of plan.rows) console.log(`  ${String(row['QUERY PLAN']).replace(/'\{[^}]*\}'/g, "'{…200 ids…}'")}`);

    const system = createContext({ orm: hub.orm, caller: 'system', log });
    const hei = await system.em.findOneOrFail(Organization, { bin: '990140000017' });
    const issued = await new ApiKeyService().issue(system, { organizationId: hei.id, role: ApiKeyRole.READER, label: 'bench curator' });
    if (!issued.ok) throw new Error('could not issue a key');
    const key = issued.value.secret;
    const post = async (url: string, variables: Record<string, unknown>) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: PAGE, variables }),
      });
      const body = (await response.json()) as { data?: { practiceProgress: { pageInfo: { endCursor: string } } }; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!.practiceProgress;
    };
    const two = async (url: string) => {
      const first = await post(url, { first: 100 });
      await post(url, { first: 100, after: first.pageInfo.endCursor });
    };
    for (let i = 0; i < 10; i++) await two(hub.url); // warm-up
    const httpTimes: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await two(hub.url);
      httpTimes.push(performance.now() - t);
    }
    console.log(`\npracticeProgress over HTTP for 200 placements (two pages of 100, INEU key): ${summary(httpTimes)}`);

    await post(counted.url, { first: 10 });
    const statementsFor = async (first: number) => {
      statements.length = 0;
      await post(counted.url, { first });
      return [...statements];
    };
    // The key's verification (at most once a second: the key cache's TTL) is the request's, not the query's: counted apart.
    const isKeyCheck = (sql: string) => /\bapi_key\b/.test(sql);
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    const [q10, q100] = [ten.filter((s) => !isKeyCheck(s)), hundred.filter((s) => !isKeyCheck(s))];
    console.log(
      `SQL statements per request: ${q10.length} for a page of 10, ${q100.length} for a page of 100 (${q10.length === q100.length ? 'constant' : 'NOT constant'}); ` +
        `API key checks besides: ${ten.length - q10.length} and ${hundred.length - q100.length}`,
    );
    const show = (sql: string) => console.log(`  ${sql.replace(/\s+/g, ' ').slice(0, 140)}… ${/\[took [^\]]*\]/.exec(sql)?.[0] ?? ''}`);
    if (q10.length !== q100.length) {
      console.log(' page of 10:');
      q10.forEach(show);
      console.log(' page of 100:');
    }
    q100.forEach(show);
  } finally {
    await db.end();
    await counted.close();
    await hub.close();
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nbench finished in ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
