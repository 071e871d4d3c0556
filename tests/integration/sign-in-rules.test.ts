import { BIN, startTestApi, type TestApi } from '../support/api';
import { people } from '../support/people';
import { graphql } from '../support/graphql';

// Issue 15's remaining bullets over real HTTP: the Secure cookie when the request came over TLS,
// a locked account unlocking when its window ends, and choosing the active membership.
let api: TestApi;
let p: ReturnType<typeof people>;
beforeAll(async () => {
  api = await startTestApi({ env: { TRUST_PROXY: 'loopback', SIGN_IN_ATTEMPTS_PER_ACCOUNT: '2', SIGN_IN_LOCK_SECONDS: '900' } });
  p = people(api);
});
afterAll(() => api.close());

const signIn = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(p.authUrl('/sign-in'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

test('the session cookie is Secure when the request came over TLS (here through a trusted proxy), and not over plain http on loopback', async () => {
  const person = await p.sessionAs(BIN.INEU, 'CURATOR');
  const tls = await signIn({ email: person.email, password: person.password }, { 'x-forwarded-proto': 'https' });
  expect(tls.status).toBe(200);
  const secure = tls.headers.getSetCookie().find((c) => c.startsWith('dh_session='))!;
  expect(secure).toMatch(/;\s*Secure/i);
  expect(secure).toMatch(/HttpOnly/i);
  const plain = await signIn({ email: person.email, password: person.password });
  expect(plain.headers.getSetCookie().find((c) => c.startsWith('dh_session='))).not.toMatch(/;\s*Secure/i);
});

test('a locked account stays locked for the right password until its window ends, then unlocks', async () => {
  const person = await p.sessionAs(BIN.INEU, 'MENTOR');
  for (let i = 0; i < 2; i++) expect((await signIn({ email: person.email, password: 'a wrong passphrase' })).status).toBe(401);
  const locked = await signIn({ email: person.email, password: person.password });
  expect(locked.status).toBe(429);
  expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  // The window ends (moved to the past in the limiter's PostgreSQL store, as 900 s would).
  await api.orm.em
    .fork()
    .getConnection()
    .execute(`update rate_limit set expire = (extract(epoch from now()) * 1000)::bigint - 1000 where key like ?`, [`%${person.email}`]);
  expect((await signIn({ email: person.email, password: person.password })).status).toBe(200);
});

test('a person with memberships in two organisations chooses the active one at sign-in and later; the scope follows it', async () => {
  const person = await p.sessionAs(BIN.INEU, 'CURATOR');
  const second = await p.invite(await api.keyFor(BIN.STEEL_PLANT), BIN.STEEL_PLANT, person.email, 'MENTOR');
  expect((await p.accept(second, person.password)).status).toBe(200);
  const first = await p.signIn(person.email, person.password);
  const memberships = first.body.memberships as { id: string; organizationBin: string }[];
  expect(memberships.map((m) => m.organizationBin).sort()).toEqual([BIN.STEEL_PLANT, BIN.INEU].sort());
  const steel = memberships.find((m) => m.organizationBin === BIN.STEEL_PLANT)!;

  const chosen = await p.signIn(person.email, person.password, steel.id);
  expect(chosen.body.activeMembershipId).toBe(steel.id);
  const cookie = p.cookieOf(chosen.headers);
  expect(
    (
      await p.gqlAs(
        cookie,
        graphql(`
          {
            viewer {
              organization {
                bin
              }
              activeMembership {
                role
              }
            }
          }
        `),
      )
    ).data!.viewer,
  ).toEqual({
    organization: { bin: BIN.STEEL_PLANT },
    activeMembership: { role: 'MENTOR' },
  });
  const ineu = memberships.find((m) => m.organizationBin === BIN.INEU)!;
  expect((await p.post('/active-membership', { membershipId: ineu.id }, cookie)).status).toBe(200);
  expect(
    (
      await p.gqlAs(
        cookie,
        graphql(`
          {
            viewer {
              organization {
                bin
              }
            }
          }
        `),
      )
    ).data!.viewer,
  ).toEqual({ organization: { bin: BIN.INEU } });
  // Someone else's membership cannot be chosen.
  const other = await p.sessionAs(BIN.KEEU, 'CURATOR');
  const foreign = await p.post('/active-membership', { membershipId: ineu.id }, other.cookie);
  expect([foreign.status, foreign.body.errors[0].extensions.code]).toEqual([400, 'MEMBERSHIP_NOT_FOUND']);
});
