import { PlacementStatus, TimeModel } from './placement.entity';

/** A status change a mutation asks for (one mutation each: confirmPlacement, activatePlacement, …). */
export type PlacementTransition = 'confirm' | 'activate' | 'suspend' | 'resume' | 'complete' | 'cancel';

/**
 * A check a transition runs inside its transaction, on the locked row, before the status changes:
 * `AGREEMENT_COVERS` — the agreement names the parties, is not terminated and covers the period;
 * `ACTIVATION` — the agreement is signed by every party, the period has begun, one mentor is
 * assigned, the student is not ACTIVE elsewhere, and every activation gate the composition root
 * wired (mentor training, readiness clearance) passes.
 */
export type PlacementCheck = 'AGREEMENT_COVERS' | 'ACTIVATION';

/** One transition of the placement status machine. */
export interface PlacementTransitionRule {
  /** Statuses it may start from. */
  readonly from: readonly PlacementStatus[];
  readonly to: PlacementStatus;
  /** A reason must be given (and is recorded with the status). */
  readonly reasonRequired: boolean;
  readonly checks: readonly PlacementCheck[];
}

const { PLANNED, CONFIRMED, ACTIVE, SUSPENDED, COMPLETED, CANCELLED } = PlacementStatus;

/**
 * The placement status machine, in one place: every transition, where it may start, where it
 * leads, whether it needs a reason, and the checks it runs. Anything not listed is an
 * INVALID_TRANSITION. COMPLETED and CANCELLED are final.
 */
export const PLACEMENT_MACHINE: { readonly [T in PlacementTransition]: PlacementTransitionRule } = {
  confirm: { from: [PLANNED], to: CONFIRMED, reasonRequired: false, checks: ['AGREEMENT_COVERS'] },
  activate: { from: [CONFIRMED], to: ACTIVE, reasonRequired: false, checks: ['ACTIVATION'] },
  suspend: { from: [ACTIVE], to: SUSPENDED, reasonRequired: true, checks: [] },
  resume: { from: [SUSPENDED], to: ACTIVE, reasonRequired: false, checks: ['ACTIVATION'] },
  complete: { from: [ACTIVE], to: COMPLETED, reasonRequired: false, checks: [] },
  cancel: { from: [PLANNED, CONFIRMED, ACTIVE, SUSPENDED], to: CANCELLED, reasonRequired: true, checks: [] },
};

/** Allowed status changes (derived from {@link PLACEMENT_MACHINE}). */
export const TRANSITIONS: Readonly<Record<PlacementStatus, readonly PlacementStatus[]>> = Object.fromEntries(
  Object.values(PlacementStatus).map((status) => [
    status,
    [...new Set(Object.values(PLACEMENT_MACHINE).flatMap((t) => (t.from.includes(status) ? [t.to] : [])))],
  ]),
) as Record<PlacementStatus, PlacementStatus[]>;

/** True when a placement may go from `from` to `to`. */
export function canTransition(from: PlacementStatus, to: PlacementStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** True when `kind` may be applied to a placement in `status`. */
export function transitionApplies(kind: PlacementTransition, status: PlacementStatus): boolean {
  return PLACEMENT_MACHINE[kind].from.includes(status);
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
