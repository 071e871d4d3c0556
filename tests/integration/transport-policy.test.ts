import { BIN, startTestApi, type TestApi } from '../support/api';
import { gid } from '../support/factories';
import { everyTransport } from '../support/transports';
import { graphql, type VariablesOf } from '../support/graphql';

// The API as it runs in production: introspection and suggestions off.
let api: TestApi;
let key: string;
let ineuId: string;
const transports = everyTransport(() => api);
beforeAll(async () => {
  api = await startTestApi({ env: { NODE_ENV: 'production' } });
  key = await api.keyFor(BIN.INEU, 'READER');
  ineuId = gid('Organization', await api.orgId(BIN.INEU));
});
afterAll(async () => {
  await transports.dispose();
  await api.close();
});

const CREATE_AGREEMENT = graphql(`
  mutation ($input: CreateAgreementInput!) {
    createAgreement(input: $input) {
      userErrors {
        code
      }
    }
  }
`);
const codes = (result: { errors?: { extensions?: Record<string, any> }[] }) => result.errors?.map((e) => e.extensions?.code);

describe.each(transports)('one validation and error policy over $name', (transport) => {
  test('a query deeper than the limit is refused', async () => {
    let nested = 'id';
    for (let i = 0; i < 15; i++) nested = `edges { node { ${nested} } }`;
    const result = await transport.runRaw(key, `{ organizations(first: 1) { ${nested} } }`);
    expect(result.data ?? null).toBeNull();
    expect(JSON.stringify(result.errors)).toMatch(/depth limit/i);
    expect(codes(result)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  test('more than 30 aliases are refused', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: viewer { role }`).join(' ');
    const result = await transport.runRaw(key, `{ ${aliases} }`);
    expect(JSON.stringify(result.errors)).toMatch(/aliases/i);
  });

  test('a document over the token limit is a parse failure', async () => {
    const fields = Array.from({ length: 5100 }, () => 'role').join(' ');
    const result = await transport.runRaw(key, `{ viewer { ${fields} } }`);
    expect(codes(result)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(result.errors![0].message).toMatch(/tokens/);
  });

  test('introspection is off in production', async () => {
    const result = await transport.run(
      key,
      graphql(`
        {
          __schema {
            types {
              name
            }
          }
        }
      `),
    );
    expect(result.data ?? null).toBeNull();
    expect(codes(result)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  test('field suggestions are not given in production', async () => {
    const result = await transport.runRaw(key, `{ viewer { rol } }`);
    expect(result.errors![0].message).toMatch(/rol/);
    expect(result.errors![0].message).not.toMatch(/Did you mean/);
  });

  test('an internal fault is masked: no SQL, no table names', async () => {
    await api.orm.em.getConnection().execute('alter table hazard_category rename to hazard_category_away');
    try {
      const result = await transport.run(
        key,
        graphql(`
          {
            hazardCategories(first: 1) {
              nodes {
                code
              }
            }
          }
        `),
      );
      expect(codes(result)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(result)).not.toMatch(/hazard_category|select|relation/i);
    } finally {
      await api.orm.em.getConnection().execute('alter table hazard_category_away rename to hazard_category');
    }
  });

  test('nodes(ids:) takes at most 100 ids, named in the error', async () => {
    const ids = Array.from({ length: 101 }, () => ineuId);
    const result = await transport.run(
      key,
      graphql(`
        query ($ids: [ID!]!) {
          nodes(ids: $ids) {
            id
          }
        }
      `),
      { ids },
    );
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toMatch(/^ids: at most 100/);
    const literal = await transport.runRaw(key, `{ nodes(ids: [${ids.map((id) => `"${id}"`).join(',')}]) { id } }`);
    expect(codes(literal)).toEqual(['BAD_USER_INPUT']);
    const ok = await transport.run(
      key,
      graphql(`
        query ($ids: [ID!]!) {
          nodes(ids: $ids) {
            id
          }
        }
      `),
      { ids: ids.slice(0, 100) },
    );
    expect(ok.data!.nodes).toHaveLength(100);
  });

  test('list sizes count in the cost: 30 aliases of 100 ids with a wide selection are refused', async () => {
    const ids = Array.from({ length: 100 }, () => ineuId);
    const wide = '... on Organization { id name { en kk ru } bin kind region }';
    const aliases = Array.from({ length: 30 }, (_, i) => `n${i}: nodes(ids: $ids) { ${wide} }`).join(' ');
    const result = await transport.runRaw(key, `query($ids: [ID!]!) { ${aliases} }`, { ids });
    expect(result.data ?? null).toBeNull();
    expect(JSON.stringify(result.errors)).toMatch(/cost/i);
  });

  test('a NUL character in any text input is BAD_USER_INPUT naming the field', async () => {
    const result = await transport.run(
      key,
      graphql(`
        query ($after: String) {
          organizations(first: 1, after: $after) {
            totalCount
          }
        }
      `),
      { after: 'a\u0000b' },
    );
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toMatch(/^after: must not contain NUL/);
  });

  test('an impossible calendar date is BAD_USER_INPUT naming the field', async () => {
    const input: VariablesOf<typeof CREATE_AGREEMENT>['input'] = {
      employerId: ineuId,
      heiId: ineuId,
      kind: 'NETWORK_INTERACTION',
      number: 'X-1',
      remunerationAmount: 1,
      validFrom: '2026-02-30',
      validTo: '2026-12-31',
    };
    const result = await transport.run(key, CREATE_AGREEMENT, { input });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toMatch(/^input\.validFrom: "2026-02-30" is not a calendar date/);
  });

  test('within: 2147483647 is BAD_USER_INPUT naming the argument', async () => {
    const result = await transport.run(
      key,
      graphql(`
        {
          expiringClearances(within: 2147483647, first: 1) {
            totalCount
          }
        }
      `),
    );
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toMatch(/^within:/);
  });

  test('an object inside a cursor is BAD_USER_INPUT naming the argument', async () => {
    // A real cursor of the list with its last sort value (the id) replaced by an operator object.
    const page = await transport.run(
      key,
      graphql(`
        {
          organizations(first: 1) {
            pageInfo {
              endCursor
            }
          }
        }
      `),
    );
    const values = JSON.parse(Buffer.from(page.data!.organizations.pageInfo.endCursor!, 'base64url').toString('utf8')) as unknown[];
    const cursor = Buffer.from(JSON.stringify([...values.slice(0, -1), { $gt: 1 }])).toString('base64url');
    const result = await transport.runRaw(key, `{ organizations(first: 1, after: "${cursor}") { totalCount } }`);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toMatch(/^after: not a valid cursor/);
  });

  test('a global id with trailing bytes is not an id', async () => {
    const found = await transport.run(
      key,
      graphql(`
        query ($id: ID!) {
          node(id: $id) {
            id
          }
        }
      `),
      { id: ineuId },
    );
    expect(found.data!.node?.id).toBe(ineuId);
    for (const variant of [`${ineuId}=`, `${ineuId}.`, `${ineuId}AA`]) {
      const result = await transport.run(
        key,
        graphql(`
          query ($id: ID!) {
            node(id: $id) {
              id
            }
          }
        `),
        { id: variant },
      );
      expect(result.data!.node).toBeNull();
    }
  });
});

describe('HTTP answers', () => {
  const base = () => api.url.replace(/\/graphql$/, '');

  test('malformed JSON to /credentials/verify is a JSON 400 without a stack or install path', async () => {
    const res = await fetch(`${base()}/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"credential": ' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(text).not.toMatch(/node_modules|at |\/work|<html/i);
  });

  test('an unsupported content encoding on /graphql is a JSON 415', async () => {
    const res = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'x-unknown', authorization: `Bearer ${key}` },
      body: '{}',
    });
    expect(res.status).toBe(415);
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(text).not.toMatch(/node_modules|at |\/work|<html/i);
  });

  test('an unknown route is a JSON 404', async () => {
    const res = await fetch(`${base()}/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  const post = (query: string, accept: string) =>
    fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });

  test.each([
    ['a syntax error', '{ viewer { role } '],
    ['a bad \\ud800 escape', '{ organizations(first: 1, after: "\\ud800") { totalCount } }'],
    ['the token limit', `{ viewer { ${Array.from({ length: 5100 }, () => 'role').join(' ')} } }`],
  ])('%s is 400 GRAPHQL_PARSE_FAILED for application/graphql-response+json, 200 for application/json', async (_name, query) => {
    const modern = await post(query, 'application/graphql-response+json');
    expect(modern.status).toBe(400);
    expect(((await modern.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const legacy = await post(query, 'application/json');
    expect(legacy.status).toBe(200);
    expect(((await legacy.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});
