import { BIN, startTestApi, type TestApi } from '../support/api';
import { browse, CookieJar, startOidcProvider, throughProvider, type TestOidcProvider } from '../support/oidc';
import { people } from '../support/people';
import { graphql } from '../support/graphql';

// Single sign-on against a real OpenID Connect provider (panva's oidc-provider, in a child
// process), driven over real HTTP like a browser: redirects followed by hand, the provider's login
// form submitted, the API's callback visited with the cookies the browser would carry.
let api: TestApi;
let p: ReturnType<typeof people>;
let idp: TestOidcProvider;
let tampering: TestOidcProvider;
let origin: string;

const ACCOUNTS = [
  { id: 'instructor', email: 'SSO.Instructor@ineu.kz', email_verified: true, name: 'Sso Instructor' },
  { id: 'invited', email: 'sso.invited@ineu.kz', email_verified: true },
  { id: 'stranger', email: 'stranger@example.org', email_verified: true },
  { id: 'other-org', email: 'olga.kim@pmz.kz', email_verified: true },
  { id: 'unverified', email: 'sso.unverified@ineu.kz', email_verified: false },
];

beforeAll(async () => {
  [idp, tampering] = await Promise.all([startOidcProvider(), startOidcProvider()]);
  api = await startTestApi({
    env: {
      OIDC_PROVIDERS: JSON.stringify([
        { organization: BIN.INEU, issuer: idp.issuer, clientId: 'dualhub-ineu', clientSecretEnv: 'INEU_OIDC_SECRET' },
        { organization: BIN.KEEU, issuer: tampering.issuer, clientId: 'dualhub-keeu', clientSecretEnv: 'KEEU_OIDC_SECRET' },
      ]),
      INEU_OIDC_SECRET: 'ineu client secret for the test',
      KEEU_OIDC_SECRET: 'keeu client secret for the test',
      OIDC_HTTP_HOSTS: '127.0.0.1',
    },
  });
  p = people(api);
  origin = new URL(api.url).origin;
  const redirectUri = `${origin}/auth/oidc/callback`;
  await idp.configure({ clientId: 'dualhub-ineu', clientSecret: 'ineu client secret for the test', redirectUri, accounts: ACCOUNTS });
  await tampering.configure({
    clientId: 'dualhub-keeu',
    clientSecret: 'keeu client secret for the test',
    redirectUri,
    accounts: [{ id: 'curator', email: 'bolat.ismailov@keeu.kz', email_verified: true }],
    tamperNonce: true,
  });
  // The person the provider knows as "instructor" is an INEU member already; "unverified" too.
  await p.sessionAs(BIN.INEU, 'LAB_INSTRUCTOR', { email: 'sso.instructor@ineu.kz' });
  await p.sessionAs(BIN.INEU, 'CURATOR', { email: 'sso.unverified@ineu.kz' });
});
afterAll(async () => {
  await api?.close();
  await Promise.all([idp?.close(), tampering?.close()]);
});

const counts = async () =>
  (
    (await api.orm.em
      .fork()
      .getConnection()
      .execute(
        `select (select count(*)::int from auth_session) as sessions, (select count(*)::int from person) as people,
                (select count(*)::int from membership) as memberships, (select count(*)::int from invitation where accepted_at is not null) as used`,
      )) as Record<string, number>[]
  )[0];

/** Starts at the API, goes through the provider as `login`; returns the jar and the callback URL. */
async function toCallback(bin: string, login: string, issuer: string, returnTo = '/console/') {
  const jar = new CookieJar();
  const start = await browse(jar, `${origin}/auth/oidc/${bin}/start?returnTo=${encodeURIComponent(returnTo)}`);
  expect(start.status).toBe(303);
  expect(start.location!.startsWith(issuer)).toBe(true);
  const authorization = new URL(start.location!);
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorization.searchParams.get('state')).toBeTruthy();
  expect(authorization.searchParams.get('nonce')).toBeTruthy();
  expect(jar.get(origin, 'dh_oidc')).toBeTruthy();
  const callback = await throughProvider(jar, start.location!, issuer, login);
  expect(callback.startsWith(`${origin}/auth/oidc/callback?`)).toBe(true);
  return { jar, callback, authorization };
}

const json = async (jar: CookieJar, url: string) => {
  const response = await fetch(url, { redirect: 'manual', headers: { accept: 'application/json', cookie: jar.header(url) } });
  jar.take(url, response);
  return { status: response.status, location: response.headers.get('location'), body: (response.status === 303 ? undefined : await response.json()) as any };
};

