import { PlacementStatus, TimeModel } from './placement.entity';

/** Allowed status changes. Everything else is an INVALID_TRANSITION. */
export const TRANSITIONS: Readonly<Record<PlacementStatus, readonly PlacementStatus[]>> = {
  [PlacementStatus.PLANNED]: [PlacementStatus.CONFIRMED, PlacementStatus.CANCELLED],
  [PlacementStatus.CONFIRMED]: [PlacementStatus.ACTIVE, PlacementStatus.CANCELLED],
  [PlacementStatus.ACTIVE]: [PlacementStatus.COMPLETED, PlacementStatus.SUSPENDED, PlacementStatus.CANCELLED],
  [PlacementStatus.SUSPENDED]: [PlacementStatus.ACTIVE, PlacementStatus.CANCELLED],
  [PlacementStatus.COMPLETED]: [],
  [PlacementStatus.CANCELLED]: [],
};

/** True when a placement may go from `from` to `to`. */
export function canTransition(from: PlacementStatus, to: PlacementStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses in which a placement holds the student's time (for the overlap rule). */
export const OCCUPYING_STATUSES: readonly PlacementStatus[] = [
  PlacementStatus.PLANNED,
  PlacementStatus.CONFIRMED,
  PlacementStatus.ACTIVE,
  PlacementStatus.SUSPENDED,
];

/** Statuses after which nothing about a placement changes any more. */
export const FINAL_STATUSES: readonly PlacementStatus[] = [PlacementStatus.COMPLETED, PlacementStatus.CANCELLED];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** True when both are calendar dates and the period does not end before it starts. */
export function periodInOrder(start: string, end: string): boolean {
  return isCalendarDate(start) && isCalendarDate(end) && start <= end;
}

/** True when two inclusive periods share at least one day. */
export function periodsOverlap(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** True when `day` lies inside the inclusive period. */
export function dayWithin(day: string, start: string, end: string): boolean {
  return start <= day && day <= end;
}

/** The UTC calendar day of an instant, YYYY-MM-DD. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Days per week is 1–5 for DAYS_PER_WEEK and absent for BLOCK. */
export function timeModelValid(model: TimeModel, daysPerWeek: number | null | undefined): boolean {
  if (model === TimeModel.BLOCK) return daysPerWeek == null;
  return Number.isInteger(daysPerWeek) && daysPerWeek! >= 1 && daysPerWeek! <= 5;
}
