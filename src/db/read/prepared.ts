import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/postgresql';
import { Pool, type PoolConfig } from 'pg';

/**
 * Stands for "the request's moment" among a compiled statement's bindings, so a compiled plan can
 * be kept and reused; {@link queryPrepared} puts the request clock's time in its place.
 */
export const NOW: Date = new Date(0);

/** A compiled statement: native text (`$1`…) with its prepared-statement name, and the knex form for transactions. */
export interface Statement {
  name: string;
  text: string;
  values: readonly unknown[];
  /** The same statement with `?` placeholders, for MikroORM's `execute` inside a transaction. */
  positional: { sql: string; bindings: readonly unknown[] };
}

/** Compiles a knex raw statement once. */
export function statementOf(raw: Knex.Raw): Statement {
  const native = raw.toSQL().toNative();
  const positional = raw.toSQL();
  return {
    name: `dh_${createHash('sha1').update(native.sql).digest('base64url').slice(0, 24)}`,
    text: native.sql,
    values: native.bindings,
    positional: { sql: positional.sql, bindings: positional.bindings },
  };
}

/**
 * The connections named statements run on: a pool of their own per ORM, whose sessions keep the
 * plan PostgreSQL made once (`plan_cache_mode = force_generic_plan`). Our statements were written
 * so that one plan fits every caller and every value (the scope's values are parameters, the
 * page's order has its index); left to choose, PostgreSQL kept re-planning some of them on every
 * execution because it estimated their generic plan dearer — 0.7–2.7 ms of planning for a
 * clearance that executes in 0.2–0.5 ms (bench:clearance prints both). The setting cannot go on
 * the ORM's pool: it applies to unnamed statements too, and MikroORM's statements must be planned
 * for their values (a generic plan for a skewed `where x = $1` was 100× slower in a trial).
 */
const pools = new WeakMap<object, Pool>();

/** `application_name` of the prepared-statement pool's sessions. */
export const PREPARED_READS_APPLICATION = 'dualhub-prepared-reads';

function preparedPool(em: EntityManager): Pool {
  const key = (em as unknown as SqlEntityManager).getKnex().client as object;
  let pool = pools.get(key);
  if (!pool) {
    // The ORM's own connection settings (host, credentials, and its type parsers: dates and
    // timestamps stay strings, as on the ORM's connections and inside transactions).
    const settings = (em.getConnection() as unknown as { getConnectionOptions(): PoolConfig }).getConnectionOptions();
    pool = new Pool({
      ...settings,
      max: em.config.get('pool')?.max ?? 10,
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
      // Named in pg_stat_activity, so an operator tells these sessions from the ORM's.
      application_name: PREPARED_READS_APPLICATION,
      options: '-c plan_cache_mode=force_generic_plan',
    });
    // An idle connection the server ended (a restart, a stopping test database) is dropped by the
    // pool; the next statement opens a new one. Nothing to do here but not crash.
    pool.on('error', () => undefined);
    pools.set(key, pool);
  }
  return pool;
}

/**
 * Closes the pool of prepared-statement connections of the ORM whose knex client is `client`; a
 * no-op when none was opened. The ORM's driver calls it when the ORM closes (src/db/orm.ts).
 */
export async function closePreparedPool(client: object): Promise<void> {
  const pool = pools.get(client);
  pools.delete(client);
  await pool?.end();
}

/**
 * Runs a compiled statement as a named prepared statement: PostgreSQL plans each distinct
 * statement text once per connection and keeps that plan ({@link preparedPool}), not on every
 * request. The name is a hash of the text, so the same compiled shape (same selection, same kind
 * of caller) reuses the plan. Inside a transaction the statement runs on the transaction's
 * connection, unnamed. Every statement is reported to MikroORM's query log, so statement counters
 * see it.
 */
export async function queryPrepared<R>(em: EntityManager, statement: Statement, now: Date): Promise<R[]> {
  const started = performance.now();
  const sqlEm = em as unknown as SqlEntityManager;
  const bind = (values: readonly unknown[]) => values.map((value) => (value === NOW ? now : value));
  let rows: R[];
  if (sqlEm.getTransactionContext()) {
    rows = await sqlEm.getConnection().execute<R[]>(statement.positional.sql, bind(statement.positional.bindings));
  } else {
    rows = (await preparedPool(em).query<R & object>({ name: statement.name, text: statement.text, values: bind(statement.values) })).rows;
  }
  em.config.getLogger().logQuery({ query: statement.text, took: Math.round(performance.now() - started), results: rows.length, level: 'info' });
  return rows;
}
