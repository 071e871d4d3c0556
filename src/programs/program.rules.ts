/**
 * Pure rules of educational programmes: credit norms per level and the employer-adapted share.
 * No I/O: the service computes the current totals in SQL and asks these functions what a change
 * would lead to.
 */

/** Level of an educational programme. */
export enum ProgramLevel {
  /** Bachelor programme of a university: 240 ECTS credits (4 years of 60). */
  BACHELOR = 'BACHELOR',
  /**
   * Technical and vocational (college) programme: DualHub's norm is 180 credits, three years of
   * 60 credits on the basis of general secondary education (the KazDual report, 001_…, gives
   * 36–46 months for college programmes; 60 credits per year as at university).
   */
  COLLEGE = 'COLLEGE',
}

/** Credits a complete programme of each level totals (ECTS). */
export const CREDIT_NORM: Readonly<Record<ProgramLevel, number>> = {
  [ProgramLevel.BACHELOR]: 240,
  [ProgramLevel.COLLEGE]: 180,
};

/**
 * Highest share of a programme's credits that may be adapted to an employer, in percent
 * (the methodology, 000_… stage 5: "up to 30 % of the content … can be adapted to the requirements
 * of employers").
 */
export const MAX_EMPLOYER_SHARE_PERCENT = 30;

/** Most credits one discipline may carry; one academic year is 60. */
export const MAX_DISCIPLINE_CREDITS = 60;

/** Credit totals of one programme (ECTS, whole credits). */
export interface CreditTotals {
  /** Credits of all disciplines. */
  total: number;
  /** Credits of the disciplines adapted to an employer. */
  adapted: number;
}

/** What one discipline contributes to the totals: its credits and whether it is employer-adapted. */
export interface DisciplineWeight {
  credits: number;
  adapted: boolean;
}

/**
 * A change to one discipline: `before` is absent when it is added, `after` is absent when it is
 * removed; both are present when its credits or its adaptation change.
 */
export interface DisciplineChange {
  before?: DisciplineWeight;
  after?: DisciplineWeight;
}

/** Totals after a change, from the totals before it. */
export function totalsAfter(current: CreditTotals, change: DisciplineChange): CreditTotals {
  const weight = (w: DisciplineWeight | undefined) => ({ total: w?.credits ?? 0, adapted: w?.adapted ? w.credits : 0 });
  const before = weight(change.before);
  const after = weight(change.after);
  return { total: current.total - before.total + after.total, adapted: current.adapted - before.adapted + after.adapted };
}

/** Employer-adapted share in percent (0 for a programme without credits), not rounded. */
export function employerShare(totals: CreditTotals): number {
  return totals.total > 0 ? (totals.adapted * 100) / totals.total : 0;
}

/**
 * Whether the adapted share is within the limit. Compared in whole numbers (`adapted × 100 ≤
 * 30 × total`), so exactly 30 % is allowed and no rounding can let 30.01 % through.
 */
export function withinEmployerShare(totals: CreditTotals): boolean {
  return totals.adapted * 100 <= MAX_EMPLOYER_SHARE_PERCENT * totals.total;
}

/** Verdict of {@link checkEmployerShare}: the share the change would reach, and whether it is allowed. */
export interface ShareVerdict {
  allowed: boolean;
  /** Totals after the change. */
  totals: CreditTotals;
  /** Share after the change, percent, not rounded. */
  share: number;
}

/**
 * Checks a change against the 30 % rule. A change that does not raise the share is always
 * allowed, so a programme whose share is already above the limit (e.g. imported) can still be
 * repaired step by step.
 */
export function checkEmployerShare(current: CreditTotals, change: DisciplineChange): ShareVerdict {
  const totals = totalsAfter(current, change);
  const share = employerShare(totals);
  const raises = share > employerShare(current);
  return { allowed: withinEmployerShare(totals) || !raises, totals, share };
}

/**
 * A share for people: one decimal ("33.3 %"). A share above the limit is never shown as the
 * limit itself: 30.04 % is shown as "30.04 %", not "30.0 %".
 */
export function formatShare(share: number): string {
  let text = share.toFixed(1);
  if (share > MAX_EMPLOYER_SHARE_PERCENT && Number(text) <= MAX_EMPLOYER_SHARE_PERCENT) text = share.toFixed(2);
  return `${text} %`;
}

/** Share rounded to one decimal, for the API (the rule itself compares whole credits). */
export function roundShare(share: number): number {
  return Math.round(share * 10) / 10;
}

/** Whether a programme's total matches the norm of its level. */
export function meetsCreditNorm(level: ProgramLevel, total: number): boolean {
  return total === CREDIT_NORM[level];
}

/** Whether a credit value is acceptable for a discipline: a whole number from 1 to {@link MAX_DISCIPLINE_CREDITS}. */
export function validCredits(credits: number): boolean {
  return Number.isInteger(credits) && credits >= 1 && credits <= MAX_DISCIPLINE_CREDITS;
}
