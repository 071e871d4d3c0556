/**
 * Interoperability with a Modbus master we did not write: Debian's `mbpoll` (installed by
 * `.ci/run` with apt-get). A missing mbpoll fails the test with a clear message, never skips it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createVirtualClock, startPlcTrainer, type PlcTrainer, type VirtualClock } from '../../simulators';

const run = promisify(execFile);

/** Runs mbpoll once against the trainer with zero-based (PDU) addressing; returns stdout or the failure text. */
async function mbpoll(trainer: PlcTrainer, args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const { stdout } = await run('mbpoll', ['-m', 'tcp', '-p', String(trainer.port), '-1', '-0', '-o', '2', ...args], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    return { ok: true, out: stdout };
  } catch (e) {
    const err = e as { code?: string | number; stdout?: string; stderr?: string };
    if (err.code === 'ENOENT') throw new Error('mbpoll is not on PATH: install it with `apt-get install -y mbpoll` (CI does this in .ci/run)');
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** Values mbpoll printed as `[ref]: value` lines, by reference. */
function values(out: string): Record<number, number> {
  const result: Record<number, number> = {};
  for (const m of out.matchAll(/^\[(\d+)\]:\s+(-?\d+)/gm)) result[Number(m[1])] = Number(m[2]);
  return result;
}

describe('PLC trainer with mbpoll (independent Modbus master)', () => {
  let clock: VirtualClock;
  let trainer: PlcTrainer;

  beforeEach(async () => {
    clock = createVirtualClock();
    trainer = await startPlcTrainer({ port: 0, clock, mode: 'external' });
  });
  afterEach(() => trainer.stop());

  it('reads holding registers, input registers and discrete inputs', async () => {
    const hr = await mbpoll(trainer, ['-t', '4', '-r', '0', '-c', '1', '127.0.0.1']);
    expect(hr.ok).toBe(true);
    expect(values(hr.out)).toEqual({ 0: 200 });
    const di = await mbpoll(trainer, ['-t', '1', '-r', '3', '-c', '4', '127.0.0.1']);
    // MODE_AUTO, ESTOP_PRESSED, ISOLATOR_ON, GUARD_CLOSED at power-on
    expect(values(di.out)).toEqual({ 3: 1, 4: 0, 5: 1, 6: 1 });
    const ir = await mbpoll(trainer, ['-t', '3', '-r', '6', '-c', '1', '127.0.0.1']);
    expect(values(ir.out)).toEqual({ 6: 0 });
  });

  it('writes a setpoint and a panel coil that the plant then acts on', async () => {
    expect((await mbpoll(trainer, ['-t', '4', '-r', '0', '127.0.0.1', '350'])).ok).toBe(true);
    expect(trainer.read('SPEED_SETPOINT')).toBe(350);
    expect((await mbpoll(trainer, ['-t', '0', '-r', '20', '127.0.0.1', '1'])).ok).toBe(true); // PANEL.ESTOP
    clock.advance(10);
    expect(trainer.read('ESTOP_PRESSED')).toBe(true);
    expect(trainer.read('SAFETY_OK')).toBe(false);
  });

  it("reports the trainer's exceptions in its own words", async () => {
    const outOfRange = await mbpoll(trainer, ['-t', '3', '-r', '20', '-c', '2', '127.0.0.1']);
    expect(outOfRange.ok).toBe(false);
    expect(outOfRange.out).toMatch(/Illegal data address/i);
    const badValue = await mbpoll(trainer, ['-t', '4', '-r', '0', '127.0.0.1', '9999']);
    expect(badValue.out).toMatch(/Illegal data value/i);
    const otherUnit = await mbpoll(trainer, ['-a', '9', '-t', '3', '-r', '0', '127.0.0.1']);
    expect(otherUnit.out).toMatch(/Target device failed to respond/i);
  });
});
