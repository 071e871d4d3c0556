/**
 * Migrations are additive: a landed migration file is never edited, renamed or removed; a schema
 * change is a new file. `src/db/migrations/landed.json` records the sha256 of every landed file.
 *
 *   npm run migrations:check            fails (exit 1) when a recorded file changed or is gone,
 *                                       or when a migration file is not recorded yet (CI runs this)
 *   npm run migrations:check -- --record  adds the files not recorded yet; never rewrites a
 *                                       recorded hash (commit landed.json with the new migration)
 *
 * `index.ts` (the generated list) is not a migration and grows with each one, so it is not recorded.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const DIR = path.join(__dirname, '..', 'src', 'db', 'migrations');
const LEDGER = path.join(DIR, 'landed.json');
const NOT_MIGRATIONS = new Set(['index.ts', 'landed.json']);

/** sha256 (hex) of a file's bytes. */
function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** What {@link checkMigrations} found. */
export interface MigrationCheck {
  changed: string[];
  missing: string[];
  unrecorded: string[];
}

/** Compares the migration files of `dir` with the ledger. */
export function checkMigrations(dir: string, ledger: Record<string, string>): MigrationCheck {
  const files = fs
    .readdirSync(dir)
    .filter((f) => !NOT_MIGRATIONS.has(f) && !f.startsWith('.'))
    .sort();
  return {
    changed: files.filter((f) => ledger[f] !== undefined && ledger[f] !== sha256(path.join(dir, f))),
    missing: Object.keys(ledger).filter((f) => !files.includes(f)),
    unrecorded: files.filter((f) => ledger[f] === undefined),
  };
}

function main(): number {
  const { values } = parseArgs({ options: { record: { type: 'boolean', default: false } } });
  const ledger = fs.existsSync(LEDGER) ? (JSON.parse(fs.readFileSync(LEDGER, 'utf8')) as Record<string, string>) : {};
  const { changed, missing, unrecorded } = checkMigrations(DIR, ledger);
  const problems = [
    ...changed.map((f) => `${f}: landed migration edited (sha256 differs from landed.json); revert it and put the change in a new migration`),
    ...missing.map((f) => `${f}: landed migration removed or renamed; restore it`),
  ];
  if (values.record) {
    if (problems.length > 0) {
      for (const p of problems) console.error(p);
      console.error('not recording: a recorded migration changed');
      return 1;
    }
    for (const f of unrecorded) ledger[f] = sha256(path.join(DIR, f));
    const sorted = Object.fromEntries(Object.entries(ledger).sort(([a], [b]) => a.localeCompare(b)));
    fs.writeFileSync(LEDGER, `${JSON.stringify(sorted, null, 2)}\n`);
    console.log(unrecorded.length > 0 ? `recorded ${unrecorded.join(', ')}` : 'nothing new to record');
    return 0;
  }
  problems.push(...unrecorded.map((f) => `${f}: new migration not recorded; run \`npm run migrations:check -- --record\` and commit landed.json`));
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    return 1;
  }
  console.log(`migrations: ${Object.keys(ledger).length} landed, unchanged`);
  return 0;
}

if (require.main === module) process.exit(main());
