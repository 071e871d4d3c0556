/**
 * Child process of `npm run bench:indicators`: DualHub on the bench's database (migrated and
 * seeded), production mode, no lab runtime or stand-ins, so that the server's memory is measured
 * apart from the bench's HTTP client. Issues an ADMIN key for the Pavlodar coordinator and sends
 * `{ ready: { url, key } }` over IPC; answers `{ explain: code }` with the indicator's
 * EXPLAIN ANALYZE plan as the coordinator (`{ plan: string[] }`), `memory` with
 * `process.memoryUsage()` (`{ memory }`; after a full collection when `gc` is set and the host runs with --expose-gc) and `stop` by closing.
 */
import { startDualHub } from '../src/app';
import { createContext } from '../src/db/context';
import { createLogger } from '../src/logger';
import { ApiKeyRole, Organization } from '../src/organizations';
import { benchConfig } from './config';

async function main(): Promise<void> {
  const config = benchConfig();
  const log = createLogger('silent');
  const hub = await startDualHub(config, log, { databaseUrl: process.env.BENCH_DATABASE_URL! });
  const system = createContext({ orm: hub.orm, caller: 'system', log });
  const coordinator = await system.em.findOneOrFail(Organization, { kind: 'COORDINATOR' as never, region: 'PAVLODAR' });
  const issued = await hub.app.services.apiKeys.issue(system, { organizationId: coordinator.id, role: ApiKeyRole.ADMIN, label: 'bench:indicators' });
  if (!issued.ok) throw new Error('could not issue a key');
  const key = issued.value.secret;
  const caller = await hub.app.services.apiKeys.authenticate(hub.orm.em.fork({ useContext: false }), key, new Date());
  process.on('message', (message: { explain?: string; stop?: true; memory?: true; gc?: true }) => {
    if (message.stop) void hub.close().then(() => process.exit(0));
    else if (message.memory) {
      // With --expose-gc, `gc` first collects everything dead: what is left is what the server holds.
      if (message.gc) (globalThis as { gc?: () => void }).gc?.();
      process.send!({ memory: process.memoryUsage() });
    } else if (message.explain) {
      const scoped = createContext({ orm: hub.orm, caller: caller!, log, visibility: hub.app.visibility });
      const { query } = hub.app.services.indicators.prepare(scoped, message.explain);
      Promise.resolve(hub.orm.em.getKnex().raw('explain (analyze, buffers off, timing off, summary on) ?', [query]))
        .then((res: { rows: Record<string, string>[] }) => process.send!({ plan: res.rows.map((r) => r['QUERY PLAN']!) }))
        .catch((error: unknown) => process.send!({ plan: [`explain failed: ${String(error)}`] }));
    }
  });
  process.send!({ ready: { url: hub.url, key } });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
