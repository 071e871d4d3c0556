import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkMigrations } from '../../scripts/check-migrations';

const repoDir = path.join(__dirname, '..', '..', 'src', 'db', 'migrations');

describe('landed migrations are additive (npm run migrations:check)', () => {
  let dir: string;
  const ledger = (): Record<string, string> => JSON.parse(fs.readFileSync(path.join(repoDir, 'landed.json'), 'utf8'));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-migrations-'));
    for (const f of fs.readdirSync(repoDir)) fs.copyFileSync(path.join(repoDir, f), path.join(dir, f));
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
});
