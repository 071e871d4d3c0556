import type { TestApi } from './api';

/**
 * `count` copies of fixture placement PL-2026-0001 (INEU at the steel plant), coded
 * `ZZ-0000001`…, in one INSERT … SELECT (for export and benchmark volumes the ORM would take
 * minutes to flush). Same student: enough for lists and exports, which do not read the student.
 */
export async function givenBulkPlacements(api: TestApi, count: number, prefix = 'ZZ'): Promise<void> {
  await api.system().em.execute(
    `insert into placement (id, created_at, updated_at, code, student_id, hei_id, employer_id, workplace_id, agreement_id, mentor_id, curator_id,
                            start_date, end_date, time_model, days_per_week, status, status_changed_at, version)
     select gen_random_uuid(), now(), now(), ? || '-' || lpad(i::text, 7, '0'), student_id, hei_id, employer_id, workplace_id, agreement_id, mentor_id, curator_id,
            start_date, end_date, time_model, days_per_week, 'PLANNED', now(), 1
       from placement, generate_series(1, ?) as i
      where code = 'PL-2026-0001'`,
    [prefix, count],
  );
}

/** Export statements still running in PostgreSQL (a client that left must leave none). */
export async function runningExports(api: TestApi): Promise<number> {
  const rows = await api
    .system()
    .em.execute<{ n: number }[]>(
      `select count(*)::int as n from pg_stat_activity where query like '/* dualhub export %' and state <> 'idle' and pid <> pg_backend_pid()`,
    );
  return rows[0]!.n;
}
