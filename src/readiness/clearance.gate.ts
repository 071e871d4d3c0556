import { type ActivationGate, PlacementErrorCode, placementViolation } from '../placements';
import type { ClearanceService } from './clearance.service';
import { CoverageStatus } from './readiness.rules';

/** Name of the clearance gate (logs, tests). */
export const CLEARANCE_GATE = 'clearance';

/**
 * The activation gate: a placement becomes ACTIVE at a workplace with hazard categories only when
 * the student is cleared for every one of them on the start date (at the moment of activation
 * when that is today, else at the start of that day). Refuses with CLEARANCE_MISSING naming the
 * categories that are missing, expired or revoked.
 */
export function clearanceGate(clearances: ClearanceService): ActivationGate {
  return {
    name: CLEARANCE_GATE,
    async check(ctx, placement, startDate) {
      const now = ctx.clock.now();
      const at = now.toISOString().slice(0, 10) === startDate ? now : new Date(`${startDate}T00:00:00Z`);
      const [clearance] = await clearances.compute(ctx.em, [{ studentId: placement.student.id, workplaceId: placement.workplace.id }], at);
      const missing = clearance.categories.filter((c) => c.status !== CoverageStatus.COVERED);
      if (missing.length === 0) return [];
      return [placementViolation(['input', 'placementId'], PlacementErrorCode.CLEARANCE_MISSING, { date: startDate, categories: missing })];
    },
  };
}
