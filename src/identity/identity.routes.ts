import express, { type Request, type Response, type Router } from 'express';
import { createContext } from '../db/context';
import { RateLimiter } from '../db/rate-limit';
import type { RouteDeps } from '../module';
import { UnauthenticatedError } from '../shared/errors';
import { preferredLanguage } from '../shared/localized';
import type { Caller } from '../shared/request-context';
import type { RuleViolation } from '../shared/rule-violation';
import { SESSION_COOKIE, sessionTokenOf } from '../shared/session-cookie';
import type { AuthSession } from './auth-session.entity';
import { IdentityErrorCode, identityViolation } from './identity.messages';
import { normalEmail } from './identity.rules';
import { type IdentityService, SESSION_TTL_MS } from './identity.service';
import { mountOidcRoutes } from './oidc.routes';
import { newTotpSecret, otpauthUri } from './totp';

/** What {@link identityRoutes} needs. */
export interface IdentityRoutesOptions extends RouteDeps {
  identity: IdentityService;
}

const STATUS: Partial<Record<IdentityErrorCode, number>> = {
  SIGN_IN_FAILED: 401,
  TOO_MANY_ATTEMPTS: 429,
  SESSION_NOT_FOUND: 404,
  ORGANIZATION_INACTIVE: 403,
};

function sessionJson(s: AuthSession, current?: string) {
  return {
    id: s.id,
    method: s.method,
    membershipId: s.membership.id,
    createdAt: s.createdAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    revokedAt: s.revokedAt?.toISOString() ?? null,
    userAgent: s.userAgent ?? null,
    current: s.id === current,
  };
}

/**
 * `/auth`: JSON routes a browser (the web console) signs in with. Every POST must be
 * `application/json` (a cross-site HTML form cannot send it without a CORS preflight, which is
 * never granted), so they are safe from CSRF as the cookie-authenticated `/graphql` is.
 *
 * - `POST /auth/invitations/accept` `{ token, password }` → 200 `{ personId }`
 * - `POST /auth/sign-in` `{ email, password, totp?, membershipId? }` → 200 the viewer + `Set-Cookie`
 * - `POST /auth/totp/secret` → `{ secret, otpauthUri }`; `POST /auth/totp/enable` `{ secret, code }`
 * - `GET /auth/session` → the person, memberships and the active one
 * - `POST /auth/active-membership` `{ membershipId }` → the viewer
 * - `GET /auth/sessions` → the person's sessions; `POST /auth/sessions/:id/revoke`
 * - `POST /auth/sign-out` → 204, the session revoked and the cookie cleared
 * - `GET /auth/oidc/:bin/start`, `GET /auth/oidc/callback`: single sign-on (`oidc.routes.ts`)
 *
 * Errors: `{ errors: [{ message, extensions: { code, field } }] }`, codes of `IdentityErrorCode`
 * (401 SIGN_IN_FAILED, 429 TOO_MANY_ATTEMPTS with Retry-After, 400 the others) or UNAUTHENTICATED.
 */
