import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { toGlobalId } from '../../src/graphql/relay';
import { totpCode } from '../../src/identity/totp';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { people } from '../support/people';
import { graphql } from '../support/graphql';
import { firstResult, subscribe } from '../support/transports';

let api: TestApi;
let p: ReturnType<typeof people>;
let admin: string;
beforeAll(async () => {
  api = await startTestApi({ env: { SIGN_IN_ATTEMPTS_PER_ACCOUNT: '3', SIGN_IN_LOCK_SECONDS: '600' } });
  p = people(api);
  admin = await api.keyFor(BIN.INEU);
});
afterAll(() => api.close());

const PASSWORD = 'correct horse battery staple';
const count = async (table: string) =>
  Number(((await api.orm.em.fork().getConnection().execute(`select count(*)::int as n from ${table}`)) as { n: number }[])[0].n);

test('invite → set password → sign in → act as oneself → sign out: the cookie stops working on the next request', async () => {
  const token = await p.invite(admin, BIN.INEU, 'New.Instructor@ineu.kz', 'LAB_INSTRUCTOR');
  expect(token).toMatch(/^dhi_/);
  const accepted = await p.accept(token, PASSWORD);
  expect(accepted.status).toBe(200);

  const signed = await p.signIn('new.instructor@ineu.kz', PASSWORD);
  expect(signed.status).toBe(200);
  const setCookie = signed.headers.getSetCookie().find((c) => c.startsWith('dh_session='))!;
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  expect(signed.body.person.email).toBe('new.instructor@ineu.kz');
  expect(signed.body.memberships).toHaveLength(1);
  const cookie = p.cookieOf(signed.headers);

  // Acting: the viewer is the person, in INEU, with the role mapped from LAB_INSTRUCTOR.
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
          memberships {
            role
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
    person: { email: 'new.instructor@ineu.kz' },
    memberships: [{ role: 'LAB_INSTRUCTOR' }],
    activeMembership: { role: 'LAB_INSTRUCTOR' },
  });
  // A key's viewer has no person.
  const keyViewer = await api.gql(
    admin,
    graphql(`
      {
        viewer {
          person {
            email
          }
          memberships {
            role
          }
        }
      }
    `),
  );
  expect(keyViewer.data!.viewer).toEqual({ person: null, memberships: [] });

  const out = await p.post('/sign-out', {}, cookie);
  expect(out.status).toBe(204);
  const after = await p.gqlAs(
    cookie,
    graphql(`
      {
        viewer {
          role
        }
      }
    `),
  );
  expect(after.status).toBe(401);
  expect(after.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
});

test('a used, an expired and an unknown invitation are refused with their codes, and nothing is written', async () => {
  const token = await p.invite(admin, BIN.INEU, 'twice@ineu.kz', 'MENTOR');
  expect((await p.accept(token, PASSWORD)).status).toBe(200);
  const accounts = await count('local_account');
  const again = await p.accept(token, 'another long passphrase 42');
  expect(again.status).toBe(400);
  expect(again.body.errors[0].extensions.code).toBe('INVITATION_USED');

  const late = await p.invite(admin, BIN.INEU, 'late@ineu.kz', 'MENTOR');
  await api.orm.em.fork().getConnection().execute(`update invitation set expires_at = now() - interval '1 second' where email = 'late@ineu.kz'`);
  const expired = await p.accept(late, PASSWORD);
  expect(expired.body.errors[0].extensions.code).toBe('INVITATION_EXPIRED');

  const unknown = await p.accept('dhi_' + 'x'.repeat(43), PASSWORD);
  expect(unknown.body.errors[0].extensions.code).toBe('INVITATION_NOT_FOUND');
  expect(await count('local_account')).toBe(accounts);
  expect(
    Number(((await api.orm.em.fork().getConnection().execute(`select count(*)::int as n from person where email = 'late@ineu.kz'`)) as { n: number }[])[0].n),
  ).toBe(0);
});

