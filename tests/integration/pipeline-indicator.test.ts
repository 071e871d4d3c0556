/**
 * The PIPELINE indicator (demand vs order vs control figures vs enrolled, then graduated and
 * employed): the `pipeline` query's figures through `indicator(code:)` and the exports, against
 * the values computed by hand from the fixtures (the same as demand.test.ts and
 * outcome-figures.test.ts), over HTTP on the real PostgreSQL, and scoped: the region sees its
 * region and its HEIs, an HEI only its own, an industry council its industry, an employer none.
 */
import ExcelJS from 'exceljs';
import { addMonths } from '../../src/graduates';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { gid } from '../support/factories';
import { graphql } from '../support/graphql';

let api: TestApi;
const keys: Record<string, string> = {};
const YEAR = new Date().getUTCFullYear();
const TODAY = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  api = await startTestApi();
  for (const [name, bin] of Object.entries({
    COORDINATOR: BIN.COORDINATOR,
    COUNCIL: BIN.COUNCIL,
    INEU: BIN.INEU,
    COLLEGE: BIN.COLLEGE,
    STEEL: BIN.STEEL_PLANT,
  }))
    keys[name] = await api.keyFor(bin);
});
afterAll(() => api.close());

const TABLE = graphql(`
  query ($filter: IndicatorFilterInput) {
    indicator(code: "PIPELINE", filter: $filter) {
      rows
    }
  }
`);
const PIPELINE = graphql(`
  query ($input: PipelineInput) {
    pipeline(input: $input) {
      year
      demand
      agreedOrder
      approvedOrder
      acceptedOrder
      budgetPlaces
      dualPlaces
      enrolled
      placed
      graduated
      employed
    }
  }
`);
async function rows(key: string, filter: { fromYear: number; toYear: number }): Promise<Record<string, any>[]> {
  const res = await api.gql(key, TABLE, { filter });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.indicator.rows;
}
const STAGES = ['year', 'demand', 'agreedOrder', 'approvedOrder', 'acceptedOrder', 'budgetPlaces', 'dualPlaces'] as const;
const pick = (list: Record<string, any>[], ...names: readonly string[]) => list.map((r) => Object.fromEntries(names.map((n) => [n, r[n]])));
const level = (list: Record<string, any>[], name: string, heiBin?: string) => list.filter((r) => r.level === name && (!heiBin || r.heiBin === heiBin));

describe('demand → order → control figures (fixtures: one year of Pavlodar)', () => {
  const filter = { fromYear: YEAR, toYear: YEAR + 1 };
  // INEU's own stages: 26 of the order placed with it, its control figures 18 and 12; demand and the agreed order are the region's.
  const INEU_THIS_YEAR = { year: YEAR, demand: null, agreedOrder: null, approvedOrder: 26, acceptedOrder: 26, budgetPlaces: 18, dualPlaces: 12 };

  test('the coordinator: the region row as the pipeline query counts it (36 demanded, agreed, approved and accepted; 28 budget places, 22 dual)', async () => {
    const all = await rows(keys.COORDINATOR, filter);
    expect(pick(level(all, 'REGION'), 'region', ...STAGES)).toEqual([
      { region: 'PAVLODAR', year: YEAR, demand: 36, agreedOrder: 36, approvedOrder: 36, acceptedOrder: 36, budgetPlaces: 28, dualPlaces: 22 },
      { region: 'PAVLODAR', year: YEAR + 1, demand: 36, agreedOrder: 0, approvedOrder: 0, acceptedOrder: 0, budgetPlaces: 0, dualPlaces: 0 },
    ]);
    expect(pick(level(all, 'HEI', BIN.INEU), ...STAGES)[0]).toEqual(INEU_THIS_YEAR);
    // No industry council rows for the coordinator: those are the councils'.
    expect(level(all, 'INDUSTRY')).toEqual([]);
  });

  test('every column of the region rows equals the pipeline query', async () => {
    const all = await rows(keys.COORDINATOR, filter);
    const res = await api.gql(keys.COORDINATOR, PIPELINE, { input: filter });
    expect(res.errors).toBeUndefined();
    const names = Object.keys(res.data!.pipeline[0]);
    expect(pick(level(all, 'REGION'), ...names)).toEqual(res.data!.pipeline);
  });

  test('an HEI sees only its own rows; an employer none', async () => {
    const ineu = await rows(keys.INEU, filter);
    expect(new Set(ineu.map((r) => `${r.level} ${r.heiBin}`))).toEqual(new Set([`HEI ${BIN.INEU}`]));
    expect(pick(ineu, ...STAGES)[0]).toEqual(INEU_THIS_YEAR);
    expect(await rows(keys.STEEL, filter)).toEqual([]);
  });

  test("an industry council sees its own industry's row only (industry C: 36 demanded)", async () => {
    const council = await rows(keys.COUNCIL, { fromYear: YEAR, toYear: YEAR });
    expect(pick(council, 'level', 'industry', 'year', 'demand')).toEqual([{ level: 'INDUSTRY', industry: 'C', year: YEAR, demand: 36 }]);
  });
});

