import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { type ExecutionArgs, GraphQLError, type GraphQLFormattedError, type GraphQLSchema, getOperationAST, parse, specifiedRules, validate } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { useServer } from 'graphql-ws/use/ws';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import { createContext } from '../db/context';
import type { VisibilityRules } from '../db/scope';
import type { Logger } from '../logger';
import type { Clock } from '../shared/clock';
import { RateLimitedError, type RateLimiter } from '../db/rate-limit';
import { type Caller, limitKeyOf } from '../shared/request-context';
import { sameOriginUpgrade, sessionTokenOf } from '../shared/session-cookie';
import type { Credentials, SessionAuthenticator } from './server';
import type { OperationPolicy } from './transport-policy';

/** Close code sent to a socket whose API key was revoked (4403: graphql-ws's "Forbidden"). */
export const CLOSE_KEY_REVOKED = 4403;

/** What {@link startGraphqlWs} needs. */
export interface GraphqlWsOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  orm: MikroORM;
  log: Logger;
  clock: Clock;
  policy: OperationPolicy;
  /** The modules' visibility rules, set on every caller's scope (as on HTTP). */
  visibility: VisibilityRules;
  maxPayloadBytes: number;
  /** Finds the caller of a bearer key or a session cookie (the HTTP server's one function); throws when there is none. */
  authenticate(credentials: Credentials): Promise<Caller>;
  /** Tells which sessions are still live, for the revocation sweep. */
  sessions: Pick<SessionAuthenticator, 'liveSessionIds'>;
  /** Rate limits taken per operation: by key id and by client IP address. */
  limits: { perKey: RateLimiter; perIp: RateLimiter };
  /** How often open sockets are checked for revoked keys, in ms. */
  revocationCheckMs: number;
  /** Called when a mutation has completed (the response cache forgets its answers). */
  onMutation?: () => void;
}

interface SocketState {
  caller?: Caller;
  credentials: Credentials;
  ip: string;
  /** Operations running on this socket, by graphql-ws id: what their log line needs. */
  running: Map<string, { log: Logger; startedAt: bigint; codes: Set<string>; mutation: boolean }>;
}

function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

