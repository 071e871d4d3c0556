import { seedFixtures } from '../../src/fixtures/seed';
import { createLogger } from '../../src/logger';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

async function rowCounts(): Promise<Record<string, number>> {
  const rows = await api.orm.em.getConnection().execute<{ table_name: string; n: string }[]>(
    `select table_name, (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I', table_name), false, true, '')))[1]::text as n
       from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations'`,
  );
  return Object.fromEntries(rows.map((r) => [r.table_name, Number(r.n)]));
}

test('seeding twice changes nothing and issues the demo key only once', async () => {
  // startTestApi seeded once already.
  const before = await rowCounts();
  expect(before.organization).toBeGreaterThanOrEqual(12);
  const again = await seedFixtures(api.orm, createLogger('silent'));
  expect(again.demoCoordinatorKey).toBeUndefined();
  expect(await rowCounts()).toEqual(before);
});
