/**
 * CSV exports written by PostgreSQL (COPY): byte for byte what the row-by-row writer made from
 * the driver's values (csvField over the same scoped statement), for every indicator and list;
 * a hostile filter value stays a value; floats written as JavaScript writes them.
 */
import { EXPORT_LISTS } from '../../src/exports';
import { csvColumnSql, csvField, csvHeader } from '../../src/exports/export.writers';
import { createContext } from '../../src/db/context';
import { INDICATORS } from '../../src/indicators';
import { createLogger } from '../../src/logger';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { givenBulkPlacements, runningExports } from '../support/outcome-factories';

let api: TestApi;
let base: string;
const keys: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestApi();
  base = api.url.replace(/\/graphql$/, '/exports');
  for (const [name, bin] of Object.entries({ COORDINATOR: BIN.COORDINATOR, INEU: BIN.INEU, STEEL: BIN.STEEL_PLANT }))
    keys[name] = await api.keyFor(bin, 'READER');
  // Values a spreadsheet would run, quote or misread, in free-text columns of the lists.
  await api.system().em.execute(`
    with c as (select id, row_number() over (order by id) as n from employment_check)
    update employment_check e set position = case c.n when 1 then '=SUM(A1:A9)' when 2 then '-5' when 3 then '' else e.position end,
           employer_name = case c.n when 1 then E'Big "Co",\\nLtd' when 2 then '@home' when 3 then E'\\tTab' else e.employer_name end
      from c where c.id = e.id and c.n <= 3`);
});
afterAll(() => api.close());

const get = (path: string, key: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
/** The body as text, BOM kept. */
const body = async (res: Response) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());

/** The CSV the row writer made: csvField over the rows the driver returns for the same caller's statement. */
async function expected(key: string, source: 'indicators' | 'lists', code: string, filter: Record<string, string> = {}): Promise<string> {
  const caller = await api.hub.app.services.apiKeys.authenticate(api.orm.em.fork({ useContext: false }), key, new Date());
  const ctx = createContext({ orm: api.orm, caller: caller!, log: createLogger('silent'), visibility: api.hub.app.visibility });
  const definition = (source === 'indicators' ? INDICATORS : EXPORT_LISTS).find((d) => d.code === code)!;
  const prepared = api.hub.app.services.indicators.prepareDefinition(ctx, definition, filter);
  const rows = await ctx.em.execute<Record<string, unknown>[]>(prepared.query);
  return csvHeader(prepared.columns) + rows.map((row) => `${prepared.columns.map((c) => csvField(row[c])).join(',')}\r\n`).join('');
}

test.each([...INDICATORS.map((d) => ['indicators', d.code] as const), ...EXPORT_LISTS.map((d) => ['lists', d.code] as const)])(
  '%s/%s: the same bytes as the row writer, for the region, an HEI and an employer',
  async (source, code) => {
    for (const key of [keys.COORDINATOR!, keys.INEU!, keys.STEEL!]) {
      const res = await get(`/${source}/${code}.csv`, key);
      expect(res.status).toBe(200);
      expect(await body(res)).toBe(await expected(key, source, code));
    }
  },
);

test('the free-text values are defused, quoted and kept empty as the row writer did', async () => {
  const csv = await body(await get('/lists/EMPLOYMENT_CHECKS.csv?columns=position,employerName', keys.COORDINATOR!));
  expect(csv).toContain(`'=SUM(A1:A9),"Big ""Co"",\nLtd"\r\n`);
  expect(csv).toContain(`'-5,'@home\r\n`);
  expect(csv).toContain(`,'\tTab\r\n`);
});

test('a hostile filter value is a value: no rows, no error, nothing run', async () => {
  for (const region of [`PAVLODAR' or '1'='1`, `x\\' or true --`, `'); select pg_sleep(5); --`]) {
    const res = await get(`/indicators/DUAL_STUDENTS.csv?region=${encodeURIComponent(region)}`, keys.COORDINATOR!);
    expect(res.status).toBe(200);
    expect(await body(res)).toBe(csvHeader(['region', 'heiId', 'heiBin', 'programId', 'programCode', 'year', 'students']));
  }
  const pavlodar = await body(await get('/indicators/DUAL_STUDENTS.csv?region=PAVLODAR', keys.COORDINATOR!));
  expect(pavlodar).toBe(await expected(keys.COORDINATOR!, 'indicators', 'DUAL_STUDENTS', { region: 'PAVLODAR' }));
  expect(pavlodar.split('\r\n').length).toBeGreaterThan(2);
});

test('floats as JavaScript writes them, booleans as true/false', async () => {
  const floats = [
    '0',
    '-0',
    '0.1',
    '1.5',
    '-2.25',
    '1e-4',
    '5e-5',
    '-3e-6',
    '1.2345e-7',
    '1e-300',
    '123456789012345',
    '1e15',
    '-2.5e17',
    '1e20',
    '1e21',
    '1.5e300',
    '0.30000000000000004',
    'NaN',
    'Infinity',
    '-Infinity',
  ];
  const sql = `select ${csvColumnSql({ name: 'v', dataTypeID: 701 }, 't')} as out, t.v::text as raw from unnest(array[${floats.map((f) => `'${f}'::float8`).join(',')}]) t(v)`;
  const rows = await api.system().em.execute<{ out: string; raw: string }[]>(sql);
  expect(rows.map((r) => r.out)).toEqual(rows.map((r) => String(Number(r.raw))));
  const bools = await api
    .system()
    .em.execute<{ out: string | null }[]>(`select ${csvColumnSql({ name: 'b', dataTypeID: 16 }, 't')} as out from unnest(array[true, false, null]) t(b)`);
  expect(bools.map((r) => r.out)).toEqual(['true', 'false', null]);
});

test('a client that leaves an XLSX export mid-way stops its cursor too: nothing left in pg_stat_activity', async () => {
  await givenBulkPlacements(api, 30_000);
  const running = () => runningExports(api);
  const controller = new AbortController();
  const res = await fetch(`${base}/lists/PLACEMENTS.xlsx`, { headers: { authorization: `Bearer ${keys.STEEL}` }, signal: controller.signal });
  const reader = res.body!.getReader();
  expect(Array.from((await reader.read()).value!.subarray(0, 2))).toEqual([0x50, 0x4b]); // "PK": a zip
  expect(await running()).toBe(1);
  controller.abort();
  await reader.cancel().catch(() => undefined);
  let left = await running();
  for (let i = 0; i < 100 && left > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = await running();
  }
  expect(left).toBe(0);
}, 180_000);
