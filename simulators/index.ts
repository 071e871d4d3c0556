/**
 * The stand-in trainers: a PLC trainer over Modbus TCP and a robot cell over OPC UA.
 * Both start in-process on port 0 for tests, or alone through their CLIs.
 */
export { createVirtualClock, realClock, type SimClock, type TimerHandle, type VirtualClock } from './shared/sim.clock';
export { seededRandom } from './shared/seed.rng';
export {
  startPlcTrainer,
  type PlcButton,
  type PlcControlMode,
  type PlcFault,
  type PlcSwitch,
  type PlcTrainer,
  type PlcTrainerOptions,
  type PlcValue,
} from './plc-trainer/plc.trainer';
export { PLC_TAGS, plcTagMap, oneBasedReference, type PlcTag, type ModbusArea, type LocalizedText } from './plc-trainer/plc.registers';
export type { RobotCell, RobotCellOptions, RobotCellSecurityMode, RobotCellUser, RobotCommand, RobotFault } from './robot-cell/robot.cell';
import type { RobotCell, RobotCellOptions } from './robot-cell/robot.cell';

/**
 * Starts a robot cell (OPC UA); see `robot-cell/robot.cell.ts`. node-opcua is loaded on the first
 * call, not on import, so code that only needs the PLC trainer or the tag maps never loads it
 * (node-opcua's ES modules cannot be loaded under jest 30 on Node 20; plain Node loads them).
 */
export async function startRobotCell(options?: RobotCellOptions): Promise<RobotCell> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- node-opcua loaded on the first robot cell only
  const cellModule = require('./robot-cell/robot.cell') as { startRobotCell: (o?: RobotCellOptions) => Promise<RobotCell> };
  return cellModule.startRobotCell(options);
}
export type { CommandResult, OperatorActions, ProgramState, RobotMode, DoorSwitchFault } from './robot-cell/robot.model';
export { ROBOT_TAGS, ROBOT_METHODS, ROBOT_CELL_NAMESPACE, robotTagMap, type RobotTag, type RobotMethod } from './robot-cell/robot.tags';
