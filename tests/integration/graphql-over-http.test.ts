import { serverAudits } from 'graphql-http';
import { BIN, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let key: string;
beforeAll(async () => {
  api = await startTestApi();
  key = await api.keyFor(BIN.INEU, 'READER' as never);
});
afterAll(() => api.close());

test('the API passes every audit of the GraphQL-over-HTTP specification, MUST and SHOULD (graphql-http)', async () => {
  const audits = serverAudits({
    url: () => api.url,
    fetchFn: (input: string | URL | Request, init?: RequestInit) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${key}` } }),
  });
  const failures: string[] = [];
  expect(audits.length).toBeGreaterThan(40);
  for (const audit of audits) {
    const result = await audit.fn();
    // `warn` is how graphql-http reports a failed SHOULD; `error` a failed MUST.
    if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
  }
  expect(failures).toEqual([]);
});
