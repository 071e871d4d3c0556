import { Client } from 'pg';

test('the test run has a real PostgreSQL', async () => {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  const { rows } = await client.query('select version() as v');
  await client.end();
  expect(rows[0].v).toMatch(/PostgreSQL 18/);
});
