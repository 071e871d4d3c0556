import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { composeApp } from '../../src/app';

test('the committed schema/schema.graphql is what the code generates (run `npm run schema`)', async () => {
  const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
  expect(committed).toBe(`${printSchema(lexicographicSortSchema(await composeApp().schema()))}\n`);
});
