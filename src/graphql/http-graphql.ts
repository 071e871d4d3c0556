import type http from 'node:http';
import { type ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { Logger } from '../logger';
import type { RequestContext } from '../shared/request-context';
import type { CachedResponse, ResponseCache } from './response-cache';

/** What {@link graphqlPostHandler} needs; every check is the one the Express route runs. */
export interface GraphqlPostOptions {
  apollo: ApolloServer<RequestContext>;
  /** Largest accepted body in bytes (`MAX_BODY_BYTES`). */
  maxBodyBytes: number;
  log: Logger;
  /** Answers the request itself and returns true when it is refused before the body is read (per-IP limit, CSRF). */
  refuse(req: http.IncomingMessage, res: http.ServerResponse, requestId: string): Promise<boolean>;
  /** The request's context (authentication, per-key limit); throws what Apollo turns into 401, 429 or 503. */
  context(req: http.IncomingMessage, requestId: string): Promise<RequestContext>;
  /** Answers of queries per scope; none or disabled: every request is executed. */
  responseCache?: ResponseCache;
  /** Called for every answer served from the cache (the operation log and metrics of a cached request). */
  servedFromCache?(ctx: RequestContext, operationName: unknown, startedAt: bigint): void;
  /** Called for every request the cache could have answered and did not (it is executed). */
  cacheMissed?(): void;
  /** The name of the operation Apollo ran for this request (kept with its answer for {@link servedFromCache}). */
  operationNameOf?(request: HTTPGraphQLRequest): string | undefined;
}

/**
 * Whether `POST /graphql` can take the lean road: a JSON body in UTF-8 without a content
 * encoding. Anything else (another media type, a charset or compression) goes through Express,
 * whose body parser answers it as before.
 */
export function takesLeanRoad(req: http.IncomingMessage): boolean {
  if (req.method !== 'POST' || req.headers['content-encoding'] !== undefined) return false;
  const url = req.url ?? '';
  const q = url.indexOf('?');
  if ((q < 0 ? url : url.slice(0, q)) !== '/graphql') return false;
  const type = req.headers['content-type'];
  if (type === undefined) return false;
  const [media, ...params] = type.toLowerCase().split(';');
  if (media.trim() !== 'application/json') return false;
  return params.every((p) => {
    const [name, value] = p.split('=').map((s) => s.trim());
    return name === 'charset' ? value === 'utf-8' || value === '"utf-8"' : false;
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** The body of a request, up to `limit` bytes; `too-large` past it, `aborted` when the client went away. */
function readBody(req: http.IncomingMessage, limit: number): Promise<string | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (value: string | 'too-large' | 'aborted') => {
      if (done) return;
      done = true;
      resolve(value);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        finish('too-large');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('aborted', () => finish('aborted'));
    req.on('error', () => finish('aborted'));
  });
}

/** Writes an answer (Apollo's, or the cache's) as one `res.end`, so headers and body leave in one write. */
function writeAnswer(res: http.ServerResponse, answer: CachedResponse): void {
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.statusCode = answer.status;
  res.end(answer.body);
}

/**
 * `POST /graphql` on plain `node:http`, beside the Express app: the same per-IP limit, CSRF rule,
 * body limit and JSON errors as the Express route, then Apollo Server's own
 * `executeHTTPGraphQLRequest` (every plugin, validation rule and the masking run as before).
 * It saves Express's router, body parser and `res.send` (ETag, Buffer, a second write) on the
 * route every partner system calls, and is where the {@link ResponseCache} sits: after
 * authentication and the per-key limit, so a cached answer is counted and a revoked key is refused.
 */
export function graphqlPostHandler(options: GraphqlPostOptions): (req: http.IncomingMessage, res: http.ServerResponse, requestId: string) => Promise<void> {
  const { apollo, responseCache } = options;
  return async (req, res, requestId) => {
    const startedAt = process.hrtime.bigint();
    try {
      if (await options.refuse(req, res, requestId)) return;
      const text = await readBody(req, options.maxBodyBytes);
      if (text === 'too-large') return sendJson(res, 413, { errors: [{ message: 'Request body is too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      if (text === 'aborted') return sendJson(res, 400, { errors: [{ message: 'Request aborted', extensions: { code: 'BAD_REQUEST' } }] });
      let body: unknown = {};
      // As body-parser's strict JSON: an empty body is `{}`; otherwise an object or an array, nothing else
      // (a first character other than `{` or `[` after whitespace; JSON.parse refuses any other whitespace).
      const first = text.trimStart()[0];
      try {
        if (text.length > 0) {
          if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
          body = JSON.parse(text);
        }
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      }

      let ctx: RequestContext | undefined;
      let contextError: unknown;
      try {
        ctx = await options.context(req, requestId);
      } catch (error) {
        contextError = error;
      }

      let cacheKey: string | undefined;
      let generation = 0;
      if (ctx && responseCache?.enabled && ctx.caller !== 'system' && body !== null && typeof body === 'object' && !Array.isArray(body)) {
        const request = body as Record<string, unknown>;
        cacheKey = responseCache.keyOf({
          caller: ctx.caller,
          lang: ctx.lang,
          accept: req.headers.accept,
          query: request.query,
          operationName: request.operationName,
          variables: request.variables,
          extensions: request.extensions,
        });
        if (cacheKey !== undefined) {
          const cached = responseCache.get(cacheKey);
          if (cached) {
            writeAnswer(res, cached);
            options.servedFromCache?.(ctx, cached.operationName ?? request.operationName, startedAt);
            return;
          }
          generation = responseCache.currentGeneration;
          options.cacheMissed?.();
        }
      }

      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const httpGraphQLRequest: HTTPGraphQLRequest = { method: 'POST', headers, search: q < 0 ? '' : url.slice(q), body };
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: () => (ctx ? Promise.resolve(ctx) : Promise.reject(contextError)),
      });
      if (response.body.kind === 'complete') {
        const answer: CachedResponse = { status: response.status ?? 200, headers: [...response.headers], body: response.body.string };
        writeAnswer(res, answer);
        if (cacheKey !== undefined) responseCache!.store(cacheKey, generation, { ...answer, operationName: options.operationNameOf?.(httpGraphQLRequest) });
        return;
      }
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      options.log.error({ err: error, requestId, path: '/graphql' }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    }
  };
}
