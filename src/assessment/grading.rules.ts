/** A band of a grading scale, as the rules read it. */
export interface ScoreBand {
  minScore: number;
  maxScore: number;
  letter: string;
  gpa: number;
  passing: boolean;
}

/** Whether a score is a whole number on the 100-point scale (0–100). */
export function scoreValid(score: number): boolean {
  return Number.isInteger(score) && score >= 0 && score <= 100;
}

/** The band a score falls in, or null when the scale has none for it (a gap in the data). */
export function bandOf<B extends ScoreBand>(score: number, bands: readonly B[]): B | null {
  return bands.find((b) => score >= b.minScore && score <= b.maxScore) ?? null;
}
