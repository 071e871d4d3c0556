import { AgreementKind, AgreementParty, AgreementStatus } from './agreement.entity';

/** Parties whose signatures an agreement of this kind needs before it is in force. */
export function requiredParties(kind: AgreementKind): AgreementParty[] {
  return kind === AgreementKind.TRIPARTITE
    ? [AgreementParty.HEI, AgreementParty.EMPLOYER, AgreementParty.STUDENT]
    : [AgreementParty.HEI, AgreementParty.EMPLOYER];
}

/** Status after the given parties have signed: ACTIVE once every required party has. */
export function statusAfterSignatures(kind: AgreementKind, signed: readonly AgreementParty[]): AgreementStatus {
  const required = requiredParties(kind);
  if (required.every((party) => signed.includes(party))) return AgreementStatus.ACTIVE;
  return signed.length === 0 ? AgreementStatus.DRAFT : AgreementStatus.PARTIALLY_SIGNED;
}

/** Parties still to sign. */
export function missingParties(kind: AgreementKind, signed: readonly AgreementParty[]): AgreementParty[] {
  return requiredParties(kind).filter((party) => !signed.includes(party));
}

/** True when `[start, end]` (YYYY-MM-DD, inclusive) lies inside `[validFrom, validTo]`. */
export function periodWithin(start: string, end: string, validFrom: string, validTo: string): boolean {
  return validFrom <= start && end <= validTo;
}
