import { AgreementKind, AgreementParty, AgreementStatus } from './agreement.entity';

/** Parties whose signatures an agreement of this kind needs before it is in force. */
export function requiredParties(kind: AgreementKind): AgreementParty[] {
  return kind === AgreementKind.TRIPARTITE
    ? [AgreementParty.HEI, AgreementParty.EMPLOYER, AgreementParty.STUDENT]
    : [AgreementParty.HEI, AgreementParty.EMPLOYER];
}

/**
 * The agreement status machine, in one place. Signatures move it DRAFT → PARTIALLY_SIGNED →
 * ACTIVE (the status is a function of who has signed: {@link statusAfterSignatures}); a party
 * terminates it, with a reason, from any status but TERMINATED, which is final. A terminated
 * agreement takes no signature and no placement can start under it.
 */
export const AGREEMENT_MACHINE = {
  sign: { from: [AgreementStatus.DRAFT, AgreementStatus.PARTIALLY_SIGNED, AgreementStatus.ACTIVE], reasonRequired: false },
  terminate: { from: [AgreementStatus.DRAFT, AgreementStatus.PARTIALLY_SIGNED, AgreementStatus.ACTIVE], to: AgreementStatus.TERMINATED, reasonRequired: true },
} as const satisfies Record<string, { from: readonly AgreementStatus[]; to?: AgreementStatus; reasonRequired: boolean }>;

/** True when `event` may be applied to an agreement in `status`. */
export function agreementEventApplies(event: keyof typeof AGREEMENT_MACHINE, status: AgreementStatus): boolean {
  return (AGREEMENT_MACHINE[event].from as readonly AgreementStatus[]).includes(status);
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
