import type { PersonRole } from '../../src/organizations';
import { ExamAdmission, ExamCommissionMember, ProductionExam } from '../../src/assessment';
import { PlacementStatus } from '../../src/placements';
import { Program } from '../../src/programs';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { graphql } from '../support/graphql';

let api: TestApi;
let given: Factories;
let ineu: string;
let steel: string;
let welding: string;
let program: Program;
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
  welding = await api.keyFor(BIN.WELDING_CENTRE, 'WRITER');
  program = await api.system().em.findOneOrFail(Program, { code: '6B07101', hei: { bin: BIN.INEU } });
});
afterAll(() => api.close());

const SCHEDULE = graphql(`
  mutation ($input: ScheduleProductionExamInput!) {
    scheduleProductionExam(input: $input) {
      productionExam {
        id
        examDate
        materialsApprovedOn
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
const COMMISSION = graphql(`
  mutation ($input: SetExamCommissionInput!) {
    setExamCommission(input: $input) {
      commission {
        side
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
const ADMIT = graphql(`
  mutation ($input: DecideExamAdmissionInput!) {
    decideExamAdmission(input: $input) {
      admission {
        admitted
        exception
        signedHours
        requiredHours
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
const PLAN = graphql(`
  mutation ($input: SetPracticePlanInput!) {
    setPracticePlan(input: $input) {
      userErrors {
        code
      }
    }
  }
`);

async function scheduleInput(overrides: Record<string, unknown> = {}) {
  return {
    programId: gid('Program', program),
    employerId: gid('Organization', await api.orgId(BIN.STEEL_PLANT)),
    examDate: '2027-06-15',
    materialsApprovedOn: '2027-05-15',
    theory: 'PLC programming; drives; safety',
    qualificationWork: 'Commission a conveyor interlock',
    ...overrides,
  };
}

async function givenExam(): Promise<string> {
  const res = await api.gql(ineu, SCHEDULE, { input: await scheduleInput() });
  expect(res.data!.scheduleProductionExam.userErrors).toEqual([]);
  return res.data!.scheduleProductionExam.productionExam!.id;
}

async function member(bin: string, role: `${PersonRole}` = 'STAFF') {
  const person = await given.givenPerson(bin, role, 'Commission member');
  return { personId: gid('Person', person), organizationId: gid('Organization', await api.orgId(bin)) };
}

describe('MATERIALS_TOO_LATE', () => {
  test('refuses materials approved less than one month before the exam, naming the dates, and writes nothing', async () => {
    const before = await api.system().em.count(ProductionExam, {});
    const res = await api.gql(ineu, SCHEDULE, { input: await scheduleInput({ materialsApprovedOn: '2027-05-16' }) });
    expect(res.data!.scheduleProductionExam.productionExam).toBeNull();
    expect(res.data!.scheduleProductionExam.userErrors).toEqual([
      expect.objectContaining({ code: 'MATERIALS_TOO_LATE', field: ['input', 'materialsApprovedOn'] }),
    ]);
    expect(res.data!.scheduleProductionExam.userErrors[0].message).toContain('2027-06-15');
    expect(res.data!.scheduleProductionExam.userErrors[0].message).toContain('2027-05-15');
    expect(await api.system().em.count(ProductionExam, {})).toBe(before);
  });

  test('accepts materials approved exactly one month before', async () => {
    await givenExam();
  });

  test('only the programme’s HEI schedules it', async () => {
    const res = await api.gql(steel, SCHEDULE, { input: await scheduleInput() });
    expect(res.data!.scheduleProductionExam.userErrors).toEqual([expect.objectContaining({ code: 'PROGRAM_NOT_OF_HEI', field: ['input', 'programId'] })]);
  });
});

describe('COMMISSION_UNBALANCED', () => {
  test('accepts 2 enterprise representatives and 2 third-party experts (another HEI, a partner enterprise)', async () => {
    const exam = await givenExam();
    const members = [await member(BIN.STEEL_PLANT), await member(BIN.STEEL_PLANT), await member(BIN.KEEU), await member(BIN.WELDING_CENTRE)];
    const res = await api.gql(ineu, COMMISSION, { input: { examId: exam, members } });
    expect(res.data!.setExamCommission.userErrors).toEqual([]);
    expect(res.data!.setExamCommission.commission!.map((m: any) => m.side)).toEqual(['ENTERPRISE', 'ENTERPRISE', 'THIRD_PARTY', 'THIRD_PARTY']);
  });

  test('refuses 2 enterprise vs 1 third-party, with the counts, and writes nothing', async () => {
    const exam = await givenExam();
    const members = [await member(BIN.STEEL_PLANT), await member(BIN.STEEL_PLANT), await member(BIN.KEEU)];
    const res = await api.gql(ineu, COMMISSION, { input: { examId: exam, members } });
    expect(res.data!.setExamCommission.userErrors).toEqual([expect.objectContaining({ code: 'COMMISSION_UNBALANCED', field: ['input', 'members'] })]);
    expect(res.data!.setExamCommission.userErrors[0].message).toContain('enterprise: 2, third-party: 1');
    expect(await api.system().em.count(ExamCommissionMember, { exam: Buffer.from(exam, 'base64url').toString().split(':')[1] })).toBe(0);
  });

  test('a member from the students’ own HEI is not a third-party expert', async () => {
    const exam = await givenExam();
    const members = [await member(BIN.STEEL_PLANT), await member(BIN.INEU)];
    const res = await api.gql(ineu, COMMISSION, { input: { examId: exam, members } });
    expect(res.data!.setExamCommission.userErrors).toEqual([expect.objectContaining({ code: 'COMMISSION_UNBALANCED' })]);
    expect(res.data!.setExamCommission.userErrors[0].message).toContain('own HEI: 1');
  });

  test('refuses a member who does not belong to the organisation named', async () => {
    const exam = await givenExam();
    const stranger = await member(BIN.KEEU);
    const res = await api.gql(ineu, COMMISSION, {
      input: {
        examId: exam,
        members: [await member(BIN.STEEL_PLANT), { ...stranger, organizationId: gid('Organization', await api.orgId(BIN.WELDING_CENTRE)) }],
      },
    });
    expect(res.data!.setExamCommission.userErrors).toEqual([
      expect.objectContaining({ code: 'MEMBER_NOT_AT_ORGANIZATION', field: ['input', 'members', '1', 'personId'] }),
    ]);
  });
});

describe('admission by the expanded pedagogical council', () => {
  test('a student below the required signed hours is not admissible without a recorded exception; with one, admitted', async () => {
    const exam = await givenExam();
    const placement = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
    await api.gql(ineu, PLAN, { input: { placementId: gid('Placement', placement), programId: gid('Program', program), practiceCredits: 10 } });
    const input = {
      examId: exam,
      placementId: gid('Placement', placement),
      councilDate: '2027-06-01',
      admitted: true,
      reason: 'Tasks completed',
      mentorsInvited: [gid('Person', placement.mentor!.id)],
      mentorsPresent: [gid('Person', placement.mentor!.id)],
    };
    const refused = await api.gql(ineu, ADMIT, { input });
    expect(refused.data!.decideExamAdmission.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ADMISSIBLE', field: ['input', 'exception'] })]);
    expect(refused.data!.decideExamAdmission.userErrors[0].message).toContain('signed 0 h < required 300 h');
    expect(await api.system().em.count(ExamAdmission, { placement: placement.id })).toBe(0);
    const admitted = await api.gql(ineu, ADMIT, { input: { ...input, exception: 'Hours lost to the plant shutdown; confirmed by the mentor' } });
    expect(admitted.data!.decideExamAdmission.admission).toEqual(expect.objectContaining({ admitted: true, signedHours: 0, requiredHours: 300 }));
  });

  test('refuses a council after the exam and a placement of another enterprise', async () => {
    const exam = await givenExam();
    const placement = await given.givenPlacement({ status: PlacementStatus.ACTIVE });
    const base = { examId: exam, placementId: gid('Placement', placement), councilDate: '2027-06-20', admitted: false, reason: 'Not ready' };
    expect((await api.gql(ineu, ADMIT, { input: base })).data!.decideExamAdmission.userErrors).toEqual([
      expect.objectContaining({ code: 'COUNCIL_AFTER_EXAM' }),
    ]);
    const elsewhere = await given.givenPlacement({ status: PlacementStatus.ACTIVE, employerBin: BIN.WELDING_CENTRE });
    expect(
      (await api.gql(ineu, ADMIT, { input: { ...base, councilDate: '2027-06-01', placementId: gid('Placement', elsewhere) } })).data!.decideExamAdmission
        .userErrors,
    ).toEqual([expect.objectContaining({ code: 'PLACEMENT_NOT_OF_EXAM' })]);
  });
});

describe('scoping', () => {
  test('the exam is visible to its HEI and enterprise, not to another employer (node(id:)), who cannot set its commission either', async () => {
    const exam = await givenExam();
    const node = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          id
          ... on ProductionExam {
            examDate
          }
        }
      }
    `);
    expect((await api.gql(steel, node, { id: exam })).data!.node).toEqual({ id: exam, examDate: '2027-06-15' });
    expect((await api.gql(welding, node, { id: exam })).data!.node).toBeNull();
    const res = await api.gql(welding, COMMISSION, { input: { examId: exam, members: [] } });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
