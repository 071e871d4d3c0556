/**
 * A placement can be planned only for a student enrolled in a programme of that HEI (issue 16):
 * the enrolment context's planning check, wired by the composition root, over HTTP on the real
 * PostgreSQL. Refusals are coded STUDENT_NOT_ENROLLED at `input.studentId` and write nothing.
 */
import path from 'node:path';
import { AuditEntry } from '../../src/audit';
import { ControlFigure } from '../../src/demand';
import { Enrolment } from '../../src/enrolment';
import { Membership, Person, PersonRole } from '../../src/organizations';
import { Placement } from '../../src/placements';
import { Program } from '../../src/programs';
import { FIXTURES_DIR, readFixtureFile } from '../../src/seed/fixture-file';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { day, Factories, gid } from '../support/factories';
import { graphql, ofType, type VariablesOf } from '../support/graphql';

let api: TestApi;
let given: Factories;
let ineu: string;
const YEAR = new Date().getUTCFullYear();

beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
});
afterAll(() => api.close());

const CREATE = graphql(`
  mutation ($input: CreatePlacementInput!) {
    createPlacement(input: $input) {
      placement {
        id
        status
      }
      userErrors {
        field
        code
        message
        localizedMessage {
          kk
          ru
          en
        }
      }
    }
  }
`);

type CreateInput = VariablesOf<typeof CREATE>['input'];
async function createInput(studentId: string, overrides: Partial<CreateInput> = {}): Promise<CreateInput> {
  const mentor = await given.givenMentor();
  const agreement = await given.givenAgreement();
  return {
    studentId: gid('Person', studentId),
    heiId: gid('Organization', await api.orgId(BIN.INEU)),
    employerId: gid('Organization', await api.orgId(BIN.STEEL_PLANT)),
    workplaceId: gid('Workplace', await given.workplace('PMZ-ENGINEERING-OFFICE')),
    agreementId: gid('Agreement', agreement),
    mentorId: gid('Person', mentor),
    startDate: day(1),
    endDate: day(60),
    timeModel: 'DAYS_PER_WEEK',
    daysPerWeek: 3,
    ...overrides,
  };
}

async function writes(): Promise<{ placements: number; audit: number }> {
  const { em } = api.system();
  return { placements: await em.count(Placement, {}), audit: await em.count(AuditEntry, { objectType: 'Placement' }) };
}

async function expectNotEnrolled(input: CreateInput) {
  const before = await writes();
  const res = await api.gql(ineu, CREATE, { input });
  expect(res.errors).toBeUndefined();
  const payload = res.data!.createPlacement;
  expect(payload.placement).toBeNull();
  expect(payload.userErrors).toEqual([expect.objectContaining({ code: 'STUDENT_NOT_ENROLLED', field: ['input', 'studentId'] })]);
  const text = payload.userErrors[0].localizedMessage;
  for (const lang of ['kk', 'ru', 'en'] as const) expect(text[lang]).toContain('studentId');
  expect(text.en).toContain('not enrolled');
  expect(await writes()).toEqual(before);
  return payload.userErrors[0];
}

const PIPELINE = graphql(`
  query ($input: PipelineInput) {
    pipeline(input: $input) {
      year
      budgetPlaces
      enrolled
      placed
    }
  }
`);

// First in the file: the counts are the fixtures' before the tests below add students.
describe('the pipeline: enrolled → placed (fixtures of Pavlodar)', () => {
  test('per intake year, the region’s enrolled students and, of them, those placed; per HEI and per qualification', async () => {
    const coordinator = await api.keyFor(BIN.COORDINATOR, 'READER');
    const region = await api.gql(coordinator, PIPELINE, { input: { fromYear: 2022, toYear: YEAR } });
    expect(region.errors).toBeUndefined();
    const byYear = new Map(region.data!.pipeline.map((r) => [r.year, r]));
    // AU-22 (InEU): Aruzhan and Daniyar on placement, Madina's only one CANCELLED; IA-23 (college): Nursultan, placed.
    expect(byYear.get(2022)).toEqual({ year: 2022, budgetPlaces: 0, enrolled: 3, placed: 2 });
    expect(byYear.get(2023)).toEqual({ year: 2023, budgetPlaces: 0, enrolled: 1, placed: 1 });
    // This year's intake: two accepted into AU-D1 (InEU) and one into IA-D1 (college), none placed yet.
    expect(byYear.get(YEAR)).toEqual({ year: YEAR, budgetPlaces: 28, enrolled: 3, placed: 0 });

    const hei = await api.gql(ineu, PIPELINE, { input: { fromYear: YEAR, toYear: YEAR } });
    expect(hei.data!.pipeline).toEqual([{ year: YEAR, budgetPlaces: 18, enrolled: 2, placed: 0 }]);
    // B063's control figures are InEU's 6B07101: its two enrolled; the college's programme has B065's.
    const b063 = await api.gql(coordinator, PIPELINE, { input: { fromYear: YEAR, toYear: YEAR, qualificationCode: 'B063' } });
    expect(b063.data!.pipeline).toEqual([{ year: YEAR, budgetPlaces: 18, enrolled: 2, placed: 0 }]);

    // Accepted into AU-D1, Alikhan is a student of InEU: his placement can be planned, and counts as placed.
    const alikhan = await api.system().em.findOneOrFail(Person, { email: 'alikhan.nurlanov@applicants.dualhub.kz' });
    const planned = await api.gql(ineu, CREATE, { input: await createInput(alikhan.id) });
    expect(planned.data!.createPlacement.userErrors).toEqual([]);
    const after = await api.gql(ineu, PIPELINE, { input: { fromYear: YEAR, toYear: YEAR } });
    expect(after.data!.pipeline).toEqual([{ year: YEAR, budgetPlaces: 18, enrolled: 2, placed: 1 }]);
  });
});

