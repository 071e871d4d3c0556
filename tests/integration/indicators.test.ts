/**
 * Regional indicators over HTTP on the real PostgreSQL, each against values computed by hand from
 * the fixtures (fixtures/placements.yaml, dual-groups.yaml, logbook.yaml, programs.yaml,
 * outcomes.yaml), and their scoping: a HEI sees only its own rows, an employer only its own.
 */
import { addMonths } from '../../src/graduates';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { gid } from '../support/factories';
import { graphql } from '../support/graphql';

let api: TestApi;
const keys: Record<string, string> = {};
const TODAY = new Date().toISOString().slice(0, 10);
const YEAR = new Date().getUTCFullYear();

beforeAll(async () => {
  api = await startTestApi();
  const orgs = {
    INEU: BIN.INEU,
    COLLEGE: BIN.COLLEGE,
    KEEU: BIN.KEEU,
    COORDINATOR: BIN.COORDINATOR,
    AGENCY: BIN.AGENCY,
    STEEL: BIN.STEEL_PLANT,
    EWRC: BIN.WELDING_CENTRE,
    OIL: BIN.OIL_GAS_PLANT,
  };
  for (const [name, bin] of Object.entries(orgs)) keys[name] = await api.keyFor(bin);
});
afterAll(() => api.close());

const TABLE = graphql(`
  query ($code: String!, $filter: IndicatorFilterInput) {
    indicator(code: $code, filter: $filter) {
      rows
      truncated
      refreshedAt
      refreshMs
      definition {
        code
      }
    }
  }
`);
async function rows(key: string, code: string, filter?: Record<string, unknown>): Promise<Record<string, any>[]> {
  const res = await api.gql(key, TABLE, { code, filter });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.indicator.rows;
}
const pick = (list: Record<string, any>[], ...names: string[]) => list.map((r) => Object.fromEntries(names.map((n) => [n, r[n]])));

test('every indicator has a definition in kk, ru and en, and each column too', async () => {
  const res = await api.gql(
    keys.OIL,
    graphql(`
      {
        indicatorDefinitions {
          code
          filters
          definition {
            kk
            ru
            en
          }
          columns {
            name
            definition {
              kk
              ru
              en
            }
          }
          threshold {
            column
            value
          }
        }
      }
    `),
  );
  const defs = res.data!.indicatorDefinitions;
  expect(defs.map((d) => d.code)).toEqual([
    'DUAL_STUDENTS',
    'PLACEMENTS_BY_STATUS',
    'ENTERPRISE_SHARE',
    'EMPLOYER_ADAPTED_SHARE',
    'CLEARANCE_COVERAGE',
    'LOGBOOK_HOURS',
    'EXAM_ADMISSION',
    'EMPLOYMENT_AFTER_GRADUATION',
    'EMPLOYER_SATISFACTION',
    'PIPELINE',
  ]);
  for (const d of defs) {
    for (const text of [d.definition, ...d.columns.map((c) => c.definition)])
      expect(Object.values(text).every((v) => typeof v === 'string' && v.length > 0)).toBe(true);
  }
  expect(defs.find((d) => d.code === 'ENTERPRISE_SHARE')!.threshold).toEqual({ column: 'plannedShare', value: 0.35 });
});

test('students in dual programmes: enrolments by intake (INEU: AU-22 of 2022 with 3, this intake 2; the college: IA-23 of 2023 with 1, this intake 1)', async () => {
  // The region's coordinator sees Pavlodar's HEIs only (WKATU's AU-21 and KEEU's RM-21 are in other regions).
  expect(pick(await rows(keys.COORDINATOR, 'DUAL_STUDENTS'), 'heiBin', 'programCode', 'year', 'students')).toEqual([
    { heiBin: BIN.INEU, programCode: '6B07101', year: 2022, students: 3 },
    { heiBin: BIN.INEU, programCode: '6B07101', year: YEAR, students: 2 },
    { heiBin: BIN.COLLEGE, programCode: '07140100', year: 2023, students: 1 },
    { heiBin: BIN.COLLEGE, programCode: '07140100', year: YEAR, students: 1 },
  ]);
  expect(pick(await rows(keys.INEU, 'DUAL_STUDENTS'), 'heiBin', 'year', 'students')).toEqual([
    { heiBin: BIN.INEU, year: 2022, students: 3 },
    { heiBin: BIN.INEU, year: YEAR, students: 2 },
  ]);
  expect(await rows(keys.STEEL, 'DUAL_STUDENTS')).toEqual([]);
});

