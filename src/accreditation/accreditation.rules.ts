/** Pure rules of the accreditation context. */

/** What is accredited. */
export enum AccreditationKind {
  INSTITUTIONAL = 'INSTITUTIONAL',
  SPECIALISED = 'SPECIALISED',
  DUAL_PROGRAMME = 'DUAL_PROGRAMME',
}

/** The agency's decision. */
export enum AccreditationOutcome {
  ACCREDITED = 'ACCREDITED',
  ACCREDITED_WITH_CONDITIONS = 'ACCREDITED_WITH_CONDITIONS',
  REFUSED = 'REFUSED',
}

/** Longest validity of an accreditation, in years (national practice: 5, first accreditation often less). */
export const MAX_VALIDITY_YEARS = 7;

/** Field and code of what is wrong with a decision's dates and conditions, if anything. */
export function decisionProblems(d: {
  outcome: AccreditationOutcome;
  validFrom?: string | null;
  validUntil?: string | null;
  conditions: { dueDate: string }[];
}): { field: string; code: 'VALIDITY_REQUIRED' | 'VALIDITY_INVALID' | 'CONDITIONS_REQUIRED' | 'CONDITIONS_NOT_ALLOWED' | 'CONDITION_DUE_OUTSIDE' }[] {
  const problems: ReturnType<typeof decisionProblems> = [];
  const accredited = d.outcome !== AccreditationOutcome.REFUSED;
  if (accredited && (!d.validFrom || !d.validUntil)) problems.push({ field: 'validUntil', code: 'VALIDITY_REQUIRED' });
  else if (d.validFrom && d.validUntil) {
    const years = (Date.parse(d.validUntil) - Date.parse(d.validFrom)) / (365.25 * 86_400_000);
    if (!(years > 0) || years > MAX_VALIDITY_YEARS + 0.01) problems.push({ field: 'validUntil', code: 'VALIDITY_INVALID' });
  }
  if (d.outcome === AccreditationOutcome.ACCREDITED_WITH_CONDITIONS && d.conditions.length === 0)
    problems.push({ field: 'conditions', code: 'CONDITIONS_REQUIRED' });
  if (d.outcome !== AccreditationOutcome.ACCREDITED_WITH_CONDITIONS && d.conditions.length > 0)
    problems.push({ field: 'conditions', code: 'CONDITIONS_NOT_ALLOWED' });
  d.conditions.forEach((c, i) => {
    if (d.validFrom && d.validUntil && (c.dueDate < d.validFrom || c.dueDate > d.validUntil))
      problems.push({ field: `conditions.${i}.dueDate`, code: 'CONDITION_DUE_OUTSIDE' });
  });
  return problems;
}
