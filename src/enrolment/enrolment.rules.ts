/** Pure rules of the enrolment context: the decision on an application. */

/** Language of instruction of a dual group. */
export enum InstructionLanguage {
  KK = 'KK',
  RU = 'RU',
  EN = 'EN',
}

/** Where an application stands. */
export enum ApplicationStatus {
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  WAITLISTED = 'WAITLISTED',
  REJECTED = 'REJECTED',
}

/** Decisions an HEI takes on an application. */
export const DECISIONS = [ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.REJECTED] as const;
export type Decision = (typeof DECISIONS)[number];

/** Statuses from which a decision may be taken: a new application, or one on the waiting list. */
export function mayDecide(from: ApplicationStatus): boolean {
  return from === ApplicationStatus.SUBMITTED || from === ApplicationStatus.WAITLISTED;
}

/** Whether one more student fits into the group. */
export function hasPlace(places: number, accepted: number): boolean {
  return accepted < places;
}

/** Whether a test score meets the group's minimum (no minimum: any score). */
export function meetsMinimum(score: number, minScore: number | null | undefined): boolean {
  return minScore == null || score >= minScore;
}
