/**
 * Pure rules of the demand context: the planning horizon, counts, and the status machines of
 * workforce demand and of the consolidated order.
 */

/** Status of a workforce-demand version. */
export enum DemandStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  WITHDRAWN = 'WITHDRAWN',
  /** A later version was submitted in its place. */
  SUPERSEDED = 'SUPERSEDED',
}

/** Why the employer needs the specialists. */
export enum DemandReason {
  NEW_JOBS = 'NEW_JOBS',
  VACANCIES = 'VACANCIES',
  RETIREMENTS = 'RETIREMENTS',
  REPLACING_FOREIGN_LABOUR = 'REPLACING_FOREIGN_LABOUR',
}

/** Status of a consolidated order. */
export enum OrderStatus {
  DRAFT = 'DRAFT',
  AGREED = 'AGREED',
  APPROVED = 'APPROVED',
  PLACED = 'PLACED',
}

/** An HEI's answer to an order line placed with it. */
export enum LineDecision {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

/** Years of the horizon: now and the next five. */
export const HORIZON_YEARS = 5;

/** Number of yearly counts a demand states: the base year and the next five. */
export const DEMAND_COUNTS = HORIZON_YEARS + 1;

/** Whether `year` lies within now … now + 5. */
export function yearInHorizon(year: number, currentYear: number): boolean {
  return Number.isInteger(year) && year >= currentYear && year <= currentYear + HORIZON_YEARS;
}

/** Whether a count is a whole, non-negative number (and not absurdly large). */
export function countValid(count: number): boolean {
  return Number.isInteger(count) && count >= 0 && count <= 1_000_000;
}

/** Index of the first bad count, -1 when all are good; `counts.length` when the length is wrong. */
export function badCountIndex(counts: readonly number[]): number {
  if (counts.length !== DEMAND_COUNTS) return counts.length;
  return counts.findIndex((c) => !countValid(c));
}

const DEMAND_TRANSITIONS: Record<DemandStatus, readonly DemandStatus[]> = {
  DRAFT: [DemandStatus.SUBMITTED, DemandStatus.WITHDRAWN],
  SUBMITTED: [DemandStatus.WITHDRAWN, DemandStatus.SUPERSEDED],
  WITHDRAWN: [],
  SUPERSEDED: [],
};

/** Whether a demand version may move from one status to another. */
export function demandMayMove(from: DemandStatus, to: DemandStatus): boolean {
  return DEMAND_TRANSITIONS[from].includes(to);
}

const ORDER_TRANSITIONS: Record<OrderStatus, OrderStatus | undefined> = {
  DRAFT: OrderStatus.AGREED,
  AGREED: OrderStatus.APPROVED,
  APPROVED: OrderStatus.PLACED,
  PLACED: undefined,
};

/** The one status a consolidated order may move to next. */
export function nextOrderStatus(from: OrderStatus): OrderStatus | undefined {
  return ORDER_TRANSITIONS[from];
}

/** Whether an order line's count needs a justification: it exceeds the submitted demand. */
export function needsJustification(count: number, submittedDemand: number): boolean {
  return count > submittedDemand;
}

/** Whether control figures are coherent: dual places are part of the budget places. */
export function controlFiguresCoherent(budgetPlaces: number, dualPlaces: number): boolean {
  return countValid(budgetPlaces) && countValid(dualPlaces) && dualPlaces <= budgetPlaces;
}
