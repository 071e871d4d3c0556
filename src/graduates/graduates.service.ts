import type { FilterQuery } from '@mikro-orm/core';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { scopePredicate } from '../db/scope';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Membership, Organization, Person, PersonRole } from '../organizations';
import { positional } from '../demand';
import { Program } from '../programs';
import { BadUserInputError } from '../shared/errors';
import { OrganizationKind } from '../shared/organization-kind';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import type { RequestContext } from '../shared/request-context';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { EmploymentCheck, Graduation } from './graduation.entity';
import { GRADUATION_VISIBILITY } from './graduates.scope';
import { GraduatesErrorCode, graduatesViolation, type GraduatesViolation } from './graduates.messages';
import { checkDateProblem, EMPLOYED_STATUSES, type EmploymentStatus, FOLLOW_UP_CALENDAR } from './graduates.rules';
import { CompetenceArea, SatisfactionSurvey, SurveyScore } from './satisfaction-survey.entity';

const f = (...path: (string | number)[]) => ['input', ...path.map(String)];

/** Input of {@link GraduatesService.recordGraduation}. */
export interface RecordGraduationCommand {
  studentId: string;
  programId: string;
  graduatedOn: string;
  qualification: string;
  competenceCertificate?: string | null;
  /** System contexts only (the seeder): the HEI. */
  heiId?: string | null;
}

/** Input of {@link GraduatesService.recordCheck}. */
export interface RecordCheckCommand {
  graduationId: string;
  checkedOn: string;
  status: EmploymentStatus;
  employerId?: string | null;
  employerName?: string | null;
  position?: string | null;
  workRegion?: string | null;
}

/** Input of {@link GraduatesService.recordSurvey}. */
export interface RecordSurveyCommand {
  programId: string;
  year: number;
  scores: { area: string; score: number }[];
  comment?: string | null;
  /** System contexts only (the seeder): the employer. */
  employerId?: string | null;
}

/** A follow-up check expected and not yet made. */
export interface FollowUpDue {
  graduationId: string;
  studentId: string;
  heiId: string;
  programId: string;
  graduatedOn: string;
  milestoneMonths: number;
  dueOn: string;
  overdue: boolean;
}

/**
 * Checks expected and not made, per graduation and milestone, as one SQL statement: a milestone
 * is met by a check dated from `windowBefore` months before it to `grace` months after it; it is
 * listed once its window opens, and OVERDUE after the grace. Scope: the `graduation` rows the
 * caller may see (the ORM filter's subquery, `:visible`).
 */
const DUE_SQL = `
select g.id as graduation_id, g.student_id, g.hei_id, g.program_id, g.graduated_on::text as graduated_on, m.months::int as milestone_months,
       (g.graduated_on + make_interval(months => m.months))::date::text as due_on,
       (g.graduated_on + make_interval(months => m.months + :grace)) < :today::date as overdue
  from graduation g
  cross join unnest(:milestones::int[]) as m(months)
 where :visible
   and (:hei::uuid is null or g.hei_id = :hei::uuid)
   and g.graduated_on + make_interval(months => m.months - :before) <= :today::date
   and not exists (
     select 1 from employment_check c
      where c.graduation_id = g.id
        and c.checked_on >= g.graduated_on + make_interval(months => m.months - :before)
        and c.checked_on <= g.graduated_on + make_interval(months => m.months + :grace))
 order by due_on, g.id, m.months
 limit :limit`;

/**
 * Graduation and the three-year follow-up of graduates' employment, and employers' satisfaction
 * surveys. Records are never deleted.
 */
export class GraduatesService {
  constructor(private readonly audit: AuditService) {}

  listGraduations<N>(ctx: RequestContext, query: { programId?: string }, page: PageRequest, toNode: (g: Graduation) => N): Promise<Page<N>> {
    const where: FilterQuery<Graduation> = {};
    if (query.programId) where.program = query.programId;
    return paginate(ctx.em, Graduation, where, page, { graduatedOn: 'desc', id: 'asc' }, toNode);
  }

