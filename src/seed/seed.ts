import type { MikroORM } from '@mikro-orm/postgresql';
import { createContext } from '../db/context';
import type { Logger } from '../logger';
import { ApiKey, ApiKeyRole, Organization, OrganizationKind } from '../organizations';
import type { Services } from '../modules';
import type { DemoAccount } from '../identity';
import type { RequestContext } from '../shared/request-context';
import { FIXTURES_DIR } from './fixture-file';

/**
 * One context's seeder: adds its missing fixtures by natural keys, so it may run any number of
 * times. Modules contribute them as `seeders`; they run in module order (`src/modules.ts`).
 */
export type Seeder = (ctx: RequestContext, fixturesDir: string, services: Services) => Promise<void>;

/** What {@link seedFixtures} takes from the composition root. */
export interface SeedDeps {
  seeders: readonly Seeder[];
  services: Services;
}

/** What seeding produced that a person must see. */
export interface SeedResult {
  /** A new ADMIN key of the demo coordinator, on the first seed only. */
  demoCoordinatorKey?: string;
  /** The demo people who can sign in with the demo password (development only; see `DEMO_ACCOUNTS`). */
  demoAccounts?: DemoAccount[];
}

/** What seeding may do beyond the fixtures. */
export interface SeedOptions {
  fixturesDir?: string;
  /** Give the fixture people local accounts with this password (development only). */
  demoPassword?: string;
}

/**
 * Seeds every context's fixtures in one transaction (all or nothing), then makes sure the demo
 * coordinator has an API key, issuing one only if it has none.
 */
export async function seedFixtures(app: SeedDeps, orm: MikroORM, log: Logger, options: SeedOptions = {}): Promise<SeedResult> {
  const { fixturesDir = FIXTURES_DIR, demoPassword } = options;
  const ctx = createContext({ orm, caller: 'system', log });
  const demoAccounts = await ctx.em.transactional(async (em) => {
    const txCtx = { ...ctx, em };
    for (const seed of app.seeders) await seed(txCtx, fixturesDir, app.services);
    return demoPassword === undefined ? undefined : app.services.identity.seedDemoAccounts(txCtx, fixturesDir, demoPassword);
  });
  const result = await issueDemoCoordinatorKey(app, ctx);
  return demoAccounts ? { ...result, demoAccounts } : result;
}

/** Makes sure the demo coordinator has an API key, issuing one only if it has none. */
async function issueDemoCoordinatorKey(app: SeedDeps, ctx: RequestContext): Promise<SeedResult> {
  const coordinator = await ctx.em.findOne(Organization, { kind: OrganizationKind.COORDINATOR }, { orderBy: { bin: 'asc' } });
  if (!coordinator || (await ctx.em.count(ApiKey, { organization: coordinator })) > 0) return {};
  const issued = await app.services.apiKeys.issue(ctx, {
    organizationId: coordinator.id,
    role: ApiKeyRole.ADMIN,
    label: 'Demo coordinator key (issued at first start)',
  });
  return issued.ok ? { demoCoordinatorKey: issued.value.secret } : {};
}
