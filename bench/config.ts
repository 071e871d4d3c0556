/**
 * The configuration every bench's DualHub starts from: an ephemeral port on loopback, no logs, no
 * lab runtime or stand-ins, production mode as deployed (graphql-js skips its development
 * checks), the response cache off (on by default in the product). A bench adds what it measures
 * (rate limits, cookies, webhooks, the response cache).
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
    // Benches measure the work of a request; the one that measures the response cache turns it on.
    RESPONSE_CACHE_TTL_MS: '0',
    ...env,
  });
}
