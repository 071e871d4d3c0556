import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { composeApp } from '../../src/app';
import { PREPARED_READS_APPLICATION, queryPrepared, statementOf } from '../../src/db/read/prepared';
import { createTestDatabase } from '../support/database';

/**
 * The pool named prepared statements run on (src/db/read/prepared.ts) belongs to its ORM: it
 * opens on the first compiled read and ends when the ORM closes, whoever made the ORM (the
 * server, a CLI, a test), so no session is left behind on the database.
 */
test('closing the ORM ends the sessions of its prepared-statement pool', async () => {
  const database = await createTestDatabase();
  const observer = new Client({ connectionString: database.url });
  await observer.connect();
  const sessions = async () =>
    (
      await observer.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = $1', [
        PREPARED_READS_APPLICATION,
      ])
    ).rows[0].n;
  try {
    const orm = await composeApp().connect({ url: database.url });
    const em = orm.em.fork();
    const statement = statementOf((em as unknown as SqlEntityManager).getKnex().raw('select ?::int + 1 as two', [1]));
    expect(await queryPrepared<{ two: number }>(em, statement, new Date())).toEqual([{ two: 2 }]);
    expect(await sessions()).toBe(1);
    // It runs with the plan kept (the setting is the pool's alone).
    expect(
      await queryPrepared<{ plan_cache_mode: string }>(em, statementOf((em as unknown as SqlEntityManager).getKnex().raw('show plan_cache_mode')), new Date()),
    ).toEqual([{ plan_cache_mode: 'force_generic_plan' }]);

    await orm.close();
    // The backend leaves pg_stat_activity once it has seen the client go.
    for (let i = 0; i < 50 && (await sessions()) > 0; i++) await new Promise((done) => setTimeout(done, 50));
    expect(await sessions()).toBe(0);
  } finally {
    await observer.end();
    await database.drop();
  }
});
