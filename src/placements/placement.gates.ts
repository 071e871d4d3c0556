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
