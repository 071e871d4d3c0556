import ModbusRTU from 'modbus-serial';
import fs from 'node:fs';
import path from 'node:path';
import { createVirtualClock, startPlcTrainer, type PlcTrainer, type VirtualClock } from '../../simulators';
import { plcTag, plcTagMap } from '../../simulators/plc-trainer/plc.registers';

type Client = InstanceType<typeof ModbusRTU>;

/** What modbus-serial rejects with when no answer came within the client's timeout. */
const TIMED_OUT = { name: 'TransactionTimedOutError' };

async function connect(trainer: PlcTrainer, unitId = 1, timeoutMs = 2000): Promise<Client> {
  const client = new ModbusRTU();
  await client.connectTCP('127.0.0.1', { port: trainer.port });
  client.setID(unitId);
  client.setTimeout(timeoutMs);
  return client;
}

const close = (c: Client) => new Promise<void>((r) => c.close(() => r()));

async function readTag(client: Client, name: string): Promise<boolean | number> {
  const t = plcTag(name);
  switch (t.area) {
    case 'coil':
      return (await client.readCoils(t.address, 1)).data[0];
    case 'discreteInput':
      return (await client.readDiscreteInputs(t.address, 1)).data[0];
    case 'inputRegister':
      return (await client.readInputRegisters(t.address, 1)).data[0];
    case 'holdingRegister':
      return (await client.readHoldingRegisters(t.address, 1)).data[0];
  }
}

async function writeTag(client: Client, name: string, value: boolean | number): Promise<void> {
  const t = plcTag(name);
  if (t.area === 'coil') await client.writeCoil(t.address, Boolean(value));
  else await client.writeRegister(t.address, Number(value));
}

/** Presses a panel button over Modbus: write 1, let a few scans see it, write 0. */
async function pressOverModbus(client: Client, clock: VirtualClock, name: string): Promise<void> {
  await writeTag(client, name, true);
  clock.advance(30);
  await writeTag(client, name, false);
  clock.advance(30);
}

async function exceptionOf(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { modbusCode?: number }).modbusCode;
  }
}

