import { defineModule } from '../module';
import { LAB_SESSION_ENDED } from './lab.events';
import { Exercise } from './exercise.entity';
import { ExerciseResolver, LabAgentResolver, StationResolver, TrainingSessionResolver } from './lab.resolver';
import { labRelayChannels } from './lab.relay';
import { seedLab } from './lab.seed';
import { toExerciseNode, toStationNode, toTrainingSessionNode } from './lab.types';
import { SessionEvent } from './session-event.entity';
import { Station } from './station.entity';
import { StationSecret } from './station-secret.entity';
import { TrainingSession } from './training-session.entity';

/** The simulator classroom: stations, exercises, training sessions and their evidence. */
export const labModule = defineModule({
  name: 'lab',
  domainEvents: [
    {
      type: LAB_SESSION_ENDED,
      subject: 'TrainingSession',
      description:
        'A training session ended with its verdict (by the runtime, a lab agent, or recovery after a crash); data: status (PASSED, FAILED, INTERRUPTED or ABORTED), score, maxScore, passMark, reasons [{ code, message }], studentId, stationId, exerciseCode, exerciseVersion, startedAt, endedAt, lastSeq.',
    },
  ],
  entities: [Station, StationSecret, Exercise, TrainingSession, SessionEvent],
  resolvers: (s) => [new StationResolver(s.lab), new ExerciseResolver(s.lab), new TrainingSessionResolver(s.lab), new LabAgentResolver(s.lab)],
  nodeTypes: {
    Station: { entity: Station, toNode: toStationNode },
    Exercise: { entity: Exercise, toNode: toExerciseNode },
    TrainingSession: { entity: TrainingSession, toNode: toTrainingSessionNode },
  },
  seeders: [seedLab],
  relayChannels: (s, { orm, log }) => labRelayChannels(() => orm.em.fork(), s.lab.healthBoard, log.child({ context: 'lab' })),
});
