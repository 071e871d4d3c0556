/** Name of the cookie that carries a signed-in person's session token. */
export const SESSION_COOKIE = 'dh_session';

/** Header a cookie-authenticated request may send to prove it is not a cross-site form. */
export const CSRF_HEADER = 'x-dualhub-csrf';

/** The session token in a `Cookie` header, if any. */
export function sessionTokenOf(cookieHeader: unknown): string | undefined {
  if (typeof cookieHeader !== 'string') return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim()) || undefined;
  }
  return undefined;
}

/**
 * Whether a cookie-authenticated HTTP request cannot have come from a cross-site page without a
 * CORS preflight (which this API never grants): it carries the CSRF header, or it is a POST
 * whose content type a plain HTML form cannot send (`application/json`).
 */
export function passesCsrfCheck(method: string, headers: Record<string, string | string[] | undefined>): boolean {
  if (headers[CSRF_HEADER] !== undefined) return true;
  const type = String(headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  return method === 'POST' && (type === 'application/json' || type === 'application/graphql-response+json');
}

/** Whether a WebSocket upgrade carrying a cookie comes from our own origin (or from no browser at all). */
export function sameOriginUpgrade(headers: Record<string, string | string[] | undefined>): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(String(origin)).host === headers.host;
  } catch {
    return false;
  }
}
