/**
 * Issue 18, the figures finished: the production exam's pass rate (read from the exam results),
 * the pipeline's graduated and employed columns, and the readiness records export — each against
 * values computed by hand from the fixtures (production-exams.yaml, outcomes.yaml), over HTTP on
 * the real PostgreSQL, and scoped: an HEI sees only its own, an employer none but its own.
 */
import ExcelJS from 'exceljs';
import { addMonths } from '../../src/graduates';
import { Person } from '../../src/organizations';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { csvRows } from '../support/csv';
import { gid } from '../support/factories';
import { graphql } from '../support/graphql';
import { ReadinessFactories } from '../support/readiness-factories';

let api: TestApi;
const keys: Record<string, string> = {};
const TODAY = new Date().toISOString().slice(0, 10);
let aruzhanId: string;

beforeAll(async () => {
  api = await startTestApi();
  const orgs = {
    INEU: BIN.INEU,
    COLLEGE: BIN.COLLEGE,
    KEEU: BIN.KEEU,
    COORDINATOR: BIN.COORDINATOR,
    STEEL: BIN.STEEL_PLANT,
    EWRC: BIN.WELDING_CENTRE,
    OIL: BIN.OIL_GAS_PLANT,
  };
  for (const [name, bin] of Object.entries(orgs)) keys[name] = await api.keyFor(bin, 'READER');
  aruzhanId = (await api.system().em.findOneOrFail(Person, { email: 'aruzhan.saparova@students.ineu.kz' })).id;
});
afterAll(() => api.close());

const TABLE = graphql(`
  query ($code: String!) {
    indicator(code: $code) {
      rows
    }
  }
`);
async function rows(key: string, code: string): Promise<Record<string, any>[]> {
  const res = await api.gql(key, TABLE, { code });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.indicator.rows;
}
const pick = (list: Record<string, any>[], ...names: string[]) => list.map((r) => Object.fromEntries(names.map((n) => [n, r[n]])));

