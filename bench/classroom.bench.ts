/**
 * `npm run bench:classroom` (issue 19 part B; the plot-latency part of the console's figures):
 * 30 live sessions on 30 stand-in PLC trainers (in a child process, over real Modbus TCP), each
 * watched by the instructor's live session view in headless Chromium (one page per session).
 * Every round, the guard door of all 30 trainers changes at once (30 students acting together);
 * for each page we take the delay from the change on the stand-in to the plot having drawn it
 * (the page's uPlot got the new point: its `data-points` grew; checked every animation frame).
 * Prints p50/p99/max over all samples, misses, and the load average. Options: --stations N
 * (default 30), --rounds N (default 8). The runs are of the safe start-up with 10-minute time
 * limits (`bench.live-plot`, made here), so they stay live however long 30 views take to load.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CHROMIUM } from '../tests/support/browser';

/** In the page: how many points the session view's plot has drawn (a function: the page's CSP forbids evaluating strings). */
const points = (): number => Number((globalThis as any).document.querySelector('[data-testid="signal-plot"]')?.dataset.points ?? 0);
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
  const { values } = parseArgs({ options: { stations: { type: 'string', default: '30' }, rounds: { type: 'string', default: '8' } } });
  const n = Number(values.stations);
  const rounds = Number(values.rounds);
  ensureConsoleBuilt({ quiet: true });
  const child = fork(path.join(__dirname, 'classroom-standins.ts'), [String(n)], { execArgv: ['-r', path.join(PROJECT_ROOT, 'scripts', 'register.js')] });
  const ports = await new Promise<number[]>((resolve) => child.once('message', (m: { ports: number[] }) => resolve(m.ports)));
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
    const lab = await system().em.findOneOrFail(Organization, { bin: '990140000011' });
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
          standIn: true,
          tagMap: plcTagMap(),
        },
      });
      stations.push(station.data.registerStation.station.id);
      students.push(Buffer.from(`Person:${await person(`bench.student${i + 1}@ineu.kz`, PersonRole.STUDENT)}`).toString('base64url'));
    }
    const pages: Page[] = [];
    for (let i = 0; i < n; i++) {
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
    // Each page goes to its session's live view (a hash change: no reload).
    await Promise.all(pages.map((p, i) => p.evaluate((id) => ((globalThis as any).location.hash = `#/session?id=${encodeURIComponent(id)}`), sessions[i]!)));
    // Each view has its plot with the run's snapshot drawn (the run is under way).
    await Promise.all(
      pages.map((p) =>
        p.waitForFunction(() => Number((globalThis as any).document.querySelector('[data-testid="signal-plot"]')?.dataset.points ?? 0) >= 1, undefined, {
          timeout: 60_000,
        }),
      ),
    );
    // The same sessions followed by a graphql-ws client in this process: splits the delay into the
    // runtime's poll (the event's own time), the API's road to the socket, and the browser's part.
    const ws = createClient({
      url: hub.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${key}` },
      lazy: false,
    });
    const arrivals = sessions.map(() => [] as Array<{ at: number; received: number }>);
    sessions.forEach((sessionId, i) =>
      ws.subscribe<{ sessionEvents: { events: { tag: string | null; at: string }[] } }>(
        { query: `subscription($id: ID!) { sessionEvents(sessionId: $id) { events { tag at } } }`, variables: { id: sessionId } },
        {
          next: (r) => {
            const received = Date.now();
            for (const e of r.data?.sessionEvents.events ?? []) if (e.tag === 'GUARD_CLOSED') arrivals[i]!.push({ at: Date.parse(e.at), received });
          },
          error: () => undefined,
          complete: () => undefined,
        },
      ),
    );
    const polled: number[] = [];
    const socketed: number[] = [];
    const toggled = new Map<number, (t0: number) => void>();
    child.on('message', (m: { toggled?: number; t0: number }) => {
      if (m.toggled !== undefined) toggled.get(m.toggled)?.(m.t0);
    });
    const measuringAt = Date.now();
    type Usage = { cpuMs: number; wallMs: number; delayP50: number; delayP99: number };
    const childUsage = () =>
      new Promise<Usage>((resolve) => {
        const on = (m: { usage?: Usage }) => {
          if (!m.usage) return;
          child.off('message', on);
          resolve(m.usage);
        };
        child.on('message', on);
        child.send('usage');
      });
    await childUsage();
    const apiDelay = monitorEventLoopDelay({ resolution: 5 });
    apiDelay.enable();
    const apiCpu = process.cpuUsage();
    const delays: number[] = [];
    let misses = 0;
    const loads: string[] = [];
    for (let r = 0; r < rounds; r++) {
      const before = await Promise.all(pages.map((p) => p.evaluate(points)));
      const watching = pages.map((p, i) =>
        p
          .waitForFunction(
            (b: number) => (Number((globalThis as any).document.querySelector('[data-testid="signal-plot"]')?.dataset.points ?? 0) > b ? Date.now() : false),
            before[i]!,
            { polling: 'raf', timeout: MISS_MS },
          )
          .then((h) => h.jsonValue() as Promise<number>)
          .catch(() => null),
      );
      const t0s = await Promise.all(
        pages.map(
          (_p, i) =>
            new Promise<number>((resolve) => {
              toggled.set(i, resolve);
              child.send({ toggle: i, on: r % 2 === 0 });
            }),
        ),
      );
      const seen = await Promise.all(watching);
      arrivals.forEach((list, i) => {
        const first = list.find((a) => a.at >= t0s[i]! - 5);
        if (first) {
          polled.push(first.at - t0s[i]!);
          socketed.push(first.received - t0s[i]!);
        }
        list.length = 0;
      });
      seen.forEach((at, i) => (at === null ? misses++ : delays.push(at - t0s[i]!)));
      loads.push(fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const standIns = await childUsage();
    const apiUsed = process.cpuUsage(apiCpu);
    apiDelay.disable();
    const roundsMs = Date.now() - measuringAt;
    const statuses = await gql(`query { trainingSessions(first: 100, filter: { statuses: [RUNNING] }) { totalCount } }`, {});
    console.log(`classroom: ${n} live sessions on ${n} stand-in PLC trainers (Modbus TCP, child process), ${n} live session views in headless Chromium`);
    console.log(`signal change on the stand-in → plot drawn in the browser: ${delays.length} samples, ${misses} missed (no draw within ${MISS_MS / 1000} s)`);
    if (delays.length)
      console.log(
        `  p50 ${pct(delays, 50).toFixed(0)} ms · p99 ${pct(delays, 99).toFixed(0)} ms · max ${Math.max(...delays).toFixed(0)} ms (goal p99 ≤ 150 ms)`,
      );
    if (socketed.length) {
      console.log(
        `  of which: observed by the runtime's poll p50 ${pct(polled, 50).toFixed(0)} ms · p99 ${pct(polled, 99).toFixed(0)} ms (the event's own time)`,
      );
      console.log(
        `            update received by a graphql-ws client in the API's process p50 ${pct(socketed, 50).toFixed(0)} ms · p99 ${pct(socketed, 99).toFixed(0)} ms (${socketed.length} samples)`,
      );
    }
    await ws.dispose();
    console.log(
      `  during the rounds (${(roundsMs / 1000).toFixed(1)} s): API process (with PostgreSQL client, runtime, graphql-ws) CPU ${(((apiUsed.user + apiUsed.system) / 1000 / roundsMs) * 100).toFixed(0)} %, event-loop delay p50 ${(apiDelay.percentile(50) / 1e6).toFixed(0)} ms · p99 ${(apiDelay.percentile(99) / 1e6).toFixed(0)} ms; stand-ins process CPU ${((standIns.cpuMs / standIns.wallMs) * 100).toFixed(0)} %, event-loop delay p50 ${standIns.delayP50.toFixed(0)} ms · p99 ${standIns.delayP99.toFixed(0)} ms`,
    );
    console.log(
      `  start-up: ${n} startSession calls at once answered in ${((sessionsStartedAt - startedAt) / 1000).toFixed(1)} s; every view drew its first point ${((measuringAt - sessionsStartedAt) / 1000).toFixed(1)} s later `,
    );
    console.log(
      `  sessions still running at the end: ${statuses.data?.trainingSessions.totalCount ?? '?'} of ${n}${endings(await system().em.find(TrainingSession, { exerciseCode: 'bench.live-plot', status: { $ne: SessionStatus.RUNNING } }))}`,
    );
    console.log(`  load average during the rounds: ${loads[0]} … ${loads.at(-1)} (cores: ${os.cpus().length})`);
  } finally {
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
