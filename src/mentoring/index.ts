export { MentorTraining } from './mentor-training.entity';
export { MentorTrainingService, type RecordMentorTrainingCommand } from './mentor-training.service';
export { MentoringErrorCode, MENTORING_MESSAGES } from './mentoring.messages';
export { MENTOR_TRAINING_CHECK } from './mentor-training.gate';
export { validOn, checkDay, addDays } from './mentor-training.rules';
export { MentorTrainingNode, toMentorTrainingNode } from './mentor-training.types';
export { seedMentorTrainings } from './mentor-training.seed';
export { mentoringModule } from './mentoring.module';