  /** Checks of many graduations at once (visible ones only), newest first. */
  async checksOf(ctx: RequestContext, graduationIds: readonly string[]): Promise<EmploymentCheck[][]> {
    const rows = await ctx.em.find(EmploymentCheck, { graduation: { $in: [...graduationIds] } }, { orderBy: { checkedOn: 'desc' } });
    return graduationIds.map((id) => rows.filter((r) => r.graduation.id === id));
  }

  /** The HEI records a student's graduation from one of its programmes. */
  recordGraduation(ctx: RequestContext, input: RecordGraduationCommand): Promise<Outcome<Graduation, GraduatesErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(
      ctx,
      async (tx) => {
        const hei = await this.callerOrg(tx, OrganizationKind.HEI, input.heiId);
        if (!hei) return refuse(graduatesViolation(f('programId'), GraduatesErrorCode.NOT_AN_HEI));
        const refusals: GraduatesViolation[] = [];
        const program = await tx.em.findOne(Program, { id: input.programId });
        if (!program || program.hei.id !== hei.id) refusals.push(graduatesViolation(f('programId'), GraduatesErrorCode.PROGRAM_NOT_AT_HEI));
        const student = await tx.em.count(Membership, { person: input.studentId, organization: hei.id, role: PersonRole.STUDENT }, { filters: false });
        if (student === 0) refusals.push(graduatesViolation(f('studentId'), GraduatesErrorCode.STUDENT_NOT_AT_HEI));
        if (input.graduatedOn > this.today(tx)) refusals.push(graduatesViolation(f('graduatedOn'), GraduatesErrorCode.DATE_IN_FUTURE));
        if (!input.qualification.trim()) refusals.push(graduatesViolation(f('qualification'), GraduatesErrorCode.QUALIFICATION_REQUIRED));
        if (program && (await tx.em.count(Graduation, { student: input.studentId, program: program.id }, { filters: false })) > 0)
          refusals.push(this.alreadyGraduated());
        if (refusals.length > 0) return refuse(...refusals);
        const graduation = tx.em.create(Graduation, {
          student: tx.em.getReference(Person, input.studentId),
          hei,
          region: hei.region,
          program: program!,
          graduatedOn: input.graduatedOn,
          qualification: input.qualification.trim(),
          competenceCertificate: input.competenceCertificate?.trim() || undefined,
        });
        this.audit.record(tx, tx.em, {
          objectType: 'Graduation',
          objectId: graduation.id,
          action: AuditAction.CREATED,
          after: { programId: program!.id, graduatedOn: input.graduatedOn },
          visibleTo: [hei.id],
          regions: [hei.region],
        });
        await tx.em.flush();
        return succeed(graduation);
      },
      { unique: { graduation_student_id_program_id_unique: () => this.alreadyGraduated() } },
    );
  }

  /**
   * The HEI records an employment check of one of its graduates. Refused before graduation, in
   * the future and after the three years of follow-up (`FOLLOW_UP_ENDED`). Whether the employer
   * hosted one of the graduate's placements is found by the service, not told.
   */
  recordCheck(ctx: RequestContext, input: RecordCheckCommand): Promise<Outcome<EmploymentCheck, GraduatesErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const graduation = await tx.em.findOne(Graduation, { id: input.graduationId });
      const caller = callerOf(tx);
      if (!graduation || (caller && graduation.hei.id !== caller.organizationId))
        return refuse(graduatesViolation(f('graduationId'), GraduatesErrorCode.GRADUATION_NOT_FOUND));
      const refusals: GraduatesViolation[] = [];
      const problem = checkDateProblem(graduation.graduatedOn, input.checkedOn, this.today(tx));
      if (problem) refusals.push(graduatesViolation(f('checkedOn'), GraduatesErrorCode[problem]));
      const employer = input.employerId ? await tx.em.findOne(Organization, { id: input.employerId }, { filters: false }) : null;
      if (input.employerId && employer?.kind !== OrganizationKind.EMPLOYER)
        refusals.push(graduatesViolation(f('employerId'), GraduatesErrorCode.NOT_AN_EMPLOYER));
      if (EMPLOYED_STATUSES.includes(input.status) && !input.employerId && !input.employerName?.trim())
        refusals.push(graduatesViolation(f('employerName'), GraduatesErrorCode.EMPLOYER_REQUIRED));
      if (refusals.length > 0) return refuse(...refusals);
      const hosted = employer
        ? ((
            await tx.em.execute<{ n: number }[]>(
              `select count(*)::int as n from placement where student_id = ? and hei_id = ? and employer_id = ? and status in ('ACTIVE', 'COMPLETED', 'SUSPENDED')`,
              [graduation.student.id, graduation.hei.id, employer.id],
            )
          )[0]?.n ?? 0)
        : 0;
      const check = tx.em.create(EmploymentCheck, {
        graduation,
        hei: graduation.hei,
        region: graduation.region,
        program: graduation.program,
        checkedOn: input.checkedOn,
        status: input.status,
        employer: employer ?? undefined,
        employerName: input.employerName?.trim() || employer?.name.ru || undefined,
        atTrainingEmployer: hosted > 0,
        position: input.position?.trim() || undefined,
        workRegion: input.workRegion?.trim() || undefined,
      });
      this.audit.record(tx, tx.em, {
        objectType: 'EmploymentCheck',
        objectId: check.id,
        action: AuditAction.CREATED,
        after: { graduationId: graduation.id, checkedOn: input.checkedOn, status: input.status },
        visibleTo: [graduation.hei.id],
        regions: [graduation.region],
      });
      await tx.em.flush();
      return succeed(check);
    });
  }

  /** Checks due or overdue (see {@link DUE_SQL}), for the caller's HEI (or `heiId` for regional callers), at most `limit`. */
  async followUpsDue(ctx: RequestContext, query: { heiId?: string | null; asOf?: string | null; limit?: number }): Promise<FollowUpDue[]> {
    const limit = query.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new BadUserInputError('limit is 1 to 1000', 'limit');
    const visible = scopePredicate(ctx.em, GRADUATION_VISIBILITY, 'g', undefined, 'Graduation');
    const knex = ctx.em.getKnex();
    const params: Record<string, unknown> = {
      visible,
      hei: query.heiId ?? null,
      today: query.asOf ?? this.today(ctx),
      milestones: `{${FOLLOW_UP_CALENDAR.milestoneMonths.join(',')}}`,
      before: FOLLOW_UP_CALENDAR.windowBeforeMonths,
      grace: FOLLOW_UP_CALENDAR.graceMonths,
      limit,
    };
    const { sql, bindings } = positional(DUE_SQL, params);
    const rows = await ctx.em.execute<Record<string, unknown>[]>(knex.raw(sql, bindings as never[]));
    return rows.map((r) => ({
      graduationId: r.graduation_id as string,
      studentId: r.student_id as string,
      heiId: r.hei_id as string,
      programId: r.program_id as string,
      graduatedOn: r.graduated_on as string,
      milestoneMonths: r.milestone_months as number,
      dueOn: r.due_on as string,
      overdue: r.overdue as boolean,
    }));
  }

  /** Competence areas employers score (data), in their order. */
  competenceAreas(ctx: RequestContext): Promise<CompetenceArea[]> {
    return ctx.em.find(CompetenceArea, {}, { orderBy: { position: 'asc', code: 'asc' } });
  }

  listSurveys<N>(ctx: RequestContext, query: { programId?: string; year?: number }, page: PageRequest, toNode: (s: SatisfactionSurvey) => N): Promise<Page<N>> {
    const where: FilterQuery<SatisfactionSurvey> = {};
    if (query.programId) where.program = query.programId;
    if (query.year) where.year = query.year;
    return paginate(ctx.em, SatisfactionSurvey, where, page, { year: 'desc', id: 'asc' }, toNode);
  }

  /** Scores of many surveys at once. */
  async scoresOf(ctx: RequestContext, surveyIds: readonly string[]): Promise<SurveyScore[][]> {
    const rows = await ctx.em.find(SurveyScore, { survey: { $in: [...surveyIds] } }, { orderBy: { area: { position: 'asc' } }, populate: ['area'] });
    return surveyIds.map((id) => rows.filter((r) => r.survey.id === id));
  }

  /**
   * An employer answers the satisfaction survey on the graduates of a programme it hosted
   * (a placement of a student of that HEI at the employer): a score 1–5 per competence area, free text.
   */
  recordSurvey(ctx: RequestContext, input: RecordSurveyCommand): Promise<Outcome<SatisfactionSurvey, GraduatesErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(
      ctx,
      async (tx) => {
        const employer = await this.callerOrg(tx, OrganizationKind.EMPLOYER, input.employerId);
        if (!employer) return refuse(graduatesViolation(f('programId'), GraduatesErrorCode.NOT_AN_EMPLOYER));
        const program = await tx.em.findOne(Program, { id: input.programId });
        if (!program) return refuse(graduatesViolation(f('programId'), GraduatesErrorCode.PROGRAM_NOT_FOUND));
        const refusals: GraduatesViolation[] = [];
        const [{ n: hosted }] = await tx.em.execute<{ n: number }[]>(
          `select count(*)::int as n from placement p where p.employer_id = ? and p.hei_id = ? and p.status in ('ACTIVE', 'COMPLETED', 'SUSPENDED')`,
          [employer.id, program.hei.id],
        );
        if (!hosted) refusals.push(graduatesViolation(f('programId'), GraduatesErrorCode.NO_GRADUATES_HOSTED));
        const year = tx.clock.now().getUTCFullYear();
        if (!Number.isInteger(input.year) || input.year > year || input.year < year - 5)
          refusals.push(graduatesViolation(f('year'), GraduatesErrorCode.DATE_IN_FUTURE));
        const areas = new Set((await tx.em.find(CompetenceArea, {})).map((a) => a.code));
        const named = new Set(input.scores.map((s) => s.area));
        if (input.scores.length === 0 || named.size !== input.scores.length) refusals.push(graduatesViolation(f('scores'), GraduatesErrorCode.SCORES_REQUIRED));
        input.scores.forEach((s, i) => {
          if (!areas.has(s.area)) refusals.push(graduatesViolation(f('scores', i, 'area'), GraduatesErrorCode.UNKNOWN_COMPETENCE_AREA));
          if (!Number.isInteger(s.score) || s.score < 1 || s.score > 5)
            refusals.push(graduatesViolation(f('scores', i, 'score'), GraduatesErrorCode.SCORE_OUT_OF_RANGE));
        });
        if ((await tx.em.count(SatisfactionSurvey, { employer: employer.id, program: program.id, year: input.year }, { filters: false })) > 0)
          refusals.push(this.surveyTaken());
        if (refusals.length > 0) return refuse(...refusals);
        const survey = tx.em.create(SatisfactionSurvey, {
          employer,
          hei: program.hei,
          region: employer.region,
          program,
          year: input.year,
          comment: input.comment?.trim() || undefined,
        });
        for (const s of input.scores) tx.em.create(SurveyScore, { survey, area: s.area, score: s.score });
        this.audit.record(tx, tx.em, {
          objectType: 'SatisfactionSurvey',
          objectId: survey.id,
          action: AuditAction.CREATED,
          after: { programId: program.id, year: input.year },
          visibleTo: [employer.id, program.hei.id],
          regions: [employer.region],
        });
        await tx.em.flush();
        return succeed(survey);
      },
      { unique: { satisfaction_survey_employer_id_program_id_year_unique: () => this.surveyTaken() } },
    );
  }

  private today(ctx: RequestContext): string {
    return ctx.clock.now().toISOString().slice(0, 10);
  }

  private async callerOrg(tx: RequestContext, kind: OrganizationKind, systemId?: string | null): Promise<Organization | null> {
    const caller = callerOf(tx);
    const id = caller ? caller.organizationId : systemId;
    const org = id ? await tx.em.findOne(Organization, { id }, { filters: false }) : null;
    return org && org.kind === kind && org.active ? org : null;
  }

  private alreadyGraduated(): GraduatesViolation {
    return graduatesViolation(f('programId'), GraduatesErrorCode.ALREADY_GRADUATED);
  }

  private surveyTaken(): GraduatesViolation {
    return graduatesViolation(f('year'), GraduatesErrorCode.SURVEY_TAKEN);
  }
}
