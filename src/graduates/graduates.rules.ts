/** Pure rules of the graduates context: the follow-up calendar of a graduate's employment. */

/** Where a graduate stands at an employment check. */
export enum EmploymentStatus {
  EMPLOYED_IN_PROFESSION = 'EMPLOYED_IN_PROFESSION',
  EMPLOYED_OUTSIDE_PROFESSION = 'EMPLOYED_OUTSIDE_PROFESSION',
  SELF_EMPLOYED = 'SELF_EMPLOYED',
  FURTHER_STUDY = 'FURTHER_STUDY',
  MILITARY_SERVICE = 'MILITARY_SERVICE',
  NOT_EMPLOYED = 'NOT_EMPLOYED',
  UNKNOWN = 'UNKNOWN',
}

/** Statuses that name an employer (the graduate works for someone). */
export const EMPLOYED_STATUSES: readonly EmploymentStatus[] = [EmploymentStatus.EMPLOYED_IN_PROFESSION, EmploymentStatus.EMPLOYED_OUTSIDE_PROFESSION];

/**
 * The follow-up calendar as data: the expected checks, in months after graduation (seed 000:
 * employment is followed for three years), the window a check may come early (months before a
 * milestone) and the grace after it before the check is overdue. The due query takes these as
 * parameters, so changing the calendar is changing this value, not the SQL.
 */
export const FOLLOW_UP_CALENDAR = {
  /** Expected checks, months after graduation. */
  milestoneMonths: [6, 12, 24, 36] as readonly number[],
  /** A check up to this many months before a milestone counts for it. */
  windowBeforeMonths: 1,
  /** A check up to this many months after a milestone counts for it (and the milestone is DUE, not OVERDUE, until then). */
  graceMonths: 1,
  /** Follow-up ends this many months after graduation: later checks are refused. */
  endMonths: 36,
} as const;

/** `YYYY-MM-DD` plus whole months (day clamped to the month's end, as PostgreSQL's `+ interval` does). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** What is wrong with the date of a check, if anything (dates as `YYYY-MM-DD`; `today` the caller's day). */
export function checkDateProblem(
  graduatedOn: string,
  checkedOn: string,
  today: string,
): 'CHECK_BEFORE_GRADUATION' | 'FOLLOW_UP_ENDED' | 'DATE_IN_FUTURE' | undefined {
  if (checkedOn < graduatedOn) return 'CHECK_BEFORE_GRADUATION';
  if (checkedOn > addMonths(graduatedOn, FOLLOW_UP_CALENDAR.endMonths)) return 'FOLLOW_UP_ENDED';
  if (checkedOn > today) return 'DATE_IN_FUTURE';
  return undefined;
}
