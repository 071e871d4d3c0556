import { PlacementStatus } from '../../src/placements';
import { ReadinessRecord } from '../../src/readiness';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { day, Factories, gid } from '../support/factories';
import { ReadinessFactories } from '../support/readiness-factories';
import { graphql } from '../support/graphql';

let api: TestApi;
let given: Factories;
let readiness: ReadinessFactories;
beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  readiness = new ReadinessFactories(api);
});
afterAll(() => api.close());

const CLEARANCE = graphql(`
  query ($s: ID!, $w: ID!, $at: DateTimeISO) {
    clearance(studentId: $s, workplaceId: $w, at: $at) {
      clearance {
        status
        student {
          id
        }
        categories {
          code
          status
          readiness {
            id
          }
        }
      }
      userErrors {
        code
        field
      }
    }
  }
`);

async function ask(key: string, studentId: string, workplaceId: string, at?: string) {
  const res = await api.gql(key, CLEARANCE, { s: gid('Person', studentId), w: gid('Workplace', workplaceId), at });
  expect(res.errors).toBeUndefined();
  return res.data!.clearance as { clearance: { status: string } | null; userErrors: Array<{ code: string; field: string[] }> };
}

describe('who may ask for a clearance', () => {
  test("an employer: for students placed or proposed at its workplaces, never for others or for another employer's workplace", async () => {
    const cell = await readiness.givenWorkplace(BIN.STEEL_PLANT, ['ROBOT_CELL']);
    const proposed = await given.givenPlacement({ workplaceCode: cell.code }); // PLANNED
    await readiness.givenPass({ studentId: proposed.student.id });
    const stranger = await given.givenStudent(BIN.INEU);
    await readiness.givenPass({ studentId: stranger.id });
    const foreign = await readiness.givenWorkplace(BIN.OIL_GAS_PLANT, ['ROBOT_CELL']);
    const steel = await api.keyFor(BIN.STEEL_PLANT, 'READER');

    expect((await ask(steel, proposed.student.id, cell.id)).clearance?.status).toBe('CLEARED');
    expect(await ask(steel, stranger.id, cell.id)).toEqual({ clearance: null, userErrors: [{ code: 'STUDENT_NOT_FOUND', field: ['studentId'] }] });
    expect(await ask(steel, proposed.student.id, foreign.id)).toEqual({
      clearance: null,
      userErrors: [{ code: 'WORKPLACE_NOT_FOUND', field: ['workplaceId'] }],
    });
  });

  test('an HEI: for its own students only', async () => {
    const cell = await readiness.givenWorkplace(BIN.STEEL_PLANT, ['ROBOT_CELL']);
    const placement = await given.givenPlacement({ workplaceCode: cell.code, status: PlacementStatus.CONFIRMED });
    const other = await given.givenStudent(BIN.WKATU);
    const ineu = await api.keyFor(BIN.INEU, 'READER');
    expect((await ask(ineu, placement.student.id, cell.id)).clearance?.status).toBe('NOT_CLEARED');
    expect((await ask(ineu, other.id, cell.id)).userErrors.map((e) => e.code)).toEqual(['STUDENT_NOT_FOUND']);
  });

  test('the coordinator: for everyone of its region, no one outside it', async () => {
    const cell = await readiness.givenWorkplace(BIN.WELDING_CENTRE, ['ROBOT_CELL']);
    const local = await given.givenStudent(BIN.COLLEGE);
    const remote = await given.givenStudent(BIN.WKATU);
    const coordinator = await api.keyFor(BIN.COORDINATOR, 'READER');
    expect((await ask(coordinator, local.id, cell.id)).clearance?.status).toBe('NOT_CLEARED');
    expect((await ask(coordinator, remote.id, cell.id)).userErrors.map((e) => e.code)).toEqual(['STUDENT_NOT_FOUND']);
  });

  test('readiness of a student you may not see is out of reach through a list, node(id:) and a nested field', async () => {
    const student = await given.givenStudent(BIN.WKATU);
    await readiness.givenPass({ studentId: student.id });
    const record = await api.system().em.findOneOrFail(ReadinessRecord, { student: student.id });
    const steel = await api.keyFor(BIN.STEEL_PLANT, 'READER');
    const list = await api.gql(
      steel,
      graphql(`
        query ($s: ID!) {
          readinessRecords(studentId: $s, first: 10) {
            totalCount
            nodes {
              id
            }
          }
        }
      `),
      {
        s: gid('Person', student),
      },
    );
    expect(list.data!.readinessRecords).toEqual({ totalCount: 0, nodes: [] });
    const node = await api.gql(
      steel,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            id
          }
        }
      `),
      { id: gid('ReadinessRecord', record.id) },
    );
    expect(node.data!.node).toBeNull();
    // The student's own HEI sees it, with the basis.
    const wkatu = await api.keyFor(BIN.WKATU, 'READER');
    const own = await api.gql(
      wkatu,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            ... on ReadinessRecord {
              kind
              student {
                id
              }
              policy {
                version
              }
              hazardCategory {
                code
              }
            }
          }
        }
      `),
      { id: gid('ReadinessRecord', record.id) },
    );
    expect(own.data!.node).toEqual({
      kind: 'SIMULATOR',
      student: { id: gid('Person', student) },
      policy: { version: 1 },
      hazardCategory: { code: 'ROBOT_CELL' },
    });
  });
});

