import { AuditEntry } from '../../src/audit';
import { createContext } from '../../src/db/context';
import { createLogger } from '../../src/logger';
import { ApiKey, Person } from '../../src/organizations';
import { Placement } from '../../src/placements';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { gid } from '../support/factories';
import { graphql, ofType } from '../support/graphql';

let api: TestApi;
const keys: Record<string, string> = {};
beforeAll(async () => {
  api = await startTestApi();
  for (const [name, bin] of Object.entries({
    INEU: BIN.INEU,
    WKATU: BIN.WKATU,
    STEEL: BIN.STEEL_PLANT,
    OGE: BIN.OIL_GAS_PLANT,
    EWRC: BIN.WELDING_CENTRE,
    COORDINATOR: BIN.COORDINATOR,
  })) {
    keys[name] = await api.keyFor(bin, 'READER');
  }
});
afterAll(() => api.close());

async function placementId(code: string): Promise<string> {
  return gid('Placement', await api.system().em.findOneOrFail(Placement, { code }));
}

async function personId(email: string): Promise<string> {
  return gid('Person', await api.system().em.findOneOrFail(Person, { email }));
}

async function visibleCodes(key: string): Promise<string[]> {
  const res = await api.gql(
    key,
    graphql(`
      {
        placements(first: 100) {
          nodes {
            code
          }
        }
      }
    `),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.placements.nodes.map((n: { code: string }) => n.code).sort();
}

const NODE = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      id
      ... on Placement {
        code
        history {
          totalCount
        }
      }
    }
  }
