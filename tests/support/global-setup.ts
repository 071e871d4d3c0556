import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureConsoleBuilt } from '../../scripts/build-console';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

/**
 * One real PostgreSQL per test run, shared by all workers; each test file makes its own
 * database in it (see `tests/support/database.ts`). With DATABASE_URL set, that server is used.
 */
export default async function globalSetup(): Promise<void> {
  // The API serves the web console from web/dist (the browser tests open it): build it when stale.
  ensureConsoleBuilt({ quiet: true });
  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-test-pg-'));
  fs.chmodSync(dataDir, 0o777);
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'cluster'), port: 0, persistent: false });
  process.env.TEST_DATABASE_URL = db.url;
  (globalThis as Record<string, unknown>).__DUALHUB_TEST_DB__ = { db, dataDir };
}