describe('graduated and employed (outcomes.yaml)', () => {
  // INEU graduated 4 on 6B07101 14 months ago, 3 employed at their latest check; the college 2, 26 months ago, 1 employed.
  const ineuYear = Number(addMonths(TODAY, -14).slice(0, 4));
  const collegeYear = Number(addMonths(TODAY, -26).slice(0, 4));
  const filter = { fromYear: Math.min(ineuYear, collegeYear), toYear: Math.max(ineuYear, collegeYear) };
  const graduates = (list: Record<string, any>[]) => pick(list, 'year', 'graduated', 'employed').filter((r) => r.graduated > 0);

  test('the region counts both cohorts, each HEI its own', async () => {
    const all = await rows(keys.COORDINATOR, filter);
    const region = [
      { year: ineuYear, graduated: 4, employed: 3 },
      { year: collegeYear, graduated: 2, employed: 1 },
    ].sort((a, b) => a.year - b.year);
    if (ineuYear === collegeYear) region.splice(0, 2, { year: ineuYear, graduated: 6, employed: 4 });
    expect(graduates(level(all, 'REGION'))).toEqual(region);
    expect(graduates(level(all, 'HEI', BIN.INEU))).toEqual([{ year: ineuYear, graduated: 4, employed: 3 }]);
    expect(graduates(level(all, 'HEI', BIN.COLLEGE))).toEqual([{ year: collegeYear, graduated: 2, employed: 1 }]);
    expect(graduates(await rows(keys.INEU, filter))).toEqual([{ year: ineuYear, graduated: 4, employed: 3 }]);
    expect(graduates(await rows(keys.COLLEGE, filter))).toEqual([{ year: collegeYear, graduated: 2, employed: 1 }]);
  });
});

describe('exported under /exports/indicators/PIPELINE', () => {
  const get = (path: string, key: string) => fetch(`${api.url.replace(/\/graphql$/, '/exports')}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const columns = `columns=level,heiBin,${STAGES.join(',')}`;

  test('as CSV: the HEI its own row', async () => {
    const res = await get(`/indicators/PIPELINE.csv?fromYear=${YEAR}&toYear=${YEAR}&${columns}`, keys.INEU);
    expect(res.status).toBe(200);
    expect(
      (await res.text())
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n'),
    ).toEqual([`level,heiBin,${STAGES.join(',')}`, `HEI,${BIN.INEU},${YEAR},,,26,26,18,12`]);
  });

  test('as XLSX: the same row; an employer gets the header only', async () => {
    const res = await get(`/indicators/PIPELINE.xlsx?fromYear=${YEAR}&toYear=${YEAR}&${columns}`, keys.INEU);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const values = workbook.worksheets[0]!.getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    expect(values).toEqual([
      ['level', 'heiBin', ...STAGES],
      ['HEI', BIN.INEU, YEAR, undefined, undefined, 26, 26, 18, 12],
    ]);
    const employer = await get(`/indicators/PIPELINE.csv?fromYear=${YEAR}&toYear=${YEAR}`, keys.STEEL);
    expect(
      (await employer.text())
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n'),
    ).toHaveLength(1);
  });

  test('a filter it does not take: 400 before any row', async () => {
    const employerId = gid('Organization', await api.orgId(BIN.STEEL_PLANT));
    const res = await get(`/indicators/PIPELINE.csv?employerId=${encodeURIComponent(employerId)}`, keys.INEU);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('takes no filter employerId');
  });
});
