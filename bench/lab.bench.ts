/**
 * `npm run bench:lab`: one lab runtime (this process) running sessions on 30 stand-in stations at
 * once (15 PLC trainers over Modbus TCP, 15 robot cells over OPC UA, hosted in child processes so
 * their CPU is not counted here), on loopback. Prints CPU and RSS of the runtime, the poll /
 * sample rate reached per station, p50/p99 delay from a signal change at the stand-in to its
 * evaluation by the judge, and events written per second through a counting port; then
 * whether each goal is met. Asserts nothing.
 *
 * `npm run bench:lab` compiles src/, simulators/ and bench/ with the SWC CLI into .tmp/bench-lab
 * first and runs the compiled JavaScript, as `npm start` runs a compiled build: the on-the-fly
 * loader (`-r scripts/register.js`, ~73 MB) is not part of what production runs. Run through the
 * loader (`node -r ./scripts/register.js bench/lab.bench.ts`) it still works, and says so.
 *
 * Options: --seconds 20 (measured window, after a 3 s warm-up), --period 20 (poll period and
 * sampling interval, ms; 50 Hz), --plc 15, --robots 15, --hosts 2 (child processes per kind).
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadExerciseFile } from '../src/lab/exercises/exercise.loader';
import type { ExerciseDefinition } from '../src/lab/exercises/exercise.types';
import { loadTagMapFile } from '../src/lab/exercises/tagmap.loader';
import { compileExercise } from '../src/lab/runtime/judge.rules';
import type { LabPort, SessionEnded, LabEvent, SessionOpened } from '../src/lab/runtime/lab.port';
import { LabRuntime } from '../src/lab/runtime/lab.runtime';
import type { SignalChange } from '../src/lab/runtime/signal.types';
import { type Scheduler, systemScheduler } from '../src/shared/scheduler';
import type { ModbusTagMap, OpcUaTagMap, StationConfig } from '../src/lab/runtime/station.types';
import { PROJECT_ROOT } from '../src/shared/project-root';
import type { MarkerWrite } from './lab-host';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    period: { type: 'string', default: '20' },
    plc: { type: 'string', default: '15' },
    robots: { type: 'string', default: '15' },
    hosts: { type: 'string', default: '2' },
  },
});
const SECONDS = Number(args.seconds);
const PERIOD = Number(args.period);
const N_PLC = Number(args.plc);
const N_ROBOT = Number(args.robots);
const HOSTS = Math.max(1, Number(args.hosts));
const root = PROJECT_ROOT;
/** Running the compiled build (.js) rather than through the SWC loader. */
const COMPILED = __filename.endsWith('.js');

/**
 * A port that checks the contract (seq contiguous from 1, verdict after all its evidence) and
 * counts events without keeping them, so the RSS printed is the runtime's, not the sink's
 * (InMemoryLabPort keeps every event: ~65 000 in a 23 s run).
 */
class CountingLabPort implements LabPort {
  readonly stored = new Map<string, number>();
  readonly ended = new Map<string, SessionEnded>();
  batches = 0;
  events = 0;
  contractErrors = 0;

  async sessionStarted(session: SessionOpened): Promise<void> {
    this.stored.set(session.sessionId, 0);
  }

  async appendEvents(sessionId: string, events: readonly LabEvent[]): Promise<void> {
    let n = this.stored.get(sessionId);
    if (n === undefined || this.ended.has(sessionId)) throw new Error(`appendEvents for unknown or ended session ${sessionId}`);
    for (const e of events) {
      if (e.seq === n + 1) n++;
      else if (e.seq > n + 1) this.contractErrors++;
    }
    this.stored.set(sessionId, n);
    this.events += events.length;
    this.batches++;
  }

  async sessionEnded(verdict: SessionEnded): Promise<void> {
    if (this.stored.get(verdict.sessionId) !== verdict.lastSeq) this.contractErrors++;
    this.ended.set(verdict.sessionId, verdict);
  }

  stationHealth(): void {}

  async interruptOrphanedSessions(): Promise<number> {
    return 0;
  }
}

