import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { toGlobalId } from '../graphql/relay';
import { type DomainEventSink, noDomainEvents } from '../shared/domain-events';
import { HazardCategory } from '../hazards';
import type { SessionPassedEvent } from '../lab';
import { Membership, Person, PersonRole } from '../organizations';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { actorOf, type Caller, type RequestContext } from '../shared/request-context';
import { ReadinessErrorCode, readinessViolation, type ReadinessViolation } from './readiness.messages';
import { CLEARANCE_CHANGED, READINESS_RECORDED, READINESS_REVOKED } from './readiness.events';
import { type Clearance, ClearanceService } from './clearance.service';
import { Placement, PlacementStatus } from '../placements';
import { ReadinessPass } from './readiness-pass.entity';
import type { ReadinessPolicy } from './readiness-policy.entity';
import { ReadinessPolicyService } from './readiness-policy.service';
import { type ReadinessEvidence, ReadinessKind, ReadinessRecord } from './readiness-record.entity';
import { addDays, CoverageStatus, coverageAt, grantFor, type RecordFacts, revocationAllowed } from './readiness.rules';
import { latestRecordAt } from './readiness.sql';

/** The latest record of one student in one category at a moment, as the rules need it. */
export interface LatestRecord extends RecordFacts {
  id: string;
  categoryId: string;
}

/** Input of {@link ReadinessService.recordManual}. */
export interface ManualReadinessCommand {
  studentId: string;
  hazardCategoryCode: string;
  instructorId: string;
  /** Day of the training (defaults to now); not in the future. */
  earnedAt?: Date | null;
  evidence: ReadinessEvidence;
}

/** Input of {@link ReadinessService.revoke}. */
export interface RevokeReadinessCommand {
  studentId: string;
  hazardCategoryCode: string;
  reason: string;
}

/** Roles that may vouch for training on real equipment. */
const INSTRUCTOR_ROLES = [PersonRole.LAB_INSTRUCTOR, PersonRole.MENTOR, PersonRole.SAFETY_OFFICER];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Readiness records: recorded automatically from passed simulator sessions, manually for
 * training on real equipment, and revoked; never changed once written.
 */
export class ReadinessService {
  /**
   * @param policies the readiness policies in force
   * @param events where domain events go, in the change's transaction (the webhook outbox)
   */
  constructor(
    private readonly policies: ReadinessPolicyService,
    private readonly events: DomainEventSink<EntityManager> = noDomainEvents,
    private readonly clearances: ClearanceService = new ClearanceService(),
  ) {}

  /**
   * Watches the clearance of the student's open placements (PLANNED, CONFIRMED, ACTIVE,
   * SUSPENDED) across a change of their readiness. Call it before the change is written; the
   * function it returns, called after (in the same transaction), publishes `clearance.changed`
   * for every placement whose clearance status or set of uncovered categories changed.
   */
  private async watchClearance(em: EntityManager, studentId: string, at: Date): Promise<() => Promise<void>> {
    if (this.events === noDomainEvents) return async () => undefined;
    const placements = await em.find(
      Placement,
      { student: studentId, status: { $in: [PlacementStatus.PLANNED, PlacementStatus.CONFIRMED, PlacementStatus.ACTIVE, PlacementStatus.SUSPENDED] } },
      { filters: false, orderBy: { id: 'asc' } },
    );
    if (placements.length === 0) return async () => undefined;
    const checks = placements.map((p) => ({ studentId, workplaceId: p.workplace.id }));
    const before = await this.clearances.compute(em, checks, at);
    return async () => {
      await em.flush();
      const after = await this.clearances.compute(em, checks, at);
      for (const [i, placement] of placements.entries()) {
        const [was, now] = [before[i]!, after[i]!];
        if (was.status === now.status && missingOf(was).join() === missingOf(now).join()) continue;
        await this.events.publish(em, {
          type: CLEARANCE_CHANGED,
          subject: { type: 'Placement', id: placement.id },
          occurredAt: at,
          data: {
            code: placement.code,
            studentId: toGlobalId('Person', studentId),
            workplaceId: toGlobalId('Workplace', placement.workplace.id),
            fromStatus: was.status,
            toStatus: now.status,
            missingHazardCategoryCodes: missingOf(now),
            validUntil: now.validUntil?.toISOString() ?? null,
          },
        });
      }
    };
  }

