import { type EntityManager, LockMode } from '@mikro-orm/core';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import type { LogbookService } from '../logbook';
import { Membership, Organization, OrganizationKind } from '../organizations';
import { Placement } from '../placements';
import { Program } from '../programs';
import { NotFoundError } from '../shared/errors';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { actorOf, type RequestContext } from '../shared/request-context';
import { AssessmentErrorCode, assessmentViolation, type AssessmentViolation, same } from './assessment.messages';
import { CommissionSide, ExamAdmission, ExamCommissionMember, ProductionExam } from './production-exam.entity';
import { commissionBalance, latestApprovalDay, materialsInTime } from './production-exam.rules';
import type { CompetenceCertificate } from './competence-certificate.entity';
import type { CompetenceCertificateService } from './competence-certificate.service';
import { ExamResult } from './exam-result.entity';
import { GradeBand } from './grading.entity';
import { bandOf, scoreValid } from './grading.rules';
import { NATIONAL_SCALE } from './grading.seed';

/** What {@link ProductionExamService.recordResult} records: the result, and the certificate when it passed. */
export interface RecordedResult {
  result: ExamResult;
  certificate: CompetenceCertificate | null;
}

/** Input of {@link ProductionExamService.recordResult}. */
export interface RecordExamResultCommand {
  examId: string;
  placementId: string;
  theoryScore: number;
  qualificationWorkScore: number;
  finalScore: number;
  /** The commission member recording it, when a partner system records with an API key; a signed-in person is themselves. */
  recordedById?: string | null;
}

function field(...path: (string | number)[]): string[] {
  return ['input', ...path.map(String)];
}

function partiesOf(e: ProductionExam): { visibleTo: string[]; regions: string[] } {
  return { visibleTo: [e.hei.id, e.employer.id], regions: [e.hei.region, e.employer.region] };
}

/** The production exam: scheduling against the materials' approval, the 50/50 commission, the council's admission. */
export class ProductionExamService {
  /** @param logbook for the signed vs required hours of a student at admission */
  /** @param certificates issues the certificate of professional competence of a passed result */
  constructor(
    private readonly audit: AuditService,
    private readonly logbook: LogbookService,
    private readonly certificates: CompetenceCertificateService,
  ) {}

