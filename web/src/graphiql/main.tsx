import type { Fetcher, FetcherOpts, FetcherParams } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './graphiql.css';
import { createClient, type Client } from 'graphql-ws';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/**
 * The self-hosted GraphQL explorer at GET /graphql (browsers): no CDN, everything from this
 * server. It runs with the console's session cookie when signed in, or with an API key put in
 * the Headers tab as `{ "authorization": "Bearer dh_…" }`; subscriptions go over graphql-ws with
 * the same key as connection parameter.
 */
const sockets = new Map<string, Client>();
function socketFor(authorization: string | undefined): Client {
  const key = authorization ?? '';
  let client = sockets.get(key);
  if (!client) {
    client = createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      connectionParams: authorization ? { authorization } : undefined,
      lazy: true,
    });
    sockets.set(key, client);
  }
  return client;
}

function headerOf(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const entry = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name);
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}

const fetcher: Fetcher = (params: FetcherParams, opts?: FetcherOpts) => {
  const headers = (opts?.headers ?? {}) as Record<string, unknown>;
  if (/^\s*subscription\b/m.test(params.query) && !/^\s*(query|mutation)\b/m.test(params.query)) {
    const client = socketFor(headerOf(headers, 'authorization'));
    return client.iterate({
      query: params.query,
      variables: params.variables ?? undefined,
      operationName: params.operationName ?? undefined,
    }) as unknown as ReturnType<Fetcher>;
  }
  return fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...(headers as Record<string, string>) },
    body: JSON.stringify(params),
  }).then((r) => r.json());
};

const DEFAULT_QUERY = `# DualHub GraphQL explorer. Signed in to the console? Queries run as you.
# Otherwise put your API key in Headers: { "authorization": "Bearer dh_…" }
query Viewer {
  viewer {
    role
    organization { name { en } }
    person { fullName }
  }
}
`;

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} shouldPersistHeaders={false} />
  </StrictMode>,
);
