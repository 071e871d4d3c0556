import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/postgresql';

/** The part of a node-postgres client we use. */
interface PgClient {
  query<R>(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

/**
 * Runs a compiled statement as a named prepared statement: PostgreSQL plans each distinct
 * statement text once per connection of the pool, not on every request. The name is a hash of
 * the text, so the same compiled shape (same selection, same kind of caller) reuses the plan.
 * Inside a transaction the statement runs on the transaction's connection, unnamed. Every
 * statement is reported to MikroORM's query log, so statement counters see it.
 */
export async function queryPrepared<R>(em: EntityManager, statement: Knex.Raw): Promise<R[]> {
  const { sql, bindings } = statement.toSQL().toNative();
  const started = performance.now();
  const sqlEm = em as unknown as SqlEntityManager;
  let rows: R[];
  if (sqlEm.getTransactionContext()) {
    rows = await sqlEm.getConnection().execute<R[]>(statement.toSQL().sql, [...statement.toSQL().bindings]);
  } else {
    const knex = sqlEm.getKnex();
    const client = (await knex.client.acquireConnection()) as PgClient;
    try {
      const name = `dh_${createHash('sha1').update(sql).digest('base64url').slice(0, 24)}`;
      rows = (await client.query<R>({ name, text: sql, values: [...bindings] })).rows;
    } finally {
      knex.client.releaseConnection(client);
    }
  }
  em.config.getLogger().logQuery({ query: sql, took: Math.round(performance.now() - started), results: rows.length, level: 'info' });
  return rows;
}
