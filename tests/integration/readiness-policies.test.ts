import { PersonRole } from '../../src/organizations';
import { ReadinessKind, ReadinessPolicy, ReadinessRecord } from '../../src/readiness';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { ReadinessFactories } from '../support/readiness-factories';
import { graphql, type VariablesOf } from '../support/graphql';

let api: TestApi;
let given: Factories;
let readiness: ReadinessFactories;
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  readiness = new ReadinessFactories(api);
});
afterAll(() => api.close());

const CHANGE = graphql(`
  mutation ($input: ChangeReadinessPolicyInput!) {
    changeReadinessPolicy(input: $input) {
      policy {
        version
        mode
        exercises
        minScore
        validityDays
        manualAllowed
        hazardCategory {
          code
        }
      }
      userErrors {
        code
        field
      }
    }
  }
`);
const policyCount = () => api.system().em.count(ReadinessPolicy, {});

describe('policy versions', () => {
  test('the coordinator makes version 2; records earned under version 1 keep it as their basis; new passes are judged by version 2', async () => {
    const student = await given.givenStudent(BIN.INEU);
    await readiness.givenPass({ studentId: student.id, score: 85 });
    const coordinator = await api.keyFor(BIN.COORDINATOR, 'WRITER');
    const res = await api.gql(coordinator, CHANGE, {
      input: {
        hazardCategoryCode: 'ROBOT_CELL',
        mode: 'ANY_OF',
        exercises: ['robot.safe-cell-entry', 'robot.teach-t1'],
        minScore: 90,
        validityDays: 180,
        note: 'Raise the bar after the 2026 incident review',
      },
    });
    expect(res.data!.changeReadinessPolicy).toEqual({
      policy: {
        version: 2,
        mode: 'ANY_OF',
        exercises: ['robot.safe-cell-entry', 'robot.teach-t1'],
        minScore: 90,
        validityDays: 180,
        manualAllowed: true,
        hazardCategory: { code: 'ROBOT_CELL' },
      },
      userErrors: [],
    });
    const versions = await api.gql(
      coordinator,
      graphql(`
        {
          readinessPolicies(hazardCategoryCode: "ROBOT_CELL", allVersions: true, first: 10) {
            nodes {
              version
              minScore
            }
          }
        }
      `),
    );
    expect(versions.data!.readinessPolicies.nodes).toEqual([
      { version: 2, minScore: 90 },
      { version: 1, minScore: 80 },
    ]);
    const current = await api.gql(
      coordinator,
      graphql(`
        {
          readinessPolicies(hazardCategoryCode: "ROBOT_CELL", first: 10) {
            nodes {
              version
            }
          }
        }
      `),
    );
    expect(current.data!.readinessPolicies.nodes).toEqual([{ version: 2 }]);

    const records = await api.gql(
      coordinator,
      graphql(`
        query ($s: ID!) {
          readinessRecords(studentId: $s, first: 10) {
            nodes {
              policy {
                version
                minScore
              }
            }
          }
        }
      `),
      {
        s: gid('Person', student),
      },
    );
    expect(records.data!.readinessRecords.nodes).toEqual([{ policy: { version: 1, minScore: 80 } }]);

    const next = await given.givenStudent(BIN.INEU);
    await readiness.givenPass({ studentId: next.id, score: 85 });
    expect(await api.system().em.count(ReadinessRecord, { student: next.id })).toBe(0);
    await readiness.givenPass({ studentId: next.id, exerciseId: 'robot.teach-t1', score: 95 });
    const earned = await api.system().em.findOneOrFail(ReadinessRecord, { student: next.id }, { populate: ['policy'] });
    expect(earned.policy!.version).toBe(2);
    expect(earned.validUntil!.getTime() - earned.earnedAt.getTime()).toBe(180 * 86_400_000);
  });

  test('the industry council may change a policy too; an employer or an HEI may not, and nothing is written', async () => {
    const council = await api.keyFor(BIN.COUNCIL, 'WRITER');
    const input: VariablesOf<typeof CHANGE>['input'] = { hazardCategoryCode: 'HOT_WORK', mode: 'ANY_OF', exercises: [], minScore: 0, validityDays: 730 };
    expect((await api.gql(council, CHANGE, { input })).data!.changeReadinessPolicy.policy).toMatchObject({ version: 2, validityDays: 730 });
    const before = await policyCount();
    for (const bin of [BIN.STEEL_PLANT, BIN.INEU]) {
      const key = await api.keyFor(bin, 'WRITER');
      expect((await api.gql(key, CHANGE, { input })).data!.changeReadinessPolicy).toEqual({
        policy: null,
        userErrors: [{ code: 'POLICY_EDIT_NOT_ALLOWED', field: ['input', 'hazardCategoryCode'] }],
      });
    }
    const reader = await api.keyFor(BIN.COORDINATOR, 'READER');
    expect((await api.gql(reader, CHANGE, { input })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await policyCount()).toBe(before);
  });

  test('unknown exercises, impossible numbers and an unsatisfiable policy are refused with their paths, nothing written', async () => {
    const coordinator = await api.keyFor(BIN.COORDINATOR, 'WRITER');
    const before = await policyCount();
    const res = await api.gql(coordinator, CHANGE, {
      input: {
        hazardCategoryCode: 'WORK_AT_HEIGHT',
        mode: 'ALL_OF',
        exercises: ['robot.safe-cell-entry', 'no.such-exercise'],
        minScore: 120,
        validityDays: 0,
        refresher: { exercises: ['robot.teach-t1'], windowDays: 500 },
      },
    });
    expect(res.data!.changeReadinessPolicy.userErrors).toEqual(
      expect.arrayContaining([
        { code: 'UNKNOWN_EXERCISE', field: ['input', 'exercises', '1'] },
        { code: 'INVALID_SCORE', field: ['input', 'minScore'] },
        { code: 'INVALID_VALIDITY', field: ['input', 'validityDays'] },
        { code: 'INVALID_REFRESHER', field: ['input', 'refresher'] },
      ]),
    );
    const unsatisfiable = await api.gql(coordinator, CHANGE, {
      input: { hazardCategoryCode: 'WORK_AT_HEIGHT', mode: 'ANY_OF', exercises: [], minScore: 0, validityDays: 365, manualAllowed: false },
    });
    expect(unsatisfiable.data!.changeReadinessPolicy.userErrors).toEqual([{ code: 'POLICY_UNSATISFIABLE', field: ['input', 'exercises'] }]);
    const unknown = await api.gql(coordinator, CHANGE, {
      input: { hazardCategoryCode: 'NOPE', mode: 'ANY_OF', exercises: [], minScore: 0, validityDays: 365 },
    });
    expect(unknown.data!.changeReadinessPolicy.userErrors).toEqual([{ code: 'HAZARD_CATEGORY_NOT_FOUND', field: ['input', 'hazardCategoryCode'] }]);
    expect(await policyCount()).toBe(before);
  });

  test('two changes of one category at once never make two versions with the same number', async () => {
    const coordinator = await api.keyFor(BIN.COORDINATOR, 'WRITER');
    const input = (validityDays: number): VariablesOf<typeof CHANGE> => ({
      input: { hazardCategoryCode: 'PRESSURE_EQUIPMENT', mode: 'ANY_OF', exercises: [], minScore: 0, validityDays },
    });
    const results = await Promise.all([api.gql(coordinator, CHANGE, input(200)), api.gql(coordinator, CHANGE, input(300))]);
    const outcomes = results.map((r) => r.data!.changeReadinessPolicy.policy?.version ?? r.data!.changeReadinessPolicy.userErrors[0].code);
    const versions = (await api.system().em.find(ReadinessPolicy, { hazardCategory: { code: 'PRESSURE_EQUIPMENT' } })).map((p) => p.version).sort();
    expect(new Set(versions).size).toBe(versions.length);
    expect(outcomes.every((o) => o === 'CONCURRENT_CHANGE' || typeof o === 'number')).toBe(true);
  });
});

describe('manual readiness', () => {
  const RECORD = graphql(`
    mutation ($input: RecordManualReadinessInput!) {
      recordManualReadiness(input: $input) {
        readiness {
          kind
          instructorId
          evidence {
            description
            uri
            sha256
          }
          policy {
            version
          }
        }
        userErrors {
          code
          field
        }
      }
    }
  `);

  test("an instructor of the caller's organisation records it with evidence; it is marked MANUAL and covers the category", async () => {
    const placement = await given.givenPlacement();
    const officer = await given.givenPerson(BIN.STEEL_PLANT, PersonRole.SAFETY_OFFICER, 'Officer');
    const steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
    const res = await api.gql(steel, RECORD, {
      input: {
        studentId: gid('Person', placement.student.id),
        hazardCategoryCode: 'LIFTING_EQUIPMENT',
        instructorId: gid('Person', officer),
        evidence: { description: 'Slinging practice, overhead crane 10 t', uri: 'https://docs.pmz.kz/briefings/2026-11-20.pdf', sha256: 'A'.repeat(64) },
      },
    });
    expect(res.data!.recordManualReadiness).toEqual({
      readiness: {
        kind: 'MANUAL',
        instructorId: officer.id,
        evidence: { description: 'Slinging practice, overhead crane 10 t', uri: 'https://docs.pmz.kz/briefings/2026-11-20.pdf', sha256: 'a'.repeat(64) },
        policy: { version: 1 },
      },
      userErrors: [],
    });
  });

  test('refuses an instructor from elsewhere, a future date, empty evidence; nothing written', async () => {
    const placement = await given.givenPlacement();
    const foreignInstructor = await given.givenPerson(BIN.INEU, PersonRole.LAB_INSTRUCTOR, 'Instructor');
    const steel = await api.keyFor(BIN.STEEL_PLANT, 'WRITER');
    const res = await api.gql(steel, RECORD, {
      input: {
        studentId: gid('Person', placement.student.id),
        hazardCategoryCode: 'LIFTING_EQUIPMENT',
        instructorId: gid('Person', foreignInstructor),
        earnedAt: new Date(Date.now() + 86_400_000).toISOString(),
        evidence: { description: '   ' },
      },
    });
    expect(res.data!.recordManualReadiness.userErrors.map((e) => e.code).sort()).toEqual([
      'EARNED_IN_FUTURE',
      'EVIDENCE_REQUIRED',
      'INSTRUCTOR_NOT_AT_ORGANIZATION',
    ]);
    expect(await api.system().em.count(ReadinessRecord, { student: placement.student.id, kind: ReadinessKind.MANUAL })).toBe(0);
  });

  test('readiness records are append-only: the ORM refuses to change one', async () => {
    const student = await given.givenStudent(BIN.INEU);
    await readiness.givenPass({ studentId: student.id });
    const em = api.system().em;
    const record = await em.findOneOrFail(ReadinessRecord, { student: student.id });
    record.score = 100;
    await expect(em.flush()).rejects.toThrow(/append-only/);
  });
});
