import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkMigrations, readLedger } from '../../scripts/check-migrations';

const repoDir = path.join(__dirname, '..', '..', 'src', 'db', 'migrations');

describe('landed migrations are additive (npm run migrations:check)', () => {
  let dir: string;
  const ledger = (): Record<string, string> => readLedger(repoDir);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-migrations-'));
    fs.cpSync(repoDir, dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every migration of the repository is recorded and unchanged', () => {
    expect(checkMigrations(repoDir, ledger())).toEqual({ changed: [], missing: [], unrecorded: [] });
  });

  test('an edit of a landed migration is caught', () => {
    const [landed] = Object.keys(ledger());
    fs.appendFileSync(path.join(dir, landed!), '\n// a column added in place\n');
    expect(checkMigrations(dir, ledger()).changed).toEqual([landed]);
  });

  test('a new migration must be recorded, and a removed one is caught', () => {
    const [landed] = Object.keys(ledger());
    fs.writeFileSync(path.join(dir, 'Migration20990101000000.ts'), 'export {};\n');
    fs.rmSync(path.join(dir, landed!));
    expect(checkMigrations(dir, ledger())).toEqual({ changed: [], missing: [landed], unrecorded: ['Migration20990101000000.ts'] });
  });
  test('a migration recorded in a file of its own (landed/<migration>.sha256) counts as landed, and its edit is caught', () => {
    const file = path.join(dir, 'Migration20990101000000.ts');
    fs.writeFileSync(file, 'export {};\n');
    const hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    fs.mkdirSync(path.join(dir, 'landed'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'landed', 'Migration20990101000000.ts.sha256'), `${hash}\n`);
    expect(checkMigrations(dir, readLedger(dir))).toEqual({ changed: [], missing: [], unrecorded: [] });
    fs.appendFileSync(file, '// edited\n');
    expect(checkMigrations(dir, readLedger(dir)).changed).toEqual(['Migration20990101000000.ts']);
  });
});
