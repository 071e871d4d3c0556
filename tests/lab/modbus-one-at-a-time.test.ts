import { startPlcTrainer, type PlcTrainer } from '../../simulators';
import { plcTagMap } from '../../simulators/plc-trainer/plc.registers';
import { ModbusTcpClient } from '../../src/lab/runtime/modbus.client';
import { ModbusPoller } from '../../src/lab/runtime/modbus.poller';
import type { SignalChange } from '../../src/lab/runtime';

// Many real PLCs and serial gateways serve one Modbus transaction at a time and drop requests
// sent before the previous answer. The stand-in trainer has that mode; the lab runtime's client
// must work against it with the station's default (one request in flight).
let trainer: PlcTrainer;

beforeEach(async () => {
  trainer = await startPlcTrainer({ port: 0, transactions: 'one-at-a-time' });
  // Each answer takes 10 ms (wall clock): a transaction stays open long enough that any request
  // sent ahead of its answer is dropped, however TCP splits the packets.
  trainer.inject({ kind: 'SLOW', ms: 10 });
});

afterEach(async () => {
  await trainer.stop();
});

const EVERY_AREA = [
  { area: 'coil', start: 0, count: 4 },
  { area: 'discreteInput', start: 0, count: 4 },
  { area: 'inputRegister', start: 0, count: 2 },
  { area: 'holdingRegister', start: 0, count: 2 },
] as const;

test('the stand-in in one-at-a-time mode drops requests pipelined ahead of an answer', async () => {
  const client = new ModbusTcpClient('127.0.0.1', trainer.port, 1, 400, 4);
  try {
    await client.connect();
    await expect(client.readMany(EVERY_AREA)).rejects.toThrow(/timed out/);
    expect(trainer.droppedRequests()).toBe(3);
  } finally {
    await client.close();
  }
});

test('the client with its default of one request in flight reads every area of a one-at-a-time device', async () => {
  const client = new ModbusTcpClient('127.0.0.1', trainer.port, 1, 400);
  try {
    await client.connect();
    const answers = await client.readMany(EVERY_AREA);
    expect(answers.map((a) => a.length)).toEqual([4, 4, 2, 2]);
    await client.writeRegister(plcTagMap().tags.find((t) => t.name === 'SPEED_SETPOINT')!.address, 450);
    expect(trainer.read('SPEED_SETPOINT')).toBe(450);
    expect(trainer.droppedRequests()).toBe(0);
  } finally {
    await client.close();
  }
});

test('a station with the default setting polls a one-at-a-time device without losing the link', async () => {
  const poller = new ModbusPoller({ protocol: 'MODBUS_TCP', host: '127.0.0.1', port: trainer.port }, plcTagMap(), { pollMs: 20, requestTimeoutMs: 400 });
  const lost: string[] = [];
  poller.on('lost', (reason: string) => lost.push(reason));
  try {
    expect(poller.readPlan().length).toBeGreaterThan(1);
    await poller.connect();
    const seen = new Promise<SignalChange>((resolve) =>
      poller.on('changes', (changes: readonly SignalChange[]) => {
        const speed = changes.find((c) => c.tag === 'SPEED_SETPOINT');
        if (speed) resolve(speed);
      }),
    );
    await poller.write('SPEED_SETPOINT', 500);
    expect((await seen).value).toBe(500);
    expect({ lost, dropped: trainer.droppedRequests(), errors: poller.health().errorCount }).toEqual({ lost: [], dropped: 0, errors: 0 });
  } finally {
    await poller.close();
  }
});

test('a station set to pipeline cannot connect to a one-at-a-time device (why the default is 1)', async () => {
  const poller = new ModbusPoller({ protocol: 'MODBUS_TCP', host: '127.0.0.1', port: trainer.port, maxRequestsInFlight: 16 }, plcTagMap(), {
    pollMs: 20,
    requestTimeoutMs: 300,
  });
  try {
    await expect(poller.connect(2000)).rejects.toThrow(/timed out/);
    expect(trainer.droppedRequests()).toBeGreaterThan(0);
  } finally {
    await poller.close();
  }
});
