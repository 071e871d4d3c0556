import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Router } from 'express';
import proxyAddr from 'proxy-addr';
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
import { RateLimitedError, RateLimiter, rateLimitedBody, rateLimitMiddleware } from '../db/rate-limit';
import { type Caller, limitKeyOf, type RequestContext } from '../shared/request-context';
import type { Metrics } from './metrics';
import { passesCsrfCheck, PREFLIGHT_HEADERS, provesNoCrossSiteForm, sessionTokenOf } from '../shared/session-cookie';
import { consoleRoutes } from './console';
import { jsonErrorHandler, notFoundHandler, statusByAccept } from './http-policy';
import { type OperationPolicy, type PolicyConfig, operationPolicy } from './transport-policy';
import { startGraphqlWs } from './websocket';
import { graphqlPostHandler, takesLeanRoad } from './http-graphql';
import { ResponseCache } from './response-cache';

/** What {@link startHttpServer} needs. */
export interface HttpServerOptions {
  config: Pick<Config, 'PORT' | 'HOST' | 'MAX_BODY_BYTES' | 'TRUST_PROXY' | 'REVOCATION_CHECK_MS' | 'GRAPHIQL' | 'METRICS_TOKEN' | 'RESPONSE_CACHE_TTL_MS'> &
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
  /**
   * Called with the response cache's `invalidate` once the server runs: the composition root
   * subscribes it to the bus's change events and the relay (other processes' mutations); it
   * returns what this process's mutations call to tell the other processes.
   */
  responseCacheInvalidation?: (invalidate: () => void) => () => void;
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

/** What {@link operationPlugin} does per HTTP operation. */
interface OperationPluginParts {
  policy: OperationPolicy;
  log: Logger;
  /** Counts and times operations; none: nothing is counted. */
  metrics?: Metrics;
  /** Empties the response cache; none: the cache is off and mutations need not be told apart. */
  invalidate?: () => void;
  /**
   * Where each HTTP request's resolved operation name is noted (the response cache keeps it for
   * the metrics of its hits), by the request's `HTTPGraphQLRequest`, which Apollo hands on as it is
   * (its context value it copies).
   */
  operationNames?: WeakMap<object, string>;
}

/**
 * Everything we do per HTTP operation, as one Apollo plugin (Apollo runs every plugin's hooks for
 * every request; one listener instead of five saves their calls and promises):
 * - the shared input layer (NUL, calendar dates, list caps) once the operation is known;
 * - a mutation empties the response cache once it has answered (a query begun before then is not
 *   stored: the cache's generation moved);
 * - unexpected errors logged with their stack, and one debug line per operation (only when debug
 *   is on), through the shared {@link OperationPolicy} (the socket logs through the same functions);
 * - the operation counted and timed in the metrics;
 * - the GraphQL-over-HTTP status of a request error by `accept` ({@link statusByAccept}).
 */
function operationPlugin({ policy, log, metrics, invalidate, operationNames }: OperationPluginParts): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const startedAt = process.hrtime.bigint();
      let mutation = false;
      return {
        async didResolveOperation({ document, operationName, operation, request }) {
          if (invalidate && operation?.operation === 'mutation') mutation = true;
          const errors = policy.checkInputs(document, operationName, request.variables);
          if (errors.length > 0) throw errors[0];
        },
        async didEncounterErrors({ errors, contextValue }) {
          policy.logErrors(contextValue?.log ?? log, errors);
        },
        async willSendResponse(requestContext) {
          const { contextValue, operationName, operation, errors } = requestContext;
          statusByAccept(requestContext);
          if (mutation) invalidate!();
          if (operationNames && requestContext.request.http && operationName) operationNames.set(requestContext.request.http, operationName);
          metrics?.recordOperation(operationName, operation?.operation, Number(process.hrtime.bigint() - startedAt) / 1e9, errors);
          // The line is at debug level: the request's child logger is only made when it is written.
          if (log.isLevelEnabled('debug'))
            policy.logOperation(contextValue?.log ?? log, { operation: operationName, transport: 'http', startedAt, caller: contextValue?.caller, errors });
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

/** The request's id: the client's `x-request-id` (at most 100 characters) or a new one. */
function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return (typeof given === 'string' && given.slice(0, 100)) || randomUUID();
}

/** Apollo Server's answer to a request refused by {@link provesNoCrossSiteForm}, word for word (its own check is off). */
const CROSS_SITE_FORM_BODY = {
  errors: [
    {
      message:
        "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header " +
        '(with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value ' +
        `for one of the following headers: ${PREFLIGHT_HEADERS.join(', ')}\n`,
      extensions: { code: 'BAD_REQUEST' },
    },
  ],
};

const CSRF_REJECTED_BODY = {
  errors: [
    {
      message: 'A request signed in with a session cookie must be a POST with content-type application/json or carry the x-dualhub-csrf header',
      extensions: { code: 'CSRF_REJECTED' },
    },
  ],
};

/**
 * The CSRF rules of /graphql, one place for both roads (the lean `node:http` one and Express),
 * checked before the body is read: the refusal to answer, or undefined to go on.
 * - A browser sends the session cookie with cross-site requests too: a cookie-authenticated
 *   request must prove it is not a cross-site form (403 `CSRF_REJECTED`); key-authenticated ones need not.
 * - Whatever the credentials, a request a cross-site page could send without a preflight needs a
 *   preflight header ({@link provesNoCrossSiteForm}; 400 `BAD_REQUEST`, as Apollo's own check answered).
 */
function graphqlCsrfRefusal(req: http.IncomingMessage): { status: number; body: unknown } | undefined {
  const cookieOnly = !bearerToken(req.headers.authorization) && sessionTokenOf(req.headers.cookie);
  if (cookieOnly && !passesCsrfCheck(req.method ?? 'GET', req.headers)) return { status: 403, body: CSRF_REJECTED_BODY };
  if (!provesNoCrossSiteForm(req.headers)) return { status: 400, body: CROSS_SITE_FORM_BODY };
  return undefined;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
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
  // POST /graphql with a JSON body takes the lean road (src/graphql/http-graphql.ts); the rest is Express.
  // Set once Apollo has started (the server must exist before: the socket and the drain plugin need it).
  const leanRoad: { handle?: (req: http.IncomingMessage, res: http.ServerResponse, requestId: string) => Promise<void> } = {};
  const httpServer = http.createServer((req, res) => {
    if (!leanRoad.handle || !takesLeanRoad(req)) return app(req, res);
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    void leanRoad.handle(req, res, requestId);
  });

  if (config.TRUST_PROXY) app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  const trust = app.get('trust proxy fn') as Parameters<typeof proxyAddr>[1];
  // Without TRUST_PROXY no forwarded header counts: the client is the socket's peer (what proxy-addr answers then, without parsing the headers).
  const clientAddress = (req: http.IncomingMessage) => (config.TRUST_PROXY ? proxyAddr(req, trust) : req.socket.remoteAddress);
  const responseCache = new ResponseCache({ ttlMs: config.RESPONSE_CACHE_TTL_MS });
  const localInvalidation = () => responseCache.invalidate();
  const operationNames = new WeakMap<object, string>();
  const tellOthers = options.responseCacheInvalidation?.(localInvalidation);
  const invalidateEverywhere = () => {
    localInvalidation();
    tellOthers?.();
  };
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
    onMutation: invalidateEverywhere,
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
    // Its rule is applied before Apollo on both roads to /graphql (graphqlCsrfRefusal), with our header as a proof too.
    csrfPrevention: false,
    formatError: policy.formatError,
    // The composition root stops everything in order on SIGTERM/SIGINT (src/main.ts). Apollo's own
    // handlers (installed outside NODE_ENV=test) stopped Apollo beside it, and our second stop()
    // then waited forever on Apollo's barrier: the process never exited.
    stopOnTerminationSignals: false,
    plugins: [
      operationPlugin({
        policy,
        log,
        metrics: options.metrics,
        invalidate: responseCache.enabled ? invalidateEverywhere : undefined,
        operationNames: responseCache.enabled ? operationNames : undefined,
      }),
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

  const graphqlContext = async (req: http.IncomingMessage, requestId: string): Promise<RequestContext> => {
    const bearer = bearerToken(req.headers.authorization);
    const caller = await authenticate(options, { bearer, session: bearer ? undefined : sessionTokenOf(req.headers.cookie) });
    const decision = await limits.perKey.take(limitKeyOf(caller));
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
    return createContext({
      orm,
      caller,
      log,
      clock,
      requestId,
      visibility: options.visibility,
      lang: preferredLanguage(req.headers['accept-language']),
    });
  };
  leanRoad.handle = graphqlPostHandler({
    apollo,
    maxBodyBytes: config.MAX_BODY_BYTES,
    log,
    responseCache,
    context: graphqlContext,
    servedFromCache: (ctx, operationName, startedAt) => {
      const name = typeof operationName === 'string' ? operationName : undefined;
      options.metrics?.responseCache.inc({ outcome: 'hit' });
      options.metrics?.recordOperation(name, 'query', Number(process.hrtime.bigint() - startedAt) / 1e9, undefined);
      if (log.isLevelEnabled('debug'))
        policy.logOperation(ctx.log, {
          operation: name,
          transport: 'http',
          startedAt,
          caller: ctx.caller,
        });
    },
    cacheMissed: () => options.metrics?.responseCache.inc({ outcome: 'miss' }),
    operationNameOf: (request) => operationNames.get(request),
    refuse: async (req, res) => {
      const decision = await limits.perIp.take(clientAddress(req) ?? 'unknown');
      if (!decision.allowed) {
        sendJson(res, 429, rateLimitedBody(decision.retryAfterSeconds), { 'retry-after': String(decision.retryAfterSeconds) });
        return true;
      }
      const refusal = graphqlCsrfRefusal(req);
      if (refusal) sendJson(res, refusal.status, refusal.body);
      return refusal !== undefined;
    },
  });

  app.use((req, res, next) => {
    const requestId = requestIdOf(req);
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
      const refusal = graphqlCsrfRefusal(req);
      if (refusal) return void res.status(refusal.status).json(refusal.body);
      next();
    },
    express.json({ limit: config.MAX_BODY_BYTES }),
    expressMiddleware(apollo, { context: ({ req, res }) => graphqlContext(req, res.locals.requestId as string) }),
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
