/**
 * A scripted student: performs actions on a stand-in trainer over its real protocol (Modbus TCP
 * coil/register writes, OPC UA variable writes and method calls) at scripted times.
 */

import ModbusRTU from 'modbus-serial';
import path from 'node:path';
import { loadExerciseFile } from '../../src/lab/exercises/exercise.loader';
import { loadTagMapFile } from '../../src/lab/exercises/tagmap.loader';
import type { ExerciseDefinition } from '../../src/lab/exercises/exercise.types';
import type { ModbusTagMap, OpcUaTagMap } from '../../src/lab/runtime/station.types';
import { type Scheduler, sleep, systemScheduler } from '../../src/shared/scheduler';

export const repoRoot = path.join(__dirname, '..', '..');
/** The robot cell stand-in's tag map, as the runtime imports it (no node-opcua needed to read it). */
export const robotTagMap = () => loadTagMapFile(path.join(repoRoot, 'simulators', 'robot-cell', 'tagmap.json')) as OpcUaTagMap;
export const plcTagMap = () => loadTagMapFile(path.join(repoRoot, 'simulators', 'plc-trainer', 'tagmap.json')) as ModbusTagMap;
export const fixtureExercise = (name: string): ExerciseDefinition => loadExerciseFile(path.join(repoRoot, 'fixtures', 'exercises', `${name}.yaml`));

/** One scripted act: wait `after` ms (from the previous act), then do it. */
export type ScriptAct =
  | { readonly after: number; readonly write: string; readonly value: boolean | number | 'press' }
  | { readonly after: number; readonly waitFor: string; readonly value: boolean | number };

/**
 * The correct safe start-up of the PLC trainer (fixture `plc-safe-start-up`): guard closed, AUTO,
 * isolator on, reset, start, let the belt run past `held(MOTOR_RUNNING, 2s)`, stop.
 */
export const safeStartUp = [
  { after: 100, write: 'PANEL.GUARD_CLOSED', value: 1 },
  { after: 100, write: 'PANEL.MODE_AUTO', value: 1 },
  { after: 100, write: 'PANEL.ISOLATOR_ON', value: 1 },
  { after: 100, write: 'PANEL.RESET_PB', value: 'press' },
  { after: 100, write: 'PANEL.START_PB', value: 'press' },
  { after: 2300, write: 'PANEL.STOP_PB', value: 'press' },
] as const satisfies readonly ScriptAct[];

/** A student at the PLC trainer's virtual panel, over Modbus TCP; waits on `scheduler`'s time (default the wall clock). */
export class ModbusStudent {
  private readonly client = new ModbusRTU();
  constructor(
    private readonly tagMap: ModbusTagMap,
    private readonly scheduler: Scheduler = systemScheduler,
  ) {}

  async connect(port: number): Promise<void> {
    await this.client.connectTCP('127.0.0.1', { port });
    this.client.setID(1);
    this.client.setTimeout(1000);
  }

  async write(tag: string, value: boolean | number): Promise<void> {
    const t = this.tagMap.tags.find((x) => x.name === tag);
    if (!t) throw new Error(`unknown tag ${tag}`);
    if (t.area === 'coil') await this.client.writeCoil(t.address, Boolean(value));
    else await this.client.writeRegister(t.address, Number(value));
  }

  /** Reads a tag as the student's HMI shows it (booleans for bits, raw numbers for registers). */
  async read(tag: string): Promise<boolean | number> {
    const t = this.tagMap.tags.find((x) => x.name === tag);
    if (!t) throw new Error(`unknown tag ${tag}`);
    if (t.area === 'coil') return (await this.client.readCoils(t.address, 1)).data[0]!;
    if (t.area === 'discreteInput') return (await this.client.readDiscreteInputs(t.address, 1)).data[0]!;
    if (t.area === 'inputRegister') return (await this.client.readInputRegisters(t.address, 1)).data[0]!;
    return (await this.client.readHoldingRegisters(t.address, 1)).data[0]!;
  }

  /** Watches the panel until `tag` reads `expected` (a careful student waits); throws after `maxMs`. */
  async waitFor(tag: string, expected: boolean | number, maxMs = 10_000): Promise<void> {
    const until = this.scheduler.now() + maxMs;
    for (;;) {
      const value = await this.read(tag);
      if (value === expected) return;
      if (this.scheduler.now() > until) throw new Error(`student gave up waiting for ${tag} == ${String(expected)} (reads ${String(value)})`);
      await sleep(this.scheduler, 50);
    }
  }

  /** Presses a momentary panel button (1 then 0 after `holdMs`). */
  async press(tag: string, holdMs = 150): Promise<void> {
    await this.write(tag, 1);
    await sleep(this.scheduler, holdMs);
    await this.write(tag, 0);
  }

  /**
   * Plays a script. Press acts are written as `{ write: 'PANEL.START_PB', value: 'press' }`;
   * `{ waitFor: 'MOTOR_RUNNING', value: false }` waits until the tag reads that value.
   */
  async play(script: readonly ScriptAct[]): Promise<void> {
    for (const act of script) {
      await sleep(this.scheduler, act.after);
      if ('waitFor' in act) await this.waitFor(act.waitFor, act.value);
      else if (act.value === 'press') await this.press(act.write);
      else await this.write(act.write, act.value);
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => this.client.close(() => r()));
  }
}
