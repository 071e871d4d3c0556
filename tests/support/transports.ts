import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestApi } from './api';

/** What a client saw of one operation, whichever transport carried it. */
export interface TransportResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, any> }[];
}

/** One road to the API: runs an operation with a bearer key and returns what the client saw. */
export interface Transport {
  name: 'HTTP' | 'graphql-ws';
  run<T = Record<string, any>>(key: string, query: string, variables?: Record<string, unknown>): Promise<TransportResult<T>>;
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
  const http: Transport = {
    name: 'HTTP',
    run: async (key, query, variables) => {
      const { status: _status, ...body } = await api().gql(key, query, variables);
      return body as TransportResult<any>;
    },
  };
  const ws: Transport = {
    name: 'graphql-ws',
    run: async (key, query, variables) => {
      let client = clients.get(key);
      if (!client) {
        client = wsClient(api(), key);
        clients.set(key, client);
      }
      const results: TransportResult<any>[] = [];
      try {
        for await (const result of client.iterate({ query, variables })) {
          results.push(result as TransportResult<any>);
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
  return Object.assign([http, ws], {
    dispose: async () => {
      for (const client of clients.values()) await client.dispose();
    },
  });
}
