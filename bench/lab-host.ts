/**
 * Child process for `npm run bench:lab`: hosts N stand-ins of one kind (so their CPU is not the
 * runtime's) and, once told `go`, changes one marker signal per station at known times so the
 * parent can measure the delay from a change at the stand-in to its evaluation in the engine.
 *
 * Markers (signals in the tag map that the bench exercises do not judge):
 *  - PLC trainer: SPEED_SETPOINT (holding register), values 100 + 10·i + k;
 *  - robot cell: OPERATOR.JOG (ignored by the cell in AUTO), values 1000 + 10·i + k.
 * IPC: sends `{ ready, stations }`; answers `cpu`, `marks` (every marker write: station, value,
 * time), `ticks` (model ticks of each robot cell so far that changed a tag: the most samples it can publish) and
 * `stop`. Times are `performance.timeOrigin + performance.now()` (epoch ms, sub-ms).
 */
import os from 'node:os';
import path from 'node:path';
import { realClock, startPlcTrainer, startRobotCell, type PlcTrainer, type RobotCell, type SimClock } from '../simulators';

/** One marker write. */
export interface MarkerWrite {
  readonly station: number;
  readonly value: number;
  readonly at: number;
}

const now = () => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const kind = process.argv[2] as 'plc' | 'robot';
  const count = Number(process.argv[3] ?? 1);
  const first = Number(process.argv[4] ?? 0);
  const periodMs = Number(process.argv[5] ?? 200);
  const plcs: PlcTrainer[] = [];
  const cells: RobotCell[] = [];
  const pkiDir = path.join(os.tmpdir(), 'dualhub-bench-pki');
  const TICK_MS = 20;
  const ticks: number[] = [];
  const allTicks: number[] = [];
  /**
   * The wall clock, counting the cell's model ticks (its one interval of TICK_MS) that changed
   * at least one tag: the most distinct samples the cell can publish.
   */
  const countingClock = (i: number): SimClock => {
    const clock = realClock();
    ticks[i] = 0;
    allTicks[i] = 0;
    let last: Record<string, unknown> = {};
    const counted = (fn: () => void) => () => {
      fn();
      allTicks[i]!++;
      const now = cells[i]?.state() ?? {};
      for (const k in now) {
        if (now[k] !== last[k]) {
          ticks[i]!++;
          break;
        }
      }
      last = now;
    };
    return { ...clock, setInterval: (fn, ms) => clock.setInterval(ms === TICK_MS ? counted(fn) : fn, ms) };
  };
  for (let i = 0; i < count; i++) {
    if (kind === 'plc') plcs.push(await startPlcTrainer({ port: 0, seed: first + i + 1 }));
    else cells.push(await startRobotCell({ port: 0, pkiDir, tickMs: TICK_MS, seed: first + i + 1, clock: countingClock(i) }));
  }
  const marks: MarkerWrite[] = [];
  const timers: NodeJS.Timeout[] = [];
  const mark = (i: number, k: number) => {
    const value = (kind === 'plc' ? 100 : 1000) + 10 * (first + i) + (k % 10);
    if (kind === 'plc') plcs[i]!.write('SPEED_SETPOINT', value);
    else cells[i]!.act({ jog: value });
    marks.push({ station: first + i, value, at: now() });
  };
  process.on('message', (m: string) => {
    if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
    if (m === 'marks') process.send!({ marks: marks.splice(0) });
    if (m === 'ticks') process.send!({ ticks: [...ticks], allTicks: [...allTicks] });
    if (m === 'go') {
      // The PLC conveyors run (boxes, eyes, motor current change every scan); the robot cells
      // already run their program (started by the exercise setup).
      for (const plc of plcs) {
        plc.press('RESET', 60);
        setTimeout(() => plc.press('START', 60), 150);
      }
      const n = Math.max(plcs.length, cells.length);
      for (let i = 0; i < n; i++) {
        let k = 0;
        // Spread the stations' phases so changes land anywhere in the poll period.
        const start = setTimeout(() => timers.push(setInterval(() => mark(i, k++), periodMs + (i % 7))), (i * 37) % periodMs);
        timers.push(start);
      }
      process.send!({ going: true });
    }
    if (m === 'stop') {
      for (const t of timers) clearTimeout(t);
      void Promise.all([...plcs.map((p) => p.stop()), ...cells.map((c) => c.stop())]).then(() => process.exit(0));
    }
  });
  process.send!({
    ready: true,
    stations: kind === 'plc' ? plcs.map((p) => ({ port: p.port })) : cells.map((c) => ({ endpointUrl: c.endpointUrl })),
  });
  setInterval(() => undefined, 1 << 30);
}

main().catch((e) => {
  process.stderr.write(String((e as Error).stack ?? e));
  process.exit(1);
});
