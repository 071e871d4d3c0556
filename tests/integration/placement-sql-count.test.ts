import { Placement } from '../../src/placements';
import { graphql } from '../support/graphql';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { givenManyPlacements } from '../support/factories';

let api: TestApi;
beforeAll(async () => {
  // This file is about the compiled read path, whatever READ_PATH the suite runs with.
  api = await startTestApi({ env: { READ_PATH: 'compiled' } });
  await givenManyPlacements(api, 55);
});
afterAll(() => api.close());

const NODE = graphql(`
  fragment PlacementNodeFields on Placement {
    code
    status
    startDate
    clearanceExpiresAt
    student {
      fullName
      memberships {
        role
      }
    }
    hei {
      name {
        en
      }
    }
    employer {
      name {
        en
      }
    }
    workplace {
      code
      hazardCategories {
        code
      }
    }
    mentor {
      fullName
    }
    curator {
      fullName
    }
    agreement {
      number
      status
      signatures {
        party
        signedAt
      }
    }
  }
`);

const PAGE = graphql(
  `
    query ($first: Int!) {
      placements(first: $first) {
        totalCount
        nodes {
          ...PlacementNodeFields
        }
      }
    }
  `,
  [NODE],
);
const PAGE_WITHOUT_COUNT = graphql(
  `
    query ($first: Int!) {
      placements(first: $first) {
        nodes {
          ...PlacementNodeFields
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [NODE],
);
/** Two levels deeper: organisations of memberships, signatures' signers and organisations, a workplace's employer. */
const DEEPER = graphql(
  `
    query ($first: Int!) {
      placements(first: $first) {
        totalCount
        edges {
          cursor
          node {
            ...PlacementNodeFields
            student {
              memberships {
                role
                organization {
                  bin
                  name {
                    kk
                    ru
                    en
                  }
                }
              }
            }
            workplace {
              employer {
                bin
              }
              hazardCategories {
                name {
                  en
                }
              }
            }
            agreement {
              hei {
                bin
              }
              employer {
                bin
              }
              signatures {
                organization {
                  bin
                }
                person {
                  fullName
                }
              }
            }
          }
        }
      }
    }
  `,
  [NODE],
);
/** Directives are not compiled: the page falls back to the ORM path. */
const WITH_DIRECTIVE = graphql(
  `
    query ($first: Int!) {
      placements(first: $first) {
        nodes {
          status @include(if: true)
          ...PlacementNodeFields
        }
      }
    }
  `,
  [NODE],
);

/** Statements the server ran for one request, leaving out the API key's authentication. */
/** A page of placements, with or without edges (the documents above). */
type PlacementPage = typeof PAGE | typeof PAGE_WITHOUT_COUNT | typeof DEEPER | typeof WITH_DIRECTIVE;
async function statementsFor(key: string, query: PlacementPage, first: number): Promise<{ count: number; nodes: unknown[] }> {
  api.resetQueries();
  const res = await api.gql(key, query, { first });
  expect(res.errors).toBeUndefined();
  const page = res.data!.placements;
  return { count: api.queries.filter((sql) => !/\bapi_key\b/.test(sql)).length, nodes: 'nodes' in page ? page.nodes : page.edges.map((e) => e.node) };
}

describe('SQL statements of a placements page', () => {
  let ineu: string;
  beforeAll(async () => {
    ineu = await api.keyFor(BIN.INEU, 'READER');
    expect(await api.system().em.count(Placement, { hei: { bin: BIN.INEU } })).toBeGreaterThanOrEqual(50);
    await statementsFor(ineu, PAGE, 1); // warm-up: the key's first use also records lastUsedAt
  });

  test('a page with nested to-one relations and lists is one statement, plus one count only when totalCount is asked, whatever the page size', async () => {
    const five = await statementsFor(ineu, PAGE, 5);
    const fifty = await statementsFor(ineu, PAGE, 50);
    expect(five.nodes).toHaveLength(5);
    expect(fifty.nodes).toHaveLength(50);
    for (const node of fifty.nodes as {
      student: unknown;
      mentor: unknown;
      workplace: { hazardCategories: unknown[] };
      agreement: { signatures: unknown[] };
    }[]) {
      expect(node.student).not.toBeNull();
      expect(node.mentor).not.toBeNull();
      expect(node.workplace.hazardCategories.length).toBeGreaterThan(0);
      expect(node.agreement.signatures.length).toBeGreaterThan(0);
    }
    expect(five.count).toBe(2);
    expect(fifty.count).toBe(2);
    expect((await statementsFor(ineu, PAGE_WITHOUT_COUNT, 50)).count).toBe(1);
  });

  test('nesting two levels deeper adds no statement', async () => {
    const deeper = await statementsFor(ineu, DEEPER, 50);
    expect(deeper.nodes).toHaveLength(50);
    expect(deeper.count).toBe(2);
  });

  test('a selection the compiler does not know falls back to the ORM path, still batched', async () => {
    const five = await statementsFor(ineu, WITH_DIRECTIVE, 5);
    const fifty = await statementsFor(ineu, WITH_DIRECTIVE, 50);
    expect(fifty.nodes).toHaveLength(50);
    expect(five.count).toBeGreaterThan(2); // the ORM path really ran
    expect(fifty.count).toBe(five.count);
  });
});