test('weak passwords are refused (too short, common) and the invitation stays usable', async () => {
  const token = await p.invite(admin, BIN.INEU, 'weak@ineu.kz', 'STUDENT');
  const short = await p.accept(token, 'short1!');
  expect(short.body.errors[0].extensions).toMatchObject({ code: 'PASSWORD_TOO_SHORT', field: ['input', 'password'] });
  const common = await p.accept(token, 'Password1234');
  expect(common.body.errors[0].extensions.code).toBe('PASSWORD_TOO_COMMON');
  const repeated = await p.accept(token, 'aaaaaaaaaaaaaaaa');
  expect(repeated.body.errors[0].extensions.code).toBe('PASSWORD_TOO_COMMON');
  expect((await p.accept(token, PASSWORD)).status).toBe(200);
});

test('an invitation needs an ADMIN of that organisation: a READER key is refused, another organisation is NOT_YOUR_ORGANIZATION', async () => {
  const reader = await api.keyFor(BIN.INEU, 'READER');
  const organizationId = toGlobalId('Organization', await api.orgId(BIN.WKATU));
  const q = graphql(`
    mutation ($input: InvitePersonInput!) {
      invitePerson(input: $input) {
        token
        userErrors {
          code
        }
      }
    }
  `);
  const asReader = await api.gql(reader, q, { input: { organizationId, email: 'x@wkatu.kz', fullName: 'X', role: 'STUDENT' } });
  expect(asReader.errors![0].extensions!.code).toBe('FORBIDDEN');
  const other = await api.gql(admin, q, { input: { organizationId, email: 'x@wkatu.kz', fullName: 'X', role: 'STUDENT' } });
  // WKATU may be invisible to INEU (ORGANIZATION_NOT_FOUND) or visible but not INEU's: either way refused, no token.
  expect(other.data!.invitePerson.token).toBeNull();
  expect(['NOT_YOUR_ORGANIZATION', 'ORGANIZATION_NOT_FOUND']).toContain(other.data!.invitePerson.userErrors[0].code);
});

test('a cross-site simple POST carrying the session cookie is refused (CSRF); the same query as JSON works', async () => {
  const cookie = await p.signedIn(admin, BIN.INEU, 'csrf@ineu.kz', 'MENTOR');
  const form = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', cookie },
    body: JSON.stringify({ query: '{ viewer { role } }' }),
  });
  expect(form.status).toBe(403);
  expect(((await form.json()) as any).errors[0].extensions.code).toBe('CSRF_REJECTED');
  const urlencoded = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: 'query=%7Bviewer%7Brole%7D%7D',
  });
  expect(urlencoded.status).toBe(403);
  const get = await fetch(`${api.url}?query=${encodeURIComponent('{ viewer { role } }')}`, { headers: { cookie } });
  expect(get.status).toBe(403);
  // With the CSRF header (which only a same-origin script can send), a GET query works.
  const withHeader = await fetch(`${api.url}?query=${encodeURIComponent('{ viewer { role } }')}`, { headers: { cookie, 'x-dualhub-csrf': '1' } });
  expect(withHeader.status).toBe(200);
  expect(((await withHeader.json()) as any).data.viewer.role).toBe('WRITER');
  const signOutForm = await fetch(p.authUrl('/sign-out'), { method: 'POST', headers: { 'content-type': 'text/plain', cookie }, body: '' });
  expect(signOutForm.status).toBe(415);
  expect(
    (
      await p.gqlAs(
        cookie,
        graphql(`
          {
            viewer {
              role
            }
          }
        `),
      )
    ).data!.viewer.role,
  ).toBe('WRITER');
});

