import { createHash } from 'node:crypto';
import { ApiKeyCache } from './api-key.cache';
import type { Caller } from '../shared/request-context';

const caller = { keyId: 'k', organizationId: 'o', organizationKind: 'HEI', region: 'PAVLODAR', role: 'READER' } as unknown as Caller;
const hash = (key: string) => createHash('sha256').update(key).digest();

describe('ApiKeyCache', () => {
  test('answers a verified key until its second is up, then asks again', () => {
    const cache = new ApiKeyCache(1000);
    cache.set('abc', hash('dh_abc_secret'), caller, 10_000);
    expect(cache.get('abc', hash('dh_abc_secret'), 10_999)).toBe(caller);
    expect(cache.get('abc', hash('dh_abc_secret'), 11_000)).toBeUndefined();
  });

  test('never answers another secret with the same prefix', () => {
    const cache = new ApiKeyCache(1000);
    cache.set('abc', hash('dh_abc_secret'), caller, 0);
    expect(cache.get('abc', hash('dh_abc_guess'), 1)).toBeUndefined();
  });

  test('forgets a revoked key at once', () => {
    const cache = new ApiKeyCache(1000);
    cache.set('abc', hash('dh_abc_secret'), caller, 0);
    cache.forget('abc');
    expect(cache.get('abc', hash('dh_abc_secret'), 1)).toBeUndefined();
  });

  test('forgets every key of a deactivated organisation at once, and only those', () => {
    const cache = new ApiKeyCache(1000);
    const other = { ...caller, organizationId: 'another-organisation' };
    cache.set('abc', hash('dh_abc_secret'), caller, 0);
    cache.set('def', hash('dh_def_secret'), caller, 0);
    cache.set('xyz', hash('dh_xyz_secret'), other, 0);
    cache.forgetOrganization(caller.organizationId);
    expect(cache.get('abc', hash('dh_abc_secret'), 1)).toBeUndefined();
    expect(cache.get('def', hash('dh_def_secret'), 1)).toBeUndefined();
    expect(cache.get('xyz', hash('dh_xyz_secret'), 1)).toBe(other);
  });

  test('stays bounded', () => {
    const cache = new ApiKeyCache(1000, 2);
    for (const prefix of ['a', 'b', 'c']) cache.set(prefix, hash(prefix), caller, 0);
    expect(cache.get('a', hash('a'), 1)).toBeUndefined();
    expect(cache.get('c', hash('c'), 1)).toBe(caller);
  });
});