  /** Publishes `readiness.recorded` / `readiness.revoked` for a record, in `em`'s transaction. */
  private publishRecord(em: EntityManager, record: ReadinessRecord): Promise<void> {
    return this.events.publish(em, {
      type: record.kind === ReadinessKind.REVOCATION ? READINESS_REVOKED : READINESS_RECORDED,
      subject: { type: 'ReadinessRecord', id: record.id },
      occurredAt: record.earnedAt,
      data: {
        kind: record.kind,
        hazardCategoryCode: record.hazardCategory.code,
        studentId: toGlobalId('Person', record.student.id),
        earnedAt: record.earnedAt.toISOString(),
        validUntil: record.validUntil?.toISOString() ?? null,
        reason: record.reason ?? null,
      },
    });
  }

  /**
   * Records what a passed session earns, under each category's current policy. Called by the lab
   * inside the transaction that stores the PASSED verdict (system context bound to it), so the
   * verdict and its readiness commit together. A session already received is ignored.
   */
  async recordFromSession(ctx: RequestContext, event: SessionPassedEvent): Promise<ReadinessRecord[]> {
    const { em } = ctx;
    if ((await em.count(ReadinessPass, { sessionId: event.sessionId })) > 0) return [];
    // A malformed id must not throw: that would roll the verdict back. It simply earns nothing.
    const student = UUID.test(event.studentId) ? await em.findOne(Person, { id: event.studentId }) : null;
    if (!student) {
      ctx.log.warn({ sessionId: event.sessionId, studentId: event.studentId }, 'passed session of an unknown student: no readiness');
      return [];
    }
    // What the student's placements' clearance is before this pass counts (at the moment it passed).
    const clearanceChanged = await this.watchClearance(em, student.id, new Date(Math.max(event.passedAt.getTime(), ctx.clock.now().getTime())));
    const trigger = em.create(ReadinessPass, {
      sessionId: event.sessionId,
      student,
      exerciseId: event.exerciseId,
      exerciseVersion: event.exerciseVersion,
      score: Math.round(event.score),
      stationId: event.stationId,
      startedBy: event.startedBy ?? undefined,
      passedAt: event.passedAt,
    });
    const relevant = (await this.policies.currentPolicies(ctx)).filter(
      (p) => p.exercises.includes(event.exerciseId) || p.refresher?.exercises.includes(event.exerciseId),
    );
    const records: ReadinessRecord[] = [];
    if (relevant.length > 0) {
      const exerciseIds = [...new Set(relevant.flatMap((p) => p.exercises))];
      const earlier = await em.find(ReadinessPass, { student, exerciseId: { $in: exerciseIds }, passedAt: { $lte: event.passedAt } });
      const passes = [...earlier, trigger].map((p) => ({ sessionId: p.sessionId, exerciseId: p.exerciseId, score: p.score, passedAt: p.passedAt }));
      const latest = await this.latestRecords(
        em,
        student.id,
        relevant.map((p) => p.hazardCategory.id),
        event.passedAt,
      );
      for (const policy of relevant) {
        const grant = grantFor(
          policy,
          passes.find((p) => p.sessionId === event.sessionId)!,
          passes,
          latest.get(policy.hazardCategory.id) ?? null,
        );
        if (!grant) continue;
        records.push(
          em.create(ReadinessRecord, {
            student,
            hazardCategory: policy.hazardCategory,
            kind: grant.kind,
            policy,
            sessionIds: grant.sessionIds,
            exerciseId: event.exerciseId,
            exerciseVersion: event.exerciseVersion,
            score: trigger.score,
            stationId: event.stationId,
            instructorId: event.startedBy ?? undefined,
            earnedAt: grant.earnedAt,
            validUntil: grant.validUntil,
            recordedBy: 'lab',
          }),
        );
      }
    }
    await em.flush();
    for (const record of records) await this.publishRecord(em, record);
    await clearanceChanged();
    ctx.log.info(
      { sessionId: event.sessionId, studentId: student.id, categories: records.map((r) => r.hazardCategory.code) },
      'readiness from a passed session',
    );
    return records;
  }

