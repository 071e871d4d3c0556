/**
 * Dual groups, applications and enrolment over HTTP on the real PostgreSQL: the rules, the
 * group's places under concurrency, and applicants' data visible only to the HEI applied to.
 */
import { Application, ApplicationStatus, Enrolment } from '../../src/enrolment';
import { Program } from '../../src/programs';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { people } from '../support/people';
import { graphql, ofType } from '../support/graphql';

let api: TestApi;
let given: Factories;
const keys: Record<string, string> = {};
const YEAR = new Date().getUTCFullYear();
let programId: string;

beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  for (const [name, bin] of Object.entries({ INEU: BIN.INEU, COLLEGE: BIN.COLLEGE, COORDINATOR: BIN.COORDINATOR, STEEL: BIN.STEEL_PLANT }))
    keys[name] = await api.keyFor(bin);
  programId = gid('Program', await api.system().em.findOneOrFail(Program, { code: '6B07101' }));
});
afterAll(() => api.close());

const CREATE = graphql(`
  mutation ($input: CreateDualGroupInput!) {
    createDualGroup(input: $input) {
      group {
        id
        code
        places
        intakeYear
      }
      userErrors {
        field
        code
      }
    }
  }
`);
const APPLY = graphql(`
  mutation ($input: SubmitApplicationInput!) {
    submitApplication(input: $input) {
      application {
        id
        status
        score
      }
      userErrors {
        field
        code
      }
    }
  }
`);
const DECIDE = graphql(`
  mutation ($input: DecideApplicationInput!) {
    decideApplication(input: $input) {
      application {
        id
        status
      }
      userErrors {
        field
        code
      }
    }
  }
`);
const DOCS = [{ kind: 'CERTIFICATE_GRADE_11', number: 'AT-0001' }];

async function group(code: string, places: number, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.gql(keys.INEU, CREATE, { input: { programId, code, intakeYear: YEAR, language: 'KK', places, ...extra } });
  expect(res.data!.createDualGroup.userErrors).toEqual([]);
  return res.data!.createDualGroup.group!.id;
}

async function apply(groupId: string, score = 80, key = keys.INEU): Promise<{ id: string; studentId: string }> {
  const student = await given.givenPerson(BIN.INEU, 'STUDENT', 'Applicant');
  const res = await api.gql(key, APPLY, { input: { groupId, studentId: gid('Person', student), documents: DOCS, score } });
  expect(res.data!.submitApplication.userErrors).toEqual([]);
  return { id: res.data!.submitApplication.application!.id, studentId: gid('Person', student) };
}

describe('dual groups', () => {
  test('bad input is refused naming the field; only an HEI, only its programmes', async () => {
    const college = await api.system().em.findOneOrFail(Program, { code: '07140100' });
    const bad = await api.gql(keys.INEU, CREATE, {
      input: { programId: gid('Program', college), code: 'X', intakeYear: YEAR + 6, language: 'RU', places: 0, minScore: -1 },
    });
    expect(bad.data!.createDualGroup.userErrors.map((e: { field: string[]; code: string }) => `${e.field.join('.')}:${e.code}`)).toEqual([
      'input.programId:PROGRAM_NOT_AT_HEI',
      'input.intakeYear:YEAR_OUT_OF_RANGE',
      'input.places:INVALID_PLACES',
      'input.minScore:INVALID_SCORE',
    ]);
    const employer = await api.gql(keys.STEEL, CREATE, { input: { programId, code: 'X', intakeYear: YEAR, language: 'RU', places: 5 } });
    expect(employer.data!.createDualGroup.userErrors).toMatchObject([{ code: 'NOT_AN_HEI' }]);
    await group('AU-T1', 5);
    const taken = await api.gql(keys.INEU, CREATE, { input: { programId, code: 'au-t1', intakeYear: YEAR, language: 'RU', places: 5 } });
    expect(taken.data!.createDualGroup.userErrors).toMatchObject([{ field: ['input', 'code'], code: 'CODE_TAKEN' }]);
  });
});

