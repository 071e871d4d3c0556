import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { inactiveAmong, Membership, Organization, Person, PersonRole } from '../organizations';
import { Program } from '../programs';
import { Loaders } from '../shared/loaders';
import { OrganizationKind } from '../shared/organization-kind';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { Application, type ApplicationDocument } from './application.entity';
import { DualGroup, type InstructionLanguage } from './dual-group.entity';
import { Enrolment } from './enrolment.entity';
import { EnrolmentErrorCode, enrolmentViolation, type EnrolmentViolation } from './enrolment.messages';
import { ApplicationStatus, type Decision, hasPlace, mayDecide, meetsMinimum } from './enrolment.rules';

const f = (...path: (string | number)[]) => ['input', ...path.map(String)];
const HORIZON = 5;

/** Input of {@link EnrolmentService.createGroup}. */
export interface CreateGroupCommand {
  programId: string;
  code: string;
  intakeYear: number;
  language: InstructionLanguage;
  curatorId?: string | null;
  places: number;
  minScore?: number | null;
  heiId?: string | null;
}

/**
 * Dual groups, the selection of students (applications and decisions) and enrolment. Accepting
 * locks the group's row, so of two concurrent acceptances of the last place exactly one wins.
 */
export class EnrolmentService {
  constructor(private readonly audit: AuditService) {}

  listGroups<N>(ctx: RequestContext, query: { intakeYear?: number; programId?: string }, page: PageRequest, toNode: (g: DualGroup) => N): Promise<Page<N>> {
    const where: FilterQuery<DualGroup> = {};
    if (query.intakeYear) where.intakeYear = query.intakeYear;
    if (query.programId) where.program = query.programId;
    return paginate(ctx.em, DualGroup, where, page, { intakeYear: 'desc', code: 'asc' }, toNode);
  }

  listApplications<N>(
    ctx: RequestContext,
    query: { groupId?: string; statuses?: ApplicationStatus[] },
    page: PageRequest,
    toNode: (a: Application) => N,
  ): Promise<Page<N>> {
    const where: FilterQuery<Application> = {};
    if (query.groupId) where.group = query.groupId;
    if (query.statuses?.length) where.status = { $in: query.statuses };
    return paginate(ctx.em, Application, where, page, { score: 'desc' }, toNode);
  }

  /** Enrolments of many students at once, visible ones only. */
  async enrolmentsOf(ctx: RequestContext, studentIds: readonly string[]): Promise<Enrolment[][]> {
    const rows = await ctx.em.find(Enrolment, { student: { $in: [...studentIds] } }, { orderBy: { intakeYear: 'desc' } });
    return Loaders.group(studentIds, rows, (row) => row.student.id);
  }

  /**
   * Whether a student is enrolled at an HEI in an intake no later than `upToIntakeYear`: the rule
   * placements asks before planning a placement (through `studentEnrolledCheck`, wired by the
   * composition root). Reads unscoped: the answer is one fact about the pair, for a caller that
   * already names both.
   */
  async isEnrolled(ctx: RequestContext, studentId: string, heiId: string, upToIntakeYear: number): Promise<boolean> {
    return (await ctx.em.count(Enrolment, { student: studentId, hei: heiId, intakeYear: { $lte: upToIntakeYear } }, { filters: false })) > 0;
  }

