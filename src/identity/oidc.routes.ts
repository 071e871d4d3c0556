import type { Request, Response, Router } from 'express';
import { secretBoxFor } from '../lab';
import type { Logger } from '../logger';
import type { Config } from '../config';
import type { Clock } from '../shared/clock';
import { preferredLanguage } from '../shared/localized';
import type { RequestContext } from '../shared/request-context';
import type { RuleViolation } from '../shared/rule-violation';
import { IdentityErrorCode, identityViolation } from './identity.messages';
import type { IdentityService } from './identity.service';
import { OidcClients, OidcFailure, type PendingOidcLogin } from './oidc';

/** Cookie that carries a pending single sign-on (sealed: state, nonce, PKCE verifier) from `/start` to `/callback`. */
export const OIDC_LOGIN_COOKIE = 'dh_oidc';
const COOKIE_PATH = '/auth/oidc';
const SEAL_CONTEXT = 'oidc-login';

const STATUS: Partial<Record<IdentityErrorCode, number>> = {
  OIDC_NOT_CONFIGURED: 404,
  OIDC_UNKNOWN_PERSON: 403,
  OIDC_EMAIL_NOT_VERIFIED: 403,
  OIDC_PROVIDER_ERROR: 502,
};

const ESCAPE: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPE[c]!);

/** The returnTo a sign-in may end on: a path of this site only (never `//host` or a URL). */
function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 500 ? value : '/';
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim()) || undefined;
  }
  return undefined;
}

/** What {@link mountOidcRoutes} needs from the identity routes. */
export interface OidcRouteDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  identity: IdentityService;
  /** Whether cookies of this request are marked Secure. */
  secureFor(req: Request): boolean;
  system(req: Request, res: Response): RequestContext;
  setSessionCookie(res: Response, token: string): void;
}

/**
 * Single sign-on with an organisation's OpenID Connect provider (`OIDC_PROVIDERS`):
 *
 * - `GET /auth/oidc/:bin/start?returnTo=/path` → 303 to the provider, with the pending sign-in
 *   (state, nonce, PKCE verifier) sealed in an HttpOnly cookie scoped to `/auth/oidc`
 * - `GET /auth/oidc/callback` (the redirect URI to register with the provider) → checks state,
 *   exchanges the code with the verifier, checks the ID token and its nonce, matches the verified
 *   e-mail to a person of that organisation (or an invitation to it) → session cookie, 303 to
 *   `returnTo`
 *
 * Refusals are `{ errors: [{ message, extensions: { code } }] }`, or a small HTML page when the
 * browser asks for HTML; nothing is written on a refusal.
 */
export function mountOidcRoutes(router: Router, deps: OidcRouteDeps): void {
  const { config, log, clock, identity, secureFor } = deps;
  const providers = config.OIDC_PROVIDERS.map((p) => ({ ...p, clientSecret: config.oidcClientSecrets?.[p.clientSecretEnv] ?? '' }));
  const clients = new OidcClients(providers, config.OIDC_HTTP_HOSTS);
  const box = providers.length ? secretBoxFor(config) : undefined;
  const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: 'lax' as const, secure: secureFor(req), path: COOKIE_PATH });

  const refuse = (req: Request, res: Response, violation: RuleViolation<IdentityErrorCode>) => {
    const lang = preferredLanguage(req.headers['accept-language']);
    const status = STATUS[violation.code] ?? 400;
    const message = violation.message[lang];
    if (req.accepts(['application/json', 'text/html']) === 'text/html') {
      res
        .status(status)
        .type('html')
        .send(
          `<!doctype html><html lang="${lang}"><meta charset="utf-8"><title>DualHub: ${violation.code}</title>` +
            `<h1>${escapeHtml(message)}</h1><p><code>${violation.code}</code></p><p><a href="/">DualHub</a></p></html>`,
        );
    } else {
      res.status(status).json({ errors: [{ message, extensions: { code: violation.code } }] });
    }
  };

  router.get('/oidc/:bin/start', async (req, res, next) => {
    try {
      const bin = req.params.bin;
      if (!box || !clients.has(bin)) return refuse(req, res, identityViolation(['organization'], IdentityErrorCode.OIDC_NOT_CONFIGURED));
      const base = config.PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;
      let started;
      try {
        started = await clients.start(bin, `${base}/auth/oidc/callback`, safeReturnTo(req.query.returnTo), clock.now());
      } catch (error) {
        log.warn({ err: error, organization: bin }, 'single sign-on: the provider could not be reached');
        return refuse(req, res, identityViolation(['organization'], IdentityErrorCode.OIDC_PROVIDER_ERROR));
      }
      res.cookie(OIDC_LOGIN_COOKIE, await box.seal(JSON.stringify(started.pending), SEAL_CONTEXT), { ...cookieOptions(req), maxAge: 10 * 60_000 });
      res.redirect(303, started.url.href);
    } catch (error) {
      next(error);
    }
  });

  router.get('/oidc/callback', async (req, res, next) => {
    try {
      res.clearCookie(OIDC_LOGIN_COOKIE, cookieOptions(req));
      const sealed = cookieValue(req.headers.cookie, OIDC_LOGIN_COOKIE);
      let pending: PendingOidcLogin | undefined;
      if (sealed && box) {
        try {
          pending = JSON.parse(await box.open(sealed, SEAL_CONTEXT)) as PendingOidcLogin;
        } catch {
          pending = undefined;
        }
      }
      if (!pending || pending.expiresAt <= clock.now().getTime()) {
        return refuse(req, res, identityViolation(['state'], IdentityErrorCode.OIDC_LOGIN_EXPIRED));
      }
      const callbackUrl = new URL(pending.redirectUri);
      callbackUrl.search = new URL(req.originalUrl, 'http://callback.invalid').search;
      let who;
      try {
        who = await clients.finish(pending, callbackUrl);
      } catch (error) {
        const reason = error instanceof OidcFailure ? error.reason : 'provider';
        log.warn({ organization: pending.organization, reason, detail: (error as Error).message }, 'single sign-on refused');
        const code = {
          state: IdentityErrorCode.OIDC_STATE_MISMATCH,
          nonce: IdentityErrorCode.OIDC_NONCE_MISMATCH,
          provider: IdentityErrorCode.OIDC_PROVIDER_ERROR,
        }[reason];
        return refuse(req, res, identityViolation(['state'], code));
      }
      const outcome = await identity.signInWithOidc(deps.system(req, res), pending.organization, who, { userAgent: req.headers['user-agent'] });
      if (!outcome.ok) {
        log.warn({ organization: pending.organization, code: outcome.violations[0]!.code }, 'single sign-on refused');
        return refuse(req, res, outcome.violations[0]!);
      }
      deps.setSessionCookie(res, outcome.value.token);
      res.redirect(303, pending.returnTo);
    } catch (error) {
      next(error);
    }
  });
}
