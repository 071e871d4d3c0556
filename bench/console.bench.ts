/**
 * `npm run bench:console`: what the web console costs a browser.
 * - JavaScript shipped on first load (gzip, level 9, as a compressing proxy would send it; and raw),
 *   counted from the requests headless Chromium actually makes to open the sign-in page and
 *   the main page of a signed-in person (goal ≤ 250 KB gzip);
 * - time to interactive of the main page: from navigation start until the page's own data has
 *   arrived and its search field accepts input, cold (new browser context, empty cache) and warm
 *   (reload: hashed assets come from the cache, index.html is revalidated).
 * The main page here is the safety officer's clearance check (part A); part B adds the
 * classroom view and the plot latency. Options: --rounds N (default 10).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { ensureConsoleBuilt } from '../scripts/build-console';
import { startDualHub } from '../src/app';
import { createContext } from '../src/db/context';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { CONSOLE_DIR } from '../src/graphql/console';
import { createLogger } from '../src/logger';
import { Organization, PersonRole } from '../src/organizations';
import { launchBrowser } from '../tests/support/browser';
import { benchConfig } from './config';

const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' } } });
  const rounds = Number(values.rounds);
  ensureConsoleBuilt({ quiet: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-bench-console-'));
  fs.chmodSync(tmp, 0o777);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 0, persistent: false });
  const config = benchConfig({
    COOKIE_SECURE: 'false',
    GRAPHIQL: 'true',
    RATE_LIMIT_PER_KEY: '0',
    RATE_LIMIT_PER_IP: '0',
  });
  const log = createLogger('silent');
  const hub = await startDualHub(config, log, { databaseUrl: pg.url });
  const browser = await launchBrowser();
  try {
    const base = hub.url.replace(/\/graphql$/, '');
    const system = () => createContext({ orm: hub.orm, caller: 'system', log });
    const employer = await system().em.findOneOrFail(Organization, { bin: '040640000048' });
    const invited = await hub.app.services.identity.invite(system(), {
      organizationId: employer.id,
      email: 'bench.officer@weld.kz',
      fullName: 'Bench Officer',
      role: PersonRole.SAFETY_OFFICER,
    });
    if (!invited.ok) throw new Error('invite');
    const password = 'bench passphrase long enough';
    if (!(await hub.app.services.identity.acceptInvitation(system(), { token: invited.value.token, password })).ok) throw new Error('accept');
    const signIn = await fetch(`${base}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench.officer@weld.kz', password }),
    });
    const cookie = signIn.headers.getSetCookie()[0].split(';')[0].split('=');

    /** JS files (by path) a fresh context loads to open `url` until `ready` is visible. */
    async function firstLoad(url: string, ready: string, signedIn: boolean): Promise<string[]> {
      const context = await browser.newContext({ baseURL: base });
      if (signedIn) await context.addCookies([{ name: cookie[0], value: cookie[1], url: base }]);
      const page = await context.newPage();
      const scripts: string[] = [];
      const finished: Promise<number>[] = [];
      page.on('requestfinished', (r) => {
        if (r.resourceType() !== 'script') return;
        scripts.push(new URL(r.url()).pathname);
        finished.push(r.sizes().then((s) => s.responseBodySize));
      });
      await page.goto(url);
      await page.locator(ready).first().waitFor({ state: 'visible' });
      await page.waitForLoadState('networkidle');
      transferred.set(
        url,
        (await Promise.all(finished)).reduce((a, b) => a + b, 0),
      );
      await context.close();
      return scripts;
    }
    /** Script bytes on the wire per page (the API sends them gzip-compressed). */
    const transferred = new Map<string, number>();
    const sizes = (scripts: string[]) => {
      const files = scripts.map((p) => path.join(CONSOLE_DIR, p));
      return { raw: files.reduce((n, f) => n + fs.statSync(f).size, 0), gzip: files.reduce((n, f) => n + gzipSize(f), 0), count: files.length };
    };
    const signInJs = sizes(await firstLoad('/', 'form[data-testid="sign-in-form"]', false));
    const mainJs = sizes(await firstLoad('/#/clearance', 'main[data-page="clearance"] input[name="search"]', true));
    const graphiqlJs = sizes(await firstLoad('/graphql', '.graphiql-container', true));
    console.log(
      `first-load JavaScript, sign-in page: ${kb(signInJs.gzip)} gzip (${kb(signInJs.raw)} raw, ${signInJs.count} files, ${kb(transferred.get('/') ?? 0)} on the wire) · goal ≤ 250 KB gzip: ${signInJs.gzip <= 250 * 1024 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `first-load JavaScript, main page (clearance check, signed in): ${kb(mainJs.gzip)} gzip (${kb(mainJs.raw)} raw, ${mainJs.count} files, ${kb(transferred.get('/#/clearance') ?? 0)} on the wire) · goal ≤ 250 KB gzip: ${mainJs.gzip <= 250 * 1024 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `GraphiQL at /graphql (its own entry, not on the console's load): ${kb(graphiqlJs.gzip)} gzip (${kb(graphiqlJs.raw)} raw, ${graphiqlJs.count} files)`,
    );

    // Time to interactive: navigation start → the page's data has arrived and the field is enabled.
    const ready = async (page: import('playwright-core').Page) => {
      await page.locator('main[data-page="clearance"] input[name="search"]').waitFor({ state: 'visible' });
      await page.locator('main .loading').waitFor({ state: 'detached' });
      return page.evaluate(() => performance.now());
    };
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const context = await browser.newContext({ baseURL: base });
      await context.addCookies([{ name: cookie[0], value: cookie[1], url: base }]);
      const page = await context.newPage();
      await page.goto('/#/clearance');
      cold.push(await ready(page));
      await page.reload();
      warm.push(await ready(page));
      await context.close();
    }
    const line = (name: string, xs: number[]) =>
      `${name}: p50 ${pct(xs, 50).toFixed(0)} ms · p90 ${pct(xs, 90).toFixed(0)} ms · min ${Math.min(...xs).toFixed(0)} ms · max ${Math.max(...xs).toFixed(0)} ms`;
    console.log(`time to interactive of the main page over ${rounds} rounds (headless Chromium, loopback):`);
    console.log(`  ${line('cold (empty cache)', cold)}`);
    console.log(`  ${line('warm (reload, assets cached)', warm)}`);
    console.log(`load average: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()} · ${os.cpus().length} cores`);
  } finally {
    await browser.close();
    await hub.close();
    await pg.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