describe('PLC trainer over Modbus TCP', () => {
  let clock: VirtualClock;
  let trainer: PlcTrainer;
  let client: Client;

  afterEach(async () => {
    if (client?.isOpen) await close(client);
    await trainer?.stop();
  });

  describe('internal mode (reference controller)', () => {
    beforeEach(async () => {
      clock = createVirtualClock();
      trainer = await startPlcTrainer({ port: 0, clock, mode: 'internal', seed: 7 });
      client = await connect(trainer);
    });

    it('moves boxes past both photo-eyes and counts them while the conveyor runs', async () => {
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(false);
      await pressOverModbus(client, clock, 'PANEL.START_PB');
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(true);
      expect(await readTag(client, 'LAMP_GREEN')).toBe(true);
      let entrySeen = false;
      let exitSeen = false;
      for (let i = 0; i < 300; i++) {
        clock.advance(100);
        const di = (await client.readDiscreteInputs(0, 16)).data;
        entrySeen ||= di[plcTag('ENTRY_EYE').address];
        exitSeen ||= di[plcTag('EXIT_EYE').address];
      }
      expect(entrySeen).toBe(true);
      expect(exitSeen).toBe(true);
      const ir = (await client.readInputRegisters(0, 7)).data;
      expect(ir[plcTag('BOX_COUNT').address]).toBeGreaterThan(3);
      expect(ir[plcTag('CONVEYOR_SPEED').address]).toBe(200);
      expect(ir[plcTag('MOTOR_CURRENT').address]).toBeGreaterThan(15);
      expect(ir[plcTag('SCAN_COUNT').address]).toBe(3006);
    });

    it('stops on the stop button and refuses to start with the e-stop pressed until reset', async () => {
      await pressOverModbus(client, clock, 'PANEL.START_PB');
      clock.advance(500);
      await pressOverModbus(client, clock, 'PANEL.STOP_PB');
      expect(await readTag(client, 'MOTOR_CONTACTOR')).toBe(false);
      await writeTag(client, 'PANEL.ESTOP', true);
      clock.advance(20);
      expect(await readTag(client, 'ESTOP_PRESSED')).toBe(true);
      expect(await readTag(client, 'LAMP_RED')).toBe(true);
      expect(await readTag(client, 'FAULT_CODE')).toBe(3);
      await pressOverModbus(client, clock, 'PANEL.START_PB');
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(false);
      await writeTag(client, 'PANEL.ESTOP', false);
      clock.advance(20);
      expect(await readTag(client, 'SAFETY_OK')).toBe(false); // pulled out, not yet reset
      await pressOverModbus(client, clock, 'PANEL.RESET_PB');
      expect(await readTag(client, 'SAFETY_OK')).toBe(true);
      expect(await readTag(client, 'LAMP_RED')).toBe(false);
      await pressOverModbus(client, clock, 'PANEL.START_PB');
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(true);
    });

    it('jogs only while start is held in manual mode', async () => {
      trainer.set('MODE_AUTO', false);
      await writeTag(client, 'PANEL.START_PB', true);
      clock.advance(50);
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(true);
      await writeTag(client, 'PANEL.START_PB', false);
      clock.advance(50);
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(false);
    });
  });

  describe('external mode (a student program drives the outputs)', () => {
    beforeEach(async () => {
      clock = createVirtualClock();
      trainer = await startPlcTrainer({ port: 0, clock, mode: 'external', seed: 3 });
      client = await connect(trainer);
    });

    it('drops the contactor on e-stop although the output stays on, and needs a reset to run again', async () => {
      await writeTag(client, 'MOTOR_CONTACTOR', true);
      clock.advance(20);
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(true);
      await writeTag(client, 'PANEL.ESTOP', true);
      clock.advance(10);
      expect(await readTag(client, 'MOTOR_CONTACTOR')).toBe(true);
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(false);
      expect(await readTag(client, 'SAFETY_OK')).toBe(false);
      await writeTag(client, 'PANEL.ESTOP', false);
      clock.advance(50);
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(false);
      await pressOverModbus(client, clock, 'PANEL.RESET_PB');
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(true);
    });

    it('opening the guard drops the contactor; a failed guard switch lies and keeps it running', async () => {
      await writeTag(client, 'MOTOR_CONTACTOR', true);
      clock.advance(20);
      await writeTag(client, 'PANEL.GUARD_CLOSED', false);
      clock.advance(10);
      expect(await readTag(client, 'GUARD_CLOSED')).toBe(false);
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(false);
      expect(await readTag(client, 'FAULT_CODE')).toBe(4);
      await writeTag(client, 'FAULT.GUARD_SWITCH', 1);
      await pressOverModbus(client, clock, 'PANEL.RESET_PB');
      expect(await readTag(client, 'GUARD_CLOSED')).toBe(true); // the door is still open
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(true);
    });

    it('trips the overload when a jam stalls the motor too long; clearing the jam counts as unsafe unless isolated', async () => {
      await writeTag(client, 'MOTOR_CONTACTOR', true);
      clock.advance(2000);
      await writeTag(client, 'FAULT.JAM', 1);
      clock.advance(20);
      expect(await readTag(client, 'FAULT.JAM')).toBe(0);
      expect(await readTag(client, 'JAMMED')).toBe(1);
      expect(await readTag(client, 'CONVEYOR_SPEED')).toBe(0);
      expect(await readTag(client, 'MOTOR_CURRENT')).toBeGreaterThanOrEqual(90);
      expect(await readTag(client, 'OVERLOAD_TRIPPED')).toBe(false);
      clock.advance(3000);
      expect(await readTag(client, 'OVERLOAD_TRIPPED')).toBe(true);
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(false);
      expect(await readTag(client, 'FAULT_CODE')).toBe(1);

      await writeTag(client, 'PANEL.CLEAR_JAM', true);
      clock.advance(20);
      expect(await readTag(client, 'UNSAFE_ACTS')).toBe(1);
      expect(await readTag(client, 'JAMMED')).toBe(1);
      await writeTag(client, 'PANEL.ISOLATOR_ON', false);
      await writeTag(client, 'PANEL.CLEAR_JAM', true);
      clock.advance(20);
      expect(await readTag(client, 'JAMMED')).toBe(0);
      expect(await readTag(client, 'UNSAFE_ACTS')).toBe(1);
      await writeTag(client, 'PANEL.ISOLATOR_ON', true);
      await pressOverModbus(client, clock, 'PANEL.RESET_PB');
      expect(await readTag(client, 'OVERLOAD_TRIPPED')).toBe(false);
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(true);
    });

    it('trips the overload at once on the instructor fault and shows stuck photo-eyes', async () => {
      await writeTag(client, 'MOTOR_CONTACTOR', true);
      clock.advance(20);
      await client.writeRegisters(plcTag('FAULT.ENTRY_EYE').address, [2, 1, 1]);
      clock.advance(20);
      expect(await readTag(client, 'ENTRY_EYE')).toBe(true);
      expect(await readTag(client, 'EXIT_EYE')).toBe(false);
      expect(await readTag(client, 'OVERLOAD_TRIPPED')).toBe(true);
      expect(await readTag(client, 'MOTOR_RUNNING')).toBe(false);
    });

    it('extends the reject cylinder between its end switches', async () => {
      expect(await readTag(client, 'CYL_RETRACTED')).toBe(true);
      await writeTag(client, 'REJECT_CYL', true);
      clock.advance(100);
      expect(await readTag(client, 'CYL_RETRACTED')).toBe(false);
      expect(await readTag(client, 'CYL_EXTENDED')).toBe(false);
      clock.advance(300);
      expect(await readTag(client, 'CYL_EXTENDED')).toBe(true);
    });
  });

  describe('Modbus protocol behaviour', () => {
    beforeEach(async () => {
      clock = createVirtualClock();
      trainer = await startPlcTrainer({ port: 0, clock, mode: 'external', unitId: 1 });
      client = await connect(trainer);
    });

    it('answers exception 01 for an unsupported function code', async () => {
      const fc22 = new Promise((resolve, reject) => client.writeFC22(1, 0, 0xffff, 0, (err, data) => (err ? reject(err) : resolve(data))));
      expect(await exceptionOf(fc22)).toBe(1);
    });

    it('answers exception 02 for addresses out of range or not writable', async () => {
      expect(await exceptionOf(client.readCoils(30, 5))).toBe(2);
      expect(await exceptionOf(client.readDiscreteInputs(16, 1))).toBe(2);
      expect(await exceptionOf(client.readInputRegisters(10, 7))).toBe(2);
      expect(await exceptionOf(client.readHoldingRegisters(0, 33))).toBe(2);
      expect(await exceptionOf(client.writeCoil(10, true))).toBe(2);
      expect(await exceptionOf(client.writeRegister(5, 1))).toBe(2);
      expect(await exceptionOf(client.writeCoils(0, [true, true, true, true, true, true, true]))).toBe(2);
      expect((await client.readHoldingRegisters(0, 32)).data).toHaveLength(32);
    });

    it('answers exception 03 for bad quantities and values', async () => {
      expect(await exceptionOf(client.readHoldingRegisters(0, 126))).toBe(3);
      expect(await exceptionOf(client.readInputRegisters(0, 0))).toBe(3);
      expect(await exceptionOf(client.readCoils(0, 2001))).toBe(3);
      expect(await exceptionOf(client.readDiscreteInputs(0, 2001))).toBe(3);
      expect(await exceptionOf(client.writeRegister(plcTag('SPEED_SETPOINT').address, 5000))).toBe(3);
      expect(await readTag(client, 'SPEED_SETPOINT')).toBe(200);
    });

    it('supports function 23 (read/write multiple registers)', async () => {
      const result = await new Promise<{ data: number[] }>((resolve, reject) =>
        client.writeFC23(1, 0, 1, 0, 1, [350], (err, data) => (err ? reject(err) : resolve(data as { data: number[] }))),
      );
      expect(result.data).toEqual([350]);
      clock.advance(10);
      expect(trainer.read('SPEED_SETPOINT')).toBe(350);
    });

    it('honours the unit id: another unit id gets exception 0B (gateway target failed to respond)', async () => {
      const other = await connect(trainer, 7);
      try {
        expect(await exceptionOf(other.readCoils(0, 1))).toBe(0x0b);
      } finally {
        await close(other);
      }
    });

    it("serves several clients at once, each seeing the others' writes", async () => {
      const clients = await Promise.all(Array.from({ length: 6 }, () => connect(trainer)));
      try {
        // Client i writes output coil i (coils 0..4); then every client reads all of them.
        await Promise.all(clients.slice(0, 5).map((c, i) => c.writeCoil(i, true)));
        const views = await Promise.all(clients.map((c) => c.readCoils(0, 6)));
        for (const v of views) expect(v.data.slice(0, 6)).toEqual([true, true, true, true, true, false]);
        expect(trainer.connections()).toBe(7);
      } finally {
        await Promise.all(clients.map(close));
      }
    });

    it('stops answering for the injected communication drop, then answers again', async () => {
      const quick = await connect(trainer, 1, 300);
      try {
        await writeTag(client, 'FAULT.COMM_DROP_S', 2);
        await expect(quick.readCoils(0, 1)).rejects.toMatchObject(TIMED_OUT);
        clock.advance(1000);
        await expect(quick.readCoils(0, 1)).rejects.toMatchObject(TIMED_OUT);
        clock.advance(1000);
        expect((await quick.readCoils(0, 1)).data).toHaveLength(8);
        expect(await readTag(quick, 'FAULT.COMM_DROP_S')).toBe(0);
      } finally {
        await close(quick);
      }
    });

    it('delays every answer by the injected slow-response time', async () => {
      await writeTag(client, 'FAULT.SLOW_MS', 400);
      const impatient = await connect(trainer, 1, 100);
      try {
        await expect(impatient.readCoils(0, 1)).rejects.toMatchObject(TIMED_OUT);
      } finally {
        await close(impatient);
      }
      expect((await client.readCoils(0, 1)).data).toHaveLength(8);
      trainer.inject({ kind: 'CLEAR' });
      expect(await readTag(client, 'FAULT.SLOW_MS')).toBe(0);
    });
  });

  it('gives identical signals for the same seed and script on a virtual clock', async () => {
    const run = async () => {
      const c = createVirtualClock();
      const t = await startPlcTrainer({ port: 0, clock: c, seed: 42 });
      const trace: string[] = [];
      t.press('START');
      for (let i = 0; i < 200; i++) {
        c.advance(50);
        if (i === 100) t.inject({ kind: 'JAM' });
        trace.push(JSON.stringify(t.state()));
      }
      await t.stop();
      return trace;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(new Set(a).size).toBeGreaterThan(50);
  });

  it('publishes a tag map file equal to the register map in code', () => {
    const file = JSON.parse(fs.readFileSync(path.join(__dirname, '../../simulators/plc-trainer/tagmap.json'), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(plcTagMap())));
  });
});