describe('selection of students', () => {
  test('documents, score, minimum score, reasons, no second decision', async () => {
    const groupId = await group('AU-T2', 3, { minScore: 60 });
    const student = await given.givenPerson(BIN.INEU, 'STUDENT');
    const noDocs = await api.gql(keys.INEU, APPLY, { input: { groupId, studentId: gid('Person', student), documents: [], score: 2000 } });
    expect(noDocs.data!.submitApplication.userErrors.map((e: { code: string }) => e.code)).toEqual(['DOCUMENTS_REQUIRED', 'INVALID_SCORE']);
    const low = await apply(groupId, 50);
    expect((await api.gql(keys.INEU, DECIDE, { input: { applicationId: low.id, decision: 'ACCEPTED' } })).data!.decideApplication.userErrors).toMatchObject([
      { code: 'SCORE_BELOW_MINIMUM' },
    ]);
    expect((await api.gql(keys.INEU, DECIDE, { input: { applicationId: low.id, decision: 'REJECTED' } })).data!.decideApplication.userErrors).toEqual([
      { field: ['input', 'reason'], code: 'REASON_REQUIRED' },
    ]);
    expect(
      (await api.gql(keys.INEU, DECIDE, { input: { applicationId: low.id, decision: 'REJECTED', reason: 'Score below 60' } })).data!.decideApplication
        .application!.status,
    ).toBe('REJECTED');
    expect((await api.gql(keys.INEU, DECIDE, { input: { applicationId: low.id, decision: 'ACCEPTED' } })).data!.decideApplication.userErrors).toMatchObject([
      { code: 'ALREADY_DECIDED' },
    ]);
    const good = await apply(groupId, 90);
    expect(
      (await api.gql(keys.INEU, DECIDE, { input: { applicationId: good.id, decision: 'WAITLISTED', reason: 'Pending medical certificate' } })).data!
        .decideApplication.application!.status,
    ).toBe('WAITLISTED');
    expect((await api.gql(keys.INEU, DECIDE, { input: { applicationId: good.id, decision: 'ACCEPTED' } })).data!.decideApplication.application!.status).toBe(
      'ACCEPTED',
    );
    const enrolled = await api.gql(
      keys.INEU,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            ... on Person {
              enrolments {
                intakeYear
                programId
              }
            }
          }
        }
      `),
      {
        id: good.studentId,
      },
    );
    expect(ofType(enrolled.data!.node, 'Person').enrolments).toEqual([{ intakeYear: YEAR, programId }]);
  });

  test('accepting beyond the places is refused', async () => {
    const groupId = await group('AU-T3', 1);
    const [a, b] = [await apply(groupId), await apply(groupId)];
    expect((await api.gql(keys.INEU, DECIDE, { input: { applicationId: a.id, decision: 'ACCEPTED' } })).data!.decideApplication.application!.status).toBe(
      'ACCEPTED',
    );
    const full = await api.gql(keys.INEU, DECIDE, { input: { applicationId: b.id, decision: 'ACCEPTED' } });
    expect(full.data!.decideApplication.userErrors).toEqual([{ field: ['input', 'decision'], code: 'GROUP_FULL' }]);
  });

  test('two concurrent acceptances of the last place: exactly one wins', async () => {
    const groupId = await group('AU-T4', 1);
    const applications = [await apply(groupId), await apply(groupId)];
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(applications.map((a) => api.gql(keys.INEU, DECIDE, { input: { applicationId: a.id, decision: 'ACCEPTED' } })));
      const codes = results.map((r) => r.data!.decideApplication.userErrors.map((e: { code: string }) => e.code).join() || 'OK');
      if (round === 0) expect(codes.sort()).toEqual(['GROUP_FULL', 'OK']);
      else expect(codes.sort()).toEqual(['ALREADY_DECIDED', 'GROUP_FULL']);
    }
    expect(await api.system().em.count(Application, { group: { code: 'AU-T4' }, status: ApplicationStatus.ACCEPTED })).toBe(1);
    expect(await api.system().em.count(Enrolment, { group: { code: 'AU-T4' } })).toBe(1);
  });

  test('overlapping intake: a student accepted in one group cannot be accepted in another of the same year', async () => {
    const first = await group('AU-T5', 5);
    const second = await group('AU-T6', 5);
    const a = await apply(first);
    expect((await api.gql(keys.INEU, DECIDE, { input: { applicationId: a.id, decision: 'ACCEPTED' } })).data!.decideApplication.userErrors).toEqual([]);
    const again = await api.gql(keys.INEU, APPLY, { input: { groupId: second, studentId: a.studentId, documents: DOCS, score: 70 } });
    expect(again.data!.submitApplication.userErrors).toEqual([{ field: ['input', 'studentId'], code: 'OVERLAPPING_INTAKE' }]);
  });

  test("applicants' data only for the HEI applied to (connection, node, nested field)", async () => {
    const groupId = await group('AU-T7', 5);
    const a = await apply(groupId);
    const LIST = graphql(`
      {
        applications(first: 100) {
          totalCount
          nodes {
            id
          }
        }
      }
    `);
    const ids = async (key: string) => (await api.gql(key, LIST)).data!.applications.nodes.map((n: { id: string }) => n.id);
    expect(await ids(keys.INEU)).toContain(a.id);
    expect(await ids(keys.COLLEGE)).toHaveLength(2); // its own two seeded applicants only
    expect(await ids(keys.COORDINATOR)).toEqual([]);
    expect(await ids(keys.STEEL)).toEqual([]);
    for (const key of [keys.COLLEGE, keys.COORDINATOR, keys.STEEL]) {
      expect(
        (
          await api.gql(
            key,
            graphql(`
              query ($id: ID!) {
                node(id: $id) {
                  id
                }
              }
            `),
            { id: a.id },
          )
        ).data!.node,
      ).toBeNull();
    }
    const nested = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on DualGroup {
            code
            applications(first: 10) {
              totalCount
              nodes {
                student {
                  fullName
                }
              }
            }
          }
        }
      }
    `);
    expect(ofType((await api.gql(keys.INEU, nested, { id: groupId })).data!.node, 'DualGroup').applications.totalCount).toBe(1);
    const coordinator = await api.gql(keys.COORDINATOR, nested, { id: groupId });
    expect(coordinator.data!.node).toMatchObject({ code: 'AU-T7', applications: { totalCount: 0 } }); // the region sees the group, not its applicants
    expect((await api.gql(keys.COLLEGE, nested, { id: groupId })).data!.node).toBeNull();
    const foreign = await api.gql(keys.COLLEGE, DECIDE, { input: { applicationId: a.id, decision: 'ACCEPTED' } });
    expect(foreign.data!.decideApplication.userErrors).toMatchObject([{ code: 'APPLICATION_NOT_FOUND' }]);
  });
});

