/** The latest day materials may be approved for an exam on `examDate`: the same day one calendar month before. */
export function latestApprovalDay(examDate: string): string {
  const [y, m, d] = examDate.split('-').map(Number) as [number, number, number];
  const month = new Date(Date.UTC(y, m - 2, 1));
  const lastDay = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** Whether materials approved on `approvedOn` are in time for an exam on `examDate`. */
export function materialsInTime(approvedOn: string, examDate: string): boolean {
  return approvedOn <= latestApprovalDay(examDate);
}

/** Counts of a commission by side, and whether it is the required 50/50 (and not empty). */
export function commissionBalance(sides: readonly ('ENTERPRISE' | 'THIRD_PARTY' | 'OWN_HEI')[]): {
  enterprise: number;
  thirdParty: number;
  ownHei: number;
  balanced: boolean;
} {
  const enterprise = sides.filter((s) => s === 'ENTERPRISE').length;
  const thirdParty = sides.filter((s) => s === 'THIRD_PARTY').length;
  const ownHei = sides.filter((s) => s === 'OWN_HEI').length;
  return { enterprise, thirdParty, ownHei, balanced: ownHei === 0 && enterprise > 0 && enterprise === thirdParty };
}
