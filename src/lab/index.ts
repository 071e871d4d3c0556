/**
 * The lab context (simulator classroom): what other contexts may import. The runtime itself
 * (protocol adapters, judge) is under `./runtime` and imports nothing from here.
 */
export { Station, StationKind, StationProtocol, StationRunner } from './station.entity';
export { Exercise } from './exercise.entity';
export { TrainingSession, SessionStatus } from './training-session.entity';
export { SessionEvent } from './session-event.entity';
export { LabService, LabErrorCode, toRunnableStation } from './lab.service';
export { PostgresLabPort, EvidenceIncompleteError } from './postgres-lab.port';
export { SESSION_EVENTS, STATION_HEALTH, type SessionPassedEvent, type SessionPassedHandler } from './lab.events';
export { LabHost, StationHealthBoard } from './lab.host';
export { createLabRuntime, type RunnableStation } from './host/lab.runtime-factory';
export { LabSecrets, secretBoxFor } from './lab.secrets';
export { seedLab, readStationFixtures, type StationFixture } from './lab.seed';
export { StationNode, ExerciseNode, TrainingSessionNode, toStationNode, toExerciseNode, toTrainingSessionNode } from './lab.types';
export { labModule } from './lab.module';
