/**
 * `npm run bench:indicators`: every regional indicator's latency (cold: its first call after the
 * data is loaded; warm: the median of the next calls) and its plan, then a CSV export of at least
 * --export-rows rows: time to first byte, total time and the server process's RSS growth during it.
 *
 * The API runs in its own process (bench/indicators-host.ts, forked): its RSS is sampled from
 * /proc/<pid>/status (VmRSS) every 10 ms while the HTTP client here reads and discards the body.
 * Fills a throwaway embedded PostgreSQL (besides the fixtures) with `insert … select
 * generate_series`: --placements placements (copies of the fixture placements across the fixture
 * HEIs and employers), --graduates graduates (each a person) with employment checks at 6, 12 and
 * 24 months, --readiness simulator readiness records of those persons (every hazard category in
 * turn: the region's readiness history, which CLEARANCE_COVERAGE reads) plus 12 monthly
 * renewals per category for the placements' students (the last still valid), and practice plans for a tenth of the placements; then
 * tops up the placements the
 * coordinator sees (copies of the fixture placements of Pavlodar's HEIs and employers) to
 * --export-rows for the export. Queries go over HTTP as the Pavlodar coordinator.
 * Options: --placements (default 300000), --graduates (50000), --readiness (1000000), --export-rows (1000000), --warm (5),
 * --export-only (skip the indicators: fill, then the export), --xlsx (then the same export as XLSX too).
 * Besides the time to first byte (the CSV header goes out before the statement runs), the time to the
 * first data row.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { INDICATORS } from '../src/indicators';

const TABLE = `query($code: String!) { indicator(code: $code, limit: 5000) { rows truncated refreshMs } }`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      placements: { type: 'string', default: '300000' },
      graduates: { type: 'string', default: '50000' },
      readiness: { type: 'string', default: '1000000' },
      'export-rows': { type: 'string', default: '1000000' },
      warm: { type: 'string', default: '5' },
      'export-only': { type: 'boolean', default: false },
      xlsx: { type: 'boolean', default: false },
    },
  });
  const placements = Number(values.placements);
  const graduates = Number(values.graduates);
  const readinessRecords = Number(values.readiness);
  const exportRows = Number(values['export-rows']);
  const warm = Number(values.warm);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-bench-indicators-'));
  fs.chmodSync(tmp, 0o777);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 0, persistent: false });
  const host: ChildProcess = fork(path.join(__dirname, 'indicators-host.ts'), [], {
    execArgv: ['--expose-gc', '-r', path.join(__dirname, '..', 'scripts', 'register.js')],
    env: { ...process.env, BENCH_DATABASE_URL: pg.url },
  });
  const [ready] = (await Promise.race([once(host, 'message'), once(host, 'exit').then(() => Promise.reject(new Error('host exited')))])) as [
    { ready: { url: string; key: string } },
  ];
  const { url, key } = ready.ready;
  const explain = async (code: string): Promise<string[]> => {
    host.send({ explain: code });
    const [answer] = (await once(host, 'message')) as [{ plan: string[] }];
    return answer.plan;
  };
  const memory = async (gc = false): Promise<string> => {
    host.send({ memory: true, gc });
    const [answer] = (await once(host, 'message')) as [{ memory: NodeJS.MemoryUsage }];
    const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
    const m = answer.memory;
    return `heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)}, array buffers ${mb(m.arrayBuffers)}`;
  };
  /** The server process's resident set, in bytes (VmRSS of /proc/<pid>/status). */
  const serverRss = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${host.pid}/status`, 'utf8'))![1]) * 1024;
  const db = new Client({ connectionString: pg.url });
  await db.connect();
  try {
    const step = async (label: string, sql: string, params: unknown[] = []) => {
      const t = performance.now();
      const res = await db.query(sql, params);
      console.log(`  ${label.padEnd(44)} ${String(res.rowCount ?? '').padStart(8)} rows  ${((performance.now() - t) / 1000).toFixed(1)} s`);
    };
    console.log(`load average before filling: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.log('filling the database:');
    // Copies of the 7 fixture placements (their HEIs, employers, workplaces), `copies` of each, statuses rotated (never ACTIVE: one per student).
    const REGION_ORGS = `(select id from organization where region = 'PAVLODAR')`;
    const copyPlacements = (prefix: string, copies: number, onlyRegion = false) =>
      step(
        `placements ${prefix} (${onlyRegion ? "Pavlodar's" : 'every'} fixture placement × ${copies})`,
        `insert into placement (id, created_at, updated_at, code, student_id, hei_id, employer_id, workplace_id, agreement_id, mentor_id, start_date, end_date, time_model, days_per_week, status, status_changed_at, version)
         select gen_random_uuid(), now(), now(), $1 || '-' || p.code || '-' || i, p.student_id, p.hei_id, p.employer_id, p.workplace_id, p.agreement_id, p.mentor_id,
                p.start_date - (i % 1500), p.end_date - (i % 1500), p.time_model, p.days_per_week,
                (array['PLANNED','CONFIRMED','COMPLETED','SUSPENDED','CANCELLED'])[1 + i % 5]::placement_status, now(), 1
           from placement p cross join generate_series(1, $2::int) i
          where p.code like 'PL-%' ${onlyRegion ? `and (p.hei_id in ${REGION_ORGS} or p.employer_id in ${REGION_ORGS})` : ''}`,
        [prefix, copies],
      );
    await copyPlacements('B', Math.ceil(placements / 7));
    await step(
      'practice plans (a tenth of the placements)',
      `insert into practice_plan (id, created_at, updated_at, placement_id, hei_id, employer_id, program_id, practice_credits)
       select gen_random_uuid(), now(), now(), p.id, p.hei_id, p.employer_id, pr.id, 10 + (row_number() over () % 80)::int
         from placement p join lateral (select id from program where hei_id = p.hei_id limit 1) pr on true where p.code like 'B-%' and right(p.code, 1) = '0'`,
    );
    await step(
      'graduates (persons)',
      `insert into person (id, created_at, updated_at, full_name, email) select gen_random_uuid(), now(), now(), 'Graduate ' || g, 'grad.' || g || '@bench.dualhub.kz' from generate_series(1, $1::int) g`,
      [graduates],
    );
    await step(
      'graduations',
      `insert into graduation (id, created_at, updated_at, student_id, hei_id, region, program_id, graduated_on, qualification)
       select gen_random_uuid(), now(), now(), s.id, pr.hei_id, h.region, pr.id, current_date - (400 + (n % 700))::int, 'Bench qualification'
         from (select id, row_number() over () n from person where email like 'grad.%@bench.dualhub.kz') s
         join lateral (select * from program order by code offset (s.n % 3) limit 1) pr on true join organization h on h.id = pr.hei_id`,
    );
    await step(
      'employment checks (6, 12, 24 months)',
      `insert into employment_check (id, created_at, updated_at, graduation_id, hei_id, region, program_id, checked_on, status, at_training_employer, employer_name)
       select gen_random_uuid(), now(), now(), g.id, g.hei_id, g.region, g.program_id, (g.graduated_on + make_interval(months => m))::date,
              (array['EMPLOYED_IN_PROFESSION','EMPLOYED_OUTSIDE_PROFESSION','SELF_EMPLOYED','FURTHER_STUDY','NOT_EMPLOYED','UNKNOWN'])[1 + (abs(hashtext(g.id::text)) + m) % 6]::employment_status,
              (abs(hashtext(g.id::text)) % 3) = 0, 'Employer'
         from graduation g cross join unnest(array[6, 12, 24]) m where g.qualification = 'Bench qualification' and g.graduated_on + make_interval(months => m) <= current_date`,
    );
    await step(
      'readiness records (graduates, every category)',
      `insert into readiness_record (id, created_at, updated_at, student_id, hazard_category_id, kind, session_ids, earned_at, valid_until, recorded_by)
       select gen_random_uuid(), now(), now(), s.ids[1 + (g / cardinality(c.ids)) % cardinality(s.ids)], c.ids[1 + g % cardinality(c.ids)], 'SIMULATOR', '[]',
              now() - make_interval(days => 1 + (g % 900)), now() - make_interval(days => 1 + (g % 900)) + interval '365 days', 'lab'
         from generate_series(0, $1::int - 1) g,
              (select array_agg(id order by id) as ids from person where email like 'grad.%@bench.dualhub.kz') s,
              (select array_agg(id order by code) as ids from hazard_category) c`,
      [readinessRecords],
    );
    await step(
      "readiness of the placements' students (every category: 12 monthly renewals, the last valid)",
      `insert into readiness_record (id, created_at, updated_at, student_id, hazard_category_id, kind, session_ids, earned_at, valid_until, recorded_by)
       select gen_random_uuid(), now(), now(), st.student_id, c.id, 'REFRESHER', '[]', now() - make_interval(days => 1 + 30 * k), now() - make_interval(days => 1 + 30 * k) + interval '365 days', 'lab'
         from (select distinct student_id from placement) st cross join hazard_category c cross join generate_series(0, 11) k`,
    );
    await step('analyze', 'analyze');
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const refreshed = await gql(`mutation { refreshIndicators { view durationMs rows } }`);
    for (const r of refreshed.refreshIndicators) console.log(`materialized view ${r.view}: refreshed in ${r.durationMs} ms (${r.rows} rows)`);
    console.log(
      `\nindicators as the regional coordinator (cold = first call; warm = median of ${warm}); load average ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`,
    );
    const summary: string[] = [];
    for (const indicator of values['export-only'] ? [] : INDICATORS) {
      const time = async () => {
        const t = performance.now();
        const data = await gql(TABLE, { code: indicator.code });
        return { ms: performance.now() - t, rows: data.indicator.rows.length as number };
      };
      const cold = await time();
      const runs: number[] = [];
      for (let i = 0; i < warm; i++) runs.push((await time()).ms);
      runs.sort((a, b) => a - b);
      const line = `${indicator.code.padEnd(28)} cold ${cold.ms.toFixed(1).padStart(8)} ms · warm ${runs[Math.floor(runs.length / 2)]!.toFixed(1).padStart(8)} ms · ${cold.rows} rows`;
      summary.push(line);
      console.log(`\n${line}`);
      for (const row of await explain(indicator.code)) console.log(`    ${row}`);
    }
    console.log(`\nsummary (load average ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}):\n  ${summary.join('\n  ')}`);
    const visible = async () =>
      Number((await db.query(`select count(*)::int as n from placement p where p.hei_id in ${REGION_ORGS} or p.employer_id in ${REGION_ORGS}`)).rows[0].n);
    const fixtureVisible = Number(
      (
        await db.query(
          `select count(*)::int as n from placement p where p.code like 'PL-%' and (p.hei_id in ${REGION_ORGS} or p.employer_id in ${REGION_ORGS})`,
        )
      ).rows[0].n,
    );
    const have = await visible();
    if (have < exportRows) await copyPlacements('E', Math.ceil((exportRows - have) / fixtureVisible), true);
    await step('analyze', 'analyze placement');
    const total = await visible();
    console.log(
      `\nCSV export of lists/PLACEMENTS: ${total} placements visible to the coordinator; server pid ${host.pid}; load average ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`,
    );
    for (const format of values.xlsx ? ['csv', 'xlsx'] : ['csv']) {
      console.log(`\n${format.toUpperCase()}: server memory before: ${await memory()}`);
      const rssBefore = serverRss();
      let peak = rssBefore;
      const sampler = setInterval(() => {
        peak = Math.max(peak, serverRss());
      }, 10);
      const t0 = performance.now();
      const res = await fetch(url.replace(/\/graphql$/, `/exports/lists/PLACEMENTS.${format}`), { headers: { authorization: `Bearer ${key}` } });
      const reader = res.body!.getReader();
      let ttfb = 0;
      let firstRow = 0;
      let bytes = 0;
      let lines = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (!ttfb) ttfb = performance.now() - t0;
        bytes += value.byteLength;
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
        if (!firstRow && lines >= 2) firstRow = performance.now() - t0;
      }
      const totalMs = performance.now() - t0;
      clearInterval(sampler);
      peak = Math.max(peak, serverRss());
      const rows = format === 'csv' ? `${lines - 1} data rows · ` : '';
      const first = format === 'csv' ? ` · first data row ${firstRow.toFixed(0)} ms` : '';
      console.log(
        `${format.toUpperCase()} status ${res.status} · ${rows}${(bytes / 1e6).toFixed(1)} MB · TTFB ${ttfb.toFixed(0)} ms${first} · total ${(totalMs / 1000).toFixed(1)} s · server RSS before ${(rssBefore / 1e6).toFixed(0)} MB, peak ${(peak / 1e6).toFixed(0)} MB, growth ${((peak - rssBefore) / 1e6).toFixed(1)} MB`,
      );
      console.log(`server memory after: ${await memory()}; after a full GC: ${await memory(true)}`);
      console.log(`load average: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
    }
    console.log(`load average after: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    await db.end();
    if (host.exitCode === null) {
      host.send({ stop: true });
      await once(host, 'exit');
    }
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
