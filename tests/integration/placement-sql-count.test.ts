import { Placement } from '../../src/placements';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { givenManyPlacements } from '../support/factories';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await givenManyPlacements(api, 55);
});
afterAll(() => api.close());

const PAGE = `query($first: Int!) {
  placements(first: $first) {
    totalCount
    nodes {
      code status
      student { fullName memberships { role } }
      hei { name { en } }
      employer { name { en } }
      workplace { code hazardCategories { code } }
      mentor { fullName }
      curator { fullName }
      agreement { number status signatures { party signedAt } }
    }
  }
}`;

/** Statements the server ran for one request. */
async function statementsFor(key: string, first: number): Promise<{ count: number; nodes: unknown[] }> {
  api.resetQueries();
  const res = await api.gql(key, PAGE, { first });
  expect(res.errors).toBeUndefined();
  return { count: api.queries.length, nodes: res.data!.placements.nodes };
}

describe('SQL statements of a placements page', () => {
  test('a page of 50 with nested student, employer, workplace, mentor and agreement costs as many statements as a page of 5', async () => {
    const ineu = await api.keyFor(BIN.INEU, 'READER');
    expect(await api.system().em.count(Placement, { hei: { bin: BIN.INEU } })).toBeGreaterThanOrEqual(50);
    await statementsFor(ineu, 1); // warm-up: the key's first use also records lastUsedAt
    const five = await statementsFor(ineu, 5);
    const fifty = await statementsFor(ineu, 50);
    expect(five.nodes).toHaveLength(5);
    expect(fifty.nodes).toHaveLength(50);
    for (const node of fifty.nodes as { student: unknown; mentor: unknown; workplace: { hazardCategories: unknown[] }; agreement: { signatures: unknown[] } }[]) {
      expect(node.student).not.toBeNull();
      expect(node.mentor).not.toBeNull();
      expect(node.workplace.hazardCategories.length).toBeGreaterThan(0);
      expect(node.agreement.signatures.length).toBeGreaterThan(0);
    }
    console.log(`placements(first: 5): ${five.count} statements; placements(first: 50): ${fifty.count} statements`);
    expect(five.count).toBeGreaterThan(5); // the statements were really counted
    expect(fifty.count).toBe(five.count);
  });
});
