/**
 * The configuration every bench's DualHub starts from: an ephemeral port on loopback, no logs, no
 * lab runtime or stand-ins, production mode as deployed (graphql-js skips its development
 * checks). A bench adds what it measures (rate limits, cookies, webhooks, the response cache).
 */
import { type Config, loadConfig } from '../src/config';

export function benchConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    START_SIMULATORS: 'false',
    START_LAB_RUNTIME: 'false',
    NODE_ENV: 'production',
    ...env,
  });
}
