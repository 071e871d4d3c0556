/** What other contexts may import from the lab runtime. */
export * from './signal.types';
export * from './station.types';
export { parseCondition, parseDuration, ConditionSyntaxError, type CompiledCondition, type ConditionNode } from './condition.parser';
export { evaluateCondition, newConditionMemory } from './condition.evaluator';
export * from './judge.rules';
export * from './lab.port';
export { type StationLink, type StationHealth, type StationLinkEvents } from './station.link';
export { createStationLink, type StationLinkOptions } from './station.link-factory';
export { type Scheduler, type TimerHandle, type VirtualScheduler, createVirtualScheduler, systemScheduler, wallClock } from '../../shared/scheduler';
export { type BackoffOptions, type RetryOptions, backoffDelay, retry } from '../../shared/retry';
export { ModbusPoller, planReads, type ModbusPollerOptions, type ReadGroup } from './modbus.poller';
export { OpcUaSubscriber, type OpcUaSubscriberOptions } from './opcua.subscriber';
export { SessionRunner, type SessionRunOptions } from './session.runner';
export { LabRuntime, type LabRuntimeOptions, type StartSessionInput, type StartSessionError } from './lab.runtime';
export * from '../exercises/exercise.types';
export { loadExerciseFile, loadExerciseDirectory, parseExercise, ExerciseValidationError, type ExerciseProblem } from '../exercises/exercise.loader';
export { loadTagMapFile, parseTagMap } from '../exercises/tagmap.loader';
export { rejudge, verdictShape } from './rejudge.rules';
