import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres';
import { createOrm } from './db/orm';
import { seedFixtures, type SeedResult } from './fixtures/seed';
import { setReadPath } from './db/read/connection';
import { buildApiSchema } from './graphql/schema';
import { startLab } from './lab/lab.start';
import { startHttpServer } from './graphql/server';
import type { Logger } from './logger';
import { type Clock, systemClock } from './shared/clock';
import path from 'node:path';

/** A running DualHub: database, API, and what else the configuration turns on. */
export interface DualHub {
  /** GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql */
  url: string;
  orm: MikroORM;
  seed: SeedResult;
  /** Whether this process started its own embedded PostgreSQL. */
  embeddedDatabase: boolean;
  /** Stops everything this process started, in reverse order. */
  close(): Promise<void>;
}

/** Options beyond the environment, for tests and benchmarks. */
export interface StartOptions {
  clock?: Clock;
  /** Database URL to use instead of config (tests give each file its own database). */
  databaseUrl?: string;
  /** Receives every SQL statement; tests count them. */
  onQuery?: (sql: string) => void;
}

/**
 * Starts DualHub: an embedded PostgreSQL unless a database URL is given, migrations, fixtures,
 * the HTTP/GraphQL server. Anything that fails on the way is stopped before the error is rethrown.
 */
export async function startDualHub(config: Config, log: Logger, options: StartOptions = {}): Promise<DualHub> {
  const stops: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => log.warn({ err: error }, 'error while stopping'));
  };
  try {
    let url = options.databaseUrl ?? config.DATABASE_URL;
    let embedded: EmbeddedDatabase | undefined;
    if (!url) {
      embedded = await startEmbeddedPostgres({
        dataDir: path.join(config.DATA_DIR, 'postgres'),
        port: config.EMBEDDED_PG_PORT,
        onLog: (line) => log.debug({ postgres: line }),
      });
      stops.push(() => embedded!.stop());
      url = embedded.url;
      log.info({ dataDir: path.join(config.DATA_DIR, 'postgres') }, 'embedded PostgreSQL started');
    }
    const orm = await createOrm({ url, logger: log, onQuery: options.onQuery });
    stops.push(() => orm.close());
    const seed = config.SEED_FIXTURES ? await seedFixtures(orm, log) : {};
    stops.push(await startLab(config, orm, log));
    setReadPath(config.READ_PATH);
    const schema = await buildApiSchema();
    const server = await startHttpServer({ config, orm, schema, log, clock: options.clock ?? systemClock });
    stops.push(() => server.close());
    return { url: server.url, orm, seed, embeddedDatabase: Boolean(embedded), close };
  } catch (error) {
    await close();
    throw error;
  }
}
