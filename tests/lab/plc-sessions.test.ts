// Imported directly: the simulators index also loads node-opcua, which jest cannot load yet (hexy is ESM).
import { startPlcTrainer, type PlcTrainer } from '../../simulators/plc-trainer/plc.trainer';
import { InMemoryLabPort } from '../../src/lab/runtime/lab.port';
import { LabRuntime } from '../../src/lab/runtime/lab.runtime';
import type { StationConfig } from '../../src/lab/runtime/station.types';
import { ModbusStudent, fixtureExercise, plcTagMap } from './support/scripted-student';

const tagMap = plcTagMap();
let trainer: PlcTrainer;
let station: StationConfig;
let student: ModbusStudent;

beforeEach(async () => {
  trainer = await startPlcTrainer({ port: 0, seed: 7 });
  station = { id: 'plc-1', kind: 'PLC_TRAINER', address: { protocol: 'MODBUS_TCP', host: '127.0.0.1', port: trainer.port }, tagMap };
  student = new ModbusStudent(tagMap);
  await student.connect(trainer.port);
});

afterEach(async () => {
  await student.close();
  await trainer.stop();
});

async function runSession(exerciseName: string, script: Parameters<ModbusStudent['play']>[0], port = new InMemoryLabPort()) {
  const runtime = new LabRuntime({ port, modbus: { requestTimeoutMs: 300 } });
  const started = await runtime.startSession({ station, exercise: fixtureExercise(exerciseName), studentId: 'student-1' });
  if (!started.sessionId) throw new Error(String(started.error));
  const verdict = runtime.result(started.sessionId)!;
  await Promise.race([student.play(script), verdict]);
  const result = await verdict;
  await runtime.stop();
  return { result, port, events: port.events.get(started.sessionId)! };
}

const safeStartUp = [
  { after: 100, write: 'PANEL.GUARD_CLOSED', value: 1 },
  { after: 100, write: 'PANEL.MODE_AUTO', value: 1 },
  { after: 100, write: 'PANEL.ISOLATOR_ON', value: 1 },
  { after: 100, write: 'PANEL.RESET_PB', value: 'press' },
  { after: 100, write: 'PANEL.START_PB', value: 'press' },
  { after: 2300, write: 'PANEL.STOP_PB', value: 'press' },
] as const;

describe('PLC trainer sessions over Modbus TCP with a scripted student', () => {
  it('safe start-up performed correctly passes; the verdict comes last and rests on all stored evidence; readiness event emitted', async () => {
    const { result, port, events } = await runSession('plc-safe-start-up', [...safeStartUp]);
    expect(result).toMatchObject({ verdict: 'PASSED', score: 100 });
    expect(result.lastSeq).toBe(events.length);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'signal').map((e) => (e as { tag: string }).tag)).toEqual(expect.arrayContaining(['GUARD_CLOSED', 'ISOLATOR_ON', 'SAFETY_OK', 'MOTOR_RUNNING']));
    expect(port.passed).toEqual([expect.objectContaining({ exerciseId: 'plc.safe-start-up', hazardCategories: ['ROTATING_MACHINERY', 'ELECTRICAL_UP_TO_1KV'] })]);
  });

  it('safe start-up with the guard opened while the belt runs fails naming the invariant', async () => {
    const wrong = [...safeStartUp.slice(0, 5), { after: 600, write: 'PANEL.GUARD_CLOSED', value: 0 }];
    const { result, port } = await runSession('plc-safe-start-up', wrong);
    expect(result.verdict).toBe('FAILED');
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'INVARIANT_BROKEN', invariantId: 'guard-open-belt-moving' })]);
    expect(port.passed).toEqual([]);
  });

  it('lock-out before clearing a jam: correct run passes; the jam stimulus is applied by the engine', async () => {
    const { result, events } = await runSession('plc-lockout-clear-jam', [
      { after: 200, write: 'PANEL.START_PB', value: 'press' },
      { after: 1500, write: 'PANEL.STOP_PB', value: 'press' },
      { after: 200, write: 'PANEL.ISOLATOR_ON', value: 0 },
      { after: 200, write: 'PANEL.GUARD_CLOSED', value: 0 },
      { after: 200, write: 'PANEL.CLEAR_JAM', value: 1 },
      { after: 300, write: 'PANEL.GUARD_CLOSED', value: 1 },
      { after: 200, write: 'PANEL.ISOLATOR_ON', value: 1 },
      { after: 200, write: 'PANEL.RESET_PB', value: 'press' },
      { after: 200, write: 'PANEL.START_PB', value: 'press' },
    ]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'action', purpose: 'stimulus', stimulusId: 'jam-a-box', ok: true }));
    expect(result).toMatchObject({ verdict: 'PASSED' });
  });

  it('lock-out before clearing a jam: reaching in with the isolator on fails naming the invariant', async () => {
    const { result } = await runSession('plc-lockout-clear-jam', [
      { after: 200, write: 'PANEL.START_PB', value: 'press' },
      { after: 1500, write: 'PANEL.STOP_PB', value: 'press' },
      { after: 200, write: 'PANEL.GUARD_CLOSED', value: 0 },
      { after: 200, write: 'PANEL.CLEAR_JAM', value: 1 },
    ]);
    expect(result.reasons).toEqual([expect.objectContaining({ code: 'INVARIANT_BROKEN', invariantId: 'hand-in-energised-machine' })]);
  });

  it('a communication drop mid-run ends the session as INTERRUPTED, never passed', async () => {
    const { result, events } = await runSession('plc-safe-start-up', [
      { after: 100, write: 'PANEL.GUARD_CLOSED', value: 1 },
      { after: 200, write: 'FAULT.COMM_DROP_S', value: 3 },
      { after: 5000, write: 'PANEL.MODE_AUTO', value: 1 },
    ]);
    expect(result.verdict).toBe('INTERRUPTED');
    expect(result.reasons[0]).toMatchObject({ code: 'LINK_LOST' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'link', state: 'lost' }));
  });
});