test('placements by status: the region sees its HEIs and employers, an HEI and an employer only their own', async () => {
  const region = pick(await rows(keys.COORDINATOR, 'PLACEMENTS_BY_STATUS'), 'heiBin', 'employerBin', 'year', 'status', 'placements');
  expect(region).toEqual([
    { heiBin: BIN.INEU, employerBin: BIN.STEEL_PLANT, year: 2026, status: 'ACTIVE', placements: 1 },
    { heiBin: BIN.INEU, employerBin: BIN.STEEL_PLANT, year: 2026, status: 'CANCELLED', placements: 1 },
    { heiBin: BIN.INEU, employerBin: BIN.STEEL_PLANT, year: 2026, status: 'COMPLETED', placements: 1 },
    { heiBin: BIN.INEU, employerBin: BIN.WELDING_CENTRE, year: 2027, status: 'CONFIRMED', placements: 1 },
    { heiBin: BIN.COLLEGE, employerBin: BIN.STEEL_PLANT, year: 2026, status: 'COMPLETED', placements: 1 },
  ]);
  expect((await rows(keys.STEEL, 'PLACEMENTS_BY_STATUS')).every((r) => r.employerBin === BIN.STEEL_PLANT)).toBe(true);
  expect(await rows(keys.STEEL, 'PLACEMENTS_BY_STATUS')).toHaveLength(4);
  expect(pick(await rows(keys.EWRC, 'PLACEMENTS_BY_STATUS'), 'heiBin', 'status')).toEqual([{ heiBin: BIN.INEU, status: 'CONFIRMED' }]);
  expect((await rows(keys.INEU, 'PLACEMENTS_BY_STATUS')).map((r) => r.heiBin)).toEqual([BIN.INEU, BIN.INEU, BIN.INEU, BIN.INEU]);
  expect(await rows(keys.COORDINATOR, 'PLACEMENTS_BY_STATUS', { region: 'WEST_KAZAKHSTAN' })).toEqual([]);
  expect(await rows(keys.COORDINATOR, 'PLACEMENTS_BY_STATUS', { fromYear: 2027 })).toHaveLength(1);
});

test('share of training at the enterprise and logbook hours: 10 practice credits of 240, 84 h signed of 300 planned', async () => {
  expect(pick(await rows(keys.INEU, 'ENTERPRISE_SHARE'), 'programCode', 'programCredits', 'plans', 'plannedShare', 'signedShare', 'meetsThreshold')).toEqual([
    { programCode: '6B07101', programCredits: 240, plans: 1, plannedShare: 0.0417, signedShare: 0.0117, meetsThreshold: false },
  ]);
  expect(pick(await rows(keys.STEEL, 'LOGBOOK_HOURS'), 'heiBin', 'employerBin', 'plannedHours', 'signedHours', 'signedShare')).toEqual([
    { heiBin: BIN.INEU, employerBin: BIN.STEEL_PLANT, plannedHours: 300, signedHours: 84, signedShare: 0.28 },
  ]);
  expect(await rows(keys.EWRC, 'LOGBOOK_HOURS')).toEqual([]);
  expect(await rows(keys.COLLEGE, 'ENTERPRISE_SHARE')).toEqual([]);
});

test('employer-adapted share: credits adapted over programme credits (programs.yaml)', async () => {
  expect(pick(await rows(keys.COORDINATOR, 'EMPLOYER_ADAPTED_SHARE'), 'programCode', 'credits', 'adaptedCredits', 'adaptedShare', 'employers')).toEqual([
    { programCode: '6B07101', credits: 240, adaptedCredits: 35, adaptedShare: 0.1458, employers: 2 },
    { programCode: '07140100', credits: 180, adaptedCredits: 29, adaptedShare: 0.1611, employers: 2 },
  ]);
  // An employer sees the programmes it adapted a discipline of; another region's HEI only its own.
  expect((await rows(keys.STEEL, 'EMPLOYER_ADAPTED_SHARE')).map((r) => r.programCode)).toEqual(['6B07101', '07140100']);
  expect(pick(await rows(keys.KEEU, 'EMPLOYER_ADAPTED_SHARE'), 'programCode', 'adaptedShare')).toEqual([{ programCode: '6B07105', adaptedShare: 0.1083 }]);
  expect(await rows(keys.OIL, 'EMPLOYER_ADAPTED_SHARE')).toEqual([]);
});

test('clearance coverage: two placements at hazardous workplaces (confirmed or active), no readiness seeded', async () => {
  expect(pick(await rows(keys.COORDINATOR, 'CLEARANCE_COVERAGE'), 'employerBin', 'hazardousPlacements', 'cleared', 'coverage')).toEqual([
    { employerBin: BIN.STEEL_PLANT, hazardousPlacements: 1, cleared: 0, coverage: 0 },
    { employerBin: BIN.WELDING_CENTRE, hazardousPlacements: 1, cleared: 0, coverage: 0 },
  ]);
  expect(pick(await rows(keys.EWRC, 'CLEARANCE_COVERAGE'), 'employerBin')).toEqual([{ employerBin: BIN.WELDING_CENTRE }]);
});

test('exam admission: the fixture exam of 6B07101 at the steel plant admitted its one candidate', async () => {
  expect(
    pick(await rows(keys.COORDINATOR, 'EXAM_ADMISSION'), 'heiBin', 'employerBin', 'programCode', 'year', 'candidates', 'admitted', 'admissionRate'),
  ).toEqual([{ heiBin: BIN.INEU, employerBin: BIN.STEEL_PLANT, programCode: '6B07101', year: 2026, candidates: 1, admitted: 1, admissionRate: 1 }]);
  expect(await rows(keys.COLLEGE, 'EXAM_ADMISSION')).toEqual([]);
});

