/**
 * The PLC trainer's scan counter is marked `heartbeat` in its tag map: the Modbus poller reads it
 * and keeps it in the station's values, but never reports it as a change (one per poll otherwise),
 * while every other tag's change still is. Real stand-in, real Modbus TCP on loopback.
 */
import { startPlcTrainer, type PlcTrainer } from '../../simulators';
import { plcTagMap } from '../../simulators/plc-trainer/plc.registers';
import { ModbusPoller } from '../../src/lab/runtime/modbus.poller';
import type { SignalChange } from '../../src/lab/runtime';
import type { ModbusTagMap } from '../../src/lab/runtime/station.types';

let trainer: PlcTrainer;
let poller: ModbusPoller;

beforeEach(async () => {
  trainer = await startPlcTrainer({ port: 0, scanMs: 10 });
  poller = new ModbusPoller({ protocol: 'MODBUS_TCP', host: '127.0.0.1', port: trainer.port, maxRequestsInFlight: 16 }, plcTagMap() as ModbusTagMap, {
    pollMs: 20,
  });
});

afterEach(async () => {
  await poller.close();
  await trainer.stop();
});

const until = async (what: () => boolean) => {
  while (!what()) await new Promise((resolve) => setTimeout(resolve, 10));
};

test('reports the guard door changing but never the scan counter, whose value it keeps current', async () => {
  const changes: SignalChange[] = [];
  poller.on('changes', (batch: readonly SignalChange[]) => changes.push(...batch));
  await poller.connect();
  // The first poll reports every other tag (from unknown to its value); not the counter.
  expect(changes.some((c) => c.tag === 'GUARD_CLOSED')).toBe(true);
  const fromFirstPoll = changes.length;
  const firstCount = poller.snapshot().SCAN_COUNT;
  expect(typeof firstCount).toBe('number');
  const guard = trainer.read('GUARD_CLOSED');
  trainer.set('GUARD_CLOSED', !guard);
  await until(() => changes.some((c) => c.tag === 'GUARD_CLOSED' && c.value === !guard));
  // Several polls later: the counter has moved on in the values, and was never a change.
  const polled = poller.health().samples;
  await until(() => poller.health().samples >= polled + 3 && poller.snapshot().SCAN_COUNT !== firstCount);
  expect(changes.filter((c) => c.tag === 'SCAN_COUNT')).toEqual([]);
  expect(
    changes
      .slice(fromFirstPoll)
      .filter((c) => c.tag === 'GUARD_CLOSED')
      .map((c) => c.value),
  ).toEqual([!guard]);
});
