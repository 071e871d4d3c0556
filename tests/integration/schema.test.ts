import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildApiSchema } from '../../src/graphql/schema';

test('the committed schema/schema.graphql is what the code generates (run `npm run schema`)', async () => {
  const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
  expect(committed).toBe(`${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`);
});
