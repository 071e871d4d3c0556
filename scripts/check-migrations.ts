/**
 * Migrations are additive: a landed migration file is never edited, renamed or removed; a schema
 * change is a new file. The ledger records the sha256 of every landed file, and recording is
 * additive too: `src/db/migrations/landed.json` holds the first migrations' hashes and is never
 * rewritten; each later migration's hash is a file of its own, `landed/<migration>.sha256`.
 *
 *   npm run migrations:check            fails (exit 1) when a recorded file changed or is gone,
 *                                       or when a migration file is not recorded yet (CI runs this)
 *   npm run migrations:check -- --record  writes `landed/<migration>.sha256` for each file not
 *                                       recorded yet; never rewrites a recorded hash (commit it
 *                                       with the new migration)
 *
 * `index.ts` (the generated list) is not a migration and grows with each one, so it is not recorded.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const DIR = path.join(__dirname, '..', 'src', 'db', 'migrations');
/** One file per migration recorded after landed.json was closed: `<migration>.sha256`. */
const LEDGER_DIR = path.join(DIR, 'landed');
/** A migration file's name (index.ts, the ledger and the unread snapshot are not migrations). */
const MIGRATION_FILE = /^Migration\d+\.ts$/;

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
    .filter((f) => MIGRATION_FILE.test(f))
    .sort();
  return {
    changed: files.filter((f) => ledger[f] !== undefined && ledger[f] !== sha256(path.join(dir, f))),
    missing: Object.keys(ledger).filter((f) => !files.includes(f)),
    unrecorded: files.filter((f) => ledger[f] === undefined),
  };
}

/** The whole ledger of `dir`: landed.json and every `landed/<migration>.sha256`. */
export function readLedger(dir: string = DIR): Record<string, string> {
  const json = path.join(dir, 'landed.json');
  const ledger: Record<string, string> = fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, 'utf8')) as Record<string, string>) : {};
  const perFile = path.join(dir, 'landed');
  if (fs.existsSync(perFile))
    for (const f of fs.readdirSync(perFile))
      if (f.endsWith('.sha256')) ledger[f.slice(0, -'.sha256'.length)] = fs.readFileSync(path.join(perFile, f), 'utf8').trim();
  return ledger;
}

function main(): number {
  const { values } = parseArgs({ options: { record: { type: 'boolean', default: false } } });
  const ledger = readLedger();
  const { changed, missing, unrecorded } = checkMigrations(DIR, ledger);
  const problems = [
    ...changed.map((f) => `${f}: landed migration edited (sha256 differs from the ledger); revert it and put the change in a new migration`),
    ...missing.map((f) => `${f}: landed migration removed or renamed; restore it`),
  ];
  if (values.record) {
    if (problems.length > 0) {
      for (const p of problems) console.error(p);
      console.error('not recording: a recorded migration changed');
      return 1;
    }
    // A new file per migration: a recorded hash (and landed.json) is never rewritten.
    fs.mkdirSync(LEDGER_DIR, { recursive: true });
    for (const f of unrecorded) fs.writeFileSync(path.join(LEDGER_DIR, `${f}.sha256`), `${sha256(path.join(DIR, f))}\n`, { flag: 'wx' });
    console.log(unrecorded.length > 0 ? `recorded ${unrecorded.join(', ')}` : 'nothing new to record');
    return 0;
  }
  problems.push(...unrecorded.map((f) => `${f}: new migration not recorded; run \`npm run migrations:check -- --record\` and commit its landed/${f}.sha256`));
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    return 1;
  }
  console.log(`migrations: ${Object.keys(ledger).length} landed, unchanged`);
  return 0;
}

if (require.main === module) process.exit(main());
