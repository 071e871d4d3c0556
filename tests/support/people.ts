import { randomUUID } from 'node:crypto';
import type { PersonRole } from '../../src/organizations';
import type { GraphQLResponse, TestApi } from './api';
import { gid } from './factories';
import { type AnyDocument, graphql, type ResultOf, type VariablesArg } from './graphql';

/** The password of the demo accounts when `DEMO_PASSWORD` is not set (README "Demo accounts"). */
export const DEMO_PASSWORD = 'dualhub demo passphrase';

/** A signed-in person: the session cookie (`dh_session=…`) and how to sign in again. */
export interface SignedInPerson {
  cookie: string;
  email: string;
  password: string;
  personId: string;
}

/** Sign-in helpers over real HTTP: invitations by GraphQL, /auth routes, the session cookie. */
export function people(api: TestApi) {
  const authUrl = (path: string) => api.url.replace(/\/graphql$/, `/auth${path}`);
  const post = async (path: string, body: unknown, cookie?: string) => {
    const response = await fetch(authUrl(path), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    authUrl,
    post,
    /** Invites `email` to the organisation `bin` with `role` using an ADMIN key; returns the link token. */
    async invite(adminKey: string, bin: string, email: string, role: PersonRole | `${PersonRole}`): Promise<string> {
      const organizationId = gid('Organization', await api.orgId(bin));
      const { data, errors } = await api.gql(
        adminKey,
        graphql(`
          mutation ($input: InvitePersonInput!) {
            invitePerson(input: $input) {
              token
              invitation {
                email
                role
              }
              userErrors {
                code
              }
            }
          }
        `),
        { input: { organizationId, email, fullName: 'Test Person', role } },
      );
      if (errors || data!.invitePerson.userErrors.length) throw new Error(JSON.stringify(errors ?? data!.invitePerson.userErrors));
      return data!.invitePerson.token as string;
    },
    accept: (token: string, password: string) => post('/invitations/accept', { token, password }),
    signIn: (email: string, password: string, membershipId?: string) => post('/sign-in', { email, password, membershipId }),
    /** The `name=value` pair of the session cookie a sign-in response set. */
    cookieOf(headers: Headers): string {
      const set = headers.getSetCookie().find((c) => c.startsWith('dh_session='));
      if (!set) throw new Error('no session cookie set');
      return set.split(';')[0];
    },
    /** A GraphQL POST carrying the session cookie (JSON: passes the CSRF check); typed from the document. */
    gqlAs<D extends AnyDocument>(cookie: string, document: D, ...[variables]: VariablesArg<D>) {
      return api.gql<AnyDocument>(cookie, document, variables) as Promise<GraphQLResponse<ResultOf<D>>>;
    },
    /**
     * A new person with one membership of the organisation `bin` in `role` (any membership role:
     * LAB_INSTRUCTOR, SAFETY_OFFICER, …), signed in over HTTP (invitation issued in a system
     * context, accepted and signed in through `/auth`). For browser tests: put `cookie` in the jar.
     */
    async sessionAs(bin: string, role: PersonRole | `${PersonRole}`, options: { email?: string; password?: string } = {}): Promise<SignedInPerson> {
      const email = options.email ?? `${role.toLowerCase()}.${randomUUID().slice(0, 8)}@example.kz`;
      const password = options.password ?? 'session test passphrase';
      const invited = await api.hub.app.services.identity.invite(api.system(), {
        organizationId: await api.orgId(bin),
        email,
        fullName: `Test ${role}`,
        role: role as PersonRole,
      });
      if (!invited.ok) throw new Error(JSON.stringify(invited.violations));
      const accepted = await this.accept(invited.value.token, password);
      if (accepted.status !== 200) throw new Error(JSON.stringify(accepted.body));
      const signed = await this.signIn(email, password);
      if (signed.status !== 200) throw new Error(JSON.stringify(signed.body));
      return { cookie: this.cookieOf(signed.headers), email: email.toLowerCase(), password, personId: accepted.body.personId };
    },
    /** Signs a seeded demo person in (the API started with `DEMO_ACCOUNTS: 'true'`); returns the cookie. */
    async demoSession(email: string, password = DEMO_PASSWORD): Promise<string> {
      const signed = await this.signIn(email, password);
      if (signed.status !== 200) throw new Error(`demo sign-in of ${email} failed: ${signed.status} ${JSON.stringify(signed.body)}`);
      return this.cookieOf(signed.headers);
    },
    /** Invites, accepts and signs in; returns the cookie. */
    async signedIn(
      adminKey: string,
      bin: string,
      email: string,
      role: PersonRole | `${PersonRole}`,
      password = 'correct horse battery staple',
    ): Promise<string> {
      const token = await this.invite(adminKey, bin, email, role);
      const accepted = await this.accept(token, password);
      if (accepted.status !== 200) throw new Error(JSON.stringify(accepted.body));
      const signed = await this.signIn(email, password);
      if (signed.status !== 200) throw new Error(JSON.stringify(signed.body));
      return this.cookieOf(signed.headers);
    },
  };
}
