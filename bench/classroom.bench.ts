/**
 * `npm run bench:classroom` (issue 19 part B; the plot-latency part of the console's figures):
 * N live sessions (default 30) on N stand-in PLC trainers (in a child process, over real Modbus
 * TCP). In a classroom each view runs on its own tablet, not on the server; here the views are:
 *  - `--viewers` (default N) real graphql-ws subscribers of `sessionEvents`, one WebSocket each,
 *    in a child process apart from the API (bench/classroom-viewers.ts), one per session, with
 *    the live session view's own subscription document: change on the stand-in → update received;
 *  - `--browsers` (default 4) live session views in headless Chromium on this same machine (one
 *    window each, on the first sessions): change on the stand-in → plot drawn (the animation frame
 *    after the page's uPlot got the new point: its `data-points` grew).
 * `--browsers 30 --viewers 0` is the all-Chromium mode (30 pages on the server's cores).
 * Every round, the guard door of all N trainers changes at once (N students acting together).
 * Prints what runs where, p50/p99/max of both populations, misses, seq gaps and duplicates seen by
 * the viewers, CPU and event-loop delay per process, and the load average. Other options:
 * --stations N (default 30), --rounds N (default 8), --sampling-ms N (each station's poll period,
 * default 50 as a registered station's). The runs are of the safe start-up with
 * 10-minute time limits (`bench.live-plot`, made here), so they stay live however long the views
 * take to load.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadAverage } from './cpu';
import type { ProcessUsage } from './process-usage';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { plcTagMap } from '../simulators/plc-trainer/plc.registers';
import { ensureConsoleBuilt } from '../scripts/build-console';
import { startDualHub } from '../src/app';
import { loadConfig } from '../src/config';
import { createContext } from '../src/db/context';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { Exercise, SessionStatus, TrainingSession } from '../src/lab';
import { createLogger } from '../src/logger';
import { ApiKeyRole, Organization, Person, PersonRole } from '../src/organizations';
import { PROJECT_ROOT } from '../src/shared/project-root';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../tests/support/browser';

/**
 * In the page: from now on, the wall-clock time of the animation frame after the plot's next new
 * point goes to `__drawnAt` (a function: the page's CSP forbids evaluating strings).
 */
const watchDraw = (): void => {
  const g = globalThis as any;
  const plot = g.document.querySelector('[data-testid="signal-plot"]');
  const before = Number(plot?.dataset.points ?? 0);
  g.__drawnAt = undefined;
  const observer = new g.MutationObserver(() => {
    if (Number(plot.dataset.points ?? 0) <= before) return;
    observer.disconnect();
    g.requestAnimationFrame(() => (g.__drawnAt = Date.now()));
  });
  observer.observe(plot, { attributes: true, attributeFilter: ['data-points'] });
};
/** A copy of an exercise definition with every `timeLimitMs` at 10 minutes. */
const longer = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(longer)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'timeLimitMs' ? 600_000 : longer(v)]))
      : value;