type HostMsg = {
  ready?: boolean;
  stations?: Array<{ port?: number; endpointUrl?: string }>;
  cpu?: NodeJS.CpuUsage;
  marks?: MarkerWrite[];
  ticks?: number[];
  allTicks?: number[];
  going?: boolean;
};
interface Host {
  child: ChildProcess;
  stations: Array<{ port?: number; endpointUrl?: string }>;
  ask(m: string): Promise<HostMsg>;
}

function startHost(kind: 'plc' | 'robot', count: number, first: number): Promise<Host> {
  const child = fork(path.join(__dirname, COMPILED ? 'lab-host.js' : 'lab-host.ts'), [kind, String(count), String(first)], {
    execArgv: COMPILED ? [] : ['-r', path.join(root, 'scripts', 'register.js')],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ask = (m: string) =>
    new Promise<HostMsg>((resolve) => {
      child.once('message', (x) => resolve(x as HostMsg));
      child.send(m);
    });
  return new Promise((resolve, reject) => {
    child.once('message', (info) => resolve({ child, stations: (info as HostMsg).stations ?? [], ask }));
    child.once('exit', (code) => reject(new Error(`${kind} host exited with ${code}`)));
  });
}

/** The fixture with every limit raised, so the sessions watch for the whole bench. */
function longRunning(name: string): ExerciseDefinition {
  const def = loadExerciseFile(path.join(root, 'fixtures', 'exercises', `${name}.yaml`));
  return {
    ...def,
    timeLimitMs: 3_600_000,
    blocks: def.blocks.map((b) => ({ ...b, steps: b.steps.map((s) => ({ ...s, timeLimitMs: 3_600_000 })) })),
  };
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const split = (n: number, parts: number) => Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0)).filter((x) => x > 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ok = (met: boolean) => (met ? 'MET' : 'NOT MET');

async function main(): Promise<void> {
  // The process before any station: Node and the runtime's modules (node-opcua included), plus
  // the SWC loader when not run compiled. Reported apart from the total.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded here on purpose: its cost is measured before any station
  require('node-opcua');
  const baselineRss = process.memoryUsage().rss;
  console.log(
    `bench:lab on ${process.version}, ${os.cpus().length} cpus, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}: ${N_PLC} PLC trainers + ${N_ROBOT} robot cells, poll/sampling ${PERIOD} ms, ${SECONDS} s measured`,
  );
  console.log(
    COMPILED
      ? 'runtime: compiled JavaScript (SWC CLI build), as `npm start` runs it'
      : 'runtime: TypeScript through the SWC loader (-r scripts/register.js): RSS includes the loader; `npm run bench:lab` runs compiled',
  );
  const plcMap = loadTagMapFile(path.join(root, 'simulators', 'plc-trainer', 'tagmap.json')) as ModbusTagMap;
  const robotMap = loadTagMapFile(path.join(root, 'simulators', 'robot-cell', 'tagmap.json')) as OpcUaTagMap;

  const hosts: Host[] = [];
  const stations: StationConfig[] = [];
  let first = 0;
  for (const n of split(N_PLC, HOSTS)) {
    const h = await startHost('plc', n, first);
    hosts.push(h);
    h.stations.forEach((s, i) =>
      stations.push({
        id: `plc-${first + i}`,
        kind: 'PLC_TRAINER',
        address: { protocol: 'MODBUS_TCP', host: '127.0.0.1', port: s.port!, maxRequestsInFlight: 16 },
        tagMap: plcMap,
      }),
    );
    first += n;
  }
  for (const n of split(N_ROBOT, HOSTS)) {
    const h = await startHost('robot', n, first);
    hosts.push(h);
    h.stations.forEach((s, i) =>
      stations.push({
        id: `robot-${first + i}`,
        kind: 'ROBOT_CELL',
        address: { protocol: 'OPC_UA', endpointUrl: s.endpointUrl!, user: { userName: 'operator', password: 'operator' } },
        tagMap: robotMap,
      }),
    );
    first += n;
  }
  console.log(`stand-ins up in ${hosts.length} child processes`);

  // Delay: marker value → station; each evaluation of a marker change is matched to the host's write.
  const stationOfMarker = (tag: string, value: number): number | undefined =>
    tag === 'SPEED_SETPOINT' && value >= 100
      ? Math.floor((value - 100) / 10)
      : tag === 'OPERATOR.JOG' && value >= 1000
        ? Math.floor((value - 1000) / 10)
        : undefined;
  const evaluated: Array<{ station: number; value: number; at: number }> = [];
  let measuring = false;
  // Wall-clock timers, sub-millisecond stamps (the delay figures are fractions of a poll period).
  const clock: Scheduler = { ...systemScheduler, now: () => performance.timeOrigin + performance.now() };
  const port = new CountingLabPort();
  const runtime = new LabRuntime({
    port,
    scheduler: clock,
    modbus: { pollMs: PERIOD },
    opcua: { samplingMs: PERIOD },
    session: {
      onEvaluated: (changes: readonly SignalChange[], at: number) => {
        if (!measuring) return;
        for (const c of changes) {
          if (typeof c.value !== 'number') continue;
          const station = stationOfMarker(c.tag, c.value);
          if (station !== undefined) evaluated.push({ station, value: c.value, at });
        }
      },
    },
  });
  const plcExercise = compileExercise(longRunning('plc-emergency-stop-restart'));
  const robotExercise = compileExercise(longRunning('robot-safe-cell-entry'));
  const t0 = Date.now();
  const started = await Promise.all(
    stations.map((station) =>
      runtime.startSession({ station, exercise: station.kind === 'PLC_TRAINER' ? plcExercise : robotExercise, studentId: `bench-${station.id}` }),
    ),
  );
  const sessionIds = started.map((s) => s.sessionId);
  const notRunning = stations.filter((_, i) => !sessionIds[i] || port.ended.has(sessionIds[i]!));
  console.log(
    `${stations.length} sessions started in ${Date.now() - t0} ms; not running: ${notRunning.length ? notRunning.map((s) => `${s.id} (${port.ended.get(sessionIds[stations.indexOf(s)]!)?.reasons[0]?.message ?? 'refused'})`).join(', ') : 'none'}`,
  );

  await Promise.all(hosts.map((h) => h.ask('go')));
  await sleep(3000); // warm-up: conveyors started, first markers seen

  // Measured window.
  const samples0 = new Map(runtime.stationHealth().map((h) => [h.stationId, h.samples]));
  const batches0 = port.batches;
  const events0 = port.events;
  const hostCpu0 = await Promise.all(hosts.map((h) => h.ask('cpu')));
  const ticks0 = await Promise.all(hosts.map((h) => h.ask('ticks')));
  await Promise.all(hosts.map((h) => h.ask('marks'))); // drop warm-up marks
  const changeBatches = new Map<string, number>();
  for (const s of stations) changeBatches.set(s.id, 0);
  // Count judge inputs per station (one per poll cycle with a change / one per publish) via the link's events.
  const countBatches = (id: string) => () => changeBatches.set(id, changeBatches.get(id)! + 1);
  const detach: Array<() => void> = [];
  for (const s of stations) {
    const link = (
      runtime as unknown as { links: Map<string, { on: (e: 'changes', f: () => void) => void; off: (e: 'changes', f: () => void) => void }> }
    ).links.get(s.id);
    if (!link) continue;
    const f = countBatches(s.id);
    link.on('changes', f);
    detach.push(() => link.off('changes', f));
  }
  measuring = true;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let rssMax = 0;
  let heapMax = 0;
  let heapTotalMax = 0;
  let externalMax = 0;
  const rssTimer = setInterval(() => {
    const m = process.memoryUsage();
    rssMax = Math.max(rssMax, m.rss);
    heapMax = Math.max(heapMax, m.heapUsed);
    heapTotalMax = Math.max(heapTotalMax, m.heapTotal);
    externalMax = Math.max(externalMax, m.external);
  }, 250);
  await sleep(SECONDS * 1000);
  measuring = false;
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  clearInterval(rssTimer);
  loop.disable();
  for (const d of detach) d();
  const hostCpu1 = await Promise.all(hosts.map((h) => h.ask('cpu')));
  const ticks1 = await Promise.all(hosts.map((h) => h.ask('ticks')));
  const marks = (await Promise.all(hosts.map((h) => h.ask('marks')))).flatMap((m) => m.marks ?? []);
  const health = runtime.stationHealth();
  const events1 = port.events;
  const stillRunning = runtime.runningSessions().length;

  // Match evaluations to marker writes: the latest write of that value at or before the evaluation.
  const writesByValue = new Map<number, number[]>();
  for (const m of marks) writesByValue.set(m.value, [...(writesByValue.get(m.value) ?? []), m.at]);
  const delays: number[] = [];
  const delaysByKind = { PLC_TRAINER: [] as number[], ROBOT_CELL: [] as number[] };
  for (const e of evaluated) {
    const writes = writesByValue.get(e.value);
    if (!writes) continue;
    let best: number | undefined;
    for (const w of writes) if (w <= e.at && (best === undefined || w > best)) best = w;
    if (best === undefined) continue;
    const d = e.at - best;
    delays.push(d);
    delaysByKind[stations[e.station]!.kind].push(d);
  }

  const seconds = wallMs / 1000;
  const cpuPct = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
  const rates = stations.map((s) => {
    const h = health.find((x) => x.stationId === s.id);
    return {
      id: s.id,
      kind: s.kind,
      samples: h ? (h.samples - (samples0.get(s.id) ?? 0)) / seconds : 0,
      batches: (changeBatches.get(s.id) ?? 0) / seconds,
      connected: h?.connected ?? false,
    };
  });
  const plcRates = rates.filter((r) => r.kind === 'PLC_TRAINER');
  const robotRates = rates.filter((r) => r.kind === 'ROBOT_CELL');
  const range = (xs: number[]) => `min ${fmt(Math.min(...xs))}  median ${fmt(pct(xs, 50))}  max ${fmt(Math.max(...xs))}`;
  const eventsPerS = (events1 - events0) / seconds;
  const batchesPerS = (port.batches - batches0) / seconds;

  console.log(`\n== runtime process (${fmt(seconds)} s measured) ==`);
  console.log(`CPU ${fmt(cpuPct)} % of one core (user ${fmt((cpu.user / 1000 / wallMs) * 100)} %, system ${fmt((cpu.system / 1000 / wallMs) * 100)} %)`);
  console.log(
    `RSS max ${fmt(rssMax / 2 ** 20)} MB (process with modules loaded, before any station: ${fmt(baselineRss / 2 ** 20)} MB; growth ${fmt((rssMax - baselineRss) / 2 ** 20)} MB), heap used max ${fmt(heapMax / 2 ** 20)} MB, heap total max ${fmt(heapTotalMax / 2 ** 20)} MB, external max ${fmt(externalMax / 2 ** 20)} MB`,
  );
  console.log(`event-loop delay: p50 ${fmt(loop.percentile(50) / 1e6)} ms, p99 ${fmt(loop.percentile(99) / 1e6)} ms, max ${fmt(loop.max / 1e6)} ms`);
  console.log(
    `sessions still running at the end: ${stillRunning} of ${stations.length}; load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (2 cores: stand-ins share them)`,
  );
  console.log('\n== rate per station ==');
  console.log(`PLC trainers, Modbus poll cycles/s:            ${range(plcRates.map((r) => r.samples))}`);
  console.log(`PLC trainers, judge inputs (cycles with a change)/s: ${range(plcRates.map((r) => r.batches))}`);
  console.log(`robot cells, value notifications/s:            ${range(robotRates.map((r) => r.samples))}`);
  console.log(`robot cells, judge inputs (publishes with data)/s:   ${range(robotRates.map((r) => r.batches))}`);
  // A cell changes its values once per model tick: the most judge inputs it can give.
  const tickRates = ticks1.flatMap((t, h) => (t.ticks ?? []).map((n, i) => (n - (ticks0[h]!.ticks?.[i] ?? 0)) / seconds));
  const allTickRates = ticks1.flatMap((t, h) => (t.allTicks ?? []).map((n, i) => (n - (ticks0[h]!.allTicks?.[i] ?? 0)) / seconds));
  console.log(`robot cells, stand-in model ticks/s:               ${range(allTickRates)}`);
  console.log(`robot cells, of those, ticks that changed a tag/s: ${range(tickRates)} (the most judge inputs a cell can give, marker writes aside)`);
  console.log('\n== delay: marker change at the stand-in → evaluated by the judge ==');
  console.log(`all (${delays.length} changes):   p50 ${fmt(pct(delays, 50))} ms   p99 ${fmt(pct(delays, 99))} ms   max ${fmt(Math.max(...delays))} ms`);
  console.log(
    `PLC / Modbus (${delaysByKind.PLC_TRAINER.length}):    p50 ${fmt(pct(delaysByKind.PLC_TRAINER, 50))} ms   p99 ${fmt(pct(delaysByKind.PLC_TRAINER, 99))} ms`,
  );
  console.log(
    `robot / OPC UA (${delaysByKind.ROBOT_CELL.length}): p50 ${fmt(pct(delaysByKind.ROBOT_CELL, 50))} ms   p99 ${fmt(pct(delaysByKind.ROBOT_CELL, 99))} ms`,
  );
  console.log(`(markers written: ${marks.length}, seen and matched: ${delays.length})`);
  console.log('\n== events written through the port ==');
  console.log(
    `${fmt(eventsPerS, 0)} events/s in ${fmt(batchesPerS, 1)} batches/s (${fmt(eventsPerS / Math.max(1, stations.length), 0)} events/s per session); port contract errors: ${port.contractErrors}`,
  );
  console.log('\n== stand-in hosts (not counted above) ==');
  hosts.forEach((h, i) => {
    const a = hostCpu0[i]!.cpu!;
    const b = hostCpu1[i]!.cpu!;
    console.log(
      `host ${i + 1} (${h.stations.length} ${h.stations[0]?.port ? 'PLC trainers' : 'robot cells'}): CPU ${fmt(((b.user - a.user + b.system - a.system) / 1000 / wallMs) * 100)} % of one core`,
    );
  });

  const goalRate = 1000 / PERIOD;
  const minPlcRate = Math.min(...plcRates.map((r) => r.samples));
  const minRobotRate = Math.min(...robotRates.map((r) => r.batches));
  const p99 = pct(delays, 99);
  console.log('\n== goals ==');
  console.log(`${ok(minPlcRate >= goalRate * 0.95)}  ${fmt(goalRate, 0)} Hz per PLC station (polls): slowest ${fmt(minPlcRate)} Hz`);
  console.log(`${ok(minRobotRate >= goalRate * 0.95)}  ${fmt(goalRate, 0)} Hz per robot station (publishes with data): slowest ${fmt(minRobotRate)} Hz`);
  console.log(
    `   the cells ticked ${fmt(Math.min(...allTickRates))}-${fmt(Math.max(...allTickRates))} times/s and changed a tag in ${fmt(Math.min(...tickRates))}-${fmt(Math.max(...tickRates))} of them: judge inputs / changes made = ${fmt(
      (100 * robotRates.reduce((n, r) => n + r.batches, 0)) /
        Math.max(
          1e-9,
          tickRates.reduce((n, r) => n + r, 0),
        ),
    )} %`,
  );
  console.log(
    `${ok(p99 <= PERIOD + 5)}  p99 delay ≤ ${PERIOD + 5} ms (one poll period + 5 ms): ${fmt(p99)} ms (Modbus ${fmt(pct(delaysByKind.PLC_TRAINER, 99))}, OPC UA ${fmt(pct(delaysByKind.ROBOT_CELL, 99))})`,
  );
  console.log(`${ok(cpuPct <= 25)}  runtime ≤ 25 % of one core: ${fmt(cpuPct)} %`);
  console.log(
    `${ok(rssMax <= 150 * 2 ** 20)}  runtime ≤ 150 MB RSS: ${fmt(rssMax / 2 ** 20)} MB total (${fmt(baselineRss / 2 ** 20)} MB of it before any station${COMPILED ? '' : ', the SWC loader included'})`,
  );

  await runtime.stop();
  await Promise.all(
    hosts.map(
      (h) =>
        new Promise<void>((r) => {
          h.child.once('exit', () => r());
          h.child.send('stop');
          setTimeout(() => {
            h.child.kill();
            r();
          }, 3000).unref();
        }),
    ),
  );
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
