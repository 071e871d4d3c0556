import type { TestApi } from './api';
import { gid } from './factories';

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
    async invite(adminKey: string, bin: string, email: string, role: string): Promise<string> {
      const organizationId = gid('Organization', await api.orgId(bin));
      const { data, errors } = await api.gql(
        adminKey,
        `mutation($input: InvitePersonInput!) { invitePerson(input: $input) { token invitation { email role } userErrors { code } } }`,
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
    /** A GraphQL POST carrying the session cookie (JSON: passes the CSRF check). */
    async gqlAs(cookie: string, query: string, variables?: Record<string, unknown>) {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
    },
    /** Invites, accepts and signs in; returns the cookie. */
    async signedIn(adminKey: string, bin: string, email: string, role: string, password = 'correct horse battery staple'): Promise<string> {
      const token = await this.invite(adminKey, bin, email, role);
      const accepted = await this.accept(token, password);
      if (accepted.status !== 200) throw new Error(JSON.stringify(accepted.body));
      const signed = await this.signIn(email, password);
      if (signed.status !== 200) throw new Error(JSON.stringify(signed.body));
      return this.cookieOf(signed.headers);
    },
  };
}
