import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../src/db/embedded-postgres';
import { type ApiProcess, exited, runScript, startApiProcess } from '../support/api-process';

// `npm run backup` while the API serves, `npm run restore` into a fresh data folder, and the API
// started on the restored folder serves the same data to the same API key.
let root: string;
const running: ApiProcess[] = [];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-backup-'));
  // Run as root, the embedded server runs as the `postgres` user, which must reach the folders.
  fs.chmodSync(root, 0o777);
});

afterAll(async () => {
  for (const api of running) if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGTERM');
  await Promise.all(running.map((api) => exited(api.child)));
  fs.rmSync(root, { recursive: true, force: true });
});

const DATA = `{ organizations(first: 100) { totalCount nodes { bin name { en } } } placements(first: 100) { totalCount nodes { id status } } }`;

async function query(api: ApiProcess, key: string): Promise<Record<string, unknown>> {
  const res = await fetch(api.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: DATA }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

async function stop(api: ApiProcess): Promise<void> {
  api.child.kill('SIGTERM');
  await exited(api.child);
}

test('a backup taken while the API serves, restored into a fresh data folder, serves the same data', async () => {
  const original = { DATA_DIR: path.join(root, 'original'), EMBEDDED_PG_PORT: String(await freePort()) };
  const restored = { DATA_DIR: path.join(root, 'restored'), EMBEDDED_PG_PORT: String(await freePort()) };
  const backupDir = path.join(root, 'backup');

  const first = await startApiProcess({ ...original, SEED_FIXTURES: 'true' });
  running.push(first);
  const key = first.output().match(/^\s+(dh_\S+)$/m)![1]!;
  const before = await query(first, key);
  expect((before.organizations as { totalCount: number }).totalCount).toBeGreaterThan(3);

  const backup = await runScript('src/db/backup.cli.ts', ['backup', '--out', backupDir], original);
  expect({ code: backup.code, output: backup.output }).toEqual({ code: 0, output: expect.stringContaining(`written to ${backupDir}`) });
  // The API kept serving during the backup; what changes after it is not in the backup.
  expect(await query(first, key)).toEqual(before);
  const pg = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${original.EMBEDDED_PG_PORT}/postgres` });
  await pg.connect();
  await pg.query('create table written_after_backup (x int)');
  await pg.end();
  await stop(first);

  const restore = await runScript('src/db/backup.cli.ts', ['restore', '--from', backupDir], restored);
  expect({ code: restore.code, output: restore.output }).toEqual({ code: 0, output: expect.stringContaining('restored') });
  // Seeding off: whatever the restored API serves comes from the backup.
  const second = await startApiProcess({ ...restored, SEED_FIXTURES: 'false' });
  running.push(second);
  expect(await query(second, key)).toEqual(before);
  const check = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${restored.EMBEDDED_PG_PORT}/postgres` });
  await check.connect();
  const { rows } = await check.query(`select to_regclass('written_after_backup') as t`);
  await check.end();
  expect(rows).toEqual([{ t: null }]);
  await stop(second);
});

test('restore refuses a data folder that is not empty, and leaves it as it was', async () => {
  const target = path.join(root, 'occupied');
  fs.mkdirSync(path.join(target, 'postgres'), { recursive: true });
  fs.writeFileSync(path.join(target, 'postgres', 'PG_VERSION'), '18\n');
  const result = await runScript('src/db/backup.cli.ts', ['restore', '--from', path.join(root, 'backup')], {
    DATA_DIR: target,
    EMBEDDED_PG_PORT: String(await freePort()),
  });
  expect(result.code).toBe(1);
  expect(result.output).toMatch(/not empty: restore into a fresh data folder/);
  expect(fs.readdirSync(path.join(target, 'postgres'))).toEqual(['PG_VERSION']);
});
