import { print } from '@0no-co/graphql.web';
import { initGraphQLTada, type ResultOf, type TadaDocumentNode, type VariablesOf } from 'gql.tada';
import { createClient, type Client } from 'graphql-ws';
import type { introspection } from './graphql-env';
import { activeLang } from './i18n/i18n';

/**
 * `graphql(\`query … \`)`: a document typed from schema/schema.graphql (through the generated
 * `graphql-env.d.ts`, made by `npm run console:gen`). A field the schema does not have, or a
 * variable of the wrong type, fails `npm run typecheck`.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTimeISO: string; JSONObject: Record<string, unknown>; JSON: unknown };
}>();
export type { ResultOf, VariablesOf };
export { readFragment } from 'gql.tada';

/** A GraphQL error as the API sends it (`extensions.code`: UNAUTHENTICATED, FORBIDDEN, …). */
export interface ApiError {
  message: string;
  extensions?: { code?: string; field?: string[] };
}

/** The request failed as a whole (transport, authentication, validation): nothing to show per field. */
export class GraphQLRequestError extends Error {
  constructor(
    readonly errors: ApiError[],
    readonly status: number,
  ) {
    super(errors.map((e) => e.message).join('; '));
  }
  /** The first error's code, e.g. `UNAUTHENTICATED`. */
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/**
 * Runs a query or mutation over HTTP with the session cookie (a JSON POST, which passes the
 * API's CSRF check) in the person's language. Throws {@link GraphQLRequestError} when the answer
 * has `errors`; rule violations come back as the payload's `userErrors`, not as a throw.
 */
export async function request<R, V>(document: TadaDocumentNode<R, V>, ...[variables]: V extends Record<string, never> ? [] | [V] : [V]): Promise<R> {
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', 'accept-language': activeLang() },
    body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
  });
  const body = (await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status}` }] }))) as { data?: R; errors?: ApiError[] };
  if (body.errors?.length || !body.data) throw new GraphQLRequestError(body.errors ?? [{ message: `HTTP ${response.status}` }], response.status);
  return body.data;
}

let socket: Client | undefined;

/**
 * The one graphql-ws client of the page (same origin; the browser sends the session cookie with
 * the upgrade). It connects on the first subscription, retries for ever with backoff after a
 * lost connection, and is closed by {@link closeLiveClient} at sign-out.
 */
export function liveClient(): Client {
  socket ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
  });
  return socket;
}

/** Closes the live connection (sign-out, membership switch: the next one carries the new cookie). */
export function closeLiveClient(): void {
  void socket?.dispose();
  socket = undefined;
}

/** What {@link subscribe} calls back with. */
export interface SubscriptionHandlers<R> {
  next(data: R): void;
  error?(error: unknown): void;
  complete?(): void;
}

/**
 * Subscribes to a typed subscription over {@link liveClient}; returns the unsubscribe function.
 * After a reconnection graphql-ws resubscribes with the same variables: a subscription that can
 * resume (e.g. `sessionEvents(afterSeq:)`) should pass the last sequence number it saw, through
 * `variables` as a function, called at each (re)subscription.
 */
export function subscribe<R, V>(document: TadaDocumentNode<R, V>, variables: V | (() => V), handlers: SubscriptionHandlers<R>): () => void {
  const query = print(document);
  let stopped = false;
  let stop: () => void = () => undefined;
  const start = () => {
    stop = liveClient().subscribe<R>(
      { query, variables: (typeof variables === 'function' ? (variables as () => V)() : variables) as Record<string, unknown> },
      {
        next: (value) => {
          if (value.data) handlers.next(value.data as R);
          else if (value.errors) handlers.error?.(new GraphQLRequestError(value.errors as ApiError[], 200));
        },
        error: (error) => handlers.error?.(error),
        complete: () => handlers.complete?.(),
      },
    );
  };
  start();
  const off = liveClient().on('connected', (_socket, _payload, wasRetry) => {
    // graphql-ws replays the same payload on retry; a function of variables must be re-read.
    if (wasRetry && typeof variables === 'function' && !stopped) {
      stop();
      start();
    }
  });
  return () => {
    stopped = true;
    off();
    stop();
  };
}
