/**
 * Streamed exports over real HTTP: CSV and XLSX, scoped exactly as the queries, bad parameters
 * refused with 400 before any row is read, and a client that disconnects mid-export leaves no
 * query running (checked in pg_stat_activity).
 */
import ExcelJS from 'exceljs';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { csvRows } from '../support/csv';
import { gid } from '../support/factories';
import { givenBulkPlacements, runningExports } from '../support/outcome-factories';

let api: TestApi;
const keys: Record<string, string> = {};
let base: string;

beforeAll(async () => {
  api = await startTestApi();
  base = api.url.replace(/\/graphql$/, '/exports');
  for (const [name, bin] of Object.entries({ INEU: BIN.INEU, STEEL: BIN.STEEL_PLANT, OIL: BIN.OIL_GAS_PLANT, COORDINATOR: BIN.COORDINATOR }))
    keys[name] = await api.keyFor(bin, 'READER');
});
afterAll(() => api.close());

const get = (path: string, key?: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { ...(key?.startsWith('dh_session=') ? { cookie: key } : key ? { authorization: `Bearer ${key}` } : {}), ...headers } });
type Errors = { errors: { message: string; extensions: { code: string } }[] };

test('an indicator as CSV: header, rows, scoped to the employer', async () => {
  const res = await get('/indicators/EMPLOYER_SATISFACTION.csv?columns=programCode,area,averageScore', keys.STEEL);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const rows = csvRows(await res.text());
  expect(rows[0]).toEqual(['programCode', 'area', 'averageScore']);
  expect(rows.slice(1, 5)).toEqual([
    ['6B07101', 'TECHNICAL', '4'],
    ['6B07101', 'DIGITAL', '3'],
    ['6B07101', 'SAFETY', '5'],
    ['6B07101', 'TEAMWORK', '4'],
  ]);
  expect(rows).toHaveLength(10);
  expect(csvRows(await (await get('/indicators/EMPLOYER_SATISFACTION.csv', keys.OIL)).text())).toHaveLength(1); // header only
});

test('lists are scoped exactly as the queries: an HEI its placements, an employer its own', async () => {
  const codes = async (key: string) => csvRows(await (await get('/lists/PLACEMENTS.csv?columns=code,heiBin,employerBin', key)).text()).slice(1);
  const ineu = await codes(keys.INEU);
  expect(ineu.map((r) => r[0])).toEqual(['PL-2026-0001', 'PL-2026-0002', 'PL-2026-0007', 'PL-2027-0003']);
  expect((await codes(keys.STEEL)).map((r) => r[0])).toEqual(['PL-2026-0001', 'PL-2026-0002', 'PL-2026-0006', 'PL-2026-0007']);
  expect((await codes(keys.OIL)).map((r) => r[0])).toEqual(['PL-2027-0004']);
  const filtered = await get(
    `/lists/PLACEMENTS.csv?columns=code&employerId=${encodeURIComponent(gid('Organization', await api.orgId(BIN.WELDING_CENTRE)))}`,
    keys.INEU,
  );
  expect(csvRows(await filtered.text()).slice(1)).toEqual([['PL-2027-0003']]);
  const checks = csvRows(await (await get('/lists/EMPLOYMENT_CHECKS.csv?columns=graduate,status', keys.STEEL)).text());
  expect(checks).toEqual([['graduate', 'status']]);
});

test('XLSX through the streaming writer: the same rows', async () => {
  const res = await get('/lists/PLACEMENTS.xlsx?columns=code,status', keys.OIL);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  const sheet = workbook.worksheets[0]!;
  expect(
    sheet
      .getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1)),
  ).toEqual([
    ['code', 'status'],
    ['PL-2027-0004', 'PLANNED'],
  ]);
});

test('unknown column, filter or export: a clear 400/404 before any row is read; no credentials: 401', async () => {
  const column = await get('/lists/PLACEMENTS.csv?columns=code,salary', keys.INEU);
  expect(column.status).toBe(400);
  expect(await column.json()).toEqual({
    errors: [{ message: expect.stringMatching(/^columns: PLACEMENTS has no column salary/), extensions: { code: 'BAD_USER_INPUT' } }],
  });
  const filter = await get('/lists/PLACEMENTS.csv?colour=red', keys.INEU);
  expect(filter.status).toBe(400);
  expect(((await filter.json()) as Errors).errors[0].message).toMatch(/^Unknown filter colour/);
  const notTaken = await get(
    `/indicators/DUAL_STUDENTS.csv?employerId=${encodeURIComponent(gid('Organization', await api.orgId(BIN.STEEL_PLANT)))}`,
    keys.INEU,
  );
  expect(notTaken.status).toBe(400);
  expect(((await notTaken.json()) as Errors).errors[0].message).toMatch(/^query\.employerId: DUAL_STUDENTS takes no filter employerId/);
  expect((await get('/indicators/NOPE.csv', keys.INEU)).status).toBe(404);
  const anonymous = await get('/lists/PLACEMENTS.csv');
  expect(anonymous.status).toBe(401);
  expect(((await anonymous.json()) as Errors).errors[0].extensions.code).toBe('UNAUTHENTICATED');
});

test('a session cookie works with the CSRF header and is refused without it', async () => {
  // A staff member's session: the HEI's placements (a student's session gets only its own, student-own-rows.test.ts).
  const cookie = await api.sessionFor(BIN.INEU, 'ADMIN');
  expect((await get('/lists/PLACEMENTS.csv?columns=code', cookie)).status).toBe(403);
  const ok = await get('/lists/PLACEMENTS.csv?columns=code', cookie, { 'x-dualhub-csrf': '1' });
  expect(ok.status).toBe(200);
  expect(csvRows(await ok.text())).toHaveLength(5);
});

test('a client that disconnects mid-export stops the query: nothing left in pg_stat_activity', async () => {
  await givenBulkPlacements(api, 30_000);
  const running = () => runningExports(api);
  const controller = new AbortController();
  const res = await fetch(`${base}/lists/PLACEMENTS.csv`, { headers: { authorization: `Bearer ${keys.STEEL}` }, signal: controller.signal });
  const reader = res.body!.getReader();
  const first = await reader.read();
  expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(first.value).startsWith('\uFEFFcode,status')).toBe(true);
  expect(await running()).toBe(1); // the export's cursor is open (not idle) while the client reads slowly
  controller.abort();
  await reader.cancel().catch(() => undefined);
  let left = await running();
  for (let i = 0; i < 100 && left > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = await running();
  }
  expect(left).toBe(0);
}, 180_000);
