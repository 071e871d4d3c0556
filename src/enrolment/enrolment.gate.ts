import type { PlacementPlanningCheck } from '../placements';
import { PlacementErrorCode, placementViolation } from '../placements';
import type { EnrolmentService } from './enrolment.service';

/** Name of the enrolment check on planning a placement (logs, tests). */
export const STUDENT_ENROLLED_CHECK = 'student-enrolled';

/**
 * A placement can be planned only for a student enrolled in a programme of that HEI, in an intake
 * no later than the placement's start year (an applicant accepted for next year's intake is not a
 * student yet). Placements asks, enrolment answers.
 */
export function studentEnrolledCheck(enrolment: EnrolmentService): PlacementPlanningCheck {
  return {
    name: STUDENT_ENROLLED_CHECK,
    async check(ctx, { studentId, heiId, startDate, field }) {
      const year = Number(startDate.slice(0, 4));
      // A malformed date is the placement's own INVALID_PERIOD; judge the intake by today's year then.
      const upTo = Number.isInteger(year) && year > 0 ? year : ctx.clock.now().getUTCFullYear();
      if (await enrolment.isEnrolled(ctx, studentId, heiId, upTo)) return [];
      return [placementViolation(field, PlacementErrorCode.STUDENT_NOT_ENROLLED, { year: upTo })];
    },
  };
}
