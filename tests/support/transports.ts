import { createClient, type Client, type Sink } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestApi } from './api';
import { type AnyDocument, type ResultOf, sourceOf, type VariablesArg, type VariablesOf } from './graphql';

/** What a client saw of one operation, whichever transport carried it. */
export interface TransportResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, any> }[];
}

/** One road to the API: runs an operation with a bearer key and returns what the client saw. */
export interface Transport {
  name: 'HTTP' | 'graphql-ws';
  run<D extends AnyDocument>(key: string, document: D, ...variables: VariablesArg<D>): Promise<TransportResult<ResultOf<D>>>;
  /** @deprecated A string document is not checked against the schema: wrap it in `graphql(\`…\`)` (or use `runRaw`). */
  run<T = Record<string, any>>(key: string, query: string, variables?: Record<string, unknown>): Promise<TransportResult<T>>;
  /** A document the API must refuse, as a plain string (see `TestApi.rawGql`). */
  runRaw(key: string, query: string, variables?: Record<string, unknown>): Promise<TransportResult>;
}

/** What graphql-ws delivers for one result of a typed operation. */
export type WsResult<D extends AnyDocument> = TransportResult<ResultOf<D>>;

/** `client.iterate` for a typed document: results typed from it. */
export function iterate<D extends AnyDocument>(client: Client, document: D, ...[variables]: VariablesArg<D>): AsyncIterableIterator<WsResult<D>> {
  return client.iterate({ query: sourceOf(document), variables: variables as Record<string, unknown> | undefined }) as AsyncIterableIterator<WsResult<D>>;
}

/** `client.subscribe` for a typed document; returns the unsubscribe function. */
export function subscribe<D extends AnyDocument>(client: Client, document: D, variables: VariablesOf<D> | undefined, sink: Sink<WsResult<D>>): () => void {
  return client.subscribe({ query: sourceOf(document), variables: variables as Record<string, unknown> | undefined }, sink as Sink);
}

/**
 * The result of a typed query or mutation over graphql-ws (rejects with what the server refused).
 * The operation is left to complete on its own, as the server completes it after its one result:
 * unsubscribing here first would let a lazy client close its socket before the test goes on.
 */
export function firstResult<D extends AnyDocument>(client: Client, document: D, ...[variables]: VariablesArg<D>): Promise<WsResult<D>> {
  return new Promise((resolve, reject) => {
    subscribe(client, document, variables, { next: resolve, error: reject, complete: () => undefined });
  });
}

/** Opens a graphql-ws client on the API with a bearer key (no retries, connects at once). */
export function wsClient(api: Pick<TestApi, 'url'>, key: string, onClosed?: (code: number) => void): Client {
  return createClient({
    url: api.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: false,
    // Closing is what some tests wait for; it is not an error to print.
    onNonLazyError: () => undefined,
    on: onClosed ? { closed: (event) => onClosed((event as { code: number }).code) } : undefined,
  });
}

/**
 * Every transport the API serves operations on: HTTP POST and graphql-ws. Use with
 * `describe.each(everyTransport(() => api))` so a limit or a mask is proved on each road; call
 * `dispose()` in afterAll to close the sockets.
 */
export function everyTransport(api: () => TestApi): Transport[] & { dispose(): Promise<void> } {
  const clients = new Map<string, Client>();
  // One implementation of both overloads of `run` (typed documents, and the deprecated strings).
  const runOn =
    (transport: Omit<Transport, 'run'>): Transport['run'] =>
    (key: string, document: string | AnyDocument, variables?: Record<string, unknown>) =>
      transport.runRaw(key, sourceOf(document), variables) as Promise<TransportResult<any>>;
  const http: Omit<Transport, 'run'> = {
    name: 'HTTP',
    runRaw: async (key, query, variables) => {
      const { status: _status, ...body } = await api().rawGql(key, query, variables);
      return body;
    },
  };
  const ws: Omit<Transport, 'run'> = {
    name: 'graphql-ws',
    runRaw: async (key, query, variables) => {
      let client = clients.get(key);
      if (!client) {
        client = wsClient(api(), key);
        clients.set(key, client);
      }
      const results: TransportResult[] = [];
      try {
        for await (const result of client.iterate({ query, variables })) {
          results.push(result as TransportResult);
          break;
        }
      } catch (error) {
        // graphql-ws rejects with the error list when the server refuses the operation.
        if (Array.isArray(error)) return { errors: error };
        throw error;
      }
      return results[0] ?? {};
    },
  };
  const transports: Transport[] = [Object.assign(http, { run: runOn(http) }), Object.assign(ws, { run: runOn(ws) })];
  return Object.assign(transports, {
    dispose: async () => {
      for (const client of clients.values()) await client.dispose();
    },
  });
}
