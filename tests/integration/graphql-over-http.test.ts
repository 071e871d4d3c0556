import { serverAudits } from 'graphql-http';
import { BIN, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let key: string;
beforeAll(async () => {
  api = await startTestApi();
  key = await api.keyFor(BIN.INEU, 'READER');
});
afterAll(() => api.close());

test('the API passes every MUST audit of the GraphQL-over-HTTP specification (graphql-http)', async () => {
  const audits = serverAudits({
    url: () => api.url,
    fetchFn: (input: string | URL | Request, init?: RequestInit) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${key}` } }),
  });
  const failures: string[] = [];
  for (const audit of audits.filter((a) => a.name.startsWith('MUST'))) {
    const result = await audit.fn();
    if (result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
  }
  expect(failures).toEqual([]);
});
