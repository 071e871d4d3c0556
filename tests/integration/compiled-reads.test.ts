import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, givenManyPlacements } from '../support/factories';
import { ReadinessFactories } from '../support/readiness-factories';
import { graphql } from '../support/graphql';

/**
 * The compiled read path (one statement building JSON in PostgreSQL) answers exactly what the
 * ORM path answers, for every kind of caller, including the nested objects each may not see and
 * the cursors. A directive on a field makes the compiler decline, so the same server answers the
 * same selection through the ORM for comparison.
 */
let api: TestApi;
const keys: Record<string, string> = {};
beforeAll(async () => {
  api = await startTestApi({ env: { READ_PATH: 'compiled', MAX_QUERY_COST: '1000000' } }); // a wide selection on purpose
  await givenManyPlacements(api, 12);
  const given = new Factories(api);
  await given.givenPlacement({ heiBin: BIN.INEU, employerBin: BIN.OIL_GAS_PLANT }); // across regions
  // A placement at a robot cell whose student passed the robot-cell exercise: clearanceExpiresAt is set.
  const readiness = new ReadinessFactories(api);
  const cell = await readiness.givenWorkplace(BIN.STEEL_PLANT, ['ROBOT_CELL']);
  const cleared = await given.givenPlacement({ workplaceCode: cell.code });
  await readiness.givenPass({ studentId: cleared.student.id });
  const callers = {
    INEU: BIN.INEU,
    WKATU: BIN.WKATU,
    STEEL: BIN.STEEL_PLANT,
    OGE: BIN.OIL_GAS_PLANT,
    EWRC: BIN.WELDING_CENTRE,
    COORDINATOR: BIN.COORDINATOR,
    AUTHORITY: BIN.AUTHORITY,
    AGENCY: BIN.AGENCY,
  };
  for (const [name, bin] of Object.entries(callers)) keys[name] = await api.keyFor(bin, 'READER');
});
afterAll(() => api.close());

const NODE = `id code status statusChangedAt statusReason startDate endDate timeModel daysPerWeek version clearanceExpiresAt
  st: student { id fullName email phone memberships { role position since organization { id bin kind region heiType name { kk ru en } shortName city website } } }
  hei { id bin name { en } } employer { id bin name { ru } }
  workplace { id code site { en } department { kk } description { en } employer { bin } hazardCategories { id code name { en } description { ru } } }
  mentor { fullName } curator { fullName }
  agreement { id number kind status validFrom validTo terminatedAt terminationReason remuneration { amount currency }
    hei { bin } employer { bin } student { fullName } signatures { party signedAt apiKeyId organization { bin } person { fullName } } }
  ... on Node { id }`;

/**
 * A placements page with literal arguments from the cases below, on the compiled path or (with a
 * directive) the ORM path. Built at run time from argument strings, so it cannot be a typed
 * document: it goes through `rawGql`, and the two answers are compared with each other.
 */
function page(args: string, orm: boolean): string {
  return `{ placements(${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${orm ? '__typename @include(if: true) ' : ''}${NODE} } } } }`;
}

async function both(key: string, args: string): Promise<{ compiled: unknown; orm: unknown }> {
  const [compiled, orm] = await Promise.all([api.rawGql(key, page(args, false)), api.rawGql(key, page(args, true))]);
  expect(compiled.errors).toBeUndefined();
  expect(orm.errors).toBeUndefined();
  const strip = (data: { placements: { edges: { node: Record<string, unknown> }[] } }) => {
    for (const edge of data.placements.edges) delete edge.node.__typename;
    return data;
  };
  return { compiled: compiled.data, orm: strip(orm.data as Parameters<typeof strip>[0]) };
}

describe('the compiled read path answers what the ORM path answers', () => {
  test.each(['INEU', 'WKATU', 'STEEL', 'OGE', 'EWRC', 'COORDINATOR', 'AUTHORITY', 'AGENCY'])('for %s: every field, nested and scoped', async (who) => {
    const { compiled, orm } = await both(keys[who], 'first: 100');
    expect(compiled).toEqual(orm);
  });

  test("clearanceExpiresAt is computed at the request clock's moment (some placements have one)", async () => {
    const { compiled, orm } = await both(keys.COORDINATOR, 'first: 100');
    expect(compiled).toEqual(orm);
    const nodes = (compiled as { placements: { edges: { node: { clearanceExpiresAt: string | null } }[] } }).placements.edges.map((e) => e.node);
    expect(nodes.some((n) => n.clearanceExpiresAt !== null)).toBe(true);
  });

  test('cursors and pages agree forwards and backwards', async () => {
    const first = await both(keys.INEU, 'first: 4');
    expect(first.compiled).toEqual(first.orm);
    const end = (first.compiled as { placements: { pageInfo: { endCursor: string } } }).placements.pageInfo.endCursor;
    const second = await both(keys.INEU, `first: 4, after: "${end}"`);
    expect(second.compiled).toEqual(second.orm);
    const start = (second.compiled as { placements: { pageInfo: { startCursor: string } } }).placements.pageInfo.startCursor;
    const back = await both(keys.INEU, `last: 3, before: "${start}"`);
    expect(back.compiled).toEqual(back.orm);
    expect((back.compiled as { placements: { edges: unknown[] } }).placements.edges).toHaveLength(3);
    const tail = await both(keys.COORDINATOR, 'last: 5');
    expect(tail.compiled).toEqual(tail.orm);
  });

  test('filters agree', async () => {
    const probe = await api.gql(
      keys.INEU,
      graphql(`
        {
          placements(first: 1, filter: { statuses: [PLANNED] }) {
            nodes {
              employer {
                id
              }
            }
          }
        }
      `),
    );
    expect(probe.errors).toBeUndefined();
    const employer = probe.data!.placements.nodes[0].employer!.id;
    for (const args of [
      `first: 50, filter: { employerId: "${employer}" }`,
      'first: 50, filter: { statuses: [PLANNED, ACTIVE] }',
      'first: 50, filter: { statuses: [COMPLETED] }',
    ]) {
      const { compiled, orm } = await both(keys.COORDINATOR, args);
      expect(compiled).toEqual(orm);
    }
  });

  test('a malformed cursor is a BAD_USER_INPUT on both paths', async () => {
    for (const orm of [false, true]) {
      const res = await api.rawGql(keys.INEU, page('first: 2, after: "bm9wZQ"', orm));
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
