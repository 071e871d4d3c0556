import { ConfigError, demoAccountsOn, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { seedFixtures } from '../../src/seed/seed';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { DEMO_PASSWORD, people } from '../support/people';
import { graphql } from '../support/graphql';

let api: TestApi;
let p: ReturnType<typeof people>;
beforeAll(async () => {
  api = await startTestApi({ env: { DEMO_ACCOUNTS: 'true' } });
  p = people(api);
});
afterAll(() => api.close());

const VIEWER = graphql(`
  {
    viewer {
      role
      apiKeyId
      organization {
        bin
      }
      person {
        email
      }
      activeMembership {
        role
      }
    }
  }
`);
const hashes = async () =>
  (await api.orm.em
    .fork()
    .getConnection()
    .execute('select p.email, a.password_hash from local_account a join person p on p.id = a.person_id order by p.email')) as {
    email: string;
    password_hash: string;
  }[];

test('the demo people of every kind the console needs sign in over HTTP with the documented password and act on /graphql as themselves', async () => {
  const demo = api.hub.seed.demoAccounts!;
  expect(demo.length).toBeGreaterThanOrEqual(20);
  const cases = [
    { email: 'sergey.petrov@ineu.kz', bin: BIN.INEU, membership: 'LAB_INSTRUCTOR', role: 'WRITER' },
    { email: 'aruzhan.saparova@students.ineu.kz', bin: BIN.INEU, membership: 'STUDENT', role: 'READER' },
    { email: 'olga.kim@pmz.kz', bin: BIN.STEEL_PLANT, membership: 'SAFETY_OFFICER', role: 'WRITER' },
    { email: 'marat.zhunusov@pmz.kz', bin: BIN.STEEL_PLANT, membership: 'MENTOR', role: 'WRITER' },
    { email: 'zhanna.alieva@dualcouncil.kz', bin: BIN.COORDINATOR, membership: 'STAFF', role: 'ADMIN' },
    { email: 'saule.temirbekova@council.kz', bin: BIN.COUNCIL, membership: 'STAFF', role: 'ADMIN' },
  ];
  for (const c of cases) {
    expect(demo.find((a) => a.email === c.email)?.memberships).toEqual([expect.objectContaining({ bin: c.bin, role: c.membership })]);
    const cookie = await p.demoSession(c.email);
    const viewer = await p.gqlAs(cookie, VIEWER);
    expect(viewer.errors).toBeUndefined();
    expect(viewer.data!.viewer).toEqual({
      role: c.role,
      apiKeyId: null,
      organization: { bin: c.bin },
      person: { email: c.email },
      activeMembership: { role: c.membership },
    });
  }
  // The fixture lab's stations belong to INEU, the instructor's organisation.
  const instructor = await p.demoSession('sergey.petrov@ineu.kz');
  const stations = await p.gqlAs(
    instructor,
    graphql(`
      {
        stations(first: 10) {
          nodes {
            code
          }
        }
      }
    `),
  );
  expect(stations.data!.stations.nodes.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(['INEU-PLC-01', 'INEU-ROBOT-01']));
  // A wrong password is still the generic failure.
  expect((await p.signIn('olga.kim@pmz.kz', 'not the demo passphrase')).body.errors[0].extensions.code).toBe('SIGN_IN_FAILED');
});

test('seeding again writes no account and keeps a password the person changed since', async () => {
  await api.orm.em.fork().getConnection().execute(`delete from local_account where person_id = (select id from person where email = 'olga.kim@pmz.kz')`);
  const changed = await p.sessionAs(BIN.STEEL_PLANT, 'SAFETY_OFFICER', { email: 'olga.kim@pmz.kz', password: 'olga changed her passphrase' });
  const before = await hashes();
  const again = await seedFixtures(api.hub.app, api.orm, createLogger('silent'), { demoPassword: DEMO_PASSWORD });
  expect(again.demoAccounts!.length).toBe(api.hub.seed.demoAccounts!.length);
  expect(await hashes()).toEqual(before);
  expect((await p.signIn('olga.kim@pmz.kz', DEMO_PASSWORD)).status).toBe(401);
  expect((await p.signIn('olga.kim@pmz.kz', changed.password)).status).toBe(200);
});

test('demo accounts are on by default in development only, and refused in production', () => {
  expect(demoAccountsOn(loadConfig({ NODE_ENV: 'development' }))).toBe(true);
  expect(demoAccountsOn(loadConfig({ NODE_ENV: 'test' }))).toBe(false);
  expect(demoAccountsOn(loadConfig({ NODE_ENV: 'production' }))).toBe(false);
  expect(demoAccountsOn(loadConfig({ NODE_ENV: 'development', DEMO_ACCOUNTS: 'false' }))).toBe(false);
  expect(() => loadConfig({ NODE_ENV: 'production', DEMO_ACCOUNTS: 'true' })).toThrow(ConfigError);
  expect(() => loadConfig({ DEMO_PASSWORD: 'short' })).toThrow(/DEMO_PASSWORD/);
  expect(loadConfig({}).DEMO_PASSWORD).toBe(DEMO_PASSWORD);
});
