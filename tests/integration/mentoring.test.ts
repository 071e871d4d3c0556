import { MentorTraining } from '../../src/mentoring';
import { Placement, PlacementStatus } from '../../src/placements';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { ACTIVATE_PLACEMENT, day, Factories, gid } from '../support/factories';
import { graphql, type VariablesOf } from '../support/graphql';

let api: TestApi;
let given: Factories;
let steel: string;
let welding: string;
let ineu: string;
let coordinator: string;
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
  welding = await api.keyFor(BIN.WELDING_CENTRE, 'WRITER');
  ineu = await api.keyFor(BIN.INEU, 'WRITER');
  coordinator = await api.keyFor(BIN.COORDINATOR, 'READER');
});
afterAll(() => api.close());

const RECORD = graphql(`
  mutation ($input: RecordMentorTrainingInput!) {
    recordMentorTraining(input: $input) {
      mentorTraining {
        id
        course
        hours
        completedOn
        validUntil
        qualification
        mentor {
          id
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
const EXPIRING = graphql(`
  query ($days: Int!) {
    mentorTrainingsExpiring(withinDays: $days, first: 100) {
      totalCount
      nodes {
        id
        validUntil
        mentor {
          id
        }
      }
    }
  }
`);
const CREATE = graphql(`
  mutation ($input: CreatePlacementInput!) {
    createPlacement(input: $input) {
      placement {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
const ASSIGN = graphql(`
  mutation ($input: AssignPlacementMentorInput!) {
    assignPlacementMentor(input: $input) {
      placement {
        id
        mentor {
          id
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

async function trainingCount(): Promise<number> {
  return api.system().em.count(MentorTraining, {});
}

type RecordInput = VariablesOf<typeof RECORD>['input'];
async function recordInput(mentorId: string, overrides: Partial<RecordInput> = {}): Promise<RecordInput> {
  return {
    mentorId: gid('Person', mentorId),
    employerId: gid('Organization', await api.orgId(BIN.STEEL_PLANT)),
    course: 'Mentoring in dual education',
    provider: 'INEU further education',
    hours: 72,
    completedOn: day(-10),
    validUntil: day(1000),
    qualification: 'Automation engineer',
    ...overrides,
  };
}

async function expectRecordRefused(key: string, input: RecordInput, code: string, field: string[]) {
  const before = await trainingCount();
  const res = await api.gql(key, RECORD, { input });
  expect(res.errors).toBeUndefined();
  expect(res.data!.recordMentorTraining.mentorTraining).toBeNull();
  expect(res.data!.recordMentorTraining.userErrors).toEqual(expect.arrayContaining([expect.objectContaining({ code, field })]));
  expect(await trainingCount()).toBe(before);
}

async function placementInput(mentorId: string, startDate = day(5)): Promise<VariablesOf<typeof CREATE>['input']> {
  const student = await given.givenStudent();
  const agreement = await given.givenAgreement();
  return {
    studentId: gid('Person', student),
    heiId: gid('Organization', await api.orgId(BIN.INEU)),
    employerId: gid('Organization', await api.orgId(BIN.STEEL_PLANT)),
    workplaceId: gid('Workplace', await given.workplace('PMZ-ENGINEERING-OFFICE')),
    agreementId: gid('Agreement', agreement),
    mentorId: gid('Person', mentorId),
    startDate,
    endDate: day(100),
    timeModel: 'DAYS_PER_WEEK',
    daysPerWeek: 3,
  };
}

describe('recording mentor training', () => {
  test('the employer records a training of its mentor', async () => {
    const mentor = await given.givenMentor(BIN.STEEL_PLANT, { trained: false });
    const res = await api.gql(steel, RECORD, { input: await recordInput(mentor.id) });
    expect(res.data!.recordMentorTraining.userErrors).toEqual([]);
    expect(res.data!.recordMentorTraining.mentorTraining).toEqual(
      expect.objectContaining({ hours: 72, validUntil: day(1000), mentor: { id: gid('Person', mentor) } }),
    );
  });

  test('refuses another organisation recording it (NOT_THE_EMPLOYER) and writes nothing', async () => {
    const mentor = await given.givenMentor(BIN.STEEL_PLANT, { trained: false });
    await expectRecordRefused(ineu, await recordInput(mentor.id), 'NOT_THE_EMPLOYER', ['input', 'employerId']);
  });

  test('refuses a person who is not a mentor of the employer (NOT_A_MENTOR)', async () => {
    const foreign = await given.givenMentor(BIN.WELDING_CENTRE, { trained: false });
    await expectRecordRefused(steel, await recordInput(foreign.id), 'NOT_A_MENTOR', ['input', 'mentorId']);
  });

  test('refuses zero hours, a future completion and a validity ending before completion, naming each field', async () => {
    const mentor = await given.givenMentor(BIN.STEEL_PLANT, { trained: false });
    await expectRecordRefused(steel, await recordInput(mentor.id, { hours: 0 }), 'INVALID_HOURS', ['input', 'hours']);
    await expectRecordRefused(steel, await recordInput(mentor.id, { completedOn: day(3) }), 'COMPLETED_IN_FUTURE', ['input', 'completedOn']);
    await expectRecordRefused(steel, await recordInput(mentor.id, { validUntil: day(-20) }), 'INVALID_VALIDITY', ['input', 'validUntil']);
  });
});

describe('MENTOR_NOT_TRAINED', () => {
  test('refuses a placement with a mentor without any training, and writes nothing', async () => {
    const mentor = await given.givenMentor(BIN.STEEL_PLANT, { trained: false });
    const before = await api.system().em.count(Placement, {});
    const res = await api.gql(ineu, CREATE, { input: await placementInput(mentor.id) });
    expect(res.data!.createPlacement.placement).toBeNull();
    expect(res.data!.createPlacement.userErrors).toEqual([expect.objectContaining({ code: 'MENTOR_NOT_TRAINED', field: ['input', 'mentorId'] })]);
    expect(await api.system().em.count(Placement, {})).toBe(before);
  });

  test('refuses a mentor whose training expires before the placement starts, naming the dates', async () => {
    const mentor = await given.givenMentor(BIN.STEEL_PLANT, { trained: false });
    await given.givenMentorTraining(mentor.id, BIN.STEEL_PLANT, { completedOn: day(-400), validUntil: day(2) });
    const res = await api.gql(ineu, CREATE, { input: await placementInput(mentor.id, day(5)) });
    expect(res.data!.createPlacement.userErrors).toEqual([expect.objectContaining({ code: 'MENTOR_NOT_TRAINED' })]);
    expect(res.data!.createPlacement.userErrors[0].message).toContain(day(5));
    expect(res.data!.createPlacement.userErrors[0].message).toContain(day(2));
  });

  test('accepts a mentor trained on the start date', async () => {
    const mentor = await given.givenMentor(BIN.STEEL_PLANT, { trained: false });
    await given.givenMentorTraining(mentor.id, BIN.STEEL_PLANT, { completedOn: day(-400), validUntil: day(5) });
    const res = await api.gql(ineu, CREATE, { input: await placementInput(mentor.id, day(5)) });
    expect(res.data!.createPlacement.userErrors).toEqual([]);
  });

  test('refuses assigning an untrained mentor later, and keeps the old one', async () => {
    const placement = await given.givenPlacement();
    const untrained = await given.givenMentor(BIN.STEEL_PLANT, { trained: false });
    const res = await api.gql(steel, ASSIGN, { input: { placementId: gid('Placement', placement), mentorId: gid('Person', untrained) } });
    expect(res.data!.assignPlacementMentor.userErrors).toEqual([expect.objectContaining({ code: 'MENTOR_NOT_TRAINED', field: ['input', 'mentorId'] })]);
    const stored = await api.system().em.findOneOrFail(Placement, { id: placement.id });
    expect(stored.mentor?.id).toBe(placement.mentor?.id);
  });

  test('activation re-checks it: a training that expired since the assignment refuses activation', async () => {
    const placement = await given.givenPlacement({ status: PlacementStatus.CONFIRMED });
    await api.system().em.nativeUpdate(MentorTraining, { mentor: placement.mentor!.id }, { validUntil: day(-1) });
    const res = await api.gql(ineu, ACTIVATE_PLACEMENT, { input: { placementId: gid('Placement', placement) } });
    expect(res.data!.activatePlacement.userErrors).toEqual([expect.objectContaining({ code: 'MENTOR_NOT_TRAINED', field: ['input', 'placementId'] })]);
    expect((await api.system().em.findOneOrFail(Placement, { id: placement.id })).status).toBe(PlacementStatus.CONFIRMED);
  });

  test('activation passes with a valid training', async () => {
    const placement = await given.givenPlacement({ status: PlacementStatus.CONFIRMED });
    const res = await api.gql(ineu, ACTIVATE_PLACEMENT, { input: { placementId: gid('Placement', placement) } });
    expect(res.data!.activatePlacement.userErrors).toEqual([]);
    expect(res.data!.activatePlacement.placement!.status).toBe('ACTIVE');
  });
});

describe('mentors whose training expires', () => {
  test('lists the employer’s mentors expiring within N days, not renewed ones, not other employers’', async () => {
    const expiring = await given.givenMentor(BIN.STEEL_PLANT, { trained: false });
    await given.givenMentorTraining(expiring.id, BIN.STEEL_PLANT, { completedOn: day(-700), validUntil: day(20) });
    const renewed = await given.givenMentor(BIN.STEEL_PLANT, { trained: false });
    await given.givenMentorTraining(renewed.id, BIN.STEEL_PLANT, { completedOn: day(-700), validUntil: day(15) });
    await given.givenMentorTraining(renewed.id, BIN.STEEL_PLANT, { completedOn: day(-5), validUntil: day(900) });
    const elsewhere = await given.givenMentor(BIN.WELDING_CENTRE, { trained: false });
    await given.givenMentorTraining(elsewhere.id, BIN.WELDING_CENTRE, { completedOn: day(-700), validUntil: day(10) });

    const mine = (await api.gql(steel, EXPIRING, { days: 30 })).data!.mentorTrainingsExpiring.nodes.map((n: any) => n.mentor.id);
    expect(mine).toContain(gid('Person', expiring));
    expect(mine).not.toContain(gid('Person', renewed));
    expect(mine).not.toContain(gid('Person', elsewhere));
    const narrower = (await api.gql(steel, EXPIRING, { days: 10 })).data!.mentorTrainingsExpiring.nodes.map((n: any) => n.mentor.id);
    expect(narrower).not.toContain(gid('Person', expiring));
    const theirs = (await api.gql(welding, EXPIRING, { days: 30 })).data!.mentorTrainingsExpiring.nodes.map((n: any) => n.mentor.id);
    expect(theirs).toEqual([gid('Person', elsewhere)]);
    const region = (await api.gql(coordinator, EXPIRING, { days: 30 })).data!.mentorTrainingsExpiring.nodes.map((n: any) => n.mentor.id);
    expect(region).toEqual(expect.arrayContaining([gid('Person', expiring), gid('Person', elsewhere)]));
  });

  test('another employer cannot read a training by node(id:)', async () => {
    const mentor = await given.givenMentor(BIN.STEEL_PLANT, { trained: false });
    const training = await given.givenMentorTraining(mentor.id, BIN.STEEL_PLANT, { completedOn: day(-10), validUntil: day(100) });
    const query = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          id
          ... on MentorTraining {
            course
          }
        }
      }
    `);
    expect((await api.gql(welding, query, { id: gid('MentorTraining', training) })).data!.node).toBeNull();
    expect((await api.gql(steel, query, { id: gid('MentorTraining', training) })).data!.node).toEqual(
      expect.objectContaining({ course: 'Pedagogical foundations of mentoring' }),
    );
  });
});
