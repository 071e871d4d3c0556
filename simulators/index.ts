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
