/**
 * Writes the SDL of the schema the code builds to `schema/schema.graphql`. With `--check` it
 * writes nothing and exits 1 when the committed file differs, printing how to fix it (CI runs this).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { composeApp } from '../src/app';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const file = path.join(__dirname, '..', 'schema', 'schema.graphql');
  const sdl = `${printSchema(lexicographicSortSchema(await composeApp().schema()))}\n`;
  if (values.check) {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (committed !== sdl) {
      console.error('schema/schema.graphql is out of date with the code: run `npm run schema` and commit the result.');
      process.exit(1);
    }
    console.log('schema/schema.graphql matches the code');
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, sdl);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
