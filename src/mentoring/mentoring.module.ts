import { defineModule } from '../module';
import { MentorTraining } from './mentor-training.entity';
import { mentorTrainingCheck, mentorTrainingGate } from './mentor-training.gate';
import { MentorTrainingResolver } from './mentor-training.resolver';
import { seedMentorTrainings } from './mentor-training.seed';
import { toMentorTrainingNode } from './mentor-training.types';

/** Mentors' pedagogical training and qualification; no untrained mentor on a placement. */
export const mentoringModule = defineModule({
  name: 'mentoring',
  entities: [MentorTraining],
  resolvers: (s) => [new MentorTrainingResolver(s.mentorTrainings)],
  nodeTypes: { MentorTraining: { entity: MentorTraining, toNode: toMentorTrainingNode } },
  // Placements asks, mentoring answers: assigning a mentor needs valid training on the start date…
  mentorAssignmentChecks: (s) => [mentorTrainingCheck(s.mentorTrainings)],
  // …and activation re-checks it on the day the placement becomes ACTIVE.
  activationGates: (s) => [mentorTrainingGate(s.mentorTrainings)],
  seeders: [seedMentorTrainings],
});
