import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/postgresql';

/** The part of a node-postgres client we use. */
interface PgClient {
  query<R>(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}

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
 * Runs a compiled statement as a named prepared statement: PostgreSQL plans each distinct
 * statement text once per connection of the pool, not on every request. The name is a hash of
 * the text, so the same compiled shape (same selection, same kind of caller) reuses the plan.
 * Inside a transaction the statement runs on the transaction's connection, unnamed. Every
 * statement is reported to MikroORM's query log, so statement counters see it.
 */
export async function queryPrepared<R>(em: EntityManager, statement: Statement, now: Date): Promise<R[]> {
  const started = performance.now();
  const sqlEm = em as unknown as SqlEntityManager;
  const bind = (values: readonly unknown[]) => values.map((value) => (value === NOW ? now : value));
  let rows: R[];
  if (sqlEm.getTransactionContext()) {
    rows = await sqlEm.getConnection().execute<R[]>(statement.positional.sql, bind(statement.positional.bindings));
  } else {
    const knex = sqlEm.getKnex();
    const client = (await knex.client.acquireConnection()) as PgClient;
    try {
      rows = (await client.query<R>({ name: statement.name, text: statement.text, values: bind(statement.values) })).rows;
    } finally {
      knex.client.releaseConnection(client);
    }
  }
  em.config.getLogger().logQuery({ query: statement.text, took: Math.round(performance.now() - started), results: rows.length, level: 'info' });
  return rows;
}
