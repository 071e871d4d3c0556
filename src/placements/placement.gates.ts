import type { EntityManager } from '@mikro-orm/core';
import type { RuleViolation } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import type { Placement } from './placement.entity';
import type { PlacementErrorCode } from './placement.service';

/**
 * A check that must pass before a placement becomes ACTIVE (activation, or resumption after a
 * suspension), beyond the placement's own rules. Modules contribute them as `activationGates`
 * (see `src/modules.ts`); the readiness context's returns CLEARANCE_MISSING when the student is not cleared for every hazard category of the
 * workplace.
 *
 * Gates run inside the transition's transaction, with the placement row locked and its
 * `workplace`, `student`, `employer`, `hei` and `agreement` loaded; `ctx.em` is that transaction.
 */
export interface ActivationGate {
  /** Short name for logs, e.g. `clearance`. */
  name: string;
  /**
   * Returns the rules the activation would break (empty when it may go ahead). `startDate` is the
   * day the placement would become active (YYYY-MM-DD). Must not write.
   */
  check(ctx: RequestContext, placement: Placement, startDate: string): Promise<RuleViolation<PlacementErrorCode>[]>;
  /**
   * Called after every gate has passed, in the same transaction, before the flush: the place to
   * stamp what the activation relied on (e.g. readiness sets `clearanceExpiresAt`). Optional.
   */
  onActivated?(ctx: RequestContext, em: EntityManager, placement: Placement, startDate: string): Promise<void> | void;
}

/**
 * A check on the person about to become a placement's mentor (at creation with a mentor, and on
 * every assignment), beyond the placement's own "employee of the host with the MENTOR role".
 * Modules contribute them as `mentorAssignmentChecks`; the mentoring context's returns
 * MENTOR_NOT_TRAINED when the mentor has no valid pedagogical training on the day that matters.
 * Runs inside the mutation's transaction; must not write.
 */
export interface MentorAssignmentCheck {
  /** Short name for logs, e.g. `mentor-training`. */
  name: string;
  /**
   * Returns the rules the assignment would break (empty when it may go ahead).
   * @param assignment the mentor, the host employer, the placement's first day (YYYY-MM-DD)
   *   and the input field to name in a refusal
   */
  check(
    ctx: RequestContext,
    assignment: { mentorId: string; employerId: string; placementStartDate: string; field: string[] },
  ): Promise<RuleViolation<PlacementErrorCode>[]>;
}

/**
 * A check on a placement about to be planned (created), beyond the placement's own rules (the
 * student is a STUDENT member of the HEI, the workplace, the agreement, the period). Modules
 * contribute them as `placementPlanningChecks`; the enrolment context's returns
 * STUDENT_NOT_ENROLLED when the student is not enrolled in a programme of that HEI. Runs inside
 * the creation's transaction, only when the student is a member of the HEI; must not write.
 */
export interface PlacementPlanningCheck {
  /** Short name for logs, e.g. `enrolment`. */
  name: string;
  /**
   * Returns the rules the planning would break (empty when it may go ahead).
   * @param plan the student, the HEI, the placement's first day (YYYY-MM-DD) and the input field
   *   to name in a refusal
   */
  check(ctx: RequestContext, plan: { studentId: string; heiId: string; startDate: string; field: string[] }): Promise<RuleViolation<PlacementErrorCode>[]>;
}
