import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PROJECT_ROOT } from '../src/shared/project-root';

const WEB = path.join(PROJECT_ROOT, 'web');
const OUTPUT = path.join(WEB, 'dist', 'index.html');
/** What the console's build reads: its sources, its HTML entries, its config and the locked dependencies. */
const INPUTS = [
  path.join(WEB, 'src'),
  path.join(WEB, 'index.html'),
  path.join(WEB, 'graphiql.html'),
  path.join(WEB, 'vite.config.mts'),
  path.join(PROJECT_ROOT, 'package-lock.json'),
  // How it is built (a fix here must rebuild an existing web/dist).
  __filename,
];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/**
 * Writes `<file>.gz` (gzip level 9) beside every script and stylesheet, once at build time, so
 * the API sends compressed assets without compressing per request (src/graphql/console.ts).
 */
function precompress(assets: string): void {
  for (const name of fs.readdirSync(assets)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const file = path.join(assets, name);
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
  }
}

/** Whether the built console is missing or older than one of its inputs. */
export function consoleIsStale(): boolean {
  if (!fs.existsSync(OUTPUT)) return true;
  const built = fs.statSync(OUTPUT).mtimeMs;
  return INPUTS.some((input) => newestMtime(input) > built);
}

/**
 * Builds the web console into web/dist with Vite when its sources are newer than the build
 * (`npm start` and the integration tests' global setup call this; nothing is fetched: Vite and
 * every front-end package come from node_modules). Returns whether it built.
 */
export function ensureConsoleBuilt(options: { force?: boolean; quiet?: boolean } = {}): boolean {
  if (!options.force && !consoleIsStale()) return false;
  const vite = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(WEB, 'vite.config.mts'), '--logLevel', options.quiet ? 'error' : 'warn'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    // NODE_ENV decides which React Vite bundles: jest sets it to `test`, which would ship React's development build.
    env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (result.status !== 0) throw new Error(`The web console did not build (vite exited ${result.status ?? result.signal})`);
  precompress(path.join(WEB, 'dist', 'assets'));
  // Vite rewrites index.html last only when it changed; touch it so the staleness check holds.
  const now = new Date();
  fs.utimesSync(OUTPUT, now, now);
  return true;
}

if (require.main === module) {
  const force = process.argv.includes('--force');
  const built = ensureConsoleBuilt({ force });
  if (!built) console.log('web console: up to date (web/dist)');
}
