import { addressRefused, shouldDisable, signWebhook, urlRefusal } from './webhook.rules';

const strict = { httpHosts: [], allowedPrivateCidrs: [] };

describe('webhook rules', () => {
  it('signs as the Standard Webhooks specification example does', () => {
    // The example of the specification (standard-webhooks/spec, "Signature scheme").
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('accepts https and refuses http unless the host is allowed', () => {
    expect(urlRefusal('https://erp.example.kz/hooks', strict)).toBeUndefined();
    expect(urlRefusal('http://erp.example.kz/hooks', strict)).toBe('HTTPS_REQUIRED');
    expect(urlRefusal('http://127.0.0.1:9/x', strict)).toBe('HTTPS_REQUIRED');
    expect(urlRefusal('http://127.0.0.1:9/x', { ...strict, httpHosts: ['127.0.0.1'] })).toBeUndefined();
    expect(urlRefusal('ftp://erp.example.kz/', strict)).toBe('INVALID_URL');
    expect(urlRefusal('https://user:pw@erp.example.kz/', strict)).toBe('INVALID_URL');
    expect(urlRefusal('not a url', strict)).toBe('INVALID_URL');
  });

  it('refuses private, loopback and mapped addresses unless their range is allowed', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '0.0.0.0',
    ]) {
      expect([address, addressRefused(address, [])]).toEqual([address, true]);
    }
    expect(addressRefused('93.184.216.34', [])).toBe(false);
    expect(addressRefused('2606:4700::1111', [])).toBe(false);
    expect(addressRefused('127.0.0.1', ['127.0.0.0/8'])).toBe(false);
    expect(addressRefused('10.0.0.1', ['127.0.0.0/8'])).toBe(true);
  });

  it('disables after the configured number of consecutive failures', () => {
    expect(shouldDisable(4, 5)).toBe(false);
    expect(shouldDisable(5, 5)).toBe(true);
    expect(shouldDisable(100, 0)).toBe(false);
  });
});