describe('a placement only for an enrolled student of that HEI', () => {
  test('refuses a student of the HEI who is not enrolled in any of its programmes (STUDENT_NOT_ENROLLED), and writes nothing', async () => {
    const student = await given.givenStudent(BIN.INEU, { enrolled: false });
    await expectNotEnrolled(await createInput(student.id));
  });

  test('refuses a student of the HEI who is enrolled only at another HEI', async () => {
    const student = await given.givenStudent(BIN.INEU, { enrolled: false });
    const em = api.system().em;
    em.create(Membership, { person: em.getReference(Person, student.id), organization: await api.orgId(BIN.KEEU), role: PersonRole.STUDENT });
    await em.flush();
    await given.givenEnrolment(student.id, BIN.KEEU);
    await expectNotEnrolled(await createInput(student.id));
  });

  test('refuses when the only enrolment is of an intake after the placement starts (an applicant accepted for next year)', async () => {
    const student = await given.givenStudent(BIN.INEU, { enrolled: false });
    await given.givenEnrolment(student.id, BIN.INEU, YEAR + 2);
    const refusal = await expectNotEnrolled(await createInput(student.id));
    expect(refusal.message).toContain(String(Number(day(1).slice(0, 4))));
  });

  test('a student member of another HEI gets STUDENT_NOT_AT_HEI only, not a second refusal on the same field', async () => {
    const foreign = await given.givenStudent(BIN.WKATU);
    const res = await api.gql(ineu, CREATE, { input: await createInput(foreign.id) });
    expect(res.data!.createPlacement.userErrors.map((e) => e.code)).toEqual(['STUDENT_NOT_AT_HEI']);
  });

  test('once the HEI selects and accepts the student into a dual group through the API, the placement can be planned', async () => {
    const student = await given.givenStudent(BIN.INEU, { enrolled: false });
    const input = await createInput(student.id);
    await expectNotEnrolled(input);

    const program = await api.system().em.findOneOrFail(Program, { code: '6B07101' });
    const created = await api.gql(
      ineu,
      graphql(`
        mutation ($input: CreateDualGroupInput!) {
          createDualGroup(input: $input) {
            group {
              id
            }
            userErrors {
              field
              code
            }
          }
        }
      `),
      { input: { programId: gid('Program', program), code: 'PE-T1', intakeYear: YEAR, language: 'RU', places: 5 } },
    );
    expect(created.data!.createDualGroup.userErrors).toEqual([]);
    const applied = await api.gql(
      ineu,
      graphql(`
        mutation ($input: SubmitApplicationInput!) {
          submitApplication(input: $input) {
            application {
              id
            }
            userErrors {
              field
              code
            }
          }
        }
      `),
      {
        input: {
          groupId: created.data!.createDualGroup.group!.id,
          studentId: gid('Person', student),
          documents: [{ kind: 'CERTIFICATE_GRADE_11', number: 'PE-0001' }],
          score: 90,
        },
      },
    );
    expect(applied.data!.submitApplication.userErrors).toEqual([]);
    const decided = await api.gql(
      ineu,
      graphql(`
        mutation ($input: DecideApplicationInput!) {
          decideApplication(input: $input) {
            application {
              status
            }
            userErrors {
              field
              code
            }
          }
        }
      `),
      { input: { applicationId: applied.data!.submitApplication.application!.id, decision: 'ACCEPTED' } },
    );
    expect(decided.data!.decideApplication).toEqual({ application: { status: 'ACCEPTED' }, userErrors: [] });

    const planned = await api.gql(ineu, CREATE, { input });
    expect(planned.data!.createPlacement.userErrors).toEqual([]);
    expect(planned.data!.createPlacement.placement!.status).toBe('PLANNED');
  });

  test('the factories enrol the students they make, so the placement suites plan placements as before', async () => {
    const placement = await given.givenPlacement();
    expect(await api.system().em.count(Enrolment, { student: placement.student.id, hei: placement.hei.id })).toBe(1);
  });
});

