import type { Caller } from '../shared/request-context';
import { ResponseCache } from './response-cache';

const caller: Caller = { keyId: 'k1', organizationId: 'o1', organizationKind: 'EMPLOYER' as never, region: 'PAVLODAR', role: 'READER' };
const ask = (query: unknown, more: Partial<Parameters<ResponseCache['keyOf']>[0]> = {}) => ({
  caller,
  lang: 'en',
  accept: undefined,
  query,
  operationName: undefined,
  variables: undefined,
  extensions: undefined,
  ...more,
});
const OK = { status: 200, headers: [['content-type', 'application/json; charset=utf-8']] as const, body: '{"data":{"placements":{"nodes":[]}}}' };

describe('ResponseCache', () => {
  test('caches queries over stored rows only: no mutation, subscription, time-sensitive field, persisted-query hash or bare __typename', () => {
    const cache = new ResponseCache({ ttlMs: 500 });
    expect(cache.keyOf(ask('{ placements(first: 5) { nodes { code } } }'))).toBeDefined();
    expect(cache.keyOf(ask('query Q { ...F } fragment F on Query { workplaces { nodes { code } } }'))).toBeDefined();
    expect(cache.keyOf(ask('mutation { revokeApiKey(input: { apiKeyId: "x" }) { apiKey { id } } }'))).toBeUndefined();
    expect(cache.keyOf(ask('subscription { placementChanged { id } }'))).toBeUndefined();
    expect(cache.keyOf(ask('{ clearance(studentId: "s", workplaceId: "w") { status } }'))).toBeUndefined();
    expect(cache.keyOf(ask('{ placements { nodes { ...P } } } fragment P on Placement { clearance { status } }'))).toBeUndefined();
    expect(cache.keyOf(ask('{ viewer { role } }'))).toBeUndefined();
    expect(cache.keyOf(ask('{ node(id: "x") { id } }'))).toBeUndefined();
    expect(cache.keyOf(ask('{ __typename }'))).toBeUndefined();
    expect(cache.keyOf(ask(undefined, { extensions: { persistedQuery: { sha256Hash: 'abc' } } }))).toBeUndefined();
    expect(cache.keyOf(ask('{ placements { nodes { code } } }', { extensions: { persistedQuery: {} } }))).toBeUndefined();
    expect(cache.keyOf(ask('{ placements('))).toBeUndefined();
  });

  test('keys differ by caller, language, media type and variables', () => {
    const cache = new ResponseCache({ ttlMs: 500 });
    const query = 'query($n: Int) { placements(first: $n) { nodes { code } } }';
    const keys = [
      cache.keyOf(ask(query)),
      cache.keyOf(ask(query, { caller: { ...caller, keyId: 'k2' } })),
      cache.keyOf(ask(query, { caller: { ...caller, organizationId: 'o2' } })),
      cache.keyOf(ask(query, { caller: { ...caller, role: 'ADMIN' } })),
      cache.keyOf(
        ask(query, {
          caller: { organizationId: 'o1', organizationKind: 'EMPLOYER' as never, region: 'PAVLODAR', role: 'READER', personId: 'p', sessionId: 's' },
        }),
      ),
      cache.keyOf(ask(query, { lang: 'kk' })),
      cache.keyOf(ask(query, { accept: 'application/graphql-response+json' })),
      cache.keyOf(ask(query, { variables: { n: 5 } })),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('serves an answer until its TTL; never one with errors or computed across an invalidation; is off at TTL 0', () => {
    let now = 0;
    const cache = new ResponseCache({ ttlMs: 500, now: () => now });
    const key = cache.keyOf(ask('{ placements { nodes { code } } }'))!;
    cache.store(key, cache.currentGeneration, OK);
    expect(cache.get(key)).toEqual(OK);
    now = 500;
    expect(cache.get(key)).toBeUndefined();

    cache.store(key, cache.currentGeneration, { ...OK, body: '{"errors":[{"message":"x"}],"data":null}' });
    expect(cache.get(key)).toBeUndefined();

    const before = cache.currentGeneration;
    cache.invalidate();
    cache.store(key, before, OK);
    expect(cache.get(key)).toBeUndefined();

    expect(new ResponseCache({ ttlMs: 0 }).keyOf(ask('{ placements { nodes { code } } }'))).toBeUndefined();
    expect(() => new ResponseCache({ ttlMs: 5000 })).toThrow();
  });
});