test('a member signs in with the institution provider (code flow, PKCE, state, nonce) and the session cookie works on /graphql', async () => {
  const { jar, callback } = await toCallback(BIN.INEU, 'instructor', idp.issuer);
  const done = await browse(jar, callback);
  expect(done.status).toBe(303);
  expect(done.location).toBe(`${origin}/console/`);
  const cookie = `dh_session=${jar.get(origin, 'dh_session')}`;
  expect(jar.get(origin, 'dh_oidc')).toBeUndefined();
  const viewer = await p.gqlAs(
    cookie,
    graphql(`
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
    `),
  );
  expect(viewer.errors).toBeUndefined();
  expect(viewer.data!.viewer).toEqual({
    role: 'WRITER',
    apiKeyId: null,
    organization: { bin: BIN.INEU },
    person: { email: 'sso.instructor@ineu.kz' },
    activeMembership: { role: 'LAB_INSTRUCTOR' },
  });
  const sessions = await fetch(p.authUrl('/sessions'), { headers: { cookie } });
  const current = ((await sessions.json()) as { sessions: { method: string; current: boolean }[] }).sessions.find((s) => s.current);
  expect(current?.method).toBe('oidc');
});

test('an invited person (no account yet) signs in with the provider: the invitation is used and the membership made', async () => {
  const admin = await api.keyFor(BIN.INEU);
  await p.invite(admin, BIN.INEU, 'sso.invited@ineu.kz', 'MENTOR');
  const before = await counts();
  const { jar, callback } = await toCallback(BIN.INEU, 'invited', idp.issuer);
  expect((await browse(jar, callback)).status).toBe(303);
  const viewer = await p.gqlAs(
    `dh_session=${jar.get(origin, 'dh_session')}`,
    graphql(`
      {
        viewer {
          person {
            email
          }
          activeMembership {
            role
          }
        }
      }
    `),
  );
  expect(viewer.data!.viewer).toEqual({ person: { email: 'sso.invited@ineu.kz' }, activeMembership: { role: 'MENTOR' } });
  expect(await counts()).toEqual({
    ...before,
    sessions: before.sessions + 1,
    people: before.people + 1,
    memberships: before.memberships + 1,
    used: before.used + 1,
  });
});

test('an unknown e-mail, a person of another organisation and an unverified e-mail are refused with their codes, and nothing is written', async () => {
  for (const [login, code] of [
    ['stranger', 'OIDC_UNKNOWN_PERSON'],
    ['other-org', 'OIDC_UNKNOWN_PERSON'],
    ['unverified', 'OIDC_EMAIL_NOT_VERIFIED'],
  ] as const) {
    const before = await counts();
    const { jar, callback } = await toCallback(BIN.INEU, login, idp.issuer);
    const refused = await json(jar, callback);
    expect({ login, status: refused.status, code: refused.body.errors[0].extensions.code }).toEqual({ login, status: 403, code });
    expect(jar.get(origin, 'dh_session')).toBeUndefined();
    expect(await counts()).toEqual(before);
  }
});

test('a callback with a wrong state, or without the browser that started it, is refused before the code is used; a wrong nonce is refused', async () => {
  const before = await counts();
  const { jar, callback } = await toCallback(BIN.INEU, 'instructor', idp.issuer);
  const forged = new URL(callback);
  forged.searchParams.set('state', 'a-state-of-another-sign-in');
  const wrongState = await json(jar, forged.href);
  expect([wrongState.status, wrongState.body.errors[0].extensions.code]).toEqual([400, 'OIDC_STATE_MISMATCH']);
  // A callback carried to another browser (no pending sign-in cookie): refused too.
  const elsewhere = await json(new CookieJar(), callback);
  expect([elsewhere.status, elsewhere.body.errors[0].extensions.code]).toEqual([400, 'OIDC_LOGIN_EXPIRED']);

  const nonce = await toCallback(BIN.KEEU, 'curator', tampering.issuer);
  const wrongNonce = await json(nonce.jar, nonce.callback);
  expect([wrongNonce.status, wrongNonce.body.errors[0].extensions.code]).toEqual([400, 'OIDC_NONCE_MISMATCH']);
  expect(nonce.jar.get(origin, 'dh_session')).toBeUndefined();
  expect(await counts()).toEqual(before);
});

test('an organisation without single sign-on gets OIDC_NOT_CONFIGURED, as a page for a browser; returnTo never leaves the site', async () => {
  const page = await browse(new CookieJar(), `${origin}/auth/oidc/${BIN.WKATU}/start`);
  expect(page.status).toBe(404);
  expect(page.body).toContain('OIDC_NOT_CONFIGURED');
  expect(page.body).toContain('<h1>');
  const { jar, callback } = await toCallback(BIN.INEU, 'instructor', idp.issuer, '//evil.example/steal');
  const done = await browse(jar, callback);
  expect(done.location).toBe(`${origin}/`);
});