test('employment after graduation (materialized): 1, 2 and 3 years, in profession and at the training employer', async () => {
  const res = await api.gql(keys.COORDINATOR, TABLE, { code: 'EMPLOYMENT_AFTER_GRADUATION' });
  expect(res.data!.indicator.refreshedAt).toEqual(expect.any(String));
  expect(res.data!.indicator.refreshMs).toEqual(expect.any(Number));
  const cols = [
    'programCode',
    'graduationYear',
    'graduates',
    'reached1y',
    'inProfession1y',
    'atTrainingEmployer1y',
    'inProfessionShare1y',
    'reached2y',
    'inProfession2y',
    'atTrainingEmployer2y',
    'reached3y',
  ];
  const ineuYear = Number(addMonths(TODAY, -14).slice(0, 4));
  const collegeYear = Number(addMonths(TODAY, -26).slice(0, 4));
  expect(pick(res.data!.indicator.rows, ...cols)).toEqual([
    // Daniyar (at his placement employer) and Bekzat in profession at 12 months; Aliya and Zhanna not reached.
    {
      programCode: '6B07101',
      graduationYear: ineuYear,
      graduates: 4,
      reached1y: 2,
      inProfession1y: 2,
      atTrainingEmployer1y: 1,
      inProfessionShare1y: 0.5,
      reached2y: 0,
      inProfession2y: 0,
      atTrainingEmployer2y: 0,
      reached3y: 0,
    },
    // Nursultan in profession at his placement employer at 12 and 24; Ilyas self-employed, then UNKNOWN (not reached).
    {
      programCode: '07140100',
      graduationYear: collegeYear,
      graduates: 2,
      reached1y: 2,
      inProfession1y: 1,
      atTrainingEmployer1y: 1,
      inProfessionShare1y: 0.5,
      reached2y: 1,
      inProfession2y: 1,
      atTrainingEmployer2y: 1,
      reached3y: 0,
    },
  ]);
  expect((await rows(keys.INEU, 'EMPLOYMENT_AFTER_GRADUATION')).map((r) => r.programCode)).toEqual(['6B07101']);
  expect(await rows(keys.STEEL, 'EMPLOYMENT_AFTER_GRADUATION')).toEqual([]);
  expect(await rows(keys.AGENCY, 'EMPLOYMENT_AFTER_GRADUATION')).toHaveLength(2);
});

test('employer satisfaction: average per competence area; an employer sees its own surveys only', async () => {
  expect(pick(await rows(keys.INEU, 'EMPLOYER_SATISFACTION'), 'programCode', 'year', 'area', 'surveys', 'averageScore')).toEqual([
    { programCode: '6B07101', year: YEAR, area: 'TECHNICAL', surveys: 1, averageScore: 4 },
    { programCode: '6B07101', year: YEAR, area: 'DIGITAL', surveys: 1, averageScore: 3 },
    { programCode: '6B07101', year: YEAR, area: 'SAFETY', surveys: 1, averageScore: 5 },
    { programCode: '6B07101', year: YEAR, area: 'TEAMWORK', surveys: 1, averageScore: 4 },
  ]);
  expect(await rows(keys.STEEL, 'EMPLOYER_SATISFACTION')).toHaveLength(9);
  expect(await rows(keys.OIL, 'EMPLOYER_SATISFACTION')).toEqual([]);
  expect(await rows(keys.COLLEGE, 'EMPLOYER_SATISFACTION')).toHaveLength(5);
});

test('bad input: unknown indicator, a filter the indicator does not take, a bad id — BAD_USER_INPUT naming the field', async () => {
  const unknown = await api.gql(keys.COORDINATOR, TABLE, { code: 'NOPE' });
  expect(unknown.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/^code: Unknown indicator NOPE/) });
  const filter = await api.gql(keys.COORDINATOR, TABLE, {
    code: 'DUAL_STUDENTS',
    filter: { employerId: gid('Organization', await api.orgId(BIN.STEEL_PLANT)) },
  });
  expect(filter.errors![0]).toMatchObject({
    extensions: { code: 'BAD_USER_INPUT' },
    message: expect.stringMatching(/^filter\.employerId: DUAL_STUDENTS takes no filter employerId/),
  });
});

test('refreshIndicators: regional ADMIN keys only, reporting the refresh time', async () => {
  const ok = await api.gql(
    keys.COORDINATOR,
    graphql(`
      mutation {
        refreshIndicators {
          view
          durationMs
          rows
        }
      }
    `),
  );
  expect(ok.data!.refreshIndicators).toEqual([{ view: 'indicator_employment', durationMs: expect.any(Number), rows: 2 }]);
  const refused = await api.gql(
    keys.INEU,
    graphql(`
      mutation {
        refreshIndicators {
          view
        }
      }
    `),
  );
  expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
});
