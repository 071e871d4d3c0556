import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config';
import { createContext } from '../db/context';
import { databaseReachable, isDatabaseUnavailable } from '../db/health';
import type { Logger } from '../logger';
import type { ApiKeyService } from '../organizations';
import type { VisibilityRules } from '../db/scope';
import type { Clock } from '../shared/clock';
import { ServiceUnavailableError, UnauthenticatedError } from '../shared/errors';
import { preferredLanguage } from '../shared/localized';
import { RateLimitedError, RateLimiter, rateLimitMiddleware } from '../db/rate-limit';
import { type Caller, limitKeyOf, type RequestContext } from '../shared/request-context';
import type { Metrics } from './metrics';
import { CSRF_HEADER, passesCsrfCheck, sessionTokenOf } from '../shared/session-cookie';
import { consoleRoutes } from './console';
import { jsonErrorHandler, notFoundHandler, statusByAcceptPlugin } from './http-policy';
import { type OperationPolicy, type PolicyConfig, operationPolicy } from './transport-policy';
import { startGraphqlWs } from './websocket';

/** What {@link startHttpServer} needs. */
export interface HttpServerOptions {
  config: Pick<Config, 'PORT' | 'HOST' | 'MAX_BODY_BYTES' | 'TRUST_PROXY' | 'REVOCATION_CHECK_MS' | 'GRAPHIQL' | 'METRICS_TOKEN'> &
    PolicyConfig &
    RateLimitConfig;
  orm: MikroORM;
  schema: GraphQLSchema;
  log: Logger;
  clock: Clock;
  /** Finds the caller of a bearer key (from the composition root). */
  apiKeys: ApiKeyService;
  /** Finds the caller of a session cookie (the identity context, from the composition root). */
  sessions: SessionAuthenticator;
  /** The modules' visibility rules, set on every caller's scope. */
  visibility: VisibilityRules;
  /** Key-less routes beside `/graphql`, by mount path (the modules' `routes`). */
  routes: Readonly<Record<string, Router>>;
  /** Routes that need a caller, by mount path (the modules' `authenticatedRoutes`): `res.locals.ctx` is the request's context. */
  authenticatedRoutes?: Readonly<Record<string, Router>>;
  /** The app's metrics: HTTP operations are counted and `GET /metrics` serves them; none when absent. */
  metrics?: Metrics;
}

/** A listening API server. */
export interface RunningHttpServer {
  /** e.g. `http://127.0.0.1:4000/graphql` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The rate-limit settings of the API (see the README's configuration table). */
export type RateLimitConfig = Pick<Config, 'RATE_LIMIT_WINDOW_SECONDS' | 'RATE_LIMIT_PER_KEY' | 'RATE_LIMIT_PER_IP' | 'RATE_LIMIT_CREDENTIALS_PER_IP'>;

/** How a signed-in person's session becomes a caller (implemented by the identity context). */
export interface SessionAuthenticator {
  /** The caller of a live session token, or undefined. */
  authenticate(em: EntityManager, token: string, now: Date): Promise<Caller | undefined>;
  /** Of these session ids, the ones still live. */
  liveSessionIds(em: EntityManager, ids: readonly string[], now: Date): Promise<Set<string>>;
}

/** What a request presents: a bearer API key, or a session cookie's token. A key wins. */
export interface Credentials {
  bearer?: string;
  session?: string;
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/**
 * The one place a request's caller is built: from a bearer API key, or from a session cookie
 * (organisation and role of the session's active membership). Distinguishes "no valid
 * credentials" (401) from "database down" (503).
 */
async function authenticate(options: HttpServerOptions, credentials: Credentials): Promise<Caller> {
  const { bearer, session } = credentials;
  if (!bearer && !session) throw new UnauthenticatedError();
  let caller: Caller | undefined;
  try {
    // A key is checked with plain statements (and mostly from its 1 s cache): no fork needed.
    caller = bearer
      ? await options.apiKeys.authenticate(options.orm.em, bearer, options.clock.now())
      : await options.sessions.authenticate(options.orm.em.fork({ useContext: false }), session!, options.clock.now());
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new ServiceUnavailableError();
    throw error;
  }
  if (!caller)
    throw new UnauthenticatedError(bearer ? 'The API key is not valid or has been revoked' : 'The session has expired or been revoked; sign in again');
  return caller;
}

/**
 * One log line per HTTP operation and every unexpected error with its stack, through the
 * shared {@link OperationPolicy} (the socket logs through the same functions).
 */
function requestLoggingPlugin(policy: OperationPolicy, log: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const startedAt = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors, contextValue }) {
          policy.logErrors(contextValue?.log ?? log, errors);
        },
        async willSendResponse({ contextValue, operationName, errors }) {
          policy.logOperation(contextValue?.log ?? log, { operation: operationName, transport: 'http', startedAt, caller: contextValue?.caller, errors });
        },
      };
    },
  };
}

