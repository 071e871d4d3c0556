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
export { onSessionPassed, offSessionPassed, SESSION_EVENTS, STATION_HEALTH, type SessionPassedEvent, type SessionPassedHandler } from './lab.events';
export { labHost, StationHealthBoard, type LabHost } from './lab.host';
export { createLabRuntime, type RunnableStation } from './lab.runtime-factory';
export { setLabSecret, labSecret } from './lab.secrets';
export { seedLab, readStationFixtures, type StationFixture } from './lab.seed';
export { StationNode, ExerciseNode, TrainingSessionNode, toStationNode, toExerciseNode, toTrainingSessionNode } from './lab.types';

import { registerNodeType } from '../graphql/node';
import { Exercise } from './exercise.entity';
import { ExerciseResolver, LabAgentResolver, StationResolver, TrainingSessionResolver } from './lab.resolver';
import { toExerciseNode, toStationNode, toTrainingSessionNode } from './lab.types';
import { SessionEvent } from './session-event.entity';
import { Station } from './station.entity';
import { TrainingSession } from './training-session.entity';

/** Entities of the lab context, for the ORM. */
export const labEntities = [Station, Exercise, TrainingSession, SessionEvent];

registerNodeType('Station', { entity: Station, toNode: toStationNode });
registerNodeType('Exercise', { entity: Exercise, toNode: toExerciseNode });
registerNodeType('TrainingSession', { entity: TrainingSession, toNode: toTrainingSessionNode });

/** GraphQL resolvers of the lab context. */
export const labResolvers = [StationResolver, ExerciseResolver, TrainingSessionResolver, LabAgentResolver] as const;