/** How the sessions that ended before the end of the rounds ended: status and first reason, counted. */
const endings = (ended: readonly TrainingSession[]): string => {
  const counts = new Map<string, number>();
  for (const s of ended) {
    const key = `${s.status} ${s.reasons?.[0]?.code ?? ''}: ${(s.reasons?.[0]?.message ?? '').slice(0, 80)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, c]) => `\n    ended ${c}× ${k}`).join('');
};

/** A change not drawn within this many ms counts as missed. */
const MISS_MS = 2000;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stations: { type: 'string', default: '30' },
      rounds: { type: 'string', default: '8' },
      browsers: { type: 'string', default: '4' },
      viewers: { type: 'string' },
      'sampling-ms': { type: 'string', default: '50' },
    },
  });
  const n = Number(values.stations);
  const rounds = Number(values.rounds);
  const browsers = Math.min(n, Number(values.browsers));
  const viewers = Math.min(n, Number(values.viewers ?? n));
  const samplingMs = Number(values['sampling-ms']);
  ensureConsoleBuilt({ quiet: true });
  const execArgv = ['-r', path.join(PROJECT_ROOT, 'scripts', 'register.js')];
  const child = fork(path.join(__dirname, 'classroom-standins.ts'), [String(n)], { execArgv });
  const viewing = fork(path.join(__dirname, 'classroom-viewers.ts'), [], { execArgv });
  /** The next message from a child process that has `field`. */
  const reply = <T>(from: typeof child, field: string, ask?: unknown): Promise<T> =>
    new Promise<T>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (!(field in m)) return;
        from.off('message', on);
        resolve(m as T);
      };
      from.on('message', on);
      if (ask !== undefined) from.send(ask as string);
    });
  const [{ ports }] = await Promise.all([reply<{ ports: number[] }>(child, 'ports'), reply(viewing, 'ready')]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-bench-classroom-'));
  fs.chmodSync(tmp, 0o777);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: 0, persistent: false });
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    START_SIMULATORS: 'false',
    NODE_ENV: 'production',
    COOKIE_SECURE: 'false',
    RATE_LIMIT_PER_KEY: '0',
    RATE_LIMIT_PER_IP: '0',
  });
  const log = createLogger('silent');
  const hub = await startDualHub(config, log, { databaseUrl: pg.url });
  // Like tests/support/browser's launchBrowser, plus: no throttling of background pages (30 views
  // are open at once and only one can be in front; a throttled page draws once a second).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  try {
    const base = hub.url.replace(/\/graphql$/, '');
    const system = () => createContext({ orm: hub.orm, caller: 'system', log });
    const lab = await system().em.findOneOrFail(Organization, { bin: '990140000017' });
    const issued = await hub.app.services.apiKeys.issue(system(), { organizationId: lab.id, role: ApiKeyRole.WRITER, label: 'bench classroom' });
    if (!issued.ok) throw new Error('key');
    const key = issued.value.secret;
    const gql = async (query: string, variables: Record<string, unknown>, cookie?: string) => {
      const r = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : { authorization: `Bearer ${key}` }) },
        body: JSON.stringify({ query, variables }),
      });
      return (await r.json()) as { data?: any; errors?: unknown };
    };
    const identity = hub.app.services.identity;
    const password = 'bench classroom passphrase';
    const person = async (email: string, role: PersonRole) => {
      const invited = await identity.invite(system(), { organizationId: lab.id, email, fullName: email.split('@')[0]!, role });
      if (!invited.ok || !(await identity.acceptInvitation(system(), { token: invited.value.token, password })).ok) throw new Error('person');
      return (await system().em.findOneOrFail(Person, { email })).id;
    };
    await person('bench.instructor@ineu.kz', PersonRole.LAB_INSTRUCTOR);
    const signIn = await fetch(`${base}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench.instructor@ineu.kz', password }),
    });
    const [cookieName, cookieValue] = signIn.headers.getSetCookie()[0]!.split(';')[0]!.split('=') as [string, string];
    // The safe start-up with every time limit at 10 minutes: 30 views on this machine take longer to
    // draw their first point than the fixture's 30 s steps last, and a run must stay live for the rounds.
    const fixture = await system().em.findOneOrFail(Exercise, { code: 'plc.safe-start-up' }, { orderBy: { version: 'desc' } });
    const em = system().em;
    const exercise = em.create(Exercise, {
      code: 'bench.live-plot',
      version: 1,
      stationKind: fixture.stationKind,
      hazardCategories: [],
      title: fixture.title,
      instructions: fixture.instructions,
      definition: { ...(longer(fixture.definition) as typeof fixture.definition), id: 'bench.live-plot', hazardCategories: [] },
    });
    await em.flush();
    const exerciseId = Buffer.from(`Exercise:${exercise.id}`).toString('base64url');

    // Stations and students first; the console is loaded in every page before any session starts,
    // so the runs (whose first steps time out after 30 s) are measured while they are live.
    const stations: string[] = [];
    const students: string[] = [];
    for (let i = 0; i < n; i++) {
      const station = await gql(`mutation($input: RegisterStationInput!) { registerStation(input: $input) { station { id } userErrors { code } } }`, {
        input: {
          code: `BENCH-PLC-${i + 1}`,
          name: `Bench ${i + 1}`,
          kind: 'PLC_TRAINER',
          protocol: 'MODBUS_TCP',
          host: '127.0.0.1',
          port: ports[i],
          maxRequestsInFlight: 16,
          samplingMs,
          standIn: true,
          tagMap: plcTagMap(),
        },
      });
      stations.push(station.data.registerStation.station.id);
      students.push(Buffer.from(`Person:${await person(`bench.student${i + 1}@ineu.kz`, PersonRole.STUDENT)}`).toString('base64url'));
    }
    const pages: Page[] = [];
    for (let i = 0; i < browsers; i++) {
      // One context (window) per view: each is in front in its own window, as on 30 tablets.
      const context = await browser.newContext({ baseURL: base, viewport: { width: 1024, height: 768 } });
      await context.addCookies([{ name: cookieName, value: cookieValue, url: base }]);
      const page = await context.newPage();
      await page.goto('/#/verify');
      await page.waitForSelector('main[data-page]', { timeout: 60_000 });
      pages.push(page);
    }
    const startedAt = Date.now();
    const sessions = await Promise.all(
      stations.map(async (stationId, i) => {
        const started = await gql(`mutation($input: StartSessionInput!) { startSession(input: $input) { session { id } userErrors { code } } }`, {
          input: { studentId: students[i], exerciseId, stationId },
        });
        if (!started.data?.startSession.session) throw new Error(JSON.stringify(started));
        return started.data.startSession.session.id as string;
      }),
    );
    const sessionsStartedAt = Date.now();
    // Each page goes to its session's live view (a hash change: no reload); each viewer subscribes.
    const following =
      viewers > 0
        ? reply<{ firstPointMs: number[] }>(viewing, 'following', {
            follow: { url: hub.url.replace(/^http/, 'ws'), key, sessions: sessions.slice(0, viewers) },
          })
        : Promise.resolve({ firstPointMs: [] as number[] });
    const viewsAskedAt = Date.now();
    const pageFirstPoint = Promise.all(
      pages.map(async (p, i) => {
        await p.evaluate((id) => ((globalThis as any).location.hash = `#/session?id=${encodeURIComponent(id)}`), sessions[i]!);
        // The view has its plot with the run's snapshot drawn (the run is under way).
        // Polled every 50 ms, not every frame (the figure is to 50 ms; no per-frame work in 30 pages).
        await p.waitForFunction(() => Number((globalThis as any).document.querySelector('[data-testid="signal-plot"]')?.dataset.points ?? 0) >= 1, undefined, {
          polling: 50,
          timeout: 60_000,
        });
        return Date.now() - viewsAskedAt;
      }),
    );
    const [{ firstPointMs: viewerFirstPoint }, pagesFirstPoint] = await Promise.all([following, pageFirstPoint]);
    const polled: number[] = [];
    const socketed: number[] = [];
    const toggled = new Map<number, (t0: number) => void>();
    child.on('message', (m: { toggled?: number; t0: number }) => {
      if (m.toggled !== undefined) toggled.get(m.toggled)?.(m.t0);
    });
    const measuringAt = Date.now();
    const usageOf = async (from: typeof child) => (await reply<{ usage: ProcessUsage }>(from, 'usage', 'usage')).usage;
    await Promise.all([usageOf(child), usageOf(viewing), reply(viewing, 'arrivals', 'collect')]);
    let seqs = { gaps: 0, duplicates: 0 };
    const apiDelay = monitorEventLoopDelay({ resolution: 5 });
    apiDelay.enable();
    const apiCpu = process.cpuUsage();
    const delays: number[] = [];
    let misses = 0;
    let viewerMisses = 0;
    const loads: string[] = [];
    for (let r = 0; r < rounds; r++) {
      // Each page notes, in the page, the frame after its plot got a new point (a MutationObserver on
      // `data-points`, then the next animation frame: the one that paints it). Read afterwards at a
      // slow poll: the measuring adds no per-frame work to 30 pages sharing 2 cores.
      await Promise.all(pages.map((p) => p.evaluate(watchDraw)));
      const watching = pages.map((p) =>
        p
          .waitForFunction(() => (globalThis as any).__drawnAt ?? false, undefined, { polling: 100, timeout: MISS_MS })
          .then((h) => h.jsonValue() as Promise<number>)
          .catch(() => null),
      );
      const t0s = await Promise.all(
        sessions.map(
          (_s, i) =>
            new Promise<number>((resolve) => {
              toggled.set(i, resolve);
              child.send({ toggle: i, on: r % 2 === 0 });
            }),
        ),
      );
      const seen = await Promise.all(watching);
      // The viewers' updates of this round (each waited for as long as a page may take to draw).
      const deadline = Math.max(...t0s) + MISS_MS;
      if (viewers > 0) await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(500, deadline - Date.now()))));
      const collected = await reply<{ arrivals: Array<Array<{ at: number; received: number }>>; gaps: number; duplicates: number }>(
        viewing,
        'arrivals',
        'collect',
      );
      seqs = collected;
      collected.arrivals.forEach((list, i) => {
        const first = list.find((a) => a.at >= t0s[i]! - 5);
        if (first && first.received - t0s[i]! <= MISS_MS) {
          polled.push(first.at - t0s[i]!);
          socketed.push(first.received - t0s[i]!);
        } else viewerMisses++;
      });
      seen.forEach((at, i) => (at === null ? misses++ : delays.push(at - t0s[i]!)));
      loads.push(loadAverage());
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const [standIns, viewersUsage] = await Promise.all([usageOf(child), usageOf(viewing)]);
    const apiUsed = process.cpuUsage(apiCpu);
    apiDelay.disable();
    const roundsMs = Date.now() - measuringAt;
    const statuses = await gql(`query { trainingSessions(first: 100, filter: { statuses: [RUNNING] }) { totalCount } }`, {});
    const figures = (xs: number[]) =>
      xs.length ? `p50 ${pct(xs, 50).toFixed(0)} ms · p99 ${pct(xs, 99).toFixed(0)} ms · max ${Math.max(...xs).toFixed(0)} ms` : 'no samples';
    const share = (u: ProcessUsage) =>
      `CPU ${((u.cpuMs / u.wallMs) * 100).toFixed(0)} %, event-loop delay p50 ${u.delayP50.toFixed(0)} ms · p99 ${u.delayP99.toFixed(0)} ms`;
    console.log(`classroom: ${n} live sessions on ${n} stand-in PLC trainers, ${rounds} rounds (all ${n} guard doors change at once each round)`);
    console.log(`  where (all on this ${os.cpus().length}-core machine):`);
    console.log(`    API, lab runtime (Modbus pollers, judges) and graphql-ws server: the bench's process (pid ${process.pid}); PostgreSQL: its own processes`);
    console.log(`    ${n} stand-in PLC trainers (Modbus TCP, 10 ms scan, polled every ${samplingMs} ms): child process ${child.pid}`);
    console.log(
      `    ${viewers} viewers: graphql-ws subscribers of sessionEvents (the live view's document, one WebSocket each, sessions 1–${viewers}): child process ${viewing.pid} (in a classroom: the tablets)`,
    );
    console.log(
      `    ${browsers} live session views in headless Chromium (sessions 1–${browsers}), one window each, sharing the server's cores (in a classroom each is on its own tablet)`,
    );
    console.log(`  signal change on the stand-in → update received by a viewer (another process): ${socketed.length} samples, ${viewerMisses} missed`);
    console.log(`    ${figures(socketed)} (goal p99 ≤ 150 ms)`);
    console.log(`    of which observed by the runtime's poll: ${figures(polled)} (the event's own time)`);
    console.log(`    seqs the viewers got: ${seqs.gaps} missing, ${seqs.duplicates} twice`);
    console.log(`  signal change on the stand-in → plot drawn in Chromium: ${delays.length} samples, ${misses} missed (no draw within ${MISS_MS / 1000} s)`);
    console.log(`    ${figures(delays)} (goal p99 ≤ 150 ms)`);
    console.log(
      `  during the rounds (${(roundsMs / 1000).toFixed(1)} s): API process (with PostgreSQL client, runtime, graphql-ws) CPU ${(((apiUsed.user + apiUsed.system) / 1000 / roundsMs) * 100).toFixed(0)} %, event-loop delay p50 ${(apiDelay.percentile(50) / 1e6).toFixed(0)} ms · p99 ${(apiDelay.percentile(99) / 1e6).toFixed(0)} ms; stand-ins process ${share(standIns)}; viewers process ${share(viewersUsage)}`,
    );
    console.log(
      `  start-up: ${n} startSession calls at once answered in ${((sessionsStartedAt - startedAt) / 1000).toFixed(1)} s; then first point (the run's snapshot): viewers ${figures(viewerFirstPoint)}, Chromium views ${figures(pagesFirstPoint)}`,
    );
    console.log(
      `  sessions still running at the end: ${statuses.data?.trainingSessions.totalCount ?? '?'} of ${n}${endings(await system().em.find(TrainingSession, { exerciseCode: 'bench.live-plot', status: { $ne: SessionStatus.RUNNING } }))}`,
    );
    console.log(`  load average during the rounds: ${loads[0]} … ${loads.at(-1)} (cores: ${os.cpus().length})`);
  } finally {
    // The viewers go first: their sockets must not outlive the API (graphql-ws would retry).
    await new Promise((resolve) => {
      viewing.once('exit', resolve);
      viewing.send('stop');
    });
    await browser.close();
    await hub.close();
    await pg.stop();
    child.send('stop');
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