describe('applicants signed in as themselves', () => {
  const MINE = graphql(`
    {
      applications(first: 100) {
        edges {
          node {
            id
          }
        }
      }
    }
  `);
  test('a student sees their own applications, not the other applicants of their HEI; the HEI sees all', async () => {
    const groupId = await group('AU-T9', 5);
    const other = await apply(groupId);
    const me = await people(api).sessionAs(BIN.INEU, 'STUDENT');
    const mine = await api.gql(keys.INEU, APPLY, { input: { groupId, studentId: gid('Person', me.personId), documents: DOCS, score: 70 } });
    expect(mine.data!.submitApplication.userErrors).toEqual([]);
    const myId = mine.data!.submitApplication.application!.id;
    const seen = await api.gql(me.cookie, MINE);
    expect(seen.errors).toBeUndefined();
    expect(seen.data!.applications.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([myId]);
    const byNode = await api.gql(
      me.cookie,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            id
          }
        }
      `),
      { id: other.id },
    );
    expect(byNode.data!.node).toBeNull();
    const hei = await api.gql(keys.INEU, MINE);
    expect(hei.data!.applications.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expect.arrayContaining([myId, other.id]));
  });
});

describe('fixtures', () => {
  test('two dual groups of this year with applicants and decisions are seeded', async () => {
    const Q = graphql(`
      {
        dualGroups(first: 20) {
          nodes {
            code
            intakeYear
            places
            applications(first: 10) {
              nodes {
                status
                score
              }
            }
          }
        }
      }
    `);
    const groups = (await api.gql(keys.INEU, Q)).data!.dualGroups.nodes.filter((g: { code: string }) => g.code === 'AU-D1');
    expect(groups).toEqual([
      {
        code: 'AU-D1',
        intakeYear: YEAR,
        places: 2,
        applications: {
          nodes: [
            { status: 'ACCEPTED', score: 92 },
            { status: 'ACCEPTED', score: 85 },
            { status: 'WAITLISTED', score: 71 },
            { status: 'REJECTED', score: 48 },
          ],
        },
      },
    ]);
    // This year's intake only: the past intake IA-23 holds the fixture student on placement.
    const college = (await api.gql(keys.COLLEGE, Q))
      .data!.dualGroups.nodes.filter((g: { intakeYear: number }) => g.intakeYear === YEAR)
      .map((g: { code: string }) => g.code);
    expect(college).toEqual(['IA-D1']);
  });
});
