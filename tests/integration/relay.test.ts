import { BIN, startTestApi, type TestApi } from '../support/api';
import { graphql } from '../support/graphql';

let api: TestApi;
let key: string;
beforeAll(async () => {
  api = await startTestApi();
  key = await api.keyFor(BIN.COORDINATOR, 'READER');
});
afterAll(() => api.close());

const PAGE = graphql(`
  query ($first: Int, $after: String, $last: Int, $before: String) {
    organizations(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges {
        cursor
        node {
          bin
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

async function page(vars: Record<string, unknown>) {
  const res = await api.gql(key, PAGE, vars);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.organizations;
}

describe('Relay cursor connections', () => {
  test('walking forward page by page visits every item once, in order', async () => {
    const all = await page({ first: 100 });
    const seen: string[] = [];
    let after: string | null = null;
    let hasNextPage = true;
    while (hasNextPage) {
      const p: any = await page({ first: 3, after });
      seen.push(...p.edges.map((e: any) => e.node.bin));
      expect(p.totalCount).toBe(all.totalCount);
      ({ hasNextPage } = p.pageInfo);
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e: any) => e.node.bin));
  });

  test('walking backward from the end gives the same items', async () => {
    const all = await page({ first: 100 });
    const last3 = await page({ last: 3 });
    expect(last3.edges.map((e: any) => e.node.bin)).toEqual(all.edges.slice(-3).map((e: any) => e.node.bin));
    expect(last3.pageInfo.hasPreviousPage).toBe(true);
    const before = await page({ last: 2, before: last3.pageInfo.startCursor });
    expect(before.edges.map((e: any) => e.node.bin)).toEqual(all.edges.slice(-5, -3).map((e: any) => e.node.bin));
  });

  test('first: 0 returns no edges but the total count', async () => {
    const p = await page({ first: 0 });
    expect(p.edges).toEqual([]);
    expect(p.totalCount).toBeGreaterThan(0);
  });

  test('the last page says there is no next page; after the last cursor is empty', async () => {
    const all = await page({ first: 100 });
    expect(all.pageInfo.hasNextPage).toBe(false);
    const after = await page({ first: 5, after: all.pageInfo.endCursor });
    expect(after.edges).toEqual([]);
    expect(after.pageInfo.hasNextPage).toBe(false);
  });

  test('a page larger than 100 is refused with a validation error naming the argument', async () => {
    const res = await api.gql(key, PAGE, { first: 101 });
    expect(res.data).toBeFalsy();
    expect(JSON.stringify(res.errors)).toMatch(/first/);
  });

  test('a garbage cursor is a BAD_USER_INPUT error, not a 500', async () => {
    const res = await api.gql(key, PAGE, { first: 2, after: 'not-a-cursor' });
    expect(res.status).toBe(200);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('first and last together are refused', async () => {
    const res = await api.gql(key, PAGE, { first: 2, last: 2 });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('an invalid global id in node(id:) answers null, never a 500', async () => {
    for (const id of [
      '',
      'garbage',
      Buffer.from('Organization:not-a-uuid').toString('base64url'),
      Buffer.from('Nope:00000000-0000-0000-0000-000000000000').toString('base64url'),
    ]) {
      const res = await api.gql(
        key,
        graphql(`
          query ($id: ID!) {
            node(id: $id) {
              id
            }
          }
        `),
        { id },
      );
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ node: null });
    }
  });
});