describe('fixtures', () => {
  test('every fixture placement’s student is enrolled in a programme of the placement’s HEI, in an intake no later than its start', async () => {
    const { em } = api.system();
    const fixture = readFixtureFile<{ placements: { code: string }[] }>(path.join(FIXTURES_DIR, 'placements.yaml'), 'placements.schema.json');
    const codes = fixture.placements.map((p) => p.code);
    const placements = await em.find(Placement, { code: { $in: codes } }, { populate: ['student', 'hei'] });
    expect(placements).toHaveLength(codes.length);
    for (const p of placements) {
      const enrolments = await em.find(Enrolment, { student: p.student.id, hei: p.hei.id, intakeYear: { $lte: Number(p.startDate.slice(0, 4)) } });
      expect({ placement: p.code, enrolled: enrolments.length > 0 }).toEqual({ placement: p.code, enrolled: true });
    }
  });

  test('WKATU has a programme and its fixture student an enrolment in it', async () => {
    const res = await api.gql(
      await api.keyFor(BIN.WKATU, 'READER'),
      graphql(`
        query ($hei: ID!) {
          programs(filter: { heiId: $hei }) {
            nodes {
              code
              totalCredits
              meetsCreditNorm
            }
          }
        }
      `),
      { hei: gid('Organization', await api.orgId(BIN.WKATU)) },
    );
    expect(res.data!.programs.nodes).toEqual([{ code: '6B07102', totalCredits: 240, meetsCreditNorm: true }]);
    const yerlan = await api.system().em.findOneOrFail(Person, { email: 'yerlan.tulegenov@students.wkatu.kz' });
    const enrolment = await api.system().em.findOneOrFail(Enrolment, { student: yerlan }, { populate: ['program', 'group'] });
    expect({ program: enrolment.program.code, group: enrolment.group.code, intakeYear: enrolment.intakeYear }).toEqual({
      program: '6B07102',
      group: 'AU-21',
      intakeYear: 2021,
    });
  });
});

describe('scoping of enrolments and control figures (node, nested field)', () => {
  test('an enrolment is seen by its HEI and its region’s bodies only; a host employer sees the placed student but not the enrolment', async () => {
    const { em } = api.system();
    const aruzhan = await em.findOneOrFail(Person, { email: 'aruzhan.saparova@students.ineu.kz' });
    const enrolment = await em.findOneOrFail(Enrolment, { student: aruzhan });
    const NODE = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on Enrolment {
            intakeYear
          }
        }
      }
    `);
    const seen = async (bin: string) => (await api.gql(await api.keyFor(bin, 'READER'), NODE, { id: gid('Enrolment', enrolment) })).data!.node;
    expect(await seen(BIN.INEU)).toEqual({ intakeYear: 2022 });
    expect(await seen(BIN.COORDINATOR)).toEqual({ intakeYear: 2022 });
    for (const bin of [BIN.COLLEGE, BIN.KEEU, BIN.STEEL_PLANT]) expect(await seen(bin)).toBeNull();
    // Nested: the steel plant hosts Aruzhan (PL-2026-0001), so it sees her, but not her enrolment.
    const NESTED = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on Person {
            fullName
            enrolments {
              intakeYear
            }
          }
        }
      }
    `);
    const steel = await api.gql(await api.keyFor(BIN.STEEL_PLANT, 'READER'), NESTED, { id: gid('Person', aruzhan) });
    expect(steel.data!.node).toEqual({ fullName: aruzhan.fullName, enrolments: [] });
    const hei = await api.gql(await api.keyFor(BIN.INEU, 'READER'), NESTED, { id: gid('Person', aruzhan) });
    expect(ofType(hei.data!.node, 'Person').enrolments).toEqual([{ intakeYear: 2022 }]);
  });

  test('a control figure is seen by its HEI and the region, not by another HEI or an employer (node)', async () => {
    const { em } = api.system();
    const figure = await em.findOneOrFail(ControlFigure, { hei: { bin: BIN.INEU } });
    const NODE = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on ControlFigure {
            budgetPlaces
          }
        }
      }
    `);
    const seen = async (bin: string) => (await api.gql(await api.keyFor(bin, 'READER'), NODE, { id: gid('ControlFigure', figure) })).data!.node;
    expect(await seen(BIN.INEU)).toEqual({ budgetPlaces: figure.budgetPlaces });
    expect(await seen(BIN.AUTHORITY)).toEqual({ budgetPlaces: figure.budgetPlaces });
    for (const bin of [BIN.COLLEGE, BIN.STEEL_PLANT]) expect(await seen(bin)).toBeNull();
  });
});
