import { Placement } from '../../src/placements';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { graphql } from '../support/graphql';

/**
 * Regional oversight is complete for the records of the region's HEIs: a placement (and its
 * agreement) between a Pavlodar HEI and an employer of another region is seen by the Pavlodar
 * coordinator and authority on every road — the connection with and without a filter, `node(id:)`
 * — and only the nested objects the caller may not see come back null (issue 12 item 13,
 * issue 13: scope predicates rendered as inner joins of the parties dropped these rows).
 */
let api: TestApi;
let given: Factories;
const keys: Record<string, string> = {};
let placementGid: string;
let agreementGid: string;
let employerGid: string;
let placementCode: string;

beforeAll(async () => {
  api = await startTestApi();
  given = new Factories(api);
  for (const [name, bin] of Object.entries({ COORDINATOR: BIN.COORDINATOR, AUTHORITY: BIN.AUTHORITY, WKATU: BIN.WKATU })) {
    keys[name] = await api.keyFor(bin, 'READER');
  }
  // INEU (Pavlodar) places a student at the oil-and-gas plant (West Kazakhstan).
  const placement = await given.givenPlacement({ heiBin: BIN.INEU, employerBin: BIN.OIL_GAS_PLANT });
  const row = await api.system().em.findOneOrFail(Placement, { id: placement.id });
  placementGid = gid('Placement', row);
  agreementGid = gid('Agreement', row.agreement.id);
  employerGid = gid('Organization', row.employer.id);
  placementCode = row.code;
});
afterAll(() => api.close());

const PLACEMENTS = graphql(`
  query ($employerId: ID) {
    placements(first: 100, filter: { employerId: $employerId }) {
      totalCount
      nodes {
        id
        code
        hei {
          bin
        }
        employer {
          bin
        }
        student {
          fullName
        }
        mentor {
          fullName
        }
        workplace {
          code
        }
        agreement {
          id
          number
        }
      }
    }
  }
`);

const NODE = graphql(`
  query ($id: ID!) {
    node(id: $id) {
      id
      ... on Placement {
        code
        hei {
          bin
        }
        employer {
          bin
        }
        workplace {
          code
        }
        agreement {
          id
        }
      }
      ... on Agreement {
        number
        hei {
          bin
        }
        employer {
          bin
        }
      }
    }
  }
`);

const AGREEMENTS = graphql(`
  query ($employerId: ID) {
    agreements(first: 100, filter: { employerId: $employerId }) {
      totalCount
      nodes {
        id
        hei {
          bin
        }
        employer {
          bin
        }
      }
    }
  }
`);

describe.each(['COORDINATOR', 'AUTHORITY'])('the Pavlodar %s oversees a placement of a Pavlodar HEI at an employer of another region', (who) => {
  test('through the placements connection filtered by that employer, with invisible nested objects null', async () => {
    const res = await api.gql(keys[who], PLACEMENTS, { employerId: employerGid });
    expect(res.errors).toBeUndefined();
    expect(res.data!.placements.totalCount).toBe(1);
    const [node] = res.data!.placements.nodes;
    expect(node).toMatchObject({ id: placementGid, code: placementCode, hei: { bin: BIN.INEU }, agreement: { id: agreementGid } });
    expect(node.student).not.toBeNull(); // a student of a Pavlodar HEI
    // The employer, its workplace and its mentor belong to West Kazakhstan: out of this caller's scope.
    expect(node.employer).toBeNull();
    expect(node.workplace).toBeNull();
    expect(node.mentor).toBeNull();
  });

  test('through the unfiltered placements connection', async () => {
    const res = await api.gql(keys[who], PLACEMENTS, {});
    expect(res.errors).toBeUndefined();
    expect(res.data!.placements.nodes.map((n: { id: string }) => n.id)).toContain(placementGid);
  });

  test('through node(id:), for the placement and its agreement', async () => {
    const placement = await api.gql(keys[who], NODE, { id: placementGid });
    expect(placement.errors).toBeUndefined();
    expect(placement.data!.node).toEqual({
      id: placementGid,
      code: placementCode,
      hei: { bin: BIN.INEU },
      employer: null,
      workplace: null,
      agreement: { id: agreementGid },
    });
    const agreement = await api.gql(keys[who], NODE, { id: agreementGid });
    expect(agreement.errors).toBeUndefined();
    expect(agreement.data!.node).toMatchObject({ id: agreementGid, hei: { bin: BIN.INEU }, employer: null });
  });

  test('through the agreements connection filtered by that employer', async () => {
    const res = await api.gql(keys[who], AGREEMENTS, { employerId: employerGid });
    expect(res.errors).toBeUndefined();
    expect(res.data!.agreements.nodes).toEqual([{ id: agreementGid, hei: { bin: BIN.INEU }, employer: null }]);
    expect(res.data!.agreements.totalCount).toBe(1);
  });
});

describe('the same rows stay out of reach of other organisations', () => {
  test('an HEI of another region sees neither the placement nor the agreement', async () => {
    const placements = await api.gql(keys.WKATU, PLACEMENTS, { employerId: employerGid });
    expect(placements.data!.placements.nodes.map((n: { id: string }) => n.id)).not.toContain(placementGid);
    expect((await api.gql(keys.WKATU, NODE, { id: placementGid })).data!.node).toBeNull();
    expect((await api.gql(keys.WKATU, NODE, { id: agreementGid })).data!.node).toBeNull();
  });
});
