import { commissionBalance, latestApprovalDay, materialsInTime } from './production-exam.rules';

describe('production exam rules', () => {
  test('materials are due one calendar month before the exam (end-of-month clamped)', () => {
    expect(latestApprovalDay('2027-06-15')).toBe('2027-05-15');
    expect(latestApprovalDay('2027-03-31')).toBe('2027-02-28');
    expect(latestApprovalDay('2027-01-10')).toBe('2026-12-10');
    expect(materialsInTime('2027-05-15', '2027-06-15')).toBe(true);
    expect(materialsInTime('2027-05-16', '2027-06-15')).toBe(false);
  });
  test('a commission is balanced 50/50, not empty, and has no member from the students’ own HEI', () => {
    expect(commissionBalance(['ENTERPRISE', 'THIRD_PARTY']).balanced).toBe(true);
    expect(commissionBalance(['ENTERPRISE', 'ENTERPRISE', 'THIRD_PARTY'])).toEqual({ enterprise: 2, thirdParty: 1, ownHei: 0, balanced: false });
    expect(commissionBalance(['ENTERPRISE', 'OWN_HEI']).balanced).toBe(false);
    expect(commissionBalance([]).balanced).toBe(false);
  });
});
