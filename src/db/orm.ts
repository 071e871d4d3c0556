import { DataloaderType, MikroORM, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { EntityClass } from '@mikro-orm/core';
import { migrationsList } from './migrations';
import { closePreparedPool } from './read/prepared';
import { ScopedEntityManager } from './scoped-entity-manager';
import type { Logger } from '../logger';

export type { MikroORM };

/** Options for {@link createOrm}. */
export interface OrmOptions {
  /** postgres:// URL of the database to use. */
  url: string;
  /** Every entity of the app (`App.entities`, from the modules). */
  entities: readonly EntityClass<any>[];
  /** Receives every SQL statement (tests count them); default none. */
  onQuery?: (sql: string) => void;
  logger?: Logger;
  /** Connection pool size; default 10. */
  poolMax?: number;
  /** Keep the schema snapshot the migration generator diffs against; only `migration:create` needs it. */
  snapshot?: boolean;
}

/**
 * MikroORM's PostgreSQL driver, which also closes the pool the ORM's named prepared statements
 * run on (src/db/read/prepared.ts) when the ORM closes: whoever made the ORM (the server, a CLI,
 * a test) ends both with `orm.close()`.
 */
export class DualHubPostgreSqlDriver extends PostgreSqlDriver {
  override async close(force?: boolean): Promise<void> {
    await closePreparedPool(this.getConnection().getKnex().client as object);
    await super.close(force);
  }
}

/** The MikroORM configuration shared by the server, the CLIs and the migration script. */
export function ormConfig(options: OrmOptions): Options {
  return {
    driver: DualHubPostgreSqlDriver,
    clientUrl: options.url,
    entities: [...options.entities],
    // Scoped primary-key look-ups never answer from rows loaded unscoped earlier in the request.
    entityManager: ScopedEntityManager,
    discovery: { warnWhenNoEntities: true },
    // Batch every reference and collection load of one request into one query per entity.
    dataloader: DataloaderType.ALL,
    // Never join a to-one relation to apply its own scope: an invisible relation must come back
    // null on the row the caller may see, not hide that row (and the join cost every page a
    // dozen joins). Visibility rules are predicates on the row's own columns (src/db/scope.ts).
    autoJoinRefsForFilters: false,
    extensions: [Migrator],
    migrations: {
      migrationsList,
      path: 'src/db/migrations',
      pathTs: 'src/db/migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: options.snapshot ?? false,
      snapshotName: '.snapshot-dualhub',
      emit: 'ts',
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    forceUtcTimezone: true,
    debug: options.onQuery ? ['query'] : false,
    // Plain text: the statement counter reads `[query] …` lines.
    colors: false,
    logger: (message) => {
      if (options.onQuery && message.startsWith('[query]')) options.onQuery(message);
    },
    allowGlobalContext: false,
    // Tables made by migrations but not mapped to entities (rate-limiter-flexible's counters; the
    // cross-process placement change log, session leases and station health): the migration
    // generator must not propose dropping them.
    schemaGenerator: { skipTables: ['rate_limit', 'placement_change', 'lab_session_lease', 'station_health'] },
  };
}

/** Connects and brings the schema up to date by running pending migrations. */
export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(options));
  const applied = await orm.getMigrator().up();
  if (applied.length > 0) options.logger?.info({ migrations: applied.map((m) => m.name) }, 'database migrated');
  return orm;
}
