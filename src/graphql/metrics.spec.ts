import { allowed } from './metrics';

describe('who may read /metrics', () => {
  test('with a token configured, only the exact bearer token (from anywhere)', () => {
    const token = 'a-long-metrics-token-123';
    expect(allowed(`Bearer ${token}`, '10.0.0.7', token)).toBe(true);
    expect(allowed('Bearer a-long-metrics-token-124', '127.0.0.1', token)).toBe(false);
    expect(allowed(undefined, '127.0.0.1', token)).toBe(false);
    expect(allowed(`Basic ${token}`, '127.0.0.1', token)).toBe(false);
  });
  test('without a token, loopback clients only', () => {
    expect(allowed(undefined, '127.0.0.1', undefined)).toBe(true);
    expect(allowed(undefined, '::1', undefined)).toBe(true);
    expect(allowed(undefined, '::ffff:127.0.0.1', undefined)).toBe(true);
    expect(allowed(undefined, '192.168.1.20', undefined)).toBe(false);
    expect(allowed(undefined, undefined, undefined)).toBe(false);
  });
});
