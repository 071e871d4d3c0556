/**
 * Backup and restore of the embedded PostgreSQL, with what its package ships (the server, initdb,
 * pg_ctl: no pg_dump, and Debian's pg_dump is older than the server, which pg_dump refuses).
 *
 * A backup is an online physical base backup made with PostgreSQL's low-level API (the method
 * `pg_basebackup` automates): `pg_backup_start()` on one connection, a copy of the data directory
 * while the server keeps serving, `pg_backup_stop()`, whose backup label is written into the copy,
 * then the write-ahead log written meanwhile. A restore copies it into a fresh data folder; the
 * first start replays that log to the end of the backup, so the data is consistent as of
 * `pg_backup_stop()`. The result is a folder; compress it with tar if you like.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { OWNER_FILE } from './embedded-postgres';

/** What {@link backupCluster} wrote. */
export interface BackupManifest {
  /** Backup format of this module. */
  format: 'dualhub-physical-1';
  /** When `pg_backup_stop()` returned (ISO 8601): the data is as of this moment. */
  finishedAt: string;
  /** `SHOW server_version` of the backed-up server; restore needs the same major version. */
  serverVersion: string;
  /** The backup label PostgreSQL returned (start WAL location, checkpoint, label). */
  label: string;
}

/** Top-level entries of a data directory whose content is never copied (as pg_basebackup does). */
const EMPTIED = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
/** Top-level files never copied: live-server state, and ours. */
const SKIPPED = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'backup_label.old', 'tablespace_map', 'tablespace_map.old', OWNER_FILE]);

/**
 * Makes an online base backup of the running server at `url` whose data directory is `dataDir`
 * into `outDir` (which must not exist). The server keeps serving throughout.
 */
export async function backupCluster(options: { url: string; dataDir: string; outDir: string }): Promise<BackupManifest> {
  const dataDir = path.resolve(options.dataDir);
  const outDir = path.resolve(options.outDir);
  if (fs.existsSync(outDir)) throw new Error(`${outDir} exists; give a new folder for the backup`);
  const staging = `${outDir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  const client = new Client({ connectionString: options.url });
  await client.connect();
  try {
    const serverVersion = (await client.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    const { rows: dirRows } = await client.query<{ data_directory: string }>('show data_directory');
    if (path.resolve(dirRows[0]!.data_directory) !== dataDir) throw new Error(`the server at the URL runs on ${dirRows[0]!.data_directory}, not ${dataDir}`);
    // Fast checkpoint: the backup starts now rather than at the next scheduled checkpoint.
    await client.query('select pg_backup_start($1, true)', [`dualhub ${new Date().toISOString()}`]);
    let stopped = false;
    try {
      fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
      copyDataDirectory(dataDir, staging);
      const { rows } = await client.query<{ labelfile: string; spcmapfile: string | null }>('select labelfile, spcmapfile from pg_backup_stop(false)');
      stopped = true;
      const { labelfile, spcmapfile } = rows[0]!;
      fs.writeFileSync(path.join(staging, 'backup_label'), labelfile);
      if (spcmapfile) fs.writeFileSync(path.join(staging, 'tablespace_map'), spcmapfile);
      // The log written from pg_backup_start() to pg_backup_stop(): copied after the stop, so it is all there.
      copyWal(path.join(dataDir, 'pg_wal'), path.join(staging, 'pg_wal'));
      const manifest: BackupManifest = { format: 'dualhub-physical-1', finishedAt: new Date().toISOString(), serverVersion, label: labelfile };
      fs.writeFileSync(path.join(staging, 'dualhub-backup.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      fs.renameSync(staging, outDir);
      return manifest;
    } finally {
      if (!stopped) await client.query('select pg_backup_stop(false)').catch(() => undefined);
      fs.rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    await client.end();
  }
}

/**
 * Copies a backup made by {@link backupCluster} into `dataDir`, which must be empty or absent
 * (restore into a fresh data folder; move the old one aside first). Start the server on it
 * afterwards: it replays the backed-up log and opens with the data as of the backup.
 */
export function restoreCluster(options: { backupDir: string; dataDir: string }): BackupManifest {
  const backupDir = path.resolve(options.backupDir);
  const dataDir = path.resolve(options.dataDir);
  const manifestFile = path.join(backupDir, 'dualhub-backup.json');
  if (!fs.existsSync(manifestFile) || !fs.existsSync(path.join(backupDir, 'backup_label')))
    throw new Error(`${backupDir} is not a DualHub backup (no dualhub-backup.json and backup_label)`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0)
    throw new Error(`${dataDir} is not empty: restore into a fresh data folder (move the old one aside first)`);
  // The parent keeps the default mode: the server's user must be able to reach the data folder.
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.cpSync(backupDir, dataDir, { recursive: true, filter: (source) => path.basename(source) !== 'dualhub-backup.json' || path.dirname(source) !== backupDir });
  fs.chmodSync(dataDir, 0o700);
  // Run as root, the embedded server runs as the `postgres` user (see embedded-postgres.ts), which must own its files.
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownTree(dataDir, uid, gid);
  }
  return manifest;
}

function copyDataDirectory(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory() && EMPTIED.has(entry.name)) fs.mkdirSync(target, { mode: 0o700 });
    // A file may vanish while the server runs (a dropped table): the log replay recreates what matters.
    else
      fs.cpSync(source, target, {
        recursive: true,
        force: true,
        errorOnExist: false,
        filter: (s) => fs.existsSync(s) && !path.basename(s).startsWith('pgsql_tmp'),
      });
  }
}

function copyWal(from: string, to: string): void {
  fs.mkdirSync(path.join(to, 'archive_status'), { recursive: true, mode: 0o700 });
  for (const name of fs.readdirSync(from)) {
    // Segment files (24 hex digits) and timeline history files; not archive_status or temp files.
    if (/^[0-9A-F]{24}$/.test(name) || /^[0-9A-F]{8}\.history$/.test(name)) fs.copyFileSync(path.join(from, name), path.join(to, name));
  }
}

function chownTree(dir: string, uid: number, gid: number): void {
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(p, uid, gid);
    else fs.chownSync(p, uid, gid);
  }
}
