import type { ActivationGate, MentorAssignmentCheck } from '../placements';
import { PlacementErrorCode, placementViolation } from '../placements';
import type { MentorTrainingService } from './mentor-training.service';
import { checkDay } from './mentor-training.rules';

/** Name of the mentor-training check and gate (logs, tests). */
export const MENTOR_TRAINING_CHECK = 'mentor-training';

function notTrained(field: string[], day: string, latest: string | undefined) {
  return placementViolation(field, PlacementErrorCode.MENTOR_NOT_TRAINED, { day, latest });
}

/**
 * Assigning a mentor (at creation or later) needs a training valid on the placement's start
 * date, or today when the placement has already started.
 */
export function mentorTrainingCheck(trainings: MentorTrainingService): MentorAssignmentCheck {
  return {
    name: MENTOR_TRAINING_CHECK,
    async check(ctx, { mentorId, placementStartDate, field }) {
      const day = checkDay(placementStartDate, ctx.clock.now().toISOString().slice(0, 10));
      if (await trainings.isTrained(ctx.em, mentorId, day)) return [];
      return [notTrained(field, day, await trainings.latestValidUntil(ctx.em, mentorId))];
    },
  };
}

/** Activation re-checks it on the day the placement becomes ACTIVE (the training may have expired since). */
export function mentorTrainingGate(trainings: MentorTrainingService): ActivationGate {
  return {
    name: MENTOR_TRAINING_CHECK,
    async check(ctx, placement, startDate) {
      // No mentor is the placement's own MENTOR_REQUIRED refusal.
      if (!placement.mentor) return [];
      if (await trainings.isTrained(ctx.em, placement.mentor.id, startDate)) return [];
      return [notTrained(['input', 'placementId'], startDate, await trainings.latestValidUntil(ctx.em, placement.mentor.id))];
    },
  };
}