/** Runs the shared input layer (NUL, calendar dates, list caps) once the operation is known. */
function inputGuardPlugin(policy: OperationPolicy): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, request }) {
          const errors = policy.checkInputs(document, operationName, request.variables);
          if (errors.length > 0) throw errors[0];
        },
      };
    },
  };
}

/** `TRUST_PROXY` as Express takes it: a hop count, `true`/`false`, or addresses and names. */
function trustProxySetting(value: string): boolean | number | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

/**
 * The API process's HTTP face: `/graphql` (queries and mutations over HTTP, subscriptions over
 * graphql-ws on the same path), `/healthz` (process up) and `/readyz` (database reachable).
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { config, orm, schema, log, clock } = options;
  const production = config.NODE_ENV === 'production';
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  if (config.TRUST_PROXY) app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  const policy = operationPolicy(config);
  const window = config.RATE_LIMIT_WINDOW_SECONDS;
  const limits = {
    perKey: new RateLimiter(orm, { name: 'graphql-key', points: config.RATE_LIMIT_PER_KEY, windowSeconds: window }, log),
    perIp: new RateLimiter(orm, { name: 'graphql-ip', points: config.RATE_LIMIT_PER_IP, windowSeconds: window }, log),
    credentialsPerIp: new RateLimiter(orm, { name: 'credentials-ip', points: config.RATE_LIMIT_CREDENTIALS_PER_IP, windowSeconds: window }, log),
  };
  const expiredSweep = setInterval(() => void Promise.all(Object.values(limits).map((l) => l.clearExpired())), 300_000);
  expiredSweep.unref();

  const ws = startGraphqlWs({
    httpServer,
    schema,
    orm,
    log,
    clock,
    policy,
    visibility: options.visibility,
    maxPayloadBytes: config.MAX_BODY_BYTES,
    authenticate: (credentials) => authenticate(options, credentials),
    sessions: options.sessions,
    limits,
    revocationCheckMs: config.REVOCATION_CHECK_MS,
  });

  const apollo = new ApolloServer<RequestContext>({
    schema,
    validationRules: policy.validationRules,
    parseOptions: { maxTokens: policy.maxTokens },
    introspection: policy.introspection,
    includeStacktraceInErrorResponses: false,
    // Apollo's own CSRF prevention, with our header accepted as the proof of a preflight too.
    csrfPrevention: { requestHeaders: [CSRF_HEADER, 'x-apollo-operation-name', 'apollo-require-preflight'] },
    formatError: policy.formatError,
    plugins: [
      requestLoggingPlugin(policy, log),
      ...(options.metrics ? [options.metrics.plugin<RequestContext>()] : []),
      inputGuardPlugin(policy),
      statusByAcceptPlugin(),
      // No cache hints are used; the default cache-control plugin would instrument every field resolution.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo's landing page loads its code from a CDN; browsers get the self-hosted GraphiQL instead (src/graphql/console.ts).
      ApolloServerPluginLandingPageDisabled(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              clearInterval(expiredSweep);
              await ws.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use((req, res, next) => {
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 100)) || randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    next();
  });
  if (options.metrics) app.get('/metrics', options.metrics.handler(config.METRICS_TOKEN));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await databaseReachable(orm);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database unreachable' });
  });
  // Key-less routes from the modules (today one: public credential verification, src/readiness/credential.routes.ts), rate-limited per IP.
  for (const [mount, router] of Object.entries(options.routes)) app.use(mount, rateLimitMiddleware(limits.credentialsPerIp), router);
  // The web console at `/` and GraphiQL for browsers at GET /graphql (before the GraphQL route).
  app.use(consoleRoutes({ graphiql: config.GRAPHIQL ?? !production }));
  app.use(
    '/graphql',
    rateLimitMiddleware(limits.perIp),
    (req, res, next) => {
      // A browser sends the session cookie with cross-site requests too: a cookie-authenticated
      // request must prove it is not a cross-site form (CSRF). Key-authenticated ones need not.
      if (bearerToken(req.headers.authorization) || !sessionTokenOf(req.headers.cookie) || passesCsrfCheck(req.method, req.headers)) return next();
      res.status(403).json({
        errors: [
          {
            message: 'A request signed in with a session cookie must be a POST with content-type application/json or carry the x-dualhub-csrf header',
            extensions: { code: 'CSRF_REJECTED' },
          },
        ],
      });
    },
    express.json({ limit: config.MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const bearer = bearerToken(req.headers.authorization);
        const caller = await authenticate(options, { bearer, session: bearer ? undefined : sessionTokenOf(req.headers.cookie) });
        const decision = await limits.perKey.take(limitKeyOf(caller));
        if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
        return createContext({
          orm,
          caller,
          log,
          clock,
          requestId: res.locals.requestId as string,
          visibility: options.visibility,
          lang: preferredLanguage(req.headers['accept-language']),
        });
      },
    }),
  );
  // Routes that need a caller (e.g. /exports): the same authentication, per-key limit and CSRF
  // rule as /graphql (a cookie-authenticated request must carry the x-dualhub-csrf header), and a
  // request context scoped exactly like a GraphQL request's.
  for (const [mount, router] of Object.entries(options.authenticatedRoutes ?? {})) {
    app.use(
      mount,
      rateLimitMiddleware(limits.perIp),
      async (req, res, next) => {
        const httpError = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
          res
            .status(status)
            .set(headers)
            .json({ errors: [{ message, extensions: { code } }] });
        try {
          const bearer = bearerToken(req.headers.authorization);
          const session = bearer ? undefined : sessionTokenOf(req.headers.cookie);
          if (session && !passesCsrfCheck(req.method, req.headers))
            return httpError(403, 'CSRF_REJECTED', 'A request signed in with a session cookie must carry the x-dualhub-csrf header');
          const caller = await authenticate(options, { bearer, session });
          const decision = await limits.perKey.take(limitKeyOf(caller));
          if (!decision.allowed) return httpError(429, 'RATE_LIMITED', 'Too many requests', { 'retry-after': String(decision.retryAfterSeconds) });
          res.locals.ctx = createContext({
            orm,
            caller,
            log,
            clock,
            requestId: res.locals.requestId as string,
            visibility: options.visibility,
            lang: preferredLanguage(req.headers['accept-language']),
          });
          next();
        } catch (error) {
          const code = (error as { extensions?: { code?: string } }).extensions?.code;
          if (code === 'UNAUTHENTICATED') return httpError(401, code, (error as Error).message);
          if (code === 'SERVICE_UNAVAILABLE') return httpError(503, code, (error as Error).message);
          next(error);
        }
      },
      router,
    );
  }
  app.use(notFoundHandler);
  app.use(jsonErrorHandler(log));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}/graphql`;
  return {
    url,
    port,
    close: async () => {
      await apollo.stop();
    },
  };
}
