import fs from 'node:fs';
import type { EmbeddedDatabase } from '../../src/db/embedded-postgres';

/** Stops the test run's PostgreSQL and removes its data. */
export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__DUALHUB_TEST_DB__ as { db: EmbeddedDatabase; dataDir: string } | undefined;
  if (!state) return;
  await state.db.stop();
  fs.rmSync(state.dataDir, { recursive: true, force: true });
}