describe('bad input', () => {
  let coordinator: string;
  let student: string;
  let workplace: string;
  beforeAll(async () => {
    coordinator = await api.keyFor(BIN.COORDINATOR, 'READER');
    student = (await given.givenStudent(BIN.INEU)).id;
    workplace = (await readiness.givenWorkplace(BIN.STEEL_PLANT, ['ROBOT_CELL'])).id;
  });

  test('unknown student and workplace ids are userErrors, not errors', async () => {
    const unknown = '00000000-0000-4000-8000-000000000001';
    expect((await ask(coordinator, unknown, unknown)).userErrors.map((e) => e.code)).toEqual(['STUDENT_NOT_FOUND', 'WORKPLACE_NOT_FOUND']);
  });

  test('an id of another type, or not an id at all, is "not found" too', async () => {
    const res = await api.gql(coordinator, CLEARANCE, { s: gid('Workplace', workplace), w: 'not-an-id' });
    expect(res.data!.clearance.userErrors.map((e: { code: string }) => e.code)).toEqual(['STUDENT_NOT_FOUND', 'WORKPLACE_NOT_FOUND']);
  });

  test('a date outside 2000–2099 is DATE_OUT_OF_RANGE; a date that is not a date is BAD_USER_INPUT', async () => {
    for (const at of ['1899-12-31T00:00:00Z', '2500-01-01T00:00:00Z']) {
      expect((await ask(coordinator, student, workplace, at)).userErrors).toEqual([{ code: 'DATE_OUT_OF_RANGE', field: ['at'] }]);
    }
    const res = await api.gql(coordinator, CLEARANCE, { s: gid('Person', student), w: gid('Workplace', workplace), at: '2026-02-30T25:00:00Z' });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('in a batch, each check answers for itself with its own field path', async () => {
    const res = await api.gql(
      coordinator,
      graphql(`
        query ($input: ClearancesInput!) {
          clearances(input: $input) {
            clearance {
              status
            }
            userErrors {
              code
              field
            }
          }
        }
      `),
      {
        input: {
          checks: [
            { studentId: gid('Person', student), workplaceId: gid('Workplace', workplace) },
            { studentId: 'x', workplaceId: gid('Workplace', workplace) },
          ],
          at: `${day(0)}T12:00:00Z`,
        },
      },
    );
    expect(res.data!.clearances).toEqual([
      { clearance: { status: 'NOT_CLEARED' }, userErrors: [] },
      { clearance: null, userErrors: [{ code: 'STUDENT_NOT_FOUND', field: ['input', 'checks', '1', 'studentId'] }] },
    ]);
  });
});
