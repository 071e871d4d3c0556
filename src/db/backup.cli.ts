/**
 * `npm run backup [-- --out <folder>]`: an online backup of the embedded PostgreSQL (the server may
 * be running under `npm start`; otherwise it is started for the backup and stopped again).
 * `npm run restore -- --from <folder>`: restores a backup into `DATA_DIR/postgres`, which must be
 * fresh (move the old one aside), starts it once to replay the log and check it, and stops it.
 * With DATABASE_URL set both refuse: back up that PostgreSQL with its own tools (see the README).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { loadConfig } from '../config';
import { backupCluster, restoreCluster } from './backup';
import { startEmbeddedPostgres } from './embedded-postgres';

const USAGE = `usage: npm run backup [-- --out <folder>]
       npm run restore -- --from <folder>`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, from: { type: 'string' } } });
  const command = positionals[0];
  const config = loadConfig();
  if (config.DATABASE_URL) {
    console.error(
      "DATABASE_URL is set: back up that PostgreSQL with its own tools (pg_basebackup and WAL archiving, or your provider's point-in-time recovery); see the README.",
    );
    return 2;
  }
  const dataDir = path.join(config.DATA_DIR, 'postgres');
  if (command === 'backup') {
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      console.error(`No embedded database in ${dataDir} to back up.`);
      return 1;
    }
    const outDir = path.resolve(values.out ?? path.join(config.DATA_DIR, 'backups', `postgres-${new Date().toISOString().replace(/[:.]/g, '-')}`));
    fs.mkdirSync(path.dirname(outDir), { recursive: true });
    const db = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT });
    try {
      const manifest = await backupCluster({ url: db.url, dataDir, outDir });
      console.log(`backup of ${dataDir} (PostgreSQL ${manifest.serverVersion}, as of ${manifest.finishedAt}) written to ${outDir}`);
    } finally {
      await db.stop();
    }
    return 0;
  }
  if (command === 'restore') {
    if (!values.from) {
      console.error(USAGE);
      return 2;
    }
    const manifest = restoreCluster({ backupDir: values.from, dataDir });
    // Start once: the server replays the backed-up log; check that it opens and has our schema.
    const serverLog: string[] = [];
    const db = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT, onLog: (line) => serverLog.push(line) }).catch((error: unknown) => {
      throw new Error(`the restored database did not start (${error instanceof Error ? error.message : String(error)}):\n${serverLog.join('\n')}`);
    });
    try {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ n: string }>('select count(*) as n from mikro_orm_migrations').finally(() => client.end());
      console.log(`restored ${path.resolve(values.from)} (as of ${manifest.finishedAt}, ${rows[0]!.n} migrations) into ${dataDir}; start with npm start`);
    } finally {
      await db.stop();
    }
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
