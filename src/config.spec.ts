import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  test('uses the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(4000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.START_SIMULATORS).toBe(true);
    expect(config.MAX_BODY_BYTES).toBe(1024 * 1024);
  });

  test('refuses PORT=abc with a message naming the variable and the value', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT: must be a port number \(got "abc"\)/);
  });

  test('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'not a url', START_SIMULATORS: 'maybe' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT:/m);
      expect(problems).toMatch(/^DATABASE_URL:/m);
      expect(problems).toMatch(/^START_SIMULATORS:/m);
    }
  });

  test('treats an empty value as unset and parses booleans', () => {
    const config = loadConfig({ PORT: '', START_SIMULATORS: 'false', SEED_FIXTURES: '0' });
    expect(config.PORT).toBe(4000);
    expect(config.START_SIMULATORS).toBe(false);
    expect(config.SEED_FIXTURES).toBe(false);
  });
});