`);

describe('who sees which placement (fixtures)', () => {
  test('an HEI sees only its own placements', async () => {
    expect(await visibleCodes(keys.INEU)).toEqual(['PL-2026-0001', 'PL-2026-0002', 'PL-2026-0007', 'PL-2027-0003']);
    expect(await visibleCodes(keys.WKATU)).toEqual(['PL-2027-0004']);
  });

  test('an employer sees only the placements with it', async () => {
    expect(await visibleCodes(keys.STEEL)).toEqual(['PL-2026-0001', 'PL-2026-0002', 'PL-2026-0006', 'PL-2026-0007']);
    expect(await visibleCodes(keys.EWRC)).toEqual(['PL-2027-0003']);
  });

  test('a regional body sees the placements of its region only', async () => {
    const codes = await visibleCodes(keys.COORDINATOR);
    expect(codes).toEqual(expect.arrayContaining(['PL-2026-0001', 'PL-2027-0003', 'PL-2026-0006']));
    expect(codes).not.toContain('PL-2027-0004'); // West Kazakhstan
    expect(codes).not.toContain('PL-2026-0005'); // Kostanay
  });

  test('another employer cannot read a placement by node(id:), nor its history', async () => {
    const id = await placementId('PL-2027-0003'); // INEU student at the Ekibastuz welding centre
    expect((await api.gql(keys.EWRC, NODE, { id })).data!.node).toEqual({ id, code: 'PL-2027-0003', history: { totalCount: 1 } });
    expect((await api.gql(keys.STEEL, NODE, { id })).data!.node).toBeNull();
    expect((await api.gql(keys.OGE, NODE, { id })).data!.node).toBeNull();
  });

  test('another employer cannot reach a placement through a nested field', async () => {
    // Daniyar was placed with the steel plant (completed) and is now placed with the welding centre.
    const daniyar = await personId('daniyar.omarov@students.ineu.kz');
    const query = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on Person {
            fullName
            placements(first: 10) {
              nodes {
                code
                employer {
                  bin
                }
              }
            }
          }
        }
      }
    `);
    const bySteel = await api.gql(keys.STEEL, query, { id: daniyar });
    expect(ofType(bySteel.data!.node, 'Person').placements.nodes).toEqual([{ code: 'PL-2026-0002', employer: { bin: BIN.STEEL_PLANT } }]);
    const byIneu = await api.gql(keys.INEU, query, { id: daniyar });
    expect(
      ofType(byIneu.data!.node, 'Person')
        .placements.nodes.map((n: { code: string }) => n.code)
        .sort(),
    ).toEqual(['PL-2026-0002', 'PL-2027-0003']);
    // Through the workplace: the steel plant cannot open the welding centre's workplace at all.
    const ewrcWorkplace = await api.gql(
      keys.EWRC,
      graphql(`
        {
          workplaces(first: 10) {
            nodes {
              id
            }
          }
        }
      `),
    );
    const cell = ewrcWorkplace.data!.workplaces.nodes[0].id;
    expect(
      (
        await api.gql(
          keys.STEEL,
          graphql(`
            query ($id: ID!) {
              node(id: $id) {
                id
              }
            }
          `),
          { id: cell },
        )
      ).data!.node,
    ).toBeNull();
  });

  test('an employer sees the students placed with it, and no other students', async () => {
    const nursultan = await personId('nursultan.kassymov@students.phtc.kz'); // college student placed with the steel plant
    const aruzhan = await personId('aruzhan.saparova@students.ineu.kz'); // placed with the steel plant
    const yerlan = await personId('yerlan.tulegenov@students.wkatu.kz'); // placed with the oil-and-gas plant
    const q = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on Person {
            fullName
          }
        }
      }
    `);
    expect((await api.gql(keys.STEEL, q, { id: nursultan })).data!.node).toEqual({ fullName: 'Nursultan Kassymov' });
    expect((await api.gql(keys.STEEL, q, { id: aruzhan })).data!.node).toEqual({ fullName: 'Aruzhan Saparova' });
    expect((await api.gql(keys.STEEL, q, { id: yerlan })).data!.node).toBeNull();
    expect((await api.gql(keys.OGE, q, { id: aruzhan })).data!.node).toBeNull();
  });

  test('an HEI sees the mentor of its placement; nested fields answer for what the caller may see', async () => {
    const res = await api.gql(
      keys.INEU,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            ... on Placement {
              student {
                fullName
              }
              mentor {
                fullName
              }
              curator {
                fullName
              }
              employer {
                bin
              }
              workplace {
                code
                hazardCategories {
                  code
                }
              }
              agreement {
                number
                status
                signatures {
                  party
                }
              }
            }
          }
        }
      `),
      { id: await placementId('PL-2027-0003') },
    );
    expect(res.data!.node).toEqual({
      student: { fullName: 'Daniyar Omarov' },
      mentor: { fullName: 'Yulia Smirnova' },
      curator: { fullName: 'Gulnara Akhmetova' },
      employer: { bin: BIN.WELDING_CENTRE },
      workplace: { code: 'EWRC-ROBOT-CELL-1', hazardCategories: [{ code: 'ELECTRICAL_UP_TO_1KV' }, { code: 'HOT_WORK' }, { code: 'ROBOT_CELL' }] },
      agreement: { number: 'INEU-EWRC-2025/02', status: 'ACTIVE', signatures: [{ party: 'EMPLOYER' }, { party: 'HEI' }] },
    });
  });
});

describe('audit entries outside a history field', () => {
  test('read directly, they are scoped to the parties of their object', async () => {
    const placement = await api.system().em.findOneOrFail(Placement, { code: 'PL-2027-0003' });
    const asCaller = async (bin: string) => {
      const key = await api.system().em.findOneOrFail(ApiKey, { organization: { bin } }, { populate: ['organization'] });
      const org = key.organization;
      const ctx = createContext({
        orm: api.orm,
        log: createLogger('silent'),
        visibility: api.hub.app.visibility,
        caller: { keyId: key.id, organizationId: org.id, organizationKind: org.kind, region: org.region, role: key.role },
      });
      return ctx.em.count(AuditEntry, { objectId: placement.id });
    };
    expect(await asCaller(BIN.WELDING_CENTRE)).toBe(1);
    expect(await asCaller(BIN.INEU)).toBe(1);
    expect(await asCaller(BIN.COORDINATOR)).toBe(1);
    expect(await asCaller(BIN.STEEL_PLANT)).toBe(0);
    expect(await asCaller(BIN.OIL_GAS_PLANT)).toBe(0);
  });
});