  /**
   * Schedules an exam of the caller's programme with the co-drafting enterprise. Materials approved
   * later than one month before the exam day are refused with MATERIALS_TOO_LATE and the dates.
   */
  async schedule(
    ctx: RequestContext,
    input: { programId: string; employerId: string; examDate: string; materialsApprovedOn: string; theory: string; qualificationWork: string },
  ): Promise<Outcome<ProductionExam, AssessmentErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const refusals: AssessmentViolation[] = [];
      const program = await tx.em.findOne(Program, { id: input.programId }, { populate: ['hei'] });
      const caller = callerOf(tx);
      if (!program || (caller && caller.organizationId !== program.hei.id))
        return refuse(assessmentViolation(field('programId'), AssessmentErrorCode.PROGRAM_NOT_OF_HEI));
      const employer = await tx.em.findOne(Organization, { id: input.employerId }, { filters: false });
      if (!employer || employer.kind !== OrganizationKind.EMPLOYER)
        refusals.push(assessmentViolation(field('employerId'), AssessmentErrorCode.NOT_AN_EMPLOYER));
      if (!materialsInTime(input.materialsApprovedOn, input.examDate)) {
        const latest = latestApprovalDay(input.examDate);
        refusals.push(
          assessmentViolation(field('materialsApprovedOn'), AssessmentErrorCode.MATERIALS_TOO_LATE, {
            kk: `(емтихан ${input.examDate}, бекітілген ${input.materialsApprovedOn}, соңғы мерзім ${latest})`,
            ru: `(экзамен ${input.examDate}, утверждены ${input.materialsApprovedOn}, не позднее ${latest})`,
            en: `(exam on ${input.examDate}, approved on ${input.materialsApprovedOn}, due by ${latest})`,
          }),
        );
      }
      if (!input.theory.trim()) refusals.push(assessmentViolation(field('theory'), AssessmentErrorCode.TEXT_REQUIRED));
      if (!input.qualificationWork.trim()) refusals.push(assessmentViolation(field('qualificationWork'), AssessmentErrorCode.TEXT_REQUIRED));
      if (refusals.length > 0) return refuse(...refusals);
      const exam = tx.em.create(ProductionExam, {
        program: program,
        hei: program.hei,
        employer: employer!,
        examDate: input.examDate,
        materialsApprovedOn: input.materialsApprovedOn,
        theory: input.theory.trim(),
        qualificationWork: input.qualificationWork.trim(),
      });
      this.audit.record(tx, tx.em, {
        objectType: 'ProductionExam',
        objectId: exam.id,
        action: AuditAction.CREATED,
        after: { examDate: input.examDate, materialsApprovedOn: input.materialsApprovedOn },
        ...partiesOf(exam),
      });
      return succeed(exam);
    });
  }

  /**
   * Sets (replaces) the commission. Each member belongs to the organisation named; a member of the
   * exam's enterprise is an enterprise representative, of any other organisation but the students'
   * own HEI a third-party expert. Refuses anything but 50/50 with COMMISSION_UNBALANCED and the counts.
   */
  async setCommission(
    ctx: RequestContext,
    input: { examId: string; members: { personId: string; organizationId: string }[] },
  ): Promise<Outcome<ExamCommissionMember[], AssessmentErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    await this.visible(ctx, input.examId);
    return runMutation(ctx, async (tx) => {
      const exam = await this.lock(tx.em, input.examId);
      const caller = callerOf(tx);
      if (caller && caller.organizationId !== exam.hei.id) return refuse(assessmentViolation(field('examId'), AssessmentErrorCode.NOT_THE_HEI));
      const refusals: AssessmentViolation[] = [];
      const sides: ('ENTERPRISE' | 'THIRD_PARTY' | 'OWN_HEI')[] = [];
      for (const [i, m] of input.members.entries()) {
        if ((await tx.em.count(Membership, { person: m.personId, organization: m.organizationId }, { filters: false })) === 0) {
          refusals.push(assessmentViolation(field('members', i, 'personId'), AssessmentErrorCode.MEMBER_NOT_AT_ORGANIZATION));
        }
        sides.push(m.organizationId === exam.employer.id ? 'ENTERPRISE' : m.organizationId === exam.hei.id ? 'OWN_HEI' : 'THIRD_PARTY');
      }
      const balance = commissionBalance(sides);
      if (!balance.balanced) {
        refusals.push(
          assessmentViolation(field('members'), AssessmentErrorCode.COMMISSION_UNBALANCED, {
            kk: `(кәсіпорын: ${balance.enterprise}, үшінші тарап: ${balance.thirdParty}, өз оқу орны: ${balance.ownHei})`,
            ru: `(предприятие: ${balance.enterprise}, сторонние: ${balance.thirdParty}, свой вуз: ${balance.ownHei})`,
            en: `(enterprise: ${balance.enterprise}, third-party: ${balance.thirdParty}, own HEI: ${balance.ownHei})`,
          }),
        );
      }
      if (refusals.length > 0) return refuse(...refusals);
      await tx.em.nativeDelete(ExamCommissionMember, { exam: exam.id }, { filters: false });
      const members = input.members.map((m, i) =>
        tx.em.create(ExamCommissionMember, {
          exam,
          hei: exam.hei,
          employer: exam.employer,
          person: m.personId,
          organization: m.organizationId,
          side: sides[i] === 'ENTERPRISE' ? CommissionSide.ENTERPRISE : CommissionSide.THIRD_PARTY,
        }),
      );
      this.audit.record(tx, tx.em, {
        objectType: 'ProductionExam',
        objectId: exam.id,
        action: AuditAction.STATUS_CHANGED,
        after: { commission: { enterprise: balance.enterprise, thirdParty: balance.thirdParty } },
        ...partiesOf(exam),
      });
      return succeed(members);
    });
  }

  /**
   * Records the expanded pedagogical council's decision on one student (a placement of the exam's
   * HEI and enterprise). Admitting a student whose signed logbook hours are below the planned total
   * needs a recorded exception (NOT_ADMISSIBLE otherwise).
   */
  async decideAdmission(
    ctx: RequestContext,
    input: {
      examId: string;
      placementId: string;
      councilDate: string;
      admitted: boolean;
      reason: string;
      exception?: string | null;
      mentorsInvited: string[];
      mentorsPresent: string[];
    },
  ): Promise<Outcome<ExamAdmission, AssessmentErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    await this.visible(ctx, input.examId);
    return runMutation(ctx, async (tx) => {
      const exam = await this.lock(tx.em, input.examId);
      const caller = callerOf(tx);
      if (caller && caller.organizationId !== exam.hei.id) return refuse(assessmentViolation(field('examId'), AssessmentErrorCode.NOT_THE_HEI));
      const placement = await tx.em.findOne(Placement, { id: input.placementId }, { filters: false });
      if (!placement || placement.hei.id !== exam.hei.id || placement.employer.id !== exam.employer.id) {
        return refuse(assessmentViolation(field('placementId'), AssessmentErrorCode.PLACEMENT_NOT_OF_EXAM));
      }
      const refusals: AssessmentViolation[] = [];
      if (input.councilDate > exam.examDate) refusals.push(assessmentViolation(field('councilDate'), AssessmentErrorCode.COUNCIL_AFTER_EXAM));
      if (!input.reason.trim()) refusals.push(assessmentViolation(field('reason'), AssessmentErrorCode.TEXT_REQUIRED));
      const [progress] = await this.logbook.progress(tx, [placement.id]);
      const required = progress!.plannedHours;
      if (input.admitted && required !== null && progress!.signedHours < required && !input.exception?.trim()) {
        refusals.push(
          assessmentViolation(field('exception'), AssessmentErrorCode.NOT_ADMISSIBLE, {
            kk: `(қол қойылған ${progress!.signedHours} сағ < ${required} сағ)`,
            ru: `(подписано ${progress!.signedHours} ч < ${required} ч)`,
            en: `(signed ${progress!.signedHours} h < required ${required} h)`,
          }),
        );
      }
      if (refusals.length > 0) return refuse(...refusals);
      let admission = await tx.em.findOne(ExamAdmission, { exam: exam.id, placement: placement.id }, { filters: false });
      const values = {
        councilDate: input.councilDate,
        admitted: input.admitted,
        reason: input.reason.trim(),
        exception: input.exception?.trim() || undefined,
        mentorsInvited: input.mentorsInvited,
        mentorsPresent: input.mentorsPresent,
        hoursAtDecision: { signed: progress!.signedHours, required },
      };
      if (admission) Object.assign(admission, values);
      else admission = tx.em.create(ExamAdmission, { exam, hei: exam.hei, employer: exam.employer, placement, ...values });
      this.audit.record(tx, tx.em, {
        objectType: 'ProductionExam',
        objectId: exam.id,
        action: AuditAction.STATUS_CHANGED,
        after: { placementId: placement.id, admitted: input.admitted, exception: values.exception ?? null },
        reason: values.reason,
        ...partiesOf(exam),
      });
      return succeed(admission);
    });
  }

  /**
   * Records one student's result, by the commission: only a member of the exam's commission (the
   * signed-in person, or — with an API key of the member's organisation — the member named), on
   * or after the exam day, for a student the council admitted (NOT_ADMITTED otherwise). Scores are
   * whole numbers 0–100; the final grade takes its letter and GPA from the national scale (data).
   * A result is recorded once (RESULT_ALREADY_RECORDED); the final grade becomes the placement's
   * practice grade. Under the exam's row lock, so two recordings of one student cannot both land.
   */
  async recordResult(ctx: RequestContext, input: RecordExamResultCommand): Promise<Outcome<RecordedResult, AssessmentErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const visible = await this.visible(ctx, input.examId);
    const key = await this.certificates.signingKeyOf(ctx, await ctx.em.findOneOrFail(Organization, { id: visible.hei.id }, { filters: false }));
    return runMutation(ctx, async (tx) => {
      const exam = await this.lock(tx.em, input.examId);
      const caller = callerOf(tx);
      const recorderId = caller?.personId ?? input.recordedById ?? null;
      const commission = await tx.em.find(ExamCommissionMember, { exam: exam.id }, { filters: false });
      const seat = commission.find((m) => m.person.id === recorderId && (!caller || m.organization.id === caller.organizationId));
      if (!recorderId || !seat) return refuse(assessmentViolation(field(caller?.personId ? 'examId' : 'recordedById'), AssessmentErrorCode.NOT_ON_COMMISSION));
      const admission = await tx.em.findOne(ExamAdmission, { exam: exam.id, placement: input.placementId }, { filters: false });
      if (!admission || !admission.admitted) return refuse(assessmentViolation(field('placementId'), AssessmentErrorCode.NOT_ADMITTED));
      const refusals: AssessmentViolation[] = [];
      const today = tx.clock.now().toISOString().slice(0, 10);
      if (today < exam.examDate) refusals.push(assessmentViolation(field('examId'), AssessmentErrorCode.EXAM_NOT_HELD_YET, same(`(${exam.examDate})`)));
      for (const name of ['theoryScore', 'qualificationWorkScore', 'finalScore'] as const) {
        if (!scoreValid(input[name])) refusals.push(assessmentViolation(field(name), AssessmentErrorCode.INVALID_SCORE));
      }
      const bands = await tx.em.find(GradeBand, { scale: NATIONAL_SCALE });
      const band = scoreValid(input.finalScore) ? bandOf(input.finalScore, bands) : null;
      if (scoreValid(input.finalScore) && !band)
        refusals.push(assessmentViolation(field('finalScore'), AssessmentErrorCode.SCALE_MISSING, same(`(${NATIONAL_SCALE})`)));
      if ((await tx.em.count(ExamResult, { exam: exam.id, placement: input.placementId }, { filters: false })) > 0)
        refusals.push(assessmentViolation(field('placementId'), AssessmentErrorCode.RESULT_ALREADY_RECORDED));
      if (refusals.length > 0) return refuse(...refusals);
      const placement = await tx.em.findOneOrFail(Placement, { id: input.placementId }, { filters: false, populate: ['hei', 'employer'] });
      const result = tx.em.create(ExamResult, {
        exam,
        placement,
        hei: placement.hei,
        employer: placement.employer,
        student: placement.student,
        theoryScore: input.theoryScore,
        qualificationWorkScore: input.qualificationWorkScore,
        finalScore: input.finalScore,
        scale: NATIONAL_SCALE,
        letter: band!.letter,
        gpa: Number(band!.gpa),
        passed: band!.passing,
        recordedBy: recorderId,
        recordedByActor: caller ? actorOf(caller) : 'system',
        recordedAt: tx.clock.now(),
      });
      this.audit.record(tx, tx.em, {
        objectType: 'ProductionExam',
        objectId: exam.id,
        action: AuditAction.STATUS_CHANGED,
        actorPersonId: recorderId,
        after: { placementId: placement.id, finalScore: input.finalScore, letter: band!.letter, passed: band!.passing },
        ...partiesOf(exam),
      });
      // A passed exam issues the certificate of professional competence, in the same transaction.
      const certificate = result.passed ? await this.certificates.issue(tx, exam, result, key) : null;
      return succeed({ result, certificate });
    });
  }

  /** A page of the exams the caller may see, latest exam day first (optionally of one programme). */
  list<N>(ctx: RequestContext, query: { programId?: string }, page: PageRequest, toNode: (row: ProductionExam) => N): Promise<Page<N>> {
    return paginate(ctx.em, ProductionExam, query.programId ? { program: query.programId } : {}, page, { examDate: 'desc' }, toNode);
  }

  /** A page of the results of an exam the caller may see, highest final grade first. */
  results<N>(ctx: RequestContext, examId: string, page: PageRequest, toNode: (row: ExamResult) => N): Promise<Page<N>> {
    return paginate(ctx.em, ExamResult, { exam: examId }, page, { finalScore: 'desc' }, toNode);
  }

  /**
   * The final practice grade of each placement (its latest visible exam result, null before the
   * exam), for a page of placements in one statement.
   */
  async resultsOfPlacements(ctx: RequestContext, placementIds: readonly string[]): Promise<(ExamResult | null)[]> {
    const rows = await ctx.em.find(ExamResult, { placement: { $in: [...placementIds] } }, { orderBy: { recordedAt: 'asc' } });
    const latest = new Map(rows.map((r) => [r.placement.id, r]));
    return placementIds.map((id) => latest.get(id) ?? null);
  }

  /** The commission of a visible exam. */
  commission(ctx: RequestContext, examId: string): Promise<ExamCommissionMember[]> {
    return ctx.em.find(ExamCommissionMember, { exam: examId }, { orderBy: { side: 'asc', createdAt: 'asc' } });
  }

  private async visible(ctx: RequestContext, examId: string): Promise<ProductionExam> {
    const exam = await ctx.em.findOne(ProductionExam, { id: examId });
    if (!exam) throw new NotFoundError('ProductionExam');
    return exam;
  }

  private async lock(em: EntityManager, examId: string): Promise<ProductionExam> {
    const exam = await em.findOneOrFail(ProductionExam, { id: examId }, { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    await em.populate(exam, ['hei', 'employer'], { filters: false });
    return exam;
  }
}
