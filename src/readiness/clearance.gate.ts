import { type ActivationGate, PlacementErrorCode } from '../placements';
import { violation } from '../shared/rule-violation';
import type { ClearanceService } from './clearance.service';
import { CoverageStatus } from './readiness.rules';

/**
 * The activation gate: a placement becomes ACTIVE at a workplace with hazard categories only when
 * the student is cleared for every one of them on the start date (at the moment of activation
 * when that is today, else at the start of that day). Refuses with CLEARANCE_MISSING naming the
 * categories that are missing, expired or revoked.
 */
/** Name of the clearance gate (logs, tests). */
export const CLEARANCE_GATE = 'clearance';

export function clearanceGate(clearances: ClearanceService): ActivationGate {
  return {
  name: CLEARANCE_GATE,
  async check(ctx, placement, startDate) {
    const now = ctx.clock.now();
    const at = now.toISOString().slice(0, 10) === startDate ? now : new Date(`${startDate}T00:00:00Z`);
    const [clearance] = await clearances.compute(ctx.em, [{ studentId: placement.student.id, workplaceId: placement.workplace.id }], at);
    const missing = clearance.categories.filter((c) => c.status !== CoverageStatus.COVERED);
    if (missing.length === 0) return [];
    const list = (lang: 'kk' | 'ru' | 'en') => missing.map((c) => `${c.code} (${c.name[lang]})`).join(', ');
    return [
      violation(['input', 'placementId'], PlacementErrorCode.CLEARANCE_MISSING, {
        kk: `Білім алушының ${startDate} күнгі рұқсаты жоқ; жетіспейтін қауіп санаттары: ${list('kk')}.`,
        ru: `У обучающегося нет допуска на ${startDate}; не хватает категорий опасности: ${list('ru')}.`,
        en: `The student is not cleared on ${startDate}; missing hazard categories: ${list('en')}.`,
      }),
    ];
  },
};
}