test('a session revoked from another session stops working on the next request; sessions are listed per person', async () => {
  const first = await p.signedIn(admin, BIN.INEU, 'two.devices@ineu.kz', 'CURATOR');
  const second = p.cookieOf((await p.signIn('two.devices@ineu.kz', PASSWORD)).headers);
  const list = await fetch(p.authUrl('/sessions'), { headers: { cookie: second } });
  const { sessions } = (await list.json()) as { sessions: { id: string; current: boolean; revokedAt: string | null }[] };
  expect(sessions).toHaveLength(2);
  const firstId = sessions.find((s) => !s.current)!.id;
  expect(
    (
      await p.gqlAs(
        first,
        graphql(`
          {
            viewer {
              role
            }
          }
        `),
      )
    ).status,
  ).toBe(200);
  const revoked = await p.post(`/sessions/${firstId}/revoke`, {}, second);
  expect(revoked.status).toBe(200);
  const refused = await p.gqlAs(
    first,
    graphql(`
      {
        viewer {
          role
        }
      }
    `),
  );
  expect(refused.status).toBe(401);
  expect(
    (
      await p.gqlAs(
        second,
        graphql(`
          {
            viewer {
              role
            }
          }
        `),
      )
    ).status,
  ).toBe(200);
  // Another person cannot revoke it (it is not theirs): 404, nothing changed.
  const stranger = await p.signedIn(admin, BIN.INEU, 'stranger@ineu.kz', 'MENTOR');
  const secondId = sessions.find((s) => s.current)!.id;
  expect((await p.post(`/sessions/${secondId}/revoke`, {}, stranger)).status).toBe(404);
  expect(
    (
      await p.gqlAs(
        second,
        graphql(`
          {
            viewer {
              role
            }
          }
        `),
      )
    ).status,
  ).toBe(200);
});

test('failed sign-ins: one generic error for an unknown e-mail and a wrong password; the account locks after 3 attempts, even for the right password', async () => {
  await p.signedIn(admin, BIN.INEU, 'locked@ineu.kz', 'STUDENT');
  const unknown = await p.signIn('nobody@ineu.kz', PASSWORD);
  const wrong = await p.signIn('locked@ineu.kz', 'wrong password, long enough');
  expect(unknown.status).toBe(401);
  expect(wrong.status).toBe(401);
  expect(unknown.body).toEqual(wrong.body);
  expect(wrong.body.errors[0].extensions.code).toBe('SIGN_IN_FAILED');
  // The successful sign-in above cleared the account's count: two wrong, then the third is still judged…
  expect((await p.signIn('locked@ineu.kz', 'wrong again, long enough')).status).toBe(401);
  expect((await p.signIn('locked@ineu.kz', 'and once more, long enough')).status).toBe(401);
  // …and past 3 the account is locked: the right password is refused too, with Retry-After.
  const locked = await p.signIn('locked@ineu.kz', PASSWORD);
  expect(locked.status).toBe(429);
  expect(locked.body.errors[0].extensions.code).toBe('TOO_MANY_ATTEMPTS');
  expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  // Other accounts are not locked.
  await p.signedIn(admin, BIN.INEU, 'not.locked@ineu.kz', 'STUDENT');
});

