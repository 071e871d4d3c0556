import { AgreementKind, AgreementParty, AgreementStatus } from './agreement.entity';
import { agreementEventApplies, missingParties, periodWithin, requiredParties, statusAfterSignatures } from './agreement.rules';

describe('agreement rules', () => {
  test('a network contract needs the HEI and the employer; a tripartite one also the student', () => {
    expect(requiredParties(AgreementKind.NETWORK_INTERACTION)).toEqual([AgreementParty.HEI, AgreementParty.EMPLOYER]);
    expect(requiredParties(AgreementKind.TRIPARTITE)).toContain(AgreementParty.STUDENT);
  });

  test('an agreement becomes ACTIVE only when every required party has signed', () => {
    expect(statusAfterSignatures(AgreementKind.NETWORK_INTERACTION, [])).toBe(AgreementStatus.DRAFT);
    expect(statusAfterSignatures(AgreementKind.NETWORK_INTERACTION, [AgreementParty.EMPLOYER])).toBe(AgreementStatus.PARTIALLY_SIGNED);
    expect(statusAfterSignatures(AgreementKind.NETWORK_INTERACTION, [AgreementParty.EMPLOYER, AgreementParty.HEI])).toBe(AgreementStatus.ACTIVE);
    expect(statusAfterSignatures(AgreementKind.TRIPARTITE, [AgreementParty.EMPLOYER, AgreementParty.HEI])).toBe(AgreementStatus.PARTIALLY_SIGNED);
    expect(missingParties(AgreementKind.TRIPARTITE, [AgreementParty.HEI])).toEqual([AgreementParty.EMPLOYER, AgreementParty.STUDENT]);
  });

  test('a period is covered only when both ends lie inside the validity, inclusive', () => {
    expect(periodWithin('2026-01-10', '2026-05-31', '2025-09-01', '2026-05-31')).toBe(true);
    expect(periodWithin('2025-08-31', '2026-01-01', '2025-09-01', '2026-05-31')).toBe(false);
    expect(periodWithin('2026-01-10', '2026-06-01', '2025-09-01', '2026-05-31')).toBe(false);
  });

  test('a terminated agreement is final: it takes no signature and cannot be terminated again', () => {
    for (const status of [AgreementStatus.DRAFT, AgreementStatus.PARTIALLY_SIGNED, AgreementStatus.ACTIVE]) {
      expect(agreementEventApplies('sign', status)).toBe(true);
      expect(agreementEventApplies('terminate', status)).toBe(true);
    }
    expect(agreementEventApplies('sign', AgreementStatus.TERMINATED)).toBe(false);
    expect(agreementEventApplies('terminate', AgreementStatus.TERMINATED)).toBe(false);
  });
});
