/** The placement facts the entry rules read. */
export interface PlacementPeriod {
  startDate: string;
  endDate: string;
  timeModel: 'DAYS_PER_WEEK' | 'BLOCK';
  daysPerWeek?: number | null;
}

/** Why a day cannot carry an entry, if it cannot. */
export type DayRefusal = { kind: 'OUTSIDE_PLACEMENT_PERIOD' } | { kind: 'DATE_IN_FUTURE' } | { kind: 'DAY_OFF'; weekStart: string; daysPerWeek: number };

/** Monday of the ISO week of `day` (YYYY-MM-DD). */
export function weekStart(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Whether an entry may be recorded for `day`: inside the placement period, not after `today`,
 * and — under DAYS_PER_WEEK — not on a day beyond the model's days in that ISO week
 * (`daysWithEntries`: the other days of the week that already have entries).
 */
export function dayRefusal(day: string, placement: PlacementPeriod, today: string, daysWithEntries: readonly string[]): DayRefusal | undefined {
  if (day < placement.startDate || day > placement.endDate) return { kind: 'OUTSIDE_PLACEMENT_PERIOD' };
  if (day > today) return { kind: 'DATE_IN_FUTURE' };
  if (placement.timeModel === 'DAYS_PER_WEEK' && placement.daysPerWeek) {
    const week = weekStart(day);
    const others = new Set(daysWithEntries.filter((d) => d !== day && weekStart(d) === week));
    if (others.size >= placement.daysPerWeek) return { kind: 'DAY_OFF', weekStart: week, daysPerWeek: placement.daysPerWeek };
  }
  return undefined;
}

/** Whether `hours` is a positive quarter-hour amount that keeps the day within `maxPerDay`. */
export function hoursValid(hours: number): boolean {
  return Number.isFinite(hours) && hours > 0 && Math.round(hours * 4) === hours * 4;
}

/** The day total with this entry, and whether it stays within the limit. */
export function dayTotal(otherHoursThatDay: number, hours: number, maxPerDay: number): { total: number; ok: boolean } {
  const total = Math.round((otherHoursThatDay + hours) * 100) / 100;
  return { total, ok: total <= maxPerDay };
}

/** RAG status of a placement's practice. */
export enum RagStatus {
  BEHIND = 'BEHIND',
  AT_RISK = 'AT_RISK',
  ON_TRACK = 'ON_TRACK',
}

/**
 * The RAG status from signed hours vs the hours expected by today (planned hours × the elapsed
 * share of the period): below `behindBelow` of it BEHIND, below `atRiskBelow` AT_RISK. Nothing
 * expected yet is ON_TRACK. The SQL of the progress query computes the same; this is its spec.
 */
export function ragOf(signedHours: number, expectedHours: number, thresholds: { behindBelow: number; atRiskBelow: number }): RagStatus {
  if (expectedHours <= 0) return RagStatus.ON_TRACK;
  const ratio = signedHours / expectedHours;
  if (ratio < thresholds.behindBelow) return RagStatus.BEHIND;
  if (ratio < thresholds.atRiskBelow) return RagStatus.AT_RISK;
  return RagStatus.ON_TRACK;
}
