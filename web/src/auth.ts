import { activeLang } from './i18n/i18n';

/** One membership of the signed-in person, as `/auth` answers it. */
export interface AuthMembership {
  id: string;
  role: 'CURATOR' | 'LAB_INSTRUCTOR' | 'MENTOR' | 'SAFETY_OFFICER' | 'STAFF' | 'STUDENT';
  organizationId: string;
  organizationBin: string;
}

/** The signed-in person (`GET /auth/session`, `POST /auth/sign-in`). */
export interface AuthViewer {
  person: { id: string; fullName: string; email: string };
  memberships: AuthMembership[];
  activeMembershipId: string;
}

/** A refusal of an `/auth` route: its code (IdentityUserErrorCode), field path and server text. */
export interface AuthError {
  code: string;
  field?: string[];
  message: string;
}

/** The route refused: `errors` carries the coded refusals (shown next to their fields). */
export class AuthRefused extends Error {
  constructor(
    readonly status: number,
    readonly errors: AuthError[],
  ) {
    super(errors.map((e) => e.code).join(', '));
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/auth${path}`, {
    method,
    credentials: 'same-origin',
    headers: { 'accept-language': activeLang(), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
  });
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => ({}))) as {
    errors?: { message: string; extensions?: { code?: string; field?: string[] } }[];
  };
  if (!response.ok) {
    throw new AuthRefused(
      response.status,
      (json.errors ?? [{ message: `HTTP ${response.status}` }]).map((e) => ({
        code: e.extensions?.code ?? 'HTTP_ERROR',
        field: e.extensions?.field,
        message: e.message,
      })),
    );
  }
  return json as T;
}

/** `/auth` routes of src/identity (see README, "People sign in"). */
export const auth = {
  /** The live session's viewer, or null when no one is signed in. */
  async session(): Promise<AuthViewer | null> {
    try {
      return await call<AuthViewer>('GET', '/session');
    } catch (error) {
      if (error instanceof AuthRefused && error.status === 401) return null;
      throw error;
    }
  },
  signIn: (input: { email: string; password: string; totp?: string }) => call<AuthViewer>('POST', '/sign-in', input),
  switchMembership: (membershipId: string) => call<AuthViewer>('POST', '/active-membership', { membershipId }),
  signOut: () => call<void>('POST', '/sign-out'),
};