test('graphql-ws accepts the session cookie from the upgrade request, and closes the socket when the session is revoked', async () => {
  const cookie = await p.signedIn(admin, BIN.INEU, 'socket@ineu.kz', 'MENTOR');
  let closedWith: number | undefined;
  const client = createClient({
    url: api.url.replace(/^http/, 'ws'),
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { closed: (event) => (closedWith = (event as { code: number }).code) },
  });
  try {
    const result = await firstResult(
      client,
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
    expect(result.data!.viewer).toEqual({ role: 'WRITER', person: { email: 'socket@ineu.kz' } });
    expect((await p.post('/sign-out', {}, cookie)).status).toBe(204);
    const until = Date.now() + 5000;
    while (closedWith === undefined && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(closedWith).toBe(4403);
  } finally {
    await client.dispose();
  }
});

test('acting as oneself: a change made with a session is audited with the person and no key', async () => {
  const steelAdmin = await api.keyFor(BIN.STEEL_PLANT);
  const cookie = await p.signedIn(steelAdmin, BIN.STEEL_PLANT, 'safety.officer@pmz.kz', 'SAFETY_OFFICER');
  const workplace = (await api.orm.em.fork().getConnection().execute(`select id from workplace where code = 'PMZ-ENGINEERING-OFFICE'`)) as { id: string }[];
  const workplaceId = toGlobalId('Workplace', workplace[0].id);
  const SET = graphql(`
    mutation ($input: SetWorkplaceHazardCategoriesInput!) {
      setWorkplaceHazardCategories(input: $input) {
        userErrors {
          code
        }
      }
    }
  `);
  const res = await p.gqlAs(cookie, SET, { input: { workplaceId, hazardCategoryCodes: ['WORK_AT_HEIGHT'], reason: 'Mezzanine added' } });
  expect(res.errors).toBeUndefined();
  expect(res.data!.setWorkplaceHazardCategories.userErrors).toEqual([]);
  const person = (await api.orm.em.fork().getConnection().execute(`select id from person where email = 'safety.officer@pmz.kz'`)) as { id: string }[];
  const entries = (await api.orm.em
    .fork()
    .getConnection()
    .execute(`select actor_key_id, actor_person_id from audit_entry where object_id = ? order by at desc limit 1`, [workplace[0].id])) as {
    actor_key_id: string | null;
    actor_person_id: string | null;
  }[];
  expect(entries[0]).toEqual({ actor_key_id: null, actor_person_id: person[0].id });
});

test('a WebSocket upgrade from another origin does not get to use the session cookie (cross-site WebSocket hijacking)', async () => {
  const cookie = await p.signedIn(admin, BIN.INEU, 'hijack@ineu.kz', 'MENTOR');
  const attempt = (origin: string) =>
    new Promise<{ ok: boolean; code?: number }>((resolve) => {
      const client = createClient({
        url: api.url.replace(/^http/, 'ws'),
        webSocketImpl: class extends WebSocket {
          constructor(url: string, protocols?: string | string[]) {
            super(url, protocols, { headers: { cookie, origin } });
          }
        },
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
        on: { closed: (event) => resolve({ ok: false, code: (event as { code: number }).code }) },
      });
      subscribe(
        client,
        graphql(`
          {
            viewer {
              role
            }
          }
        `),
        {},
        {
          next: () => (resolve({ ok: true }), void client.dispose()),
          error: () => undefined,
          complete: () => undefined,
        },
      );
    });
  const evil = await attempt('https://evil.example');
  expect(evil.ok).toBe(false);
  expect(evil.code).toBe(4403);
  const own = await attempt(new URL(api.url).origin);
  expect(own.ok).toBe(true);
});

test('TOTP: once enabled, sign-in needs the current code; a missing or wrong code is refused with its code and opens no session', async () => {
  const cookie = await p.signedIn(admin, BIN.INEU, 'totp@ineu.kz', 'SAFETY_OFFICER');
  const { secret } = (await p.post('/totp/secret', {}, cookie)).body;
  expect(
    (await p.post('/totp/enable', { secret, code: '000000' === totpCode(secret, new Date()) ? '111111' : '000000' }, cookie)).body.errors[0].extensions.code,
  ).toBe('TOTP_INVALID');
  expect((await p.post('/totp/enable', { secret, code: totpCode(secret, new Date()) }, cookie)).status).toBe(200);
  const sessions = await count('auth_session');
  const missing = await p.signIn('totp@ineu.kz', PASSWORD);
  expect(missing.body.errors[0].extensions.code).toBe('TOTP_REQUIRED');
  const wrong = await p.post('/sign-in', { email: 'totp@ineu.kz', password: PASSWORD, totp: totpCode(secret, new Date(Date.now() - 600_000)) });
  expect(wrong.body.errors[0].extensions.code).toBe('TOTP_INVALID');
  expect(await count('auth_session')).toBe(sessions);
  const right = await p.post('/sign-in', { email: 'totp@ineu.kz', password: PASSWORD, totp: totpCode(secret, new Date()) });
  expect(right.status).toBe(200);
});
