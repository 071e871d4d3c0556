/**
 * A scripted student: performs actions on a stand-in trainer over its real protocol (Modbus TCP
 * coil/register writes, OPC UA variable writes and method calls) at scripted times.
 */

import ModbusRTU from 'modbus-serial';
import path from 'node:path';
import { loadExerciseFile } from '../../../src/lab/exercises/exercise.loader';
import { loadTagMapFile } from '../../../src/lab/exercises/tagmap.loader';
import type { ExerciseDefinition } from '../../../src/lab/exercises/exercise.types';
import type { ModbusTagMap } from '../../../src/lab/runtime/station.types';

export const repoRoot = path.join(__dirname, '..', '..', '..');
export const plcTagMap = () => loadTagMapFile(path.join(repoRoot, 'simulators', 'plc-trainer', 'tagmap.json')) as ModbusTagMap;
export const fixtureExercise = (name: string): ExerciseDefinition => loadExerciseFile(path.join(repoRoot, 'fixtures', 'exercises', `${name}.yaml`));

/** One scripted act: wait `after` ms (from the previous act), then do it. */
export type Act = { after: number; write: string; value: boolean | number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A student at the PLC trainer's virtual panel, over Modbus TCP. */
export class ModbusStudent {
  private readonly client = new ModbusRTU();
  constructor(private readonly tagMap: ModbusTagMap) {}

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

  /** Presses a momentary panel button (1 then 0 after `holdMs`). */
  async press(tag: string, holdMs = 150): Promise<void> {
    await this.write(tag, 1);
    await sleep(holdMs);
    await this.write(tag, 0);
  }

  /** Plays a script. Press acts are written as `{ write: 'PANEL.START_PB', value: 'press' }`. */
  async play(script: ReadonlyArray<{ after: number; write: string; value: boolean | number | 'press' }>): Promise<void> {
    for (const act of script) {
      await sleep(act.after);
      if (act.value === 'press') await this.press(act.write);
      else await this.write(act.write, act.value);
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => this.client.close(() => r()));
  }
}
