import path from 'node:path';
import { createVirtualScheduler, type VirtualScheduler } from '../../shared/scheduler';
import { loadExerciseFile } from '../exercises/exercise.loader';
import { InMemoryLabPort, type SessionEnded, type LabEvent } from './lab.port';
import { SessionRunner } from './session.runner';
import type { SignalValue } from './signal.types';
import { StationLinkBase } from './station.link';
import { plcIdle } from './plc-timelines.fixtures';

const exercise = loadExerciseFile(path.join(__dirname, '..', '..', '..', 'fixtures', 'exercises', 'plc-safe-start-up.yaml'));

/** A station held in memory: always connected, values set by the test, writes applied as they come. */
class MemoryStation extends StationLinkBase {
  constructor(initial: Record<string, SignalValue>) {
    super();
    this.values = { ...initial };
    this.healthState.connected = true;
  }
  async connect(): Promise<void> {}
  async write(tag: string, value: Exclude<SignalValue, null>): Promise<void> {
    this.values[tag] = value;
  }
  async call(): Promise<void> {}
  async close(): Promise<void> {}
}

const idle = plcIdle;

/** Moves virtual time in 50 ms steps, letting promise callbacks run between steps, until `done` holds. */
async function runUntil(clock: VirtualScheduler, done: () => boolean, limitMs = 600_000): Promise<void> {
  const end = clock.now() + limitMs;
  while (!done() && clock.now() < end) {
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
    clock.advance(50);
  }
}

describe('SessionRunner on an injected scheduler', () => {
  it('a student who never acts fails on the step time limit after 30 s of the scheduler’s time, not of the wall clock', async () => {
    const clock = createVirtualScheduler(Date.parse('2026-03-02T09:00:00Z'));
    const port = new InMemoryLabPort();
    const runner = new SessionRunner(exercise, 'plc-1', new MemoryStation(idle), port, {
      sessionId: 's-1',
      studentId: 'st-1',
      runtimeId: 'rt',
      scheduler: clock,
    });
    let ended: SessionEnded | undefined;
    void runner.result().then((r) => (ended = r));
    const startedAt = clock.now();
    await runner.start();
    await runUntil(clock, () => ended !== undefined);
    expect(ended).toMatchObject({ verdict: 'FAILED', reasons: [expect.objectContaining({ code: 'STEP_TIME_LIMIT' })] });
    expect(ended!.at - startedAt).toBeGreaterThanOrEqual(30_000);
    expect(ended!.at - startedAt).toBeLessThan(31_000);
    // Evidence flushed on the scheduler's interval, all of it before the verdict.
    expect(port.events.get('s-1')!.length).toBe(ended!.lastSeq);
  });

  it('evidence the port refuses twice is resent after backoff on the scheduler; the verdict still rests on all of it', async () => {
    const clock = createVirtualScheduler(0);
    class FlakyPort extends InMemoryLabPort {
      failures = 2;
      sentAt: number[] = [];
      override async appendEvents(sessionId: string, events: readonly LabEvent[]): Promise<void> {
        this.sentAt.push(clock.now());
        if (this.failures-- > 0) throw new Error('store down');
        return super.appendEvents(sessionId, events);
      }
    }
    const port = new FlakyPort();
    const runner = new SessionRunner(exercise, 'plc-1', new MemoryStation(idle), port, {
      sessionId: 's-2',
      studentId: 'st-1',
      runtimeId: 'rt',
      scheduler: clock,
      reportBackoff: { initialMs: 1000, maxMs: 8000, jitter: 0 },
    });
    let ended: SessionEnded | undefined;
    void runner.result().then((r) => (ended = r));
    await runner.start();
    void runner.abort();
    await runUntil(clock, () => ended !== undefined);
    expect(ended).toMatchObject({ verdict: 'ABORTED' });
    // First try, then 1 s and 2 s later (doubling, no jitter asked for): virtual seconds, no real wait.
    expect(port.sentAt.slice(0, 3).map((t) => t - port.sentAt[0]!)).toEqual([0, 1000, 3000]);
    expect(port.events.get('s-2')!.length).toBe(ended!.lastSeq);
  });
  it('an action that completes while the verdict is being reported takes no seq the verdict does not count; the runner never rejects (the race behind the probe’s EvidenceIncompleteError)', async () => {
    const clock = createVirtualScheduler(0);
    let writes = 0;
    let releaseWrite: (() => void) | undefined;
    /** The first setup write is answered at once, the second hangs until the test releases it. */
    class SlowStation extends MemoryStation {
      override async write(tag: string, value: Exclude<SignalValue, null>): Promise<void> {
        if (++writes === 2) await new Promise<void>((r) => (releaseWrite = r));
        await super.write(tag, value);
      }
    }
    let releaseAppend: (() => void) | undefined;
    /** Evidence reaches the store only when the test lets it: the window in which the write completes. */
    class GatedPort extends InMemoryLabPort {
      override async appendEvents(sessionId: string, events: readonly LabEvent[]): Promise<void> {
        await new Promise<void>((r) => (releaseAppend = r));
        return super.appendEvents(sessionId, events);
      }
    }
    const port = new GatedPort();
    const runner = new SessionRunner(exercise, 'plc-1', new SlowStation(idle), port, {
      sessionId: 's-race',
      studentId: 'st-1',
      runtimeId: 'rt',
      scheduler: clock,
      flushMs: 60_000,
    });
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      void runner.start();
      const settle = async () => {
        for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
      };
      await settle();
      expect(releaseWrite).toBeDefined(); // the first write is recorded (seq 1), the second is in flight
      const aborted = runner.abort();
      await settle();
      expect(releaseAppend).toBeDefined(); // the verdict waits for its evidence to be stored
      releaseWrite!(); // the in-flight write completes now, after the verdict's evidence was closed
      await settle();
      releaseAppend!();
      let ended: SessionEnded | undefined;
      void aborted.then((r) => (ended = r));
      await runUntil(clock, () => ended !== undefined, 120_000);
      expect(ended).toMatchObject({ verdict: 'ABORTED' });
      expect(port.ended.get('s-race')).toEqual(ended);
      expect(port.events.get('s-race')!.length).toBe(ended!.lastSeq);
      await settle();
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