describe('exam admission and pass rate (the fixture exam of 6B07101 at the steel plant: one candidate, admitted, 87 points, passed)', () => {
  const COLUMNS = ['heiBin', 'employerBin', 'programCode', 'year', 'candidates', 'admitted', 'admissionRate', 'examined', 'passed', 'passRate', 'passedShare'];
  const ROW = {
    heiBin: BIN.INEU,
    employerBin: BIN.STEEL_PLANT,
    programCode: '6B07101',
    year: 2026,
    candidates: 1,
    admitted: 1,
    admissionRate: 1,
    examined: 1,
    passed: 1,
    passRate: 1,
    passedShare: 1,
  };

  test('the region, the HEI and the employer of the exam see the same row', async () => {
    for (const key of [keys.COORDINATOR, keys.INEU, keys.STEEL]) expect(pick(await rows(key, 'EXAM_ADMISSION'), ...COLUMNS)).toEqual([ROW]);
  });

  test("the commission members' organisations (KEEU's expert, the welding centre's) see it, as they see the exam's records", async () => {
    expect(pick(await rows(keys.KEEU, 'EXAM_ADMISSION'), ...COLUMNS)).toEqual([ROW]);
    expect(pick(await rows(keys.EWRC, 'EXAM_ADMISSION'), ...COLUMNS)).toEqual([ROW]);
  });

  test('another HEI and another employer see nothing', async () => {
    expect(await rows(keys.COLLEGE, 'EXAM_ADMISSION')).toEqual([]);
    expect(await rows(keys.OIL, 'EXAM_ADMISSION')).toEqual([]);
  });

  test('the definition names the pass rate in kk, ru and en', async () => {
    const res = await api.gql(
      keys.OIL,
      graphql(`
        {
          indicatorDefinitions {
            code
            columns {
              name
              definition {
                kk
                ru
                en
              }
            }
          }
        }
      `),
    );
    const exam = res.data!.indicatorDefinitions.find((d) => d.code === 'EXAM_ADMISSION');
    const passRate = exam?.columns.find((c) => c.name === 'passRate');
    expect(passRate).toBeDefined();
    expect(Object.values(passRate!.definition).every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
  });
});

describe('the pipeline: graduated and employed (outcomes.yaml)', () => {
  // INEU graduated 4 on 6B07101 14 months ago; their latest checks: Daniyar and Bekzat in the
  // profession, Aliya outside it, Zhanna none: 3 employed. The college graduated 2 on 07140100
  // 26 months ago: Nursultan in the profession at 24 months, Ilyas UNKNOWN at 24: 1 employed.
  const ineuYear = Number(addMonths(TODAY, -14).slice(0, 4));
  const collegeYear = Number(addMonths(TODAY, -26).slice(0, 4));
  const PIPELINE = graphql(`
    query ($input: PipelineInput) {
      pipeline(input: $input) {
        year
        graduated
        employed
      }
    }
  `);
  const fromYear = Math.min(ineuYear, collegeYear);
  const toYear = Math.max(ineuYear, collegeYear);
  const expected = (parts: { year: number; graduated: number; employed: number }[]) => {
    const byYear = new Map<number, { year: number; graduated: number; employed: number }>();
    for (let year = fromYear; year <= toYear; year++) byYear.set(year, { year, graduated: 0, employed: 0 });
    for (const p of parts) {
      const row = byYear.get(p.year)!;
      row.graduated += p.graduated;
      row.employed += p.employed;
    }
    return [...byYear.values()];
  };

  test('the region sees both cohorts by year of graduation', async () => {
    const res = await api.gql(keys.COORDINATOR, PIPELINE, { input: { fromYear, toYear } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.pipeline).toEqual(
      expected([
        { year: ineuYear, graduated: 4, employed: 3 },
        { year: collegeYear, graduated: 2, employed: 1 },
      ]),
    );
  });

  test('an HEI sees only its own graduates', async () => {
    const ineu = await api.gql(keys.INEU, PIPELINE, { input: { fromYear, toYear } });
    expect(ineu.data!.pipeline).toEqual(expected([{ year: ineuYear, graduated: 4, employed: 3 }]));
    const college = await api.gql(keys.COLLEGE, PIPELINE, { input: { fromYear, toYear } });
    expect(college.data!.pipeline).toEqual(expected([{ year: collegeYear, graduated: 2, employed: 1 }]));
  });

  test('an employer has no pipeline', async () => {
    const res = await api.gql(keys.STEEL, PIPELINE, { input: { fromYear, toYear } });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  test('the pipeline is still one SQL statement', async () => {
    api.queries.length = 0;
    await api.gql(keys.COORDINATOR, PIPELINE, { input: { fromYear, toYear } });
    expect(api.queries.filter((q) => q.includes('workforce_demand'))).toHaveLength(1);
    expect(api.queries.filter((q) => q.includes('employment_check'))).toHaveLength(1);
  });
});

describe('the readiness records export (Aruzhan, placed at the steel plant, passes the robot-cell exercise)', () => {
  const base = () => api.url.replace(/\/graphql$/, '/exports');
  const get = (path: string, key: string) => fetch(`${base()}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const RECORDS = graphql(`
    query ($studentId: ID!) {
      readinessRecords(studentId: $studentId, first: 100) {
        edges {
          node {
            id
          }
        }
      }
    }
  `);

  beforeAll(async () => {
    await new ReadinessFactories(api).givenPass({ studentId: aruzhanId, hazardCategories: ['ROBOT_CELL'], score: 92 });
  });

  test('as CSV: her HEI sees her record, current, with the chosen columns in order', async () => {
    const res = await get('/lists/READINESS_RECORDS.csv?columns=student,hazardCategory,kind,score,current', keys.INEU);
    expect(res.status).toBe(200);
    expect(csvRows(await res.text())).toEqual([
      ['student', 'hazardCategory', 'kind', 'score', 'current'],
      ['Aruzhan Saparova', 'ROBOT_CELL', 'SIMULATOR', '92', 'true'],
    ]);
  });

  test('scoped exactly as the readinessRecords query: her HEI and her host employer see it; another HEI and another employer do not', async () => {
    const studentId = gid('Person', aruzhanId);
    for (const [name, seen] of [
      ['INEU', 1],
      ['STEEL', 1],
      ['COORDINATOR', 1],
      ['COLLEGE', 0],
      ['OIL', 0],
    ] as const) {
      const exported = csvRows(await (await get('/lists/READINESS_RECORDS.csv?columns=studentId,kind', keys[name]!)).text()).slice(1);
      expect([name, exported.length]).toEqual([name, seen]);
      const queried = await api.gql(keys[name]!, RECORDS, { studentId });
      const edges = queried.data?.readinessRecords.edges ?? [];
      expect([name, edges.length]).toEqual([name, seen]);
    }
  });

  test('as XLSX through the streaming writer: the same row', async () => {
    const res = await get('/lists/READINESS_RECORDS.xlsx?columns=hazardCategory,kind', keys.STEEL);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(
      workbook.worksheets[0]!.getSheetValues()
        .slice(1)
        .map((r) => (r as unknown[]).slice(1)),
    ).toEqual([
      ['hazardCategory', 'kind'],
      ['ROBOT_CELL', 'SIMULATOR'],
    ]);
  });

  test('an unknown column or a filter the list does not take: 400 before any row', async () => {
    const column = await get('/lists/READINESS_RECORDS.csv?columns=student,password', keys.INEU);
    expect(column.status).toBe(400);
    expect(await column.json()).toEqual({
      errors: [{ message: expect.stringMatching(/^columns: READINESS_RECORDS has no column password/), extensions: { code: 'BAD_USER_INPUT' } }],
    });
    const filter = await get(`/lists/READINESS_RECORDS.csv?heiId=${encodeURIComponent(gid('Organization', await api.orgId(BIN.INEU)))}`, keys.INEU);
    expect(filter.status).toBe(400);
    expect(((await filter.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/^query\.heiId: READINESS_RECORDS takes no filter heiId/);
  });
});
