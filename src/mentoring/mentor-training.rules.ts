/** A training period, as stored. */
export interface TrainingPeriod {
  completedOn: string;
  validUntil: string;
}

/** Whether a training counts on `day` (YYYY-MM-DD): completed on or before it, valid through it. */
export function validOn(training: TrainingPeriod, day: string): boolean {
  return training.completedOn <= day && day <= training.validUntil;
}

/**
 * The day a mentor's training must be valid on for an assignment: the placement's start date, or
 * today when the placement has already started (a mentor replaced mid-placement must be trained now).
 */
export function checkDay(placementStart: string, today: string): string {
  return placementStart > today ? placementStart : today;
}

/** The day `days` after `day` (YYYY-MM-DD, UTC). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
