/**
 * Child process of `npm run bench:peer` and `bench:clearance`: the measured DualHub on the bench's database (migrated and seeded),
 * production mode, no lab runtime or stand-ins. Issues a READER key for the Pavlodar coordinator
 * and prints `READY <url> <key>` on stdout; with `BENCH_WRITER_BIN`, also a WRITER key of that
 * organisation (bench:peer's writer): `READY <url> <key> <writer key>`.
 */
import { startDualHub } from '../src/app';
import { createContext } from '../src/db/context';
import { createLogger } from '../src/logger';
import { ApiKeyRole, ApiKeyService, Organization } from '../src/organizations';
import { benchConfig } from './config';

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL!;
  const config = benchConfig({
    // Rate limits stay on (their cost is part of the figure) but high enough that the load generator is never refused.
    RATE_LIMIT_PER_KEY: '1000000000',
    RATE_LIMIT_PER_IP: '1000000000',
    // bench:peer's "DualHub+cache" (as deployed): the per-scope response cache on; otherwise off (benchConfig).
    ...(process.env.BENCH_RESPONSE_CACHE_TTL_MS ? { RESPONSE_CACHE_TTL_MS: process.env.BENCH_RESPONSE_CACHE_TTL_MS } : {}),
  });
  const log = createLogger('silent');
  const hub = await startDualHub(config, log, { databaseUrl: url });
  const system = createContext({ orm: hub.orm, caller: 'system', log });
  const coordinator = await system.em.findOneOrFail(Organization, { kind: 'COORDINATOR' as never, region: 'PAVLODAR' });
  const issued = await new ApiKeyService().issue(system, { organizationId: coordinator.id, role: ApiKeyRole.READER, label: 'bench:peer' });
  if (!issued.ok) throw new Error('could not issue a key');
  const words = [hub.url, issued.value.secret];
  if (process.env.BENCH_WRITER_BIN) {
    const writer = await system.em.findOneOrFail(Organization, { bin: process.env.BENCH_WRITER_BIN });
    const writerKey = await new ApiKeyService().issue(system, { organizationId: writer.id, role: ApiKeyRole.WRITER, label: 'bench:peer writer' });
    if (!writerKey.ok) throw new Error('could not issue the writer key');
    words.push(writerKey.value.secret);
  }
  process.stdout.write(`READY ${words.join(' ')}\n`);
  const stop = () => void hub.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
