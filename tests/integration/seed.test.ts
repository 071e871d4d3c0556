import { Agreement, AgreementStatus } from '../../src/agreements';
import { Placement, PlacementStatus } from '../../src/placements';
import { Organization } from '../../src/organizations';
import { Discipline } from '../../src/programs';
import { Workplace } from '../../src/workplaces';
import { seedFixtures } from '../../src/seed/seed';
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
  const again = await seedFixtures(api.hub.app, api.orm, createLogger('silent'));
  expect(again.demoCoordinatorKey).toBeUndefined();
  expect(await rowCounts()).toEqual(before);
});

test('a restart never reverts what partners changed in seeded records (placements, agreements, workplaces, programmes)', async () => {
  const { em } = api.system();
  const placement = await em.findOneOrFail(Placement, { code: 'PL-2027-0003' });
  placement.status = PlacementStatus.CANCELLED;
  const agreement = await em.findOneOrFail(Agreement, { number: 'INEU-PMZ-2025/01' });
  agreement.status = AgreementStatus.TERMINATED;
  const workplace = await em.findOneOrFail(Workplace, { code: 'PMZ-ROLLING-MILL' }, { populate: ['hazardCategories'] });
  workplace.hazardCategories.removeAll();
  const discipline = await em.findOneOrFail(Discipline, { adaptedBy: { $ne: null } }, { filters: false });
  discipline.adaptedBy = undefined;
  await em.flush();

  await seedFixtures(api.hub.app, api.orm, createLogger('silent'));

  const { em: after } = api.system();
  expect((await after.findOneOrFail(Placement, { code: 'PL-2027-0003' })).status).toBe(PlacementStatus.CANCELLED);
  expect((await after.findOneOrFail(Agreement, { number: 'INEU-PMZ-2025/01' })).status).toBe(AgreementStatus.TERMINATED);
  expect(await after.count(Workplace, { code: 'PMZ-ROLLING-MILL', hazardCategories: { $ne: null } })).toBe(0);
  expect((await after.findOneOrFail(Discipline, { id: discipline.id }, { filters: false })).adaptedBy).toBeNull();
});

test("a database seeded with the fixtures' old BINs (wrong check digits) is renumbered in place by migration 20261203091000; seeding again adds nothing", async () => {
  const db = api.orm.em.getConnection();
  const renumbered = { '990140000011': '990140000017', '990240000015': '990240000010', '040640000046': '040640000048' };
  // The state before the migration: three fixture organisations under their old numbers.
  for (const [old, current] of Object.entries(renumbered)) await db.execute(`update organization set bin = ? where bin = ?`, [old, current]);
  await db.execute(`delete from mikro_orm_migrations where name like 'Migration20261203091000%'`);
  const before = await rowCounts();

  const applied = await api.orm.migrator.up();
  expect(applied.map((m) => m.name)).toEqual(['Migration20261203091000']);
  const { em } = api.system();
  const bins = (await em.find(Organization, {}, { filters: false })).map((o) => o.bin);
  for (const [old, current] of Object.entries(renumbered)) {
    expect(bins).toContain(current);
    expect(bins).not.toContain(old);
  }
  await seedFixtures(api.hub.app, api.orm, createLogger('silent'));
  expect(await rowCounts()).toEqual(before);
});
