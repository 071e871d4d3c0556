import type { BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const APPLICATION_JSON = 'application/json';

/** The q-value `accept` gives a media type (most specific matching range wins); 0 when none matches. */
function quality(accept: string, mediaType: string): number {
  const [type] = mediaType.split('/');
  let best = { specificity: -1, q: 0 };
  for (const part of accept.split(',')) {
    const [range, ...params] = part
      .trim()
      .toLowerCase()
      .split(';')
      .map((s) => s.trim());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    const specificity = range === mediaType ? 2 : range === `${type}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity > best.specificity) best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}

/**
 * Whether the response goes out as `application/graphql-response+json`: the client prefers it
 * to `application/json` (ties go to `application/json`, as Apollo Server chooses).
 */
export function prefersGraphqlResponseJson(accept: string | undefined | null): boolean {
  if (!accept) return false;
  const modern = quality(accept, GRAPHQL_RESPONSE_JSON);
  return modern > 0 && modern > quality(accept, APPLICATION_JSON);
}

const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * Status codes of GraphQL over HTTP for a request that fails before execution (parse,
 * validation, variable coercion, our input layer): 400 when the response is
 * `application/graphql-response+json`, 200 when it is `application/json` (legacy clients read
 * the body, not the status). Other statuses (401, 429, 503) are left alone.
 */
export function statusByAccept({ request, response }: Pick<GraphQLRequestContextWillSendResponse<BaseContext>, 'request' | 'response'>): void {
  if (response.body.kind !== 'single') return;
  const { data, errors } = response.body.singleResult;
  if (data !== undefined || !errors?.length) return;
  if (response.http.status !== 400) return;
  if (!errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))) return;
  if (!prefersGraphqlResponseJson(request.http?.headers.get('accept'))) response.http.status = 200;
}

/** What a client error of body parsing (body-parser's `type`) is called in our answer. */
const BODY_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.parse.failed': { code: 'BAD_REQUEST', message: 'Request body is not valid JSON' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  'encoding.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported content encoding' },
  'charset.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported charset' },
  'request.aborted': { code: 'BAD_REQUEST', message: 'Request aborted' },
  'request.size.invalid': { code: 'BAD_REQUEST', message: 'Request size did not match content length' },
  'stream.encoding.set': { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' },
};

/** Answers a route nobody serves with a JSON 404. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
};

/**
 * The last handler of the app: every error any route or middleware throws is answered as
 * GraphQL-shaped JSON (`{ errors: [{ message, extensions: { code } }] }`), never Express's
 * HTML page with a stack and the install path. Client errors (4xx) keep their status and say
 * what was wrong in general words; anything else is a 500 "Internal server error", logged with
 * the request id.
 */
export function jsonErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = Number((error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode);
    const type = String((error as { type?: unknown }).type ?? '');
    const known = BODY_ERRORS[type];
    if (Number.isInteger(status) && status >= 400 && status < 500) {
      res.status(status).json({ errors: [{ message: known?.message ?? 'Bad request', extensions: { code: known?.code ?? 'BAD_REQUEST' } }] });
      return;
    }
    log.error({ err: error, requestId: res.locals.requestId, path: req.path }, 'request failed');
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  };
}
