import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express, { type ErrorRequestHandler } from 'express';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { MikroORM } from '@mikro-orm/postgresql';
import { WebSocketServer } from 'ws';
import type { Config } from '../config';
import { createContext } from '../db/context';
import { databaseReachable, isDatabaseUnavailable } from '../db/health';
import type { Logger } from '../logger';
import { ApiKeyService } from '../organizations';
import { credentialRoutes } from '../readiness';
import type { Clock } from '../shared/clock';
import { ServiceUnavailableError, UnauthenticatedError } from '../shared/errors';
import { preferredLanguage } from '../shared/localized';
import type { Caller, RequestContext } from '../shared/request-context';

/** What {@link startHttpServer} needs. */
export interface HttpServerOptions {
  config: Pick<Config, 'PORT' | 'HOST' | 'NODE_ENV' | 'MAX_BODY_BYTES' | 'MAX_QUERY_DEPTH' | 'MAX_QUERY_COST'>;
  orm: MikroORM;
  schema: GraphQLSchema;
  log: Logger;
  clock: Clock;
}

/** A listening API server. */
export interface RunningHttpServer {
  /** e.g. `http://127.0.0.1:4000/graphql` */
  url: string;
  port: number;
  close(): Promise<void>;
}

const apiKeys = new ApiKeyService();

function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/** Finds the caller of a key; distinguishes "no valid key" (401) from "database down" (503). */
async function authenticate(options: HttpServerOptions, token: string | undefined): Promise<Caller> {
  if (!token) throw new UnauthenticatedError();
  let caller: Caller | undefined;
  try {
    caller = await apiKeys.authenticate(options.orm.em.fork({ useContext: false }), token, options.clock.now());
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new ServiceUnavailableError();
    throw error;
  }
  if (!caller) throw new UnauthenticatedError('The API key is not valid or has been revoked');
  return caller;
}

/**
 * Masks what the client must not see. Coded errors (NOT_FOUND, FORBIDDEN, validation) pass;
 * a database outage becomes SERVICE_UNAVAILABLE; anything else is logged with the request id
 * by {@link errorLoggingPlugin} and reaches the client as "Internal server error", with no
 * stack and no SQL.
 */
function formatError() {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isDatabaseUnavailable(original)) {
      return { message: new ServiceUnavailableError().message, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    const code = formatted.extensions?.code;
    if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
      return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}

/**
 * One log line per operation (name, duration, error codes, request id, caller's organisation)
 * at debug level, and every unexpected error at error level with its stack. Never the query
 * text, variables or headers: they may hold personal data or keys.
 */
function requestLoggingPlugin(log: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (original instanceof GraphQLError && original.extensions?.code && original.extensions.code !== 'INTERNAL_SERVER_ERROR') continue;
            (contextValue?.log ?? log).error({ err: original, path: error.path }, 'request failed');
          }
        },
        async willSendResponse({ contextValue, operationName, errors }) {
          const caller = contextValue?.caller;
          (contextValue?.log ?? log).debug(
            {
              operation: operationName ?? undefined,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
              organizationId: caller && caller !== 'system' ? caller.organizationId : undefined,
              errors: errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const status = (error as { status?: number }).status;
  if (status === 413) {
    res.status(413).json({ errors: [{ message: 'Request body is too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  } else if (status === 400) {
    res.status(400).json({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
  } else {
    next(error);
  }
};

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

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.MAX_BODY_BYTES });
  const wsCleanup = useServer<{ authorization?: string; Authorization?: string }, { caller?: Caller }>(
    {
      schema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        try {
          ctx.extra.caller = await authenticate(options, bearerToken(params.authorization ?? params.Authorization));
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => createContext({ orm, caller: ctx.extra.caller as Caller, log, clock }),
    },
    wsServer,
  );

  const armor = new ApolloArmor({
    maxDepth: { n: config.MAX_QUERY_DEPTH },
    costLimit: { maxCost: config.MAX_QUERY_COST },
    maxAliases: { n: 30 },
    maxDirectives: { n: 20 },
    maxTokens: { n: 5000 },
    blockFieldSuggestion: { enabled: production },
  });
  const protection = armor.protect();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    ...protection,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(),
    plugins: [
      ...protection.plugins,
      requestLoggingPlugin(log),
      // No cache hints are used; the default cache-control plugin would instrument every field resolution.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await apollo.start();

  app.use((req, res, next) => {
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 100)) || randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    next();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await databaseReachable(orm);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database unreachable' });
  });
  // The one key-less route: public credential verification (see src/readiness/credential.routes.ts).
  app.use('/credentials', credentialRoutes({ orm, log, clock }));
  app.use(
    '/graphql',
    express.json({ limit: config.MAX_BODY_BYTES }),
    bodyErrors,
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const caller = await authenticate(options, bearerToken(req.headers.authorization));
        return createContext({
          orm,
          caller,
          log,
          clock,
          requestId: res.locals.requestId as string,
          lang: preferredLanguage(req.headers['accept-language']),
        });
      },
    }),
  );

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
