import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Membership, Organization, PersonRole } from '../organizations';
import { Placement } from '../placements';
import { Discipline, DisciplineCycle, ProgramModule } from '../programs';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { actorOf, type RequestContext } from '../shared/request-context';
import { AssessmentErrorCode, assessmentViolation, type AssessmentViolation, same } from './assessment.messages';
import { GradeBand } from './grading.entity';
import { bandOf, scoreValid } from './grading.rules';
import { NATIONAL_SCALE } from './grading.seed';
import { IntermediateControlResult } from './intermediate-control.entity';

/** Input of {@link IntermediateControlService.record}. */
export interface RecordIntermediateControlCommand {
  studentId: string;
  /** Exactly one of a discipline and a module of a programme of the caller's HEI. */
  disciplineId?: string | null;
  moduleId?: string | null;
  score: number;
  heldOn: string;
  examinerId: string;
  /** Mentors of the student's placements who took part (practice disciplines and modules only). */
  mentorIds: string[];
}

function field(name: string): string[] {
  return ['input', name];
}

/** Intermediate control: results per discipline or module, on the national scale, with mentors for practice. */
export class IntermediateControlService {
  constructor(private readonly audit: AuditService) {}

  /**
   * Records one result, by the programme's HEI: the student is a student of the HEI, the examiner
   * a member of it, the day not in the future, the score 0–100 (letter and GPA from the national
   * scale). Mentors may take part only in a practice discipline (cycle PP) or a module with one,
   * and only the mentors of the student's placements. Every refusal names its field; nothing is written.
   */
  async record(ctx: RequestContext, input: RecordIntermediateControlCommand): Promise<Outcome<IntermediateControlResult, AssessmentErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const caller = callerOf(tx);
      const refusals: AssessmentViolation[] = [];
      if (Boolean(input.disciplineId) === Boolean(input.moduleId))
        return refuse(assessmentViolation(field('disciplineId'), AssessmentErrorCode.DISCIPLINE_OR_MODULE));
      const discipline = input.disciplineId ? await tx.em.findOne(Discipline, { id: input.disciplineId }, { populate: ['program', 'module'] }) : null;
      const module = discipline?.module ?? (input.moduleId ? await tx.em.findOne(ProgramModule, { id: input.moduleId }, { populate: ['program'] }) : null);
      if (!module) return refuse(assessmentViolation(field(input.disciplineId ? 'disciplineId' : 'moduleId'), AssessmentErrorCode.DISCIPLINE_OR_MODULE));
      const program = module.program;
      const hei = await tx.em.findOneOrFail(Organization, { id: program.hei.id }, { filters: false });
      if (caller && caller.organizationId !== hei.id)
        return refuse(assessmentViolation(field(input.disciplineId ? 'disciplineId' : 'moduleId'), AssessmentErrorCode.PROGRAM_NOT_OF_HEI));
      const memberOf = async (personId: string, roles?: PersonRole[]) =>
        (await tx.em.count(Membership, { person: personId, organization: hei.id, ...(roles ? { role: { $in: roles } } : {}) }, { filters: false })) > 0;
      if (!(await memberOf(input.studentId, [PersonRole.STUDENT])))
        refusals.push(assessmentViolation(field('studentId'), AssessmentErrorCode.STUDENT_NOT_OF_HEI));
      if (!(await memberOf(input.examinerId))) refusals.push(assessmentViolation(field('examinerId'), AssessmentErrorCode.EXAMINER_NOT_AT_HEI));
      const today = tx.clock.now().toISOString().slice(0, 10);
      if (input.heldOn > today) refusals.push(assessmentViolation(field('heldOn'), AssessmentErrorCode.DATE_IN_FUTURE, same(`(${input.heldOn} > ${today})`)));
      let band: GradeBand | null = null;
      if (!scoreValid(input.score)) refusals.push(assessmentViolation(field('score'), AssessmentErrorCode.INVALID_SCORE));
      else {
        band = bandOf(input.score, await tx.em.find(GradeBand, { scale: NATIONAL_SCALE }));
        if (!band) refusals.push(assessmentViolation(field('score'), AssessmentErrorCode.SCALE_MISSING, same(`(${NATIONAL_SCALE})`)));
      }
      const mentorIds = [...new Set(input.mentorIds)];
      let employerId: string | undefined;
      if (mentorIds.length > 0) {
        const practice = discipline
          ? discipline.cycle === DisciplineCycle.PP
          : (await tx.em.count(Discipline, { module: module.id, cycle: DisciplineCycle.PP }, { filters: false })) > 0;
        if (!practice) refusals.push(assessmentViolation(field('mentorIds'), AssessmentErrorCode.MENTOR_ONLY_FOR_PRACTICE));
        else {
          const placements = await tx.em.find(Placement, { student: input.studentId, hei: hei.id, mentor: { $in: mentorIds } }, { filters: false });
          const mentoring = new Set(placements.map((p) => p.mentor!.id));
          for (const [i, id] of mentorIds.entries()) {
            if (!mentoring.has(id)) refusals.push(assessmentViolation(['input', 'mentorIds', String(i)], AssessmentErrorCode.NOT_THE_STUDENTS_MENTOR));
          }
          employerId = placements[0]?.employer.id;
        }
      }
      if (refusals.length > 0) return refuse(...refusals);
      const row = tx.em.create(IntermediateControlResult, {
        hei,
        employer: employerId,
        student: input.studentId,
        program,
        discipline: discipline ?? undefined,
        module,
        score: input.score,
        scale: NATIONAL_SCALE,
        letter: band!.letter,
        gpa: Number(band!.gpa),
        passed: band!.passing,
        heldOn: input.heldOn,
        examiner: input.examinerId,
        mentorIds,
        recordedBy: caller ? actorOf(caller) : 'system',
      });
      this.audit.record(tx, tx.em, {
        objectType: 'IntermediateControlResult',
        objectId: row.id,
        action: AuditAction.CREATED,
        actorPersonId: caller?.personId,
        after: { studentId: input.studentId, score: input.score, letter: band!.letter, heldOn: input.heldOn },
        visibleTo: [hei.id, ...(employerId ? [employerId] : [])],
        regions: [hei.region],
      });
      return succeed(row);
    });
  }

  /** A page of the results the caller may see, latest first (optionally of one student). */
  list<N>(ctx: RequestContext, query: { studentId?: string }, page: PageRequest, toNode: (row: IntermediateControlResult) => N): Promise<Page<N>> {
    return paginate(ctx.em, IntermediateControlResult, query.studentId ? { student: query.studentId } : {}, page, { heldOn: 'desc' }, toNode);
  }
}
