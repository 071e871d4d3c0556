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

/** Headers a cross-site page cannot send without a CORS preflight (never granted): a non-empty one proves there was none to fear. */
export const PREFLIGHT_HEADERS = [CSRF_HEADER, 'x-apollo-operation-name', 'apollo-require-preflight'] as const;

/** Content types a browser sends cross-site without a preflight (CORS "simple" requests). */
const SIMPLE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/**
 * Whether a request to /graphql, whatever its credentials, is not one a cross-site page could
 * make a browser send without a preflight: it has a content type other than the three "simple"
 * ones, or a non-empty {@link PREFLIGHT_HEADERS} header. A GET (no content type) or a form post
 * needs the header. This is Apollo Server's CSRF prevention rule, applied by us on every road to
 * /graphql so that it is checked once, before the body is read (Apollo's own is turned off).
 */
export function provesNoCrossSiteForm(headers: Record<string, string | string[] | undefined>): boolean {
  const type = headers['content-type'];
  if (typeof type === 'string' && !SIMPLE_CONTENT_TYPES.has(type.split(';')[0].trim().toLowerCase())) return true;
  return PREFLIGHT_HEADERS.some((name) => {
    const value = headers[name];
    return value !== undefined && value.length > 0;
  });
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
