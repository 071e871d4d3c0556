import { serverAudits } from 'graphql-http';
import { BIN, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let key: string;
beforeAll(async () => {
  api = await startTestApi();
  key = await api.keyFor(BIN.INEU, 'READER');
});
afterAll(() => api.close());

test('the API passes every audit of the GraphQL-over-HTTP specification, MUST and SHOULD (graphql-http)', async () => {
  const audits = serverAudits({
    url: () => api.url,
    fetchFn: (input: string | URL | Request, init?: RequestInit) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${key}` } }),
  });
  expect(audits.length).toBeGreaterThan(40);
  const failures: string[] = [];
  const optional: string[] = [];
  for (const audit of audits) {
    const result = await audit.fn();
    if (result.status === 'ok') continue;
    (audit.name.startsWith('MAY') ? optional : failures).push(`${audit.name}: ${result.reason}`);
  }
  // Every MUST and every SHOULD holds.
  expect(failures).toEqual([]);
  // The MAY audits that fail are GET requests, which the CSRF rule (provesNoCrossSiteForm) refuses without a
  // preflight header (partners use POST); a new kind of MAY failure shows up here.
  expect(optional.filter((failure) => !/GET/.test(failure))).toEqual([]);
});
