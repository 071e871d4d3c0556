/**
 * Pure rules of readiness: what a pass earns under a policy, whether a category is covered at a
 * moment, which dates make sense. No I/O; the services feed them rows.
 */
import { OrganizationKind } from '../shared/organization-kind';
import { ReadinessMode, type RefresherRule } from './readiness-policy.entity';
import { ReadinessKind } from './readiness-record.entity';

const DAY_MS = 86_400_000;

/** Whether a hazard category is covered at a moment. */
export enum CoverageStatus {
  /** Valid readiness covers it. */
  COVERED = 'COVERED',
  /** The student never had readiness in it (as of that moment). */
  MISSING = 'MISSING',
  /** The latest readiness ran out before that moment. */
  EXPIRED = 'EXPIRED',
  /** The latest record is a revocation. */
  REVOKED = 'REVOKED',
}

/** The part of a policy the rules read. */
export interface PolicyTerms {
  mode: ReadinessMode;
  exercises: readonly string[];
  minScore: number;
  validityDays: number;
  refresher?: RefresherRule | null;
}

/** The part of a record the rules read. */
export interface RecordFacts {
  kind: ReadinessKind;
  earnedAt: Date;
  validUntil: Date | null;
}

/** The part of a pass the rules read. */
export interface PassFacts {
  sessionId: string;
  exerciseId: string;
  score: number;
  passedAt: Date;
}

/** What a pass earns in one category: a new record of this kind, resting on these sessions. */
export interface Grant {
  kind: ReadinessKind.SIMULATOR | ReadinessKind.REFRESHER;
  sessionIds: string[];
  earnedAt: Date;
  validUntil: Date;
}

/** Earliest and latest moments the API reasons about; anything outside is a user error. */
export const DATE_RANGE = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') } as const;

/** True for a valid date inside {@link DATE_RANGE}. */
export function dateInRange(at: Date): boolean {
  return !Number.isNaN(at.getTime()) && at >= DATE_RANGE.from && at < DATE_RANGE.to;
}

/** `from` plus whole days. */
export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/**
 * Coverage given the latest record earned at or before `at` (null when there is none). A record
 * is valid until `validUntil`, exclusive.
 */
export function coverageAt(latest: RecordFacts | null, at: Date): CoverageStatus {
  if (!latest) return CoverageStatus.MISSING;
  if (latest.kind === ReadinessKind.REVOCATION) return CoverageStatus.REVOKED;
  if (!latest.validUntil || latest.validUntil <= at) return CoverageStatus.EXPIRED;
  return CoverageStatus.COVERED;
}

/**
 * What the pass `trigger` earns under a policy, given the student's earlier passes (any order,
 * may include the trigger) and the latest record in the category before it.
 *
 * - The trigger's exercise is one of the policy's: with ANY_OF it earns readiness at once; with
 *   ALL_OF when every listed exercise has a qualifying pass within the validity period, which
 *   then runs from the oldest of those passes.
 * - Otherwise, a refresher exercise renews readiness that is still valid and expires within the
 *   refresher window; validity runs from the refresher pass.
 * - A score below the policy's minimum earns nothing.
 */
