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
export {
  startRobotCell,
  DEFAULT_ROBOT_PKI_DIR,
  type RobotCell,
  type RobotCellOptions,
  type RobotCellSecurityMode,
  type RobotCellUser,
  type RobotCommand,
  type RobotFault,
} from './robot-cell/robot.cell';
export type { CommandResult, OperatorActions, ProgramState, RobotMode, DoorSwitchFault } from './robot-cell/robot.model';
export { ROBOT_TAGS, ROBOT_METHODS, ROBOT_CELL_NAMESPACE, robotTagMap, type RobotTag, type RobotMethod } from './robot-cell/robot.tags';
