import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Membership, Organization, PersonRole } from '../organizations';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { MentorTraining } from './mentor-training.entity';
import { addDays } from './mentor-training.rules';
import { MentoringErrorCode, mentoringViolation, type MentoringViolation } from './mentoring.messages';

/** Input of {@link MentorTrainingService.record}. */
export interface RecordMentorTrainingCommand {
  mentorId: string;
  employerId: string;
  course: string;
  provider: string;
  hours: number;
  completedOn: string;
  validUntil: string;
  qualification?: string | null;
  certificateNumber?: string | null;
}

function field(name: string): string[] {
  return ['input', name];
}

/** Mentors' pedagogical training: recording it, and whether a mentor is trained on a day. */
export class MentorTrainingService {
  constructor(private readonly audit: AuditService) {}

  /**
   * Records a training of a mentor of the caller's own employer. Refuses a person who is not a
   * MENTOR there, hours outside 1–2000, a completion day in the future, or a validity that ends
   * before the completion day; nothing is written then.
   */
  async record(ctx: RequestContext, input: RecordMentorTrainingCommand): Promise<Outcome<MentorTraining, MentoringErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const caller = callerOf(tx);
      if (caller && caller.organizationId !== input.employerId) return refuse(mentoringViolation(field('employerId'), MentoringErrorCode.NOT_THE_EMPLOYER));
      const refusals: MentoringViolation[] = [];
      const isMentor = await tx.em.count(Membership, { person: input.mentorId, organization: input.employerId, role: PersonRole.MENTOR }, { filters: false });
      if (isMentor === 0) refusals.push(mentoringViolation(field('mentorId'), MentoringErrorCode.NOT_A_MENTOR));
      if (!Number.isInteger(input.hours) || input.hours < 1 || input.hours > 2000)
        refusals.push(mentoringViolation(field('hours'), MentoringErrorCode.INVALID_HOURS));
      const today = tx.clock.now().toISOString().slice(0, 10);
      if (input.completedOn > today) refusals.push(mentoringViolation(field('completedOn'), MentoringErrorCode.COMPLETED_IN_FUTURE));
      if (input.validUntil <= input.completedOn) {
        refusals.push(
          mentoringViolation(field('validUntil'), MentoringErrorCode.INVALID_VALIDITY, {
            kk: `(${input.completedOn} – ${input.validUntil})`,
            ru: `(${input.completedOn} – ${input.validUntil})`,
            en: `(${input.completedOn} – ${input.validUntil})`,
          }),
        );
      }
      if (!input.course.trim()) refusals.push(mentoringViolation(field('course'), MentoringErrorCode.TEXT_REQUIRED));
      if (!input.provider.trim()) refusals.push(mentoringViolation(field('provider'), MentoringErrorCode.TEXT_REQUIRED));
      if (refusals.length > 0) return refuse(...refusals);
      const employer = await tx.em.findOneOrFail(Organization, { id: input.employerId }, { filters: false });
      const training = tx.em.create(MentorTraining, {
        mentor: input.mentorId,
        employer,
        course: input.course.trim(),
        provider: input.provider.trim(),
        hours: input.hours,
        completedOn: input.completedOn,
        validUntil: input.validUntil,
        qualification: input.qualification?.trim() || undefined,
        certificateNumber: input.certificateNumber?.trim() || undefined,
      });
      this.audit.record(tx, tx.em, {
        objectType: 'MentorTraining',
        objectId: training.id,
        action: AuditAction.CREATED,
        actorPersonId: null,
        after: { mentorId: input.mentorId, course: training.course, completedOn: input.completedOn, validUntil: input.validUntil },
        visibleTo: [employer.id],
        regions: [employer.region],
      });
      return succeed(training);
    });
  }

  /** Whether the mentor has a training valid on `day` (read unscoped: a fact the placement rules need). */
  async isTrained(em: EntityManager, mentorId: string, day: string): Promise<boolean> {
    return (await em.count(MentorTraining, { mentor: mentorId, completedOn: { $lte: day }, validUntil: { $gte: day } }, { filters: false })) > 0;
  }

  /** The mentor's latest valid-until day, if any training was ever recorded. */
  async latestValidUntil(em: EntityManager, mentorId: string): Promise<string | undefined> {
    const latest = await em.findOne(MentorTraining, { mentor: mentorId }, { filters: false, orderBy: { validUntil: 'desc' } });
    return latest?.validUntil;
  }

  /**
   * The trainings the caller may see that expire within `withinDays` days from today (inclusive)
   * and are the mentor's last: a mentor who has already renewed is not listed. Soonest first.
   */
  async expiring<N>(
    ctx: RequestContext,
    withinDays: number,
    page: PageRequest,
    toNode: (row: MentorTraining) => N,
  ): Promise<Outcome<Page<N>, MentoringErrorCode>> {
    if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 3650)
      return refuse(mentoringViolation(['withinDays'], MentoringErrorCode.INVALID_WINDOW));
    const today = ctx.clock.now().toISOString().slice(0, 10);
    const until = addDays(today, withinDays);
    // "Not renewed": no later training of the same mentor. A subquery (reusable, unlike a raw
    // fragment, by the page and by the count that runs only when totalCount is read).
    const knex = (ctx.em as unknown as SqlEntityManager).getKnex();
    const lastOfMentor = knex('mentor_training as t')
      .select('t.id')
      .whereNotExists(knex('mentor_training as later').select(knex.raw('1')).whereRaw('later.mentor_id = t.mentor_id and later.valid_until > t.valid_until'));
    const where = { validUntil: { $gte: today, $lte: until }, id: { $in: lastOfMentor } } as unknown as FilterQuery<MentorTraining>;
    return succeed(await paginate(ctx.em, MentorTraining, where, page, { validUntil: 'asc' }, toNode));
  }
}