export function grantFor(policy: PolicyTerms, trigger: PassFacts, passes: readonly PassFacts[], latest: RecordFacts | null): Grant | null {
  if (trigger.score < policy.minScore) return null;
  if (policy.exercises.includes(trigger.exerciseId)) {
    if (policy.mode === ReadinessMode.ANY_OF) {
      return {
        kind: ReadinessKind.SIMULATOR,
        sessionIds: [trigger.sessionId],
        earnedAt: trigger.passedAt,
        validUntil: addDays(trigger.passedAt, policy.validityDays),
      };
    }
    const oldestAllowed = addDays(trigger.passedAt, -policy.validityDays);
    const chosen: PassFacts[] = [];
    for (const exerciseId of policy.exercises) {
      if (exerciseId === trigger.exerciseId) {
        chosen.push(trigger);
        continue;
      }
      // The newest qualifying pass of each other exercise, no later than the trigger.
      const best = passes
        .filter((p) => p.exerciseId === exerciseId && p.score >= policy.minScore && p.passedAt <= trigger.passedAt && p.passedAt > oldestAllowed)
        .sort((a, b) => b.passedAt.getTime() - a.passedAt.getTime())[0];
      if (!best) return null;
      chosen.push(best);
    }
    chosen.sort((a, b) => a.passedAt.getTime() - b.passedAt.getTime());
    return {
      kind: ReadinessKind.SIMULATOR,
      sessionIds: chosen.map((p) => p.sessionId),
      earnedAt: trigger.passedAt,
      validUntil: addDays(chosen[0].passedAt, policy.validityDays),
    };
  }
  const refresher = policy.refresher;
  if (refresher?.exercises.includes(trigger.exerciseId) && coverageAt(latest, trigger.passedAt) === CoverageStatus.COVERED) {
    if (latest!.validUntil! <= addDays(trigger.passedAt, refresher.windowDays)) {
      return {
        kind: ReadinessKind.REFRESHER,
        sessionIds: [trigger.sessionId],
        earnedAt: trigger.passedAt,
        validUntil: addDays(trigger.passedAt, policy.validityDays),
      };
    }
  }
  return null;
}

/** Problems of a proposed policy version, as [field, reason] pairs (empty when it is sound). */
export function policyProblems(
  terms: PolicyTerms & { manualAllowed: boolean },
): Array<{ field: string; reason: 'SCORE' | 'VALIDITY' | 'UNSATISFIABLE' | 'REFRESHER' | 'DUPLICATE' }> {
  const problems: Array<{ field: string; reason: 'SCORE' | 'VALIDITY' | 'UNSATISFIABLE' | 'REFRESHER' | 'DUPLICATE' }> = [];
  if (!Number.isInteger(terms.minScore) || terms.minScore < 0 || terms.minScore > 100) problems.push({ field: 'minScore', reason: 'SCORE' });
  if (!Number.isInteger(terms.validityDays) || terms.validityDays < 1 || terms.validityDays > 3650)
    problems.push({ field: 'validityDays', reason: 'VALIDITY' });
  if (terms.exercises.length === 0 && !terms.manualAllowed) problems.push({ field: 'exercises', reason: 'UNSATISFIABLE' });
  if (new Set(terms.exercises).size !== terms.exercises.length) problems.push({ field: 'exercises', reason: 'DUPLICATE' });
  const r = terms.refresher;
  if (r && (r.exercises.length === 0 || !Number.isInteger(r.windowDays) || r.windowDays < 1 || r.windowDays > 365 || r.windowDays >= terms.validityDays)) {
    problems.push({ field: 'refresher', reason: 'REFRESHER' });
  }
  return problems;
}

/** The facts {@link revocationAllowed} decides on. */
export interface RevocationFacts {
  callerKind: OrganizationKind;
  /** The caller's organisation recorded the readiness in force (its lab's session, or its key by hand). */
  recordedByCaller: boolean;
  /** The student is a student of the caller (an HEI). */
  callerIsStudentsHei: boolean;
  /** The student's HEI is in the caller's region. */
  studentsHeiInCallersRegion: boolean;
  /** The student is ACTIVE on a placement at the caller (an employer). */
  studentActiveAtCaller: boolean;
}

/**
 * Who may revoke a student's readiness: the recording organisation, the student's HEI, the
 * coordinator of the HEI's region; an employer only while the student is ACTIVE there and only its
 * own records.
 */
export function revocationAllowed(facts: RevocationFacts): boolean {
  if (facts.callerKind === OrganizationKind.EMPLOYER) return facts.recordedByCaller && facts.studentActiveAtCaller;
  if (facts.callerKind === OrganizationKind.COORDINATOR) return facts.studentsHeiInCallersRegion || facts.recordedByCaller;
  if (facts.callerKind === OrganizationKind.HEI) return facts.callerIsStudentsHei || facts.recordedByCaller;
  return facts.recordedByCaller;
}