  /** An HEI forms a dual group for one of its programmes. */
  createGroup(ctx: RequestContext, input: CreateGroupCommand): Promise<Outcome<DualGroup, EnrolmentErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(
      ctx,
      async (tx) => {
        const hei = await this.callerHei(tx, input.heiId);
        if (!hei) return refuse(enrolmentViolation(f('programId'), EnrolmentErrorCode.NOT_AN_HEI));
        if ((await inactiveAmong(tx.em, [hei.id])).size > 0) return refuse(enrolmentViolation(f('programId'), EnrolmentErrorCode.ORGANIZATION_INACTIVE));
        const refusals: EnrolmentViolation[] = [];
        const program = await tx.em.findOne(Program, { id: input.programId });
        if (!program || program.hei.id !== hei.id) refusals.push(enrolmentViolation(f('programId'), EnrolmentErrorCode.PROGRAM_NOT_AT_HEI));
        const now = tx.clock.now().getUTCFullYear();
        if (!Number.isInteger(input.intakeYear) || input.intakeYear < now || input.intakeYear > now + HORIZON)
          refusals.push(enrolmentViolation(f('intakeYear'), EnrolmentErrorCode.YEAR_OUT_OF_RANGE));
        if (!Number.isInteger(input.places) || input.places < 1 || input.places > 500)
          refusals.push(enrolmentViolation(f('places'), EnrolmentErrorCode.INVALID_PLACES));
        if (input.minScore != null && (!Number.isInteger(input.minScore) || input.minScore < 0 || input.minScore > 1000))
          refusals.push(enrolmentViolation(f('minScore'), EnrolmentErrorCode.INVALID_SCORE));
        if (
          input.curatorId &&
          (await tx.em.count(Membership, { person: input.curatorId, organization: hei.id, role: PersonRole.CURATOR }, { filters: false })) === 0
        ) {
          refusals.push(enrolmentViolation(f('curatorId'), EnrolmentErrorCode.CURATOR_NOT_AT_HEI));
        }
        const code = input.code.trim().toUpperCase();
        if ((await tx.em.count(DualGroup, { hei: hei.id, code }, { filters: false })) > 0) refusals.push(this.codeTaken());
        if (refusals.length > 0) return refuse(...refusals);
        const group = tx.em.create(DualGroup, {
          hei,
          region: hei.region,
          program: program!,
          code,
          intakeYear: input.intakeYear,
          language: input.language,
          curator: input.curatorId ? tx.em.getReference(Person, input.curatorId) : undefined,
          places: input.places,
          minScore: input.minScore ?? undefined,
        });
        this.audit.record(tx, tx.em, {
          objectType: 'DualGroup',
          objectId: group.id,
          action: AuditAction.CREATED,
          after: { code, places: input.places, intakeYear: input.intakeYear },
          visibleTo: [hei.id],
          regions: [hei.region],
        });
        await tx.em.flush();
        return succeed(group);
      },
      { unique: { dual_group_hei_id_code_unique: () => this.codeTaken() } },
    );
  }

  /** The HEI records a student's application to one of its groups, with documents and test score. */
  apply(
    ctx: RequestContext,
    input: { groupId: string; studentId: string; documents: ApplicationDocument[]; score: number },
  ): Promise<Outcome<Application, EnrolmentErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(
      ctx,
      async (tx) => {
        const group = await tx.em.findOne(DualGroup, { id: input.groupId });
        const caller = callerOf(tx);
        if (!group || (caller && group.hei.id !== caller.organizationId)) return refuse(enrolmentViolation(f('groupId'), EnrolmentErrorCode.GROUP_NOT_FOUND));
        const refusals: EnrolmentViolation[] = [];
        if (!(await tx.em.findOne(Person, { id: input.studentId }, { filters: false })))
          refusals.push(enrolmentViolation(f('studentId'), EnrolmentErrorCode.STUDENT_NOT_FOUND));
        if (input.documents.length === 0 || input.documents.some((d) => !d.kind.trim() || !d.number.trim()))
          refusals.push(enrolmentViolation(f('documents'), EnrolmentErrorCode.DOCUMENTS_REQUIRED));
        if (!Number.isInteger(input.score) || input.score < 0 || input.score > 1000)
          refusals.push(enrolmentViolation(f('score'), EnrolmentErrorCode.INVALID_SCORE));
        if ((await tx.em.count(Application, { group: group.id, student: input.studentId }, { filters: false })) > 0)
          refusals.push(enrolmentViolation(f('studentId'), EnrolmentErrorCode.ALREADY_APPLIED));
        else if ((await tx.em.count(Enrolment, { student: input.studentId, intakeYear: group.intakeYear }, { filters: false })) > 0) {
          refusals.push(enrolmentViolation(f('studentId'), EnrolmentErrorCode.OVERLAPPING_INTAKE));
        }
        if (refusals.length > 0) return refuse(...refusals);
        const application = tx.em.create(Application, {
          group,
          hei: group.hei,
          student: input.studentId,
          intakeYear: group.intakeYear,
          documents: input.documents.map((d) => ({ kind: d.kind.trim(), number: d.number.trim() })),
          score: input.score,
        });
        this.audit.record(tx, tx.em, {
          objectType: 'Application',
          objectId: application.id,
          action: AuditAction.CREATED,
          after: { status: application.status, score: input.score },
          visibleTo: [group.hei.id],
          regions: [],
        });
        await tx.em.flush();
        return succeed(application);
      },
      { unique: { application_group_id_student_id_unique: () => enrolmentViolation(f('studentId'), EnrolmentErrorCode.ALREADY_APPLIED) } },
    );
  }

  /**
   * The HEI decides an application: ACCEPTED (enrols the student in the group's programme and
   * group, and makes them a STUDENT member of the HEI if they are not yet), WAITLISTED or REJECTED (with a reason). The group's row is locked first, so concurrent
   * acceptances are counted one after another: beyond the places the answer is GROUP_FULL.
   */
  decide(ctx: RequestContext, applicationId: string, input: { decision: Decision; reason?: string | null }): Promise<Outcome<Application, EnrolmentErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(
      ctx,
      async (tx) => {
        const found = await tx.em.findOne(Application, { id: applicationId });
        const caller = callerOf(tx);
        if (!found || (caller && found.hei.id !== caller.organizationId))
          return refuse(enrolmentViolation(f('applicationId'), EnrolmentErrorCode.APPLICATION_NOT_FOUND));
        const group = await tx.em.findOneOrFail(DualGroup, { id: found.group.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, filters: false });
        const application = await tx.em.findOneOrFail(Application, { id: applicationId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
        if (!mayDecide(application.status)) return refuse(enrolmentViolation(f('applicationId'), EnrolmentErrorCode.ALREADY_DECIDED));
        const reason = input.reason?.trim() || undefined;
        if (input.decision !== ApplicationStatus.ACCEPTED && !reason) return refuse(enrolmentViolation(f('reason'), EnrolmentErrorCode.REASON_REQUIRED));
        if (input.decision === ApplicationStatus.ACCEPTED) {
          if (!meetsMinimum(application.score, group.minScore)) return refuse(enrolmentViolation(f('decision'), EnrolmentErrorCode.SCORE_BELOW_MINIMUM));
          const accepted = await tx.em.count(Application, { group: group.id, status: ApplicationStatus.ACCEPTED }, { filters: false });
          if (!hasPlace(group.places, accepted)) return refuse(enrolmentViolation(f('decision'), EnrolmentErrorCode.GROUP_FULL));
          if ((await tx.em.count(Enrolment, { student: application.student.id, intakeYear: group.intakeYear }, { filters: false })) > 0) {
            return refuse(enrolmentViolation(f('applicationId'), EnrolmentErrorCode.OVERLAPPING_INTAKE));
          }
          tx.em.create(Enrolment, {
            student: application.student,
            hei: group.hei,
            region: group.region,
            program: group.program,
            group,
            intakeYear: group.intakeYear,
          });
          // Enrolled, the applicant is a student of the HEI (placements ask for that membership too).
          const member = { person: application.student.id, organization: group.hei.id, role: PersonRole.STUDENT };
          if ((await tx.em.count(Membership, member, { filters: false })) === 0) {
            tx.em.create(Membership, {
              person: application.student,
              organization: group.hei,
              role: PersonRole.STUDENT,
              position: `group ${group.code}`,
              since: tx.clock.now().toISOString().slice(0, 10),
            });
          }
        }
        const from = application.status;
        application.status = input.decision;
        application.decisionReason = reason;
        this.audit.record(tx, tx.em, {
          objectType: 'Application',
          objectId: application.id,
          action: AuditAction.STATUS_CHANGED,
          before: { status: from },
          after: { status: input.decision },
          reason,
          visibleTo: [group.hei.id],
          regions: [],
        });
        await tx.em.flush();
        return succeed(application);
      },
      { unique: { enrolment_student_id_intake_year_unique: () => enrolmentViolation(f('applicationId'), EnrolmentErrorCode.OVERLAPPING_INTAKE) } },
    );
  }

  private async callerHei(tx: RequestContext, systemHeiId?: string | null): Promise<Organization | null> {
    const caller = callerOf(tx);
    const id = caller ? caller.organizationId : systemHeiId;
    const hei = id ? await tx.em.findOne(Organization, { id }, { filters: false }) : null;
    return hei && hei.kind === OrganizationKind.HEI ? hei : null;
  }

  private codeTaken(): EnrolmentViolation {
    return enrolmentViolation(f('code'), EnrolmentErrorCode.CODE_TAKEN);
  }
}
