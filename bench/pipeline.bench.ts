/**
 * `npm run bench:pipeline`: how fast is the pipeline from demand to admission for a region?
 *
 * Fills a throwaway embedded PostgreSQL (besides the fixtures) with a Pavlodar region of 2 000
 * employers (two SUBMITTED demands each, plus a withdrawn one), 50 HEIs with one programme per
 * qualification, the industry council's agreed order, consolidated orders for the six years of
 * the horizon (a line per qualification × HEI, PLACED, most accepted) and control figures per
 * HEI × programme × year, dual groups of the last four intakes with five enrolled students each
 * (two of five placed), using `insert … select generate_series`. Then, over HTTP as the
 * regional coordinator, one query after another: the pipeline's p50 / p99 (whole region, one
 * qualification, one HEI), its SQL statement count, and its plan (EXPLAIN ANALYZE).
 * Options: --queries N (default 500).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startDualHub } from '../src/app';
import { createContext } from '../src/db/context';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { PIPELINE_SQL, positional } from '../src/demand';
import { toGlobalId } from '../src/graphql/relay';
import { createLogger } from '../src/logger';
import { ApiKeyRole, Organization } from '../src/organizations';
import { benchConfig } from './config';

const EMPLOYERS = 2_000;
const HEIS = 50;
const QUERY = `query($input: PipelineInput) { pipeline(input: $input) { year demand agreedOrder approvedOrder acceptedOrder budgetPlaces dualPlaces enrolled placed } }`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(2)} ms · p99 ${percentile(s, 99).toFixed(2)} ms · max ${s[s.length - 1].toFixed(2)} ms (n=${s.length})`;
}

async function fill(url: string, year: number, councilId: string, coordinatorId: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const res = await db.query(sql, params);
    console.log(`  ${label.padEnd(40)} ${String(res.rowCount ?? '').padStart(7)} rows  ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  const name = (prefix: string) => `jsonb_build_object('kk', '${prefix} ' || g, 'ru', '${prefix} ' || g, 'en', '${prefix} ' || g)`;
  console.log('filling the database:');
  await step(
    'employers',
    `insert into organization (id, created_at, updated_at, kind, region, bin, name, industry, active)
    select gen_random_uuid(), now(), now(), 'EMPLOYER', 'PAVLODAR', lpad((500000000000 + g)::text, 12, '0'), ${name('Employer')}, case when g % 5 = 0 then 'B' else 'C' end, true
      from generate_series(1, ${EMPLOYERS}) g`,
  );
  await step(
    'HEIs',
    `insert into organization (id, created_at, updated_at, kind, hei_type, region, bin, name, active)
    select gen_random_uuid(), now(), now(), 'HEI', 'COLLEGE', 'PAVLODAR', lpad((600000000000 + g)::text, 12, '0'), ${name('HEI')}, true from generate_series(1, ${HEIS}) g`,
  );
  await step(
    'demand (2 submitted + 1 withdrawn each)',
    `insert into workforce_demand (id, created_at, updated_at, employer_id, region, industry, qualification_code, base_year, counts, reason, offers_dual_places, dual_places, mentors, status, version, submitted_at)
    select gen_random_uuid(), now(), now(), o.id, o.region, o.industry, q.code, $1,
           jsonb_build_array(1 + n % 5, 2 + n % 4, 1 + n % 3, 3, 2, 1 + n % 2), 'VACANCIES', n % 2 = 0, (n % 2) * 2, 1, case when k = 3 then 'WITHDRAWN' else 'SUBMITTED' end::demand_status, 1, now()
      from (select o.*, row_number() over (order by bin) n from organization o where bin like '5%' and kind = 'EMPLOYER') o
      cross join generate_series(1, 3) k
      join lateral (select code from qualification where industry = o.industry or o.industry = 'C' order by code offset ((o.n + k) % 4) limit 1) q on true`,
    [year],
  );
  await step(
    'agreed order (per qualification × year)',
    `insert into industry_order_line (id, created_at, updated_at, council_id, region, industry, qualification_code, year, count, requirements)
    select gen_random_uuid(), now(), now(), $1, 'PAVLODAR', q.industry, q.code, y, 500 + y % 7, 'bench' from qualification q cross join generate_series($2::int, $2::int + 5) y
    on conflict do nothing`,
    [councilId, year],
  );
  await step(
    'consolidated orders (next 5 years)',
    `insert into consolidated_order (id, created_at, updated_at, region, year, coordinator_id, status, approval_number, approval_date)
    select gen_random_uuid(), now(), now(), 'PAVLODAR', y, $1, 'PLACED', 'B-' || y, current_date from generate_series($2::int + 1, $2::int + 5) y`,
    [coordinatorId, year],
  );
  await step(
    'order lines (qualification × HEI)',
    `insert into order_line (id, created_at, updated_at, order_id, region, qualification_code, industry, year, count, executor_id, agreed_at, decision)
    select gen_random_uuid(), now(), now(), co.id, 'PAVLODAR', q.code, q.industry, co.year, 10, h.id, now(), case when (h.bin::bigint + co.year) % 4 = 0 then 'DECLINED' else 'ACCEPTED' end::order_line_decision
      from consolidated_order co cross join qualification q cross join organization h where co.approval_number like 'B-%' and h.bin like '6%' and h.kind = 'HEI'`,
  );
  await step(
    'programmes (one per qualification × HEI)',
    `insert into program (id, created_at, updated_at, hei_id, code, level, name, version)
    select gen_random_uuid(), now(), now(), h.id, 'P-' || q.code, 'COLLEGE', jsonb_build_object('kk', q.code, 'ru', q.code, 'en', q.code), 1
      from organization h cross join qualification q where h.bin like '6%' and h.kind = 'HEI'`,
  );
  await step(
    'control figures (HEI × programme × year)',
    `insert into control_figure (id, created_at, updated_at, hei_id, program_id, region, qualification_code, year, budget_places, dual_places)
    select gen_random_uuid(), now(), now(), p.hei_id, p.id, 'PAVLODAR', substr(p.code, 3), y, 10, 4 from program p cross join generate_series($1::int + 1, $1::int + 5) y where p.code like 'P-%'`,
    [year],
  );
  await step(
    'dual groups (programme × intake year)',
    `insert into dual_group (id, created_at, updated_at, hei_id, region, program_id, code, intake_year, language, places)
    select gen_random_uuid(), now(), now(), p.hei_id, 'PAVLODAR', p.id, 'G-' || p.code || '-' || y, y, 'RU', 25 from program p cross join generate_series($1::int - 3, $1::int) y where p.code like 'P-%'`,
    [year],
  );
  await step(
    'students (5 per group)',
    `insert into person (id, created_at, updated_at, full_name, email)
    select gen_random_uuid(), now(), now(), 'Student ' || g.id || '-' || k, 'bench.' || g.id || '.' || k || '@bench.dualhub.kz'
      from dual_group g cross join generate_series(1, 5) k where g.code like 'G-%'`,
  );
  await step(
    'enrolments (every student)',
    `insert into enrolment (id, created_at, updated_at, student_id, hei_id, region, program_id, group_id, intake_year)
    select gen_random_uuid(), now(), now(), s.id, g.hei_id, g.region, g.program_id, g.id, g.intake_year
      from person s join dual_group g on g.id = split_part(s.email, '.', 2)::uuid where s.email like 'bench.%@bench.dualhub.kz'`,
  );
  await step(
    'placements (two of every five students)',
    `insert into placement (id, created_at, updated_at, code, student_id, hei_id, employer_id, workplace_id, agreement_id, start_date, end_date, time_model, status, status_changed_at)
    select gen_random_uuid(), now(), now(), 'B-' || e.id, e.student_id, e.hei_id, w.employer_id, w.id, a.id, current_date, current_date + 90, 'BLOCK', 'PLANNED', now()
      from (select e.*, row_number() over (order by e.id) n from enrolment e where e.region = 'PAVLODAR') e
      cross join (select * from workplace order by code limit 1) w
      cross join (select * from agreement order by number limit 1) a
     where e.n % 5 < 2`,
  );
  await step('analyze', 'analyze');
  await db.end();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { queries: { type: 'string', default: '500' } } });
  const queries = Number(values.queries);
  const started = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-bench-pipeline-'));
  fs.chmodSync(tmp, 0o777);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 0, persistent: false });
  const statements: string[] = [];
  const config = benchConfig();
  const log = createLogger('silent');
  const hub = await startDualHub(config, log, { databaseUrl: pg.url, onQuery: (sql) => statements.push(sql) });
  try {
    const system = createContext({ orm: hub.orm, caller: 'system', log });
    const year = new Date().getUTCFullYear();
    const council = await system.em.findOneOrFail(Organization, { kind: 'INDUSTRY_COUNCIL' as never, region: 'PAVLODAR' });
    const coordinator = await system.em.findOneOrFail(Organization, { kind: 'COORDINATOR' as never, region: 'PAVLODAR' });
    await fill(pg.url, year, council.id, coordinator.id);
    const issued = await hub.app.services.apiKeys.issue(system, { organizationId: coordinator.id, role: ApiKeyRole.READER, label: 'bench' });
    if (!issued.ok) throw new Error('could not issue a key');
    const key = issued.value.secret;
    const db = new Client({ connectionString: pg.url });
    await db.connect();
    const counts = (
      await db.query(`select (select count(*) from organization where kind = 'EMPLOYER') employers, (select count(*) from organization where kind = 'HEI') heis,
      (select count(*) from workforce_demand) demand, (select count(*) from order_line) lines, (select count(*) from control_figure) figures,
      (select count(*) from enrolment) enrolments, (select count(*) from placement) placements`)
    ).rows[0];
    console.log(
      `data: ${counts.employers} employers, ${counts.heis} HEIs, ${counts.demand} demand rows, ${counts.lines} order lines, ${counts.figures} control figures, ${counts.enrolments} enrolments, ${counts.placements} placements`,
    );
    const hei = (await db.query<{ id: string }>(`select id from organization where bin = '600000000007'`)).rows[0].id;

    const post = async (variables: Record<string, unknown>) => {
      const t = performance.now();
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: QUERY, variables }),
      });
      const body = (await response.json()) as { data?: { pipeline: unknown[] }; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return { ms: performance.now() - t, data: body.data! };
    };
    const run = async (label: string, variables: Record<string, unknown>) => {
      for (let i = 0; i < 50; i++) await post(variables); // warm-up
      const times: number[] = [];
      for (let i = 0; i < queries; i++) times.push((await post(variables)).ms);
      console.log(`${label.padEnd(44)} ${summary(times)}`);
    };
    console.log('\nthe pipeline over HTTP, one query after another (coordinator key; client in the same process):');
    await run('region PAVLODAR, 6 years', {});
    await run('region PAVLODAR, 9 years (from 3 intakes back)', { input: { fromYear: year - 3 } });
    await run('one qualification (B063)', { input: { qualificationCode: 'B063' } });
    await run('one HEI', { input: { heiId: toGlobalId('Organization', hei) } });
    const sample = await post({ input: { fromYear: year - 3 } });
    console.log('\nits answer (region):');
    for (const row of sample.data.pipeline) console.log(`  ${JSON.stringify(row)}`);
    statements.length = 0;
    await post({});
    console.log(`\nSQL statements per pipeline request: ${statements.length} (auth + the pipeline):`);
    for (const sql of statements) console.log(`  ${sql.replace(/\s+/g, ' ').slice(0, 120)} … ${/\[took [^\]]*\]/.exec(sql)?.[0] ?? ''}`);

    const params = { region: 'PAVLODAR', industry: null, hei: null, qualification: null, fromYear: year - 3, toYear: year + 5, councilId: null };
    const { sql, bindings } = positional(PIPELINE_SQL, params);
    let i = 0;
    const plan = await db.query(`explain (analyze, buffers, costs off) ${sql.replace(/\?/g, () => `$${++i}`)}`, bindings);
    console.log('\nplan of the pipeline statement (region, 9 years from 3 intakes back):');
    for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
    await db.end();
  } finally {
    await hub.close();
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nload average: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
  console.log(`bench finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
