import { defineModule } from '../module';
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
  entities: [Station, StationSecret, Exercise, TrainingSession, SessionEvent],
  resolvers: (s) => [new StationResolver(s.lab), new ExerciseResolver(s.lab), new TrainingSessionResolver(s.lab), new LabAgentResolver(s.lab)],
  nodeTypes: {
    Station: { entity: Station, toNode: toStationNode },
    Exercise: { entity: Exercise, toNode: toExerciseNode },
    TrainingSession: { entity: TrainingSession, toNode: toTrainingSessionNode },
  },
  seeders: [seedLab],
  relayChannels: (s, { orm }) => labRelayChannels(() => orm.em.fork(), s.lab.healthBoard),
});
