import { BIN, startTestApi, type TestApi } from '../support/api';
import { graphql } from '../support/graphql';

let api: TestApi;
let key: string;
beforeAll(async () => {
  api = await startTestApi();
  key = await api.keyFor(BIN.INEU, 'READER');
});
afterAll(() => api.close());

function post(body: string, headers: Record<string, string> = {}) {
  return fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers }, body });
}

describe('HTTP transport', () => {
  test('GET /healthz answers while the process is up; /readyz when the database answers', async () => {
    const base = api.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  test('a malformed JSON body is HTTP 400', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  test('a body over 1 MB is HTTP 413', async () => {
    const res = await post(JSON.stringify({ query: `{ viewer { role } } # ${'x'.repeat(1024 * 1024)}` }));
    expect(res.status).toBe(413);
  });

  test('an unknown field is a validation error that names it', async () => {
    const res = await api.rawGql(
      key,
      `
        {
          viewer {
            role
            favouriteColour
          }
        }
      `,
    );
    expect(res.errors?.[0].message).toMatch(/favouriteColour/);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('a value of the wrong type is an error naming the argument', async () => {
    const res = await api.rawGql(
      key,
      `
        {
          organizations(first: "ten") {
            totalCount
          }
        }
      `,
    );
    expect(res.errors?.[0].message).toMatch(/first|Int/);
  });

  test('a query deeper than the limit is refused', async () => {
    const deep = graphql(`
      {
        viewer {
          organization {
            id
          }
        }
        people(first: 1) {
          nodes {
            memberships {
              organization {
                name {
                  en
                }
              }
            }
          }
        }
      }
    `);
    expect((await api.gql(key, deep)).errors).toBeUndefined();
    let nested = 'id';
    for (let i = 0; i < 15; i++) nested = `edges { node { ${nested} } }`;
    const res = await api.rawGql(key, `{ organizations(first: 1) { ${nested} } }`);
    expect(res.data).toBeFalsy();
    expect(JSON.stringify(res.errors)).toMatch(/depth/i);
  });

  test('a request a browser could send cross-site without a preflight must carry a preflight header, whatever the credentials (CSRF)', async () => {
    const query = encodeURIComponent('{ __typename }');
    const bearer = { authorization: `Bearer ${key}` };
    const refused = async (res: Response) => {
      expect(res.status).toBe(400);
      const { errors } = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(errors).toEqual([{ message: expect.stringMatching(/Cross-Site Request Forgery/), extensions: { code: 'BAD_REQUEST' } }]);
    };
    // GET has no content type; text/plain, form and multipart bodies are "simple" requests.
    await refused(await fetch(`${api.url}?query=${query}`, { headers: bearer }));
    await refused(await fetch(api.url, { method: 'POST', headers: { ...bearer, 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' }));
    await refused(
      await fetch(api.url, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: `query=${query}`,
      }),
    );
    await refused(await fetch(api.url, { method: 'POST', headers: { ...bearer, 'content-type': 'Multipart/Form-Data; boundary=x' }, body: '--x--' }));
    // A non-empty preflight header proves the page was allowed to send it (or that no browser sent it).
    for (const header of ['x-dualhub-csrf', 'apollo-require-preflight', 'x-apollo-operation-name']) {
      const res = await fetch(`${api.url}?query=${query}`, { headers: { ...bearer, [header]: '1' } });
      expect([header, res.status, await res.json()]).toEqual([header, 200, { data: { __typename: 'Query' } }]);
    }
    await refused(await fetch(`${api.url}?query=${query}`, { headers: { ...bearer, 'apollo-require-preflight': '' } }));
    // JSON needs no header: a cross-site page cannot send it without a preflight.
    expect(await (await post('{"query":"{ __typename }"}')).json()).toEqual({ data: { __typename: 'Query' } });
  });

  test('every response carries a request id; a given one is echoed', async () => {
    const res = await post(JSON.stringify({ query: '{ viewer { role } }' }), { 'x-request-id': 'partner-trace-42' });
    expect(res.headers.get('x-request-id')).toBe('partner-trace-42');
  });

  test('Accept-Language chooses the language of user-error messages', async () => {
    const admin = await api.keyFor(BIN.INEU);
    const res = await api.gql(
      admin,
      graphql(`
        mutation {
          issueApiKey(input: { organizationId: "T3JnYW5pemF0aW9uOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA", role: READER, label: "x" }) {
            userErrors {
              code
              message
              localizedMessage {
                en
              }
            }
          }
        }
      `),
      undefined,
      { 'accept-language': 'ru-RU,ru;q=0.9' },
    );
    const error = res.data!.issueApiKey.userErrors[0];
    expect(error.code).toBe('ORGANIZATION_NOT_FOUND');
    expect(error.message).toBe('Организация не найдена.');
    expect(error.localizedMessage.en).toBe('Organisation not found.');
  });
});
