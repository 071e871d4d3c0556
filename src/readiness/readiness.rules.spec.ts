import { ReadinessMode } from './readiness-policy.entity';
import { ReadinessKind } from './readiness-record.entity';
import { OrganizationKind } from '../shared/organization-kind';
import { CoverageStatus, addDays, coverageAt, dateInRange, grantFor, policyProblems, revocationAllowed } from './readiness.rules';

const t0 = new Date('2026-03-01T10:00:00Z');
const pass = (exerciseId: string, score: number, at: Date, sessionId = `${exerciseId}@${at.toISOString()}`) => ({ sessionId, exerciseId, score, passedAt: at });
const anyOf = {
  mode: ReadinessMode.ANY_OF,
  exercises: ['robot.safe-cell-entry'],
  minScore: 80,
  validityDays: 365,
  refresher: { exercises: ['robot.protective-stop-recovery'], windowDays: 60 },
};
const allOf = { mode: ReadinessMode.ALL_OF, exercises: ['plc.safe-start-up', 'plc.lockout-clear-jam'], minScore: 80, validityDays: 365 };

describe('grantFor', () => {
  test('ANY_OF: one qualifying pass earns readiness valid for the validity period', () => {
    const trigger = pass('robot.safe-cell-entry', 90, t0);
    expect(grantFor(anyOf, trigger, [trigger], null)).toEqual({
      kind: ReadinessKind.SIMULATOR,
      sessionIds: [trigger.sessionId],
      earnedAt: t0,
      validUntil: addDays(t0, 365),
    });
  });

  test('a score below the minimum earns nothing', () => {
    expect(grantFor(anyOf, pass('robot.safe-cell-entry', 79, t0), [], null)).toBeNull();
  });

  test('an exercise the policy does not list earns nothing', () => {
    expect(grantFor(anyOf, pass('plc.safe-start-up', 100, t0), [], null)).toBeNull();
  });

  test('ALL_OF: needs every exercise; validity runs from the oldest pass used', () => {
    const first = pass('plc.safe-start-up', 85, addDays(t0, -10));
    const trigger = pass('plc.lockout-clear-jam', 95, t0);
    expect(grantFor(allOf, first, [first], null)).toBeNull();
    const grant = grantFor(allOf, trigger, [first, trigger], null);
    expect(grant?.sessionIds).toEqual([first.sessionId, trigger.sessionId]);
    expect(grant?.validUntil).toEqual(addDays(first.passedAt, 365));
  });

  test('ALL_OF: a too-old or too-low earlier pass does not count', () => {
    const old = pass('plc.safe-start-up', 85, addDays(t0, -400));
    const low = pass('plc.safe-start-up', 60, addDays(t0, -1));
    expect(grantFor(allOf, pass('plc.lockout-clear-jam', 95, t0), [old, low], null)).toBeNull();
  });

  test('a refresher renews valid readiness inside the window, not outside it, and never lapsed readiness', () => {
    const refresher = pass('robot.protective-stop-recovery', 90, t0);
    const expiringSoon = { kind: ReadinessKind.SIMULATOR, earnedAt: addDays(t0, -330), validUntil: addDays(t0, 35) };
    const expiringLater = { kind: ReadinessKind.SIMULATOR, earnedAt: addDays(t0, -100), validUntil: addDays(t0, 265) };
    const lapsed = { kind: ReadinessKind.SIMULATOR, earnedAt: addDays(t0, -400), validUntil: addDays(t0, -35) };
    expect(grantFor(anyOf, refresher, [], expiringSoon)).toMatchObject({ kind: ReadinessKind.REFRESHER, validUntil: addDays(t0, 365) });
    expect(grantFor(anyOf, refresher, [], expiringLater)).toBeNull();
    expect(grantFor(anyOf, refresher, [], lapsed)).toBeNull();
    expect(grantFor(anyOf, refresher, [], null)).toBeNull();
  });
});

describe('coverageAt', () => {
  const record = { kind: ReadinessKind.SIMULATOR, earnedAt: t0, validUntil: addDays(t0, 365) };
  test('covered inside validity, expired at and after validUntil', () => {
    expect(coverageAt(record, addDays(t0, 1))).toBe(CoverageStatus.COVERED);
    expect(coverageAt(record, addDays(t0, 365))).toBe(CoverageStatus.EXPIRED);
  });
  test('missing without a record, revoked when the latest is a revocation', () => {
    expect(coverageAt(null, t0)).toBe(CoverageStatus.MISSING);
    expect(coverageAt({ kind: ReadinessKind.REVOCATION, earnedAt: t0, validUntil: null }, t0)).toBe(CoverageStatus.REVOKED);
  });
});

describe('dates and policies', () => {
  test('dates outside 2000–2099 or invalid are out of range', () => {
    expect(dateInRange(t0)).toBe(true);
    expect(dateInRange(new Date('1899-12-31T00:00:00Z'))).toBe(false);
    expect(dateInRange(new Date('2400-01-01T00:00:00Z'))).toBe(false);
    expect(dateInRange(new Date('nonsense'))).toBe(false);
  });
  test('a policy needs a sane score, validity, refresher window, and some way to be met', () => {
    expect(policyProblems({ ...anyOf, manualAllowed: true })).toEqual([]);
    expect(policyProblems({ ...anyOf, minScore: 101, validityDays: 0, refresher: null, manualAllowed: true }).map((p) => p.field)).toEqual([
      'minScore',
      'validityDays',
    ]);
    expect(policyProblems({ ...anyOf, exercises: [], manualAllowed: false }).map((p) => p.reason)).toContain('UNSATISFIABLE');
    expect(policyProblems({ ...anyOf, refresher: { exercises: ['x'], windowDays: 400 }, manualAllowed: true }).map((p) => p.field)).toEqual(['refresher']);
  });
});

describe('who may revoke readiness', () => {
  const none = { recordedByCaller: false, callerIsStudentsHei: false, studentsHeiInCallersRegion: false, studentActiveAtCaller: false };
  test('an employer only for its own record while the student is ACTIVE there', () => {
    expect(revocationAllowed({ ...none, callerKind: OrganizationKind.EMPLOYER, recordedByCaller: true, studentActiveAtCaller: true })).toBe(true);
    expect(revocationAllowed({ ...none, callerKind: OrganizationKind.EMPLOYER, recordedByCaller: true })).toBe(false);
    expect(revocationAllowed({ ...none, callerKind: OrganizationKind.EMPLOYER, studentActiveAtCaller: true })).toBe(false);
  });
  test('the student’s HEI, the recording organisation, the coordinator of the HEI’s region', () => {
    expect(revocationAllowed({ ...none, callerKind: OrganizationKind.HEI, callerIsStudentsHei: true })).toBe(true);
    expect(revocationAllowed({ ...none, callerKind: OrganizationKind.HEI, recordedByCaller: true })).toBe(true);
    expect(revocationAllowed({ ...none, callerKind: OrganizationKind.HEI })).toBe(false);
    expect(revocationAllowed({ ...none, callerKind: OrganizationKind.COORDINATOR, studentsHeiInCallersRegion: true })).toBe(true);
    expect(revocationAllowed({ ...none, callerKind: OrganizationKind.AUTHORITY, studentsHeiInCallersRegion: true })).toBe(false);
  });
});
