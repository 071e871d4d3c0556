import { totpCode } from '../../src/identity/totp';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { gid } from '../support/factories';
import { people } from '../support/people';
import { type VariablesOf, graphql } from '../support/graphql';

// An organisation requires a second factor (TOTP) for some roles: who has none enrolled gets a
// session that can only enrol it; enrolling lifts it; later sign-ins need the code.
let api: TestApi;
let p: ReturnType<typeof people>;
beforeAll(async () => {
  api = await startTestApi();
  p = people(api);
});
afterAll(() => api.close());

const SET = graphql(`
  mutation ($input: SetSecondFactorPolicyInput!) {
    setSecondFactorPolicy(input: $input) {
      policy {
        roles
      }
      userErrors {
        code
      }
    }
  }
`);
const set = async (key: string, bin: string, roles: VariablesOf<typeof SET>['input']['roles']) =>
  api.gql(key, SET, { input: { organizationId: gid('Organization', await api.orgId(bin)), roles } });

test('an ADMIN sets the roles that need TOTP for its own organisation only', async () => {
  const admin = await api.keyFor(BIN.STEEL_PLANT);
  const ok = await set(admin, BIN.STEEL_PLANT, ['SAFETY_OFFICER', 'LAB_INSTRUCTOR', 'SAFETY_OFFICER']);
  expect(ok.data!.setSecondFactorPolicy).toEqual({ policy: { roles: ['LAB_INSTRUCTOR', 'SAFETY_OFFICER'] }, userErrors: [] });
  const other = await set(admin, BIN.OIL_GAS_PLANT, ['MENTOR']);
  // Another employer is not even visible to this key.
  expect(other.data!.setSecondFactorPolicy.userErrors).toEqual([{ code: 'ORGANIZATION_NOT_FOUND' }]);
  const stored = (await api.orm.em.fork().getConnection().execute('select count(*)::int as n from second_factor_policy')) as { n: number }[];
  expect(stored[0]!.n).toBe(1);
  const reader = await set(await api.keyFor(BIN.STEEL_PLANT, 'READER'), BIN.STEEL_PLANT, []);
  expect(reader.errors![0].extensions!.code).toBe('FORBIDDEN');
  // A STAFF member's session may set it too.
  const staff = await p.sessionAs(BIN.STEEL_PLANT, 'STAFF');
  expect((await set(staff.cookie, BIN.STEEL_PLANT, ['SAFETY_OFFICER'])).data!.setSecondFactorPolicy.userErrors).toEqual([]);
});

test('a safety officer without TOTP gets an enrolment-only session: no GraphQL until enrolled; then full, and later sign-ins need the code', async () => {
  const admin = await api.keyFor(BIN.STEEL_PLANT);
  await set(admin, BIN.STEEL_PLANT, ['SAFETY_OFFICER']);
  const token = await p.invite(admin, BIN.STEEL_PLANT, 'officer.2fa@pmz.kz', 'SAFETY_OFFICER');
  const password = 'officer needs a second factor';
  expect((await p.accept(token, password)).status).toBe(200);

  const signed = await p.signIn('officer.2fa@pmz.kz', password);
  expect(signed.status).toBe(200);
  expect(signed.body.secondFactorEnrolmentRequired).toBe(true);
  const cookie = p.cookieOf(signed.headers);
  const refused = await p.gqlAs(
    cookie,
    graphql(`
      {
        viewer {
          role
        }
      }
    `),
  );
  expect([refused.status, refused.errors![0].extensions!.code]).toEqual([401, 'UNAUTHENTICATED']);

  const { secret } = (await (
    await fetch(p.authUrl('/totp/secret'), { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' })
  ).json()) as {
    secret: string;
  };
  expect((await p.post('/totp/enable', { secret, code: totpCode(secret, new Date()) }, cookie)).status).toBe(200);
  const session = await fetch(p.authUrl('/session'), { headers: { cookie } });
  expect(((await session.json()) as { secondFactorEnrolmentRequired: boolean }).secondFactorEnrolmentRequired).toBe(false);
  const viewer = await p.gqlAs(
    cookie,
    graphql(`
      {
        viewer {
          role
          person {
            email
          }
        }
      }
    `),
  );
  expect(viewer.data!.viewer).toEqual({ role: 'WRITER', person: { email: 'officer.2fa@pmz.kz' } });

  expect((await p.signIn('officer.2fa@pmz.kz', password)).body.errors[0].extensions.code).toBe('TOTP_REQUIRED');
  const again = await p.post('/sign-in', { email: 'officer.2fa@pmz.kz', password, totp: totpCode(secret, new Date()) });
  expect([again.status, again.body.secondFactorEnrolmentRequired]).toEqual([200, false]);
});

test('a role the policy does not list signs in as before, and another organisation is not affected', async () => {
  await set(await api.keyFor(BIN.STEEL_PLANT), BIN.STEEL_PLANT, ['SAFETY_OFFICER']);
  const mentor = await p.sessionAs(BIN.STEEL_PLANT, 'MENTOR');
  expect(
    (
      await p.gqlAs(
        mentor.cookie,
        graphql(`
          {
            viewer {
              role
            }
          }
        `),
      )
    ).data!.viewer,
  ).toEqual({ role: 'WRITER' });
  const elsewhere = await p.sessionAs(BIN.OIL_GAS_PLANT, 'SAFETY_OFFICER');
  expect(
    (
      await p.gqlAs(
        elsewhere.cookie,
        graphql(`
          {
            viewer {
              role
            }
          }
        `),
      )
    ).data!.viewer,
  ).toEqual({ role: 'WRITER' });
});