  /**
   * Records readiness from training on real equipment: an instructor (lab instructor, mentor or
   * safety officer of the caller's organisation) vouches for it with evidence. Marked MANUAL;
   * valid for the current policy's period from the training day.
   */
  async recordManual(ctx: RequestContext, input: ManualReadinessCommand): Promise<Outcome<ReadinessRecord, ReadinessErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    const refusals: ReadinessViolation[] = [];
    const student = await ctx.em.findOne(Person, { id: input.studentId });
    if (!student) refusals.push(readinessViolation(['input', 'studentId'], ReadinessErrorCode.STUDENT_NOT_FOUND));
    const policy = await this.currentPolicy(ctx, input.hazardCategoryCode);
    if (!policy) refusals.push(readinessViolation(['input', 'hazardCategoryCode'], ReadinessErrorCode.HAZARD_CATEGORY_NOT_FOUND));
    else if (!policy.manualAllowed) refusals.push(readinessViolation(['input', 'hazardCategoryCode'], ReadinessErrorCode.MANUAL_NOT_ALLOWED));
    const instructorOk = await ctx.em.count(
      Membership,
      { person: input.instructorId, role: { $in: INSTRUCTOR_ROLES }, ...(caller ? { organization: caller.organizationId } : {}) },
      { filters: false },
    );
    if (instructorOk === 0) refusals.push(readinessViolation(['input', 'instructorId'], ReadinessErrorCode.INSTRUCTOR_NOT_AT_ORGANIZATION));
    if (!input.evidence.description.trim()) refusals.push(readinessViolation(['input', 'evidence', 'description'], ReadinessErrorCode.EVIDENCE_REQUIRED));
    const now = ctx.clock.now();
    const earnedAt = input.earnedAt ?? now;
    if (earnedAt > now) refusals.push(readinessViolation(['input', 'earnedAt'], ReadinessErrorCode.EARNED_IN_FUTURE));
    else if (earnedAt < addDays(now, -(policy?.validityDays ?? 3650)))
      refusals.push(readinessViolation(['input', 'earnedAt'], ReadinessErrorCode.DATE_OUT_OF_RANGE));
    if (refusals.length > 0) return refuse(...refusals);
    const outcome = await runMutation(ctx, async (tx) => {
      const clearanceChanged = await this.watchClearance(tx.em, student!.id, ctx.clock.now());
      const record = tx.em.create(ReadinessRecord, {
        student: student!,
        hazardCategory: policy!.hazardCategory,
        kind: ReadinessKind.MANUAL,
        policy: policy!,
        instructorId: input.instructorId,
        evidence: {
          description: input.evidence.description.trim(),
          uri: input.evidence.uri ?? undefined,
          sha256: input.evidence.sha256?.toLowerCase() ?? undefined,
        },
        earnedAt,
        validUntil: addDays(earnedAt, policy!.validityDays),
        recordedBy: caller ? actorOf(caller) : 'system',
        recordedByPersonId: caller?.personId,
      });
      await this.publishRecord(tx.em, record);
      await clearanceChanged();
      return succeed(record);
    });
    if (outcome.ok) ctx.log.info({ recordId: outcome.value.id, studentId: student!.id, category: input.hazardCategoryCode }, 'manual readiness recorded');
    return outcome;
  }

  /** Ends a student's valid readiness in a category with a reason; a later pass restores it. */
  async revoke(ctx: RequestContext, input: RevokeReadinessCommand): Promise<Outcome<ReadinessRecord, ReadinessErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    if (!input.reason.trim()) return refuse(readinessViolation(['input', 'reason'], ReadinessErrorCode.REASON_REQUIRED));
    const student = await ctx.em.findOne(Person, { id: input.studentId });
    if (!student) return refuse(readinessViolation(['input', 'studentId'], ReadinessErrorCode.STUDENT_NOT_FOUND));
    const category = await ctx.em.findOne(HazardCategory, { code: input.hazardCategoryCode });
    if (!category) return refuse(readinessViolation(['input', 'hazardCategoryCode'], ReadinessErrorCode.HAZARD_CATEGORY_NOT_FOUND));
    const now = ctx.clock.now();
    const latest = (await this.latestRecords(ctx.em, student.id, [category.id], now)).get(category.id) ?? null;
    if (coverageAt(latest, now) !== CoverageStatus.COVERED)
      return refuse(readinessViolation(['input', 'hazardCategoryCode'], ReadinessErrorCode.NOTHING_TO_REVOKE));
    if (caller && !(await this.mayRevoke(ctx.em, caller, student.id, latest!.id))) {
      return refuse(readinessViolation(['input', 'hazardCategoryCode'], ReadinessErrorCode.NOT_ALLOWED_TO_REVOKE));
    }
    const outcome = await runMutation(ctx, async (tx) => {
      const clearanceChanged = await this.watchClearance(tx.em, student.id, now);
      const record = tx.em.create(ReadinessRecord, {
        student,
        hazardCategory: category,
        kind: ReadinessKind.REVOCATION,
        earnedAt: now,
        reason: input.reason.trim(),
        recordedBy: caller ? actorOf(caller) : 'system',
        recordedByPersonId: caller?.personId,
      });
      await this.publishRecord(tx.em, record);
      await clearanceChanged();
      return succeed(record);
    });
    if (outcome.ok) ctx.log.info({ recordId: outcome.value.id, studentId: student.id, category: category.code }, 'readiness revoked');
    return outcome;
  }

  /**
   * Who may end a student's readiness (the record in force is `recordId`): the organisation that
   * recorded it (the lab whose session earned it, or the organisation whose key recorded it by
   * hand), the student's HEI, and the coordinator of the HEI's region. An employer only while the
   * student is ACTIVE on a placement there, and only for a record it made itself. Seeing the
   * student (e.g. an employer that once hosted them) is not enough.
   */
  private async mayRevoke(em: EntityManager, caller: Caller, studentId: string, recordId: string): Promise<boolean> {
    const [row] = await (em as SqlEntityManager).execute<Array<{ recorder: string | null; student_hei: boolean; regional_hei: boolean; active_here: boolean }>>(
      `select coalesce(
                (select ts.lab_id from training_session ts where ts.id::text = r.session_ids->>0),
                (select k.organization_id from api_key k where k.id::text = r.recorded_by)
              ) as recorder,
              exists (select 1 from membership m where m.person_id = r.student_id and m.role = 'STUDENT' and m.organization_id = ?) as student_hei,
              exists (select 1 from membership m join organization o on o.id = m.organization_id
                       where m.person_id = r.student_id and m.role = 'STUDENT' and o.kind = 'HEI' and o.region = ?) as regional_hei,
              exists (select 1 from placement p where p.student_id = r.student_id and p.employer_id = ? and p.status = 'ACTIVE') as active_here
         from readiness_record r
        where r.id = ? and r.student_id = ?`,
      [caller.organizationId, caller.region, caller.organizationId, recordId, studentId],
    );
    if (!row) return false;
    return revocationAllowed({
      callerKind: caller.organizationKind,
      recordedByCaller: row.recorder === caller.organizationId,
      callerIsStudentsHei: row.student_hei,
      studentsHeiInCallersRegion: row.regional_hei,
      studentActiveAtCaller: row.active_here,
    });
  }

  /** A page of a student's readiness records (visible students only), newest first. */
  list<N>(
    ctx: RequestContext,
    query: { studentId: string; hazardCategoryCode?: string },
    page: PageRequest,
    toNode: (row: ReadinessRecord) => N,
  ): Promise<Page<N>> {
    return paginate(
      ctx.em,
      ReadinessRecord,
      { student: query.studentId, ...(query.hazardCategoryCode ? { hazardCategory: { code: query.hazardCategoryCode } } : {}) },
      page,
      { earnedAt: 'desc' },
      toNode,
    );
  }

  /** The current policy of a category by code, with its category. */
  async currentPolicy(ctx: RequestContext, hazardCategoryCode: string): Promise<ReadinessPolicy | null> {
    return (await this.policies.currentPolicies(ctx)).find((p) => p.hazardCategory.code === hazardCategoryCode) ?? null;
  }

  /**
   * The latest record of a student in each category, earned at or before `at` ({@link latestRecordAt},
   * one index scan per category). Unscoped: callers have checked the student is visible.
   */
  async latestRecords(em: EntityManager, studentId: string, categoryIds: readonly string[], at: Date): Promise<Map<string, LatestRecord>> {
    if (categoryIds.length === 0) return new Map();
    const rows = await (em as SqlEntityManager).execute<
      Array<{ id: string; hazard_category_id: string; kind: ReadinessKind; earned_at: Date; valid_until: Date | null }>
    >(
      `select c.id as hazard_category_id, r.id, r.kind, r.earned_at, r.valid_until
         from (select ?::uuid as student_id) s
        cross join unnest(?::uuid[]) as c(id)
         join ${latestRecordAt('s.student_id', 'c.id')} on true`,
      [studentId, `{${categoryIds.join(',')}}`, at],
    );
    return new Map(
      rows.map((r) => [
        r.hazard_category_id,
        {
          id: r.id,
          categoryId: r.hazard_category_id,
          kind: r.kind,
          earnedAt: new Date(r.earned_at),
          validUntil: r.valid_until ? new Date(r.valid_until) : null,
        },
      ]),
    );
  }
}

/** Codes of the workplace's hazard categories a clearance leaves uncovered, in code order. */
function missingOf(clearance: Clearance): string[] {
  return clearance.categories.filter((c) => c.status !== CoverageStatus.COVERED).map((c) => c.code);
}