export function identityRoutes(options: IdentityRoutesOptions): Router {
  const { orm, log, clock, identity, config } = options;
  const router = express.Router();
  // Secure when asked (COOKIE_SECURE), in production, and whenever the request came over TLS (also
  // through a proxy trusted with TRUST_PROXY that says X-Forwarded-Proto: https).
  const secureFor = (req: Request) => (config.COOKIE_SECURE ? config.COOKIE_SECURE === 'true' : config.NODE_ENV === 'production' || req.secure);
  const window = config.SIGN_IN_LOCK_SECONDS;
  const perAccount = new RateLimiter(orm, { name: 'sign-in-account', points: config.SIGN_IN_ATTEMPTS_PER_ACCOUNT, windowSeconds: window, exact: true }, log);
  const perIp = new RateLimiter(orm, { name: 'sign-in-ip', points: config.SIGN_IN_ATTEMPTS_PER_IP, windowSeconds: window, exact: true }, log);
  const system = (req: Request, res: Response) =>
    createContext({ orm, caller: 'system', log, clock, requestId: res.locals.requestId as string, lang: preferredLanguage(req.headers['accept-language']) });

  const refuse = (req: Request, res: Response, violations: RuleViolation<IdentityErrorCode>[], headers: Record<string, string> = {}) => {
    const lang = preferredLanguage(req.headers['accept-language']);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.status(STATUS[violations[0].code] ?? 400).json({
      errors: violations.map((v) => ({ message: v.message[lang], extensions: { code: v.code, field: v.field } })),
    });
  };
  const unauthenticated = (res: Response) =>
    res.status(401).json({ errors: [{ message: 'Sign in first: no live session cookie', extensions: { code: 'UNAUTHENTICATED' } }] });
  const setCookie = (res: Response, token: string) =>
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: secureFor(res.req), path: '/', maxAge: SESSION_TTL_MS });
  const notLive = (error: unknown): undefined => {
    if (error instanceof UnauthenticatedError) return undefined;
    throw error;
  };
  /** The signed-in caller of this request's cookie, or undefined. */
  const sessionCaller = async (req: Request): Promise<(Caller & { personId: string; sessionId: string }) | undefined> => {
    const token = sessionTokenOf(req.headers.cookie);
    // The /auth routes also serve an enrolment-only session (it must reach /auth/totp/*); a session
    // of a deactivated organisation is no live session here (GraphQL tells the reason).
    const caller = token ? await identity.authenticate(orm.em.fork({ useContext: false }), token, clock.now(), { enrolment: true }).catch(notLive) : undefined;
    return caller?.personId && caller.sessionId ? (caller as Caller & { personId: string; sessionId: string }) : undefined;
  };
  const viewerJson = async (req: Request, res: Response, personId: string, sessionId: string) => {
    const who = await identity.whoIs(system(req, res), personId, sessionId);
    return {
      person: { id: who.person.id, fullName: who.person.fullName, email: who.person.email },
      memberships: who.memberships.map((m) => ({ id: m.id, role: m.role, organizationId: m.organization.id, organizationBin: m.organization.bin })),
      activeMembershipId: who.activeMembershipId,
      /** True: the organisation requires a second factor for this membership's role; enrol it (`/auth/totp/*`) before anything else. */
      secondFactorEnrolmentRequired: who.enrolmentOnly,
    };
  };
  const str = (v: unknown) => (typeof v === 'string' ? v : '');

  router.use(express.json({ limit: '16kb' }));
  router.use((req, res, next) => {
    if (req.method !== 'POST' || req.is('application/json')) return next();
    res.status(415).json({ errors: [{ message: 'Send JSON (content-type: application/json)', extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] });
  });

  mountOidcRoutes(router, { config, log, clock, identity, secureFor, system, setSessionCookie: setCookie });

  router.post('/invitations/accept', async (req, res, next) => {
    try {
      const outcome = await identity.acceptInvitation(system(req, res), { token: str(req.body?.token), password: str(req.body?.password) });
      if (!outcome.ok) return refuse(req, res, outcome.violations);
      res.json({ personId: outcome.value.id });
    } catch (error) {
      next(error);
    }
  });

  router.post('/sign-in', async (req, res, next) => {
    try {
      const email = normalEmail(str(req.body?.email)) ?? str(req.body?.email).slice(0, 254);
      for (const [limiter, key] of [
        [perIp, req.ip ?? 'unknown'],
        [perAccount, email],
      ] as const) {
        const decision = await limiter.take(key);
        if (!decision.allowed) {
          return refuse(req, res, [identityViolation(['input'], IdentityErrorCode.TOO_MANY_ATTEMPTS)], { 'retry-after': String(decision.retryAfterSeconds) });
        }
      }
      const membershipId = typeof req.body?.membershipId === 'string' ? req.body.membershipId : undefined;
      const totp = typeof req.body?.totp === 'string' ? req.body.totp : undefined;
      const outcome = await identity.signIn(system(req, res), {
        email,
        password: str(req.body?.password),
        totp,
        membershipId,
        userAgent: req.headers['user-agent'],
      });
      if (!outcome.ok) return refuse(req, res, outcome.violations);
      await perAccount.forget(email);
      setCookie(res, outcome.value.token);
      res.json(await viewerJson(req, res, outcome.value.session.person.id, outcome.value.session.id));
    } catch (error) {
      next(error);
    }
  });

  router.get('/session', async (req, res, next) => {
    try {
      const caller = await sessionCaller(req);
      if (!caller) return unauthenticated(res);
      res.json(await viewerJson(req, res, caller.personId, caller.sessionId));
    } catch (error) {
      next(error);
    }
  });

  router.post('/active-membership', async (req, res, next) => {
    try {
      const caller = await sessionCaller(req);
      if (!caller) return unauthenticated(res);
      const outcome = await identity.chooseMembership(system(req, res), caller.personId, caller.sessionId, str(req.body?.membershipId));
      if (!outcome.ok) return refuse(req, res, outcome.violations);
      res.json(await viewerJson(req, res, caller.personId, caller.sessionId));
    } catch (error) {
      next(error);
    }
  });

  router.get('/sessions', async (req, res, next) => {
    try {
      const caller = await sessionCaller(req);
      if (!caller) return unauthenticated(res);
      const sessions = await identity.listSessions(system(req, res), caller.personId);
      res.json({ sessions: sessions.map((s) => sessionJson(s, caller.sessionId)) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/sessions/:id/revoke', async (req, res, next) => {
    try {
      const caller = await sessionCaller(req);
      if (!caller) return unauthenticated(res);
      const outcome = await identity.revokeSession(system(req, res), caller.personId, req.params.id);
      if (!outcome.ok) return refuse(req, res, outcome.violations);
      res.json({ session: sessionJson(outcome.value, caller.sessionId) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/totp/secret', async (req, res, next) => {
    try {
      const caller = await sessionCaller(req);
      if (!caller) return unauthenticated(res);
      const who = await identity.whoIs(system(req, res), caller.personId, caller.sessionId);
      const secret = newTotpSecret();
      res.json({ secret, otpauthUri: otpauthUri(secret, who.person.email) });
    } catch (error) {
      next(error);
    }
  });

  router.post('/totp/enable', async (req, res, next) => {
    try {
      const caller = await sessionCaller(req);
      if (!caller) return unauthenticated(res);
      const outcome = await identity.enableTotp(system(req, res), caller.personId, str(req.body?.secret), str(req.body?.code));
      if (!outcome.ok) return refuse(req, res, outcome.violations);
      res.json({ totpEnabled: true });
    } catch (error) {
      next(error);
    }
  });

  router.post('/sign-out', async (req, res, next) => {
    try {
      const caller = await sessionCaller(req);
      if (caller) await identity.revokeSession(system(req, res), caller.personId, caller.sessionId);
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: secureFor(req), path: '/' });
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  });

  return router;
}
