/**
 * The PLC trainer's scan counter is a `heartbeat` tag: the Modbus poller keeps its value but reports
 * no change of it, so runs no longer record (and stream) one event per poll. These specs hold the
 * judge to what it decided before: no exercise refers to a heartbeat tag, and stored evidence
 * with the counter's changes (as recorded until now) and without them re-judges to the same verdict.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadExerciseFile } from '../exercises/exercise.loader';
import { loadTagMapFile } from '../exercises/tagmap.loader';
import { compileExercise } from './judge.rules';
import type { LabEvent } from './lab.port';
import { type RunPoints, plcIdle, safeStartUpRuns } from './plc-timelines.fixtures';
import { rejudge } from './rejudge.rules';
import type { SignalValue } from './signal.types';

const root = path.join(__dirname, '..', '..', '..');
const exerciseFiles = fs.readdirSync(path.join(root, 'fixtures', 'exercises')).filter((f) => f.endsWith('.yaml'));
const heartbeats = (['plc-trainer', 'robot-cell'] as const).flatMap((trainer) =>
  loadTagMapFile(path.join(root, 'simulators', trainer, 'tagmap.json')).tags.flatMap((t) => ('heartbeat' in t && t.heartbeat ? [t.name] : [])),
);

const T0 = 1_000_000;
const idle: Record<string, SignalValue> = { ...plcIdle, SCAN_COUNT: 0 };

/**
 * Stored evidence of a run: the snapshot, then the changes at their times; with `pollMs`, also the
 * scan counter's change at every poll (10 ms scans read every 50 ms), as recorded before.
 */
function evidence(points: RunPoints, pollMs?: number): LabEvent[] {
  const events: LabEvent[] = [{ type: 'snapshot', values: idle, seq: 1, at: T0 }];
  const end = points[points.length - 1]![0];
  const at = new Map<number, Record<string, SignalValue>>(points.map(([ms, c]) => [ms, { ...c }]));
  if (pollMs) for (let ms = pollMs; ms <= end + 2000; ms += pollMs) at.set(ms, { ...at.get(ms), SCAN_COUNT: (ms / 10) & 0xffff });
  for (const ms of [...at.keys()].sort((a, b) => a - b))
    for (const [tag, value] of Object.entries(at.get(ms)!)) events.push({ type: 'signal', tag, value, seq: events.length + 1, at: T0 + ms });
  return events;
}

describe('the scan counter as a heartbeat', () => {
  it('is marked in the PLC trainer tag map, and no exercise refers to a heartbeat tag', () => {
    expect(heartbeats).toEqual(['SCAN_COUNT']);
    for (const file of exerciseFiles) {
      const text = JSON.stringify(loadExerciseFile(path.join(root, 'fixtures', 'exercises', file)));
      for (const tag of heartbeats) expect({ file, refers: text.includes(tag) }).toEqual({ file, refers: false });
    }
  });

  const safeStartUp = compileExercise(loadExerciseFile(path.join(root, 'fixtures', 'exercises', 'plc-safe-start-up.yaml')));
  const runs: Record<string, RunPoints> = safeStartUpRuns;

  it.each(Object.keys(runs))('re-judges evidence with and without the counter to the same verdict, score, reasons and times (%s)', (name) => {
    const before = rejudge(safeStartUp, evidence(runs[name]!, 50));
    const now = rejudge(safeStartUp, evidence(runs[name]!));
    expect(before).not.toBeNull();
    expect(now).toEqual(before);
  });
});