function coded(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/**
 * graphql-ws on `/graphql`, under the same {@link OperationPolicy} as HTTP. Queries and
 * mutations are allowed over the socket as well as subscriptions (graphql-ws-only clients
 * exist), with exactly the HTTP rules: the key is checked again for every operation, each
 * operation takes a point from the same per-key and per-IP rate limits, the document is parsed
 * with the token limit, validated with the same rules, inputs checked by the same layer, and
 * every error is masked and logged the same way.
 *
 * Revocation reaches open sockets within `revocationCheckMs` (plus one query): every open
 * socket's key is looked up in one statement per period, and sockets of keys no longer live
 * are closed with {@link CLOSE_KEY_REVOKED}, which also ends their subscriptions. The check
 * reads the database, so it holds whichever API process revoked the key.
 */
export function startGraphqlWs(options: GraphqlWsOptions): { dispose(): Promise<void> } {
  const { schema, orm, log, clock, policy } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: '/graphql', maxPayload: options.maxPayloadBytes });
  const open = new Map<WebSocket, SocketState>();

  const cleanup = useServer<Record<string, unknown>, { state: SocketState }>(
    {
      schema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const bearer = bearerToken(params.authorization ?? params.Authorization);
        const { headers } = ctx.extra.request;
        // The upgrade request carries the session cookie; a browser sends it cross-site too, so a
        // cookie is taken only from our own origin (cross-site WebSocket hijacking).
        const session = bearer || !sameOriginUpgrade(headers) ? undefined : sessionTokenOf(headers.cookie);
        const state: SocketState = { credentials: { bearer, session }, ip: ctx.extra.request.socket.remoteAddress ?? 'unknown', running: new Map() };
        try {
          state.caller = await options.authenticate(state.credentials);
        } catch {
          return false;
        }
        ctx.extra.state = state;
        open.set(ctx.extra.socket, state);
        return true;
      },
      onClose: (ctx) => {
        open.delete(ctx.extra.socket);
      },
      onSubscribe: async (ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
        const startedAt = process.hrtime.bigint();
        const state = ctx.extra.state!;
        const requestId = randomUUID();
        const opLog = log.child({ requestId });
        const refuse = (errors: readonly GraphQLError[]) => {
          policy.logOperation(opLog, { operation: payload.operationName, transport: 'ws', startedAt, caller: state.caller, errors });
          return errors;
        };
        try {
          state.caller = await options.authenticate(state.credentials);
        } catch (error) {
          // The key or session was revoked (or the database is down) since the socket opened.
          if (error instanceof GraphQLError && error.extensions?.code === 'UNAUTHENTICATED') ctx.extra.socket.close(CLOSE_KEY_REVOKED, 'Credentials revoked');
          return refuse([error instanceof GraphQLError ? error : new GraphQLError('Internal server error')]);
        }
        for (const [limiter, key] of [
          [options.limits.perIp, state.ip],
          [options.limits.perKey, limitKeyOf(state.caller)],
        ] as const) {
          const decision = await limiter.take(key);
          if (!decision.allowed) return refuse([new RateLimitedError(decision.retryAfterSeconds)]);
        }
        let document;
        try {
          document = parse(payload.query, { maxTokens: policy.maxTokens });
        } catch (error) {
          return refuse([coded(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')]);
        }
        const validationErrors = validate(schema, document, [...specifiedRules, ...policy.validationRules]);
        if (validationErrors.length > 0) return refuse(validationErrors.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED')));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return refuse([new GraphQLError('Unknown operation', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {}, { maxErrors: 20 });
        if (coerced.errors) return refuse(coerced.errors.map((e) => coded(e, 'BAD_USER_INPUT')));
        const inputErrors = policy.checkInputs(document, payload.operationName, payload.variables);
        if (inputErrors.length > 0) return refuse(inputErrors);
        const contextValue = createContext({ orm, caller: state.caller, log, clock, requestId, visibility: options.visibility });
        const mutation = operation.operation === 'mutation';
        state.running.set(id, { log: contextValue.log, startedAt, codes: new Set(), mutation });
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onError: (_ctx, _id, _payload, errors): GraphQLFormattedError[] => errors.map((error) => policy.formatError(error.toJSON(), error)),
      onNext: (ctx, id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        const running = ctx.extra.state?.running.get(id);
        policy.logErrors(running?.log ?? log, result.errors);
        const formatted = result.errors.map((error) => policy.formatError(error.toJSON(), error));
        for (const error of formatted) running?.codes.add(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        return { ...result, errors: formatted };
      },
      onComplete: (ctx, id, payload) => {
        const state = ctx.extra.state;
        const running = state?.running.get(id);
        if (!state || !running) return;
        state.running.delete(id);
        if (running.mutation) options.onMutation?.();
        const errors = [...running.codes].map((code) => ({ message: code, extensions: { code } }));
        policy.logOperation(running.log, {
          operation: payload.operationName,
          transport: 'ws',
          startedAt: running.startedAt,
          caller: state.caller,
          errors: errors.length ? errors : undefined,
        });
      },
    },
    wsServer,
  );

  let sweeping = false;
  const sweep = async () => {
    if (sweeping || open.size === 0) return;
    sweeping = true;
    try {
      // Judge only the sockets of this snapshot: one that opens while the query runs has a key
      // the query did not look at.
      const checked = [...open.entries()];
      const keyIds = [...new Set(checked.flatMap(([, s]) => (s.caller?.keyId ? [s.caller.keyId] : [])))];
      const sessionIds = [...new Set(checked.flatMap(([, s]) => (s.caller?.sessionId ? [s.caller.sessionId] : [])))];
      if (keyIds.length === 0 && sessionIds.length === 0) return;
      const em = orm.em.fork({ useContext: false });
      const rows =
        keyIds.length > 0
          ? ((await em
              .getConnection()
              .execute(
                'select k.id from api_key k join organization o on o.id = k.organization_id where k.id in (?) and k.revoked_at is null and o.active',
                [keyIds],
                'all',
              )) as { id: string }[])
          : [];
      const live = new Set(rows.map((r) => r.id));
      const liveSessions = await options.sessions.liveSessionIds(em, sessionIds, clock.now());
      for (const [socket, state] of checked) {
        const c = state.caller;
        if (!c || !open.has(socket)) continue;
        const revoked = c.keyId ? !live.has(c.keyId) : c.sessionId ? !liveSessions.has(c.sessionId) : false;
        if (revoked) {
          log.info({ keyId: c.keyId, sessionId: c.sessionId }, 'socket of a revoked API key or session (or of a deactivated organisation) closed');
          open.delete(socket);
          socket.close(CLOSE_KEY_REVOKED, 'Credentials revoked');
        }
      }
    } catch (error) {
      log.warn({ err: error }, 'revocation check of open sockets failed; retrying');
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(() => void sweep(), options.revocationCheckMs);
  timer.unref();

  return {
    dispose: async () => {
      clearInterval(timer);
      await cleanup.dispose();
    },
  };
}
