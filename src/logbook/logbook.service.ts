import { type EntityManager, LockMode, OptimisticLockError } from '@mikro-orm/core';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Placement, PlacementStatus } from '../placements';
import { Competency, Program } from '../programs';
import { NotFoundError } from '../shared/errors';
import type { Localized } from '../shared/localized';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { actingPerson } from './acting-person';
import { WorkAssignmentReport } from './assignment-report.entity';
import { LogbookEntry, LogbookEntryStatus, LogbookNorm, PracticePlan, WorkAssignment } from './logbook.entity';
import { LogbookErrorCode, logbookViolation, type LogbookViolation, same } from './logbook.messages';
import { dayRefusal, dayTotal, hoursValid, type RagStatus } from './logbook.rules';

/** The norms used when no `default` row exists (the fixtures seed one). */
export const DEFAULT_NORMS = { maxHoursPerDay: 8, hoursPerCredit: 30, behindBelow: 0.7, atRiskBelow: 0.9 } as const;

/** Input of {@link LogbookService.setPlan}. */
export interface SetPracticePlanCommand {
  placementId: string;
  programId: string;
  practiceCredits: number;
}

/** Input of {@link LogbookService.setAssignment}. */
export interface SetWorkAssignmentCommand {
  placementId: string;
  mentorId: string;
  title: Localized;
  competencyIds: string[];
  plannedHours: number;
  dueDate: string;
}

/** What an entry says (recording and editing). */
export interface EntryContent {
  date: string;
  hours: number;
  activity: string;
  learned?: string | null;
  competencyIds: string[];
  assignmentIds: string[];
}

/** Input of {@link LogbookService.record}. */
export interface RecordEntryCommand extends EntryContent {
  placementId: string;
  studentId: string;
  /** A signed entry of the same placement this one corrects. */
  correctsId?: string | null;
}

/** Input of {@link LogbookService.edit}. */
export interface EditEntryCommand extends EntryContent {
  entryId: string;
  studentId: string;
  /** The version the student edited; a different stored version (e.g. signed meanwhile) refuses the edit. */
  expectedVersion: number;
}

/** Input of {@link LogbookService.signOff} and {@link LogbookService.returnEntry}. */
export interface ReviewEntryCommand {
  entryId: string;
  mentorId: string;
  comment?: string | null;
}

/** The curator's figures for one placement, computed in SQL. */
export interface PracticeProgress {
  placementId: string;
  /** practice credits × hours per credit; null without a practice plan. */
  plannedHours: number | null;
  /** Planned hours × the elapsed share of the period (0–1). */
  expectedHoursToDate: number | null;
  signedHours: number;
  /** Hours recorded but not (yet) signed, corrections superseding nothing yet included. */
  unsignedHours: number;
  competenciesCovered: number;
  competenciesTotal: number;
  ragStatus: RagStatus | null;
}

type Refusals = LogbookViolation[];

function field(name: string): string[] {
  return ['input', name];
}

function partiesOf(p: Placement): { visibleTo: string[]; regions: string[] } {
  return { visibleTo: [p.hei.id, p.employer.id], regions: [p.hei.region, p.employer.region] };
}

/** The statuses in which a placement's logbook is kept. */
const KEPT_IN: readonly PlacementStatus[] = [PlacementStatus.ACTIVE, PlacementStatus.SUSPENDED, PlacementStatus.COMPLETED];

/**
 * The practice logbook: practice plans, work assignments, entries with their hour rules, the
 * mentor's sign-off, corrections, and the curator's progress figures.
 */
export class LogbookService {
  constructor(private readonly audit: AuditService) {}

  /** The norms in force (the `default` row, else {@link DEFAULT_NORMS}). */
  async norms(em: EntityManager): Promise<{ maxHoursPerDay: number; hoursPerCredit: number; behindBelow: number; atRiskBelow: number }> {
    const row = await em.findOne(LogbookNorm, { code: 'default' });
    return row ?? DEFAULT_NORMS;
  }

  /** Sets (or replaces) a placement's practice plan: its programme and practice credits. By the placement's HEI. */
  async setPlan(ctx: RequestContext, input: SetPracticePlanCommand): Promise<Outcome<PracticePlan, LogbookErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    await this.visiblePlacement(ctx, input.placementId);
    return runMutation(ctx, async (tx) => {
      const placement = await this.lockPlacement(tx.em, input.placementId);
      const caller = callerOf(tx);
      if (caller && caller.organizationId !== placement.hei.id) return refuse(logbookViolation(field('placementId'), LogbookErrorCode.NOT_THE_HEI));
      const refusals: Refusals = [];
      const program = await tx.em.findOne(Program, { id: input.programId }, { filters: false });
      if (!program || program.hei.id !== placement.hei.id) refusals.push(logbookViolation(field('programId'), LogbookErrorCode.PROGRAM_NOT_OF_HEI));
      if (!Number.isInteger(input.practiceCredits) || input.practiceCredits < 1 || input.practiceCredits > 60) {
        refusals.push(logbookViolation(field('practiceCredits'), LogbookErrorCode.INVALID_CREDITS));
      }
      if (refusals.length > 0) return refuse(...refusals);
      let plan = await tx.em.findOne(PracticePlan, { placement: placement.id }, { filters: false });
      const before = plan ? { programId: plan.program.id, practiceCredits: plan.practiceCredits } : null;
      if (plan) Object.assign(plan, { program: program!, practiceCredits: input.practiceCredits });
      else
        plan = tx.em.create(PracticePlan, {
          placement,
          hei: placement.hei,
          employer: placement.employer,
          program: program!,
          practiceCredits: input.practiceCredits,
        });
      this.audit.record(tx, tx.em, {
        objectType: 'PracticePlan',
        objectId: plan.id,
        action: before ? AuditAction.STATUS_CHANGED : AuditAction.CREATED,
        before,
        after: { programId: program!.id, practiceCredits: input.practiceCredits },
        ...partiesOf(placement),
      });
      return succeed(plan);
    });
  }

  /** Sets a work assignment for a placement, by its mentor (with the employer's key). */
  async setAssignment(ctx: RequestContext, input: SetWorkAssignmentCommand): Promise<Outcome<WorkAssignment, LogbookErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    await this.visiblePlacement(ctx, input.placementId);
    return runMutation(ctx, async (tx) => {
      const placement = await this.lockPlacement(tx.em, input.placementId);
      const acting = actingPerson(tx, placement, 'MENTOR', input.mentorId, field('mentorId'));
      if ('refusal' in acting) return refuse(acting.refusal);
      const refusals: Refusals = [];
      if (!(input.plannedHours > 0 && input.plannedHours <= 2000 && hoursValid(input.plannedHours)))
        refusals.push(logbookViolation(field('plannedHours'), LogbookErrorCode.INVALID_HOURS));
      if (input.dueDate < placement.startDate || input.dueDate > placement.endDate) {
        refusals.push(logbookViolation(field('dueDate'), LogbookErrorCode.OUTSIDE_PLACEMENT_PERIOD, same(`(${placement.startDate} – ${placement.endDate})`)));
      }
      if (!input.title.en.trim() || !input.title.ru.trim() || !input.title.kk.trim())
        refusals.push(logbookViolation(field('title'), LogbookErrorCode.TEXT_REQUIRED));
      refusals.push(...(await this.competencyRefusals(tx.em, placement.id, input.competencyIds)));
      if (refusals.length > 0) return refuse(...refusals);
      const assignment = tx.em.create(WorkAssignment, {
        placement,
        hei: placement.hei,
        employer: placement.employer,
        setBy: acting.personId,
        title: input.title,
        competencyIds: [...new Set(input.competencyIds)],
        plannedHours: input.plannedHours,
        dueDate: input.dueDate,
      });
      this.audit.record(tx, tx.em, {
        objectType: 'WorkAssignment',
        objectId: assignment.id,
        action: AuditAction.CREATED,
        actorPersonId: acting.personId,
        after: { title: input.title.en, plannedHours: input.plannedHours, dueDate: input.dueDate },
        ...partiesOf(placement),
      });
      return succeed(assignment);
    });
  }

  /**
   * Records an entry for the student (status SUBMITTED). The placement row is locked, so two
   * entries of one placement are checked one after the other against the day limit and the days
   * off. A correction names a SIGNED entry; once signed, it replaces that entry in the totals.
   */
  async record(ctx: RequestContext, input: RecordEntryCommand): Promise<Outcome<LogbookEntry, LogbookErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    await this.visiblePlacement(ctx, input.placementId);
    return runMutation(ctx, async (tx) => {
      const placement = await this.lockPlacement(tx.em, input.placementId);
      const acting = actingPerson(tx, placement, 'STUDENT', input.studentId, field('studentId'));
      if ('refusal' in acting) return refuse(acting.refusal);
      let corrects: LogbookEntry | null = null;
      if (input.correctsId) {
        corrects = await tx.em.findOne(LogbookEntry, { id: input.correctsId, placement: placement.id }, { filters: false });
        if (!corrects || corrects.status !== LogbookEntryStatus.SIGNED)
          return refuse(logbookViolation(field('correctsId'), LogbookErrorCode.CORRECTS_NOT_SIGNED));
      }
      const refusals = await this.contentRefusals(tx, placement, input, { excludeIds: corrects ? [corrects.id] : [] });
      if (refusals.length > 0) return refuse(...refusals);
      const entry = tx.em.create(LogbookEntry, {
        placement,
        hei: placement.hei,
        employer: placement.employer,
        student: acting.personId,
        ...this.content(input),
        corrects: corrects ?? undefined,
      });
      this.audit.record(tx, tx.em, {
        objectType: 'LogbookEntry',
        objectId: entry.id,
        action: AuditAction.CREATED,
        actorPersonId: acting.personId,
        after: { status: entry.status, date: input.date, hours: input.hours, correctsId: corrects?.id ?? null },
        ...partiesOf(placement),
      });
      return succeed(entry);
    });
  }

  /**
   * Edits a SUBMITTED or RETURNED entry (it becomes SUBMITTED again). A SIGNED entry is refused
   * (ENTRY_SIGNED); an entry whose version is no longer `expectedVersion` — it was signed or
   * returned meanwhile — is refused with CONCURRENT_CHANGE: of a concurrent sign-off and edit,
   * the edit loses. Nothing is written when refused.
   */
  async edit(ctx: RequestContext, input: EditEntryCommand): Promise<Outcome<LogbookEntry, LogbookErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const visible = await this.visibleEntry(ctx, input.entryId);
    try {
      return await runMutation(ctx, async (tx) => {
        const placement = await this.lockPlacement(tx.em, visible.placement.id);
        const entry = await tx.em.findOneOrFail(LogbookEntry, { id: input.entryId }, { filters: false, refresh: true });
        const acting = actingPerson(tx, placement, 'STUDENT', input.studentId, field('studentId'));
        if ('refusal' in acting) return refuse(acting.refusal);
        if (entry.status === LogbookEntryStatus.SIGNED) return refuse(logbookViolation(field('entryId'), LogbookErrorCode.ENTRY_SIGNED));
        if (entry.version !== input.expectedVersion) return refuse(this.concurrentChange());
        const refusals = await this.contentRefusals(tx, placement, input, { excludeIds: [entry.id, ...(entry.corrects ? [entry.corrects.id] : [])] });
        if (refusals.length > 0) return refuse(...refusals);
        const before = { status: entry.status };
        Object.assign(entry, this.content(input), { status: LogbookEntryStatus.SUBMITTED });
        if (before.status !== LogbookEntryStatus.SUBMITTED) {
          this.audit.record(tx, tx.em, {
            objectType: 'LogbookEntry',
            objectId: entry.id,
            action: AuditAction.STATUS_CHANGED,
            actorPersonId: acting.personId,
            before,
            after: { status: LogbookEntryStatus.SUBMITTED },
            ...partiesOf(placement),
          });
        }
        // The flush's UPDATE … WHERE version = expectedVersion settles a race with a sign-off that committed after our read.
        await tx.em.flush();
        return succeed(entry);
      });
    } catch (error) {
      if (error instanceof OptimisticLockError) return refuse(this.concurrentChange());
      throw error;
    }
  }

  /** The mentor signs a SUBMITTED entry off: it becomes SIGNED and never changes again. */
  signOff(ctx: RequestContext, input: ReviewEntryCommand): Promise<Outcome<LogbookEntry, LogbookErrorCode>> {
    return this.review(ctx, input, LogbookEntryStatus.SIGNED);
  }

  /** The mentor returns a SUBMITTED entry with a comment (required); the student edits it. */
  returnEntry(ctx: RequestContext, input: ReviewEntryCommand): Promise<Outcome<LogbookEntry, LogbookErrorCode>> {
    return this.review(ctx, input, LogbookEntryStatus.RETURNED);
  }

  private async review(ctx: RequestContext, input: ReviewEntryCommand, to: LogbookEntryStatus): Promise<Outcome<LogbookEntry, LogbookErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const visible = await this.visibleEntry(ctx, input.entryId);
    if (to === LogbookEntryStatus.RETURNED && !input.comment?.trim()) return refuse(logbookViolation(field('comment'), LogbookErrorCode.COMMENT_REQUIRED));
    return runMutation(ctx, async (tx) => {
      const placement = await tx.em.findOneOrFail(Placement, { id: visible.placement.id }, { filters: false, populate: ['hei', 'employer'] });
      const acting = actingPerson(tx, placement, 'MENTOR', input.mentorId, field('mentorId'));
      if ('refusal' in acting) return refuse(acting.refusal);
      // The row lock orders this against a concurrent edit: the edit's versioned UPDATE then finds a newer version and loses.
      const entry = await tx.em.findOneOrFail(LogbookEntry, { id: input.entryId }, { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (entry.status === LogbookEntryStatus.SIGNED) return refuse(logbookViolation(field('entryId'), LogbookErrorCode.ENTRY_SIGNED));
      if (entry.status !== LogbookEntryStatus.SUBMITTED) return refuse(logbookViolation(field('entryId'), LogbookErrorCode.ENTRY_NOT_SUBMITTED));
      const before = { status: entry.status };
      entry.status = to;
      entry.mentorComment = input.comment?.trim() || undefined;
      if (to === LogbookEntryStatus.SIGNED) {
        entry.signedBy = tx.em.getReference('Person', acting.personId) as LogbookEntry['signedBy'];
        entry.signedAt = tx.clock.now();
      }
      this.audit.record(tx, tx.em, {
        objectType: 'LogbookEntry',
        objectId: entry.id,
        action: to === LogbookEntryStatus.SIGNED ? AuditAction.SIGNED : AuditAction.STATUS_CHANGED,
        actorPersonId: acting.personId,
        before,
        after: { status: to },
        reason: entry.mentorComment,
        ...partiesOf(placement),
      });
      return succeed(entry);
    });
  }

  /**
   * The student reports on a work assignment of their placement (with the HEI's or the employer's
   * key naming the student, or signed in as the student): what was done, the hours spent and
   * whether it is complete. Refused with a coded error naming the field; nothing written.
   */
  async reportOnAssignment(
    ctx: RequestContext,
    input: { assignmentId: string; studentId: string; report: string; hoursSpent: number; completed: boolean },
  ): Promise<Outcome<WorkAssignmentReport, LogbookErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const assignment = await ctx.em.findOne(WorkAssignment, { id: input.assignmentId });
    if (!assignment) throw new NotFoundError('WorkAssignment');
    return runMutation(ctx, async (tx) => {
      const placement = await this.lockPlacement(tx.em, assignment.placement.id);
      const caller = callerOf(tx);
      const acting = actingPerson(tx, placement, 'STUDENT', caller?.personId ?? input.studentId, field('studentId'));
      if ('refusal' in acting) return refuse(acting.refusal);
      const refusals: Refusals = [];
      if (!KEPT_IN.includes(placement.status))
        refusals.push(logbookViolation(field('assignmentId'), LogbookErrorCode.PLACEMENT_NOT_STARTED, same(`(${placement.status})`)));
      if (!input.report.trim()) refusals.push(logbookViolation(field('report'), LogbookErrorCode.TEXT_REQUIRED));
      if (!(input.hoursSpent >= 0 && input.hoursSpent <= 2000 && hoursValid(input.hoursSpent)))
        refusals.push(logbookViolation(field('hoursSpent'), LogbookErrorCode.INVALID_HOURS));
      if (refusals.length > 0) return refuse(...refusals);
      const row = tx.em.create(WorkAssignmentReport, {
        assignment: assignment.id,
        placement,
        hei: placement.hei,
        employer: placement.employer,
        student: acting.personId,
        report: input.report.trim(),
        hoursSpent: input.hoursSpent,
        completed: input.completed,
      });
      this.audit.record(tx, tx.em, {
        objectType: 'WorkAssignment',
        objectId: assignment.id,
        action: AuditAction.STATUS_CHANGED,
        actorPersonId: acting.personId,
        after: { reportId: row.id, hoursSpent: input.hoursSpent, completed: input.completed },
        ...partiesOf(placement),
      });
      return succeed(row);
    });
  }

  /** The reports on a page of (visible) assignments, oldest first, in one statement. */
  async reportsOf(ctx: RequestContext, assignmentIds: readonly string[]): Promise<WorkAssignmentReport[][]> {
    const rows = await ctx.em.find(WorkAssignmentReport, { assignment: { $in: [...assignmentIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return assignmentIds.map((id) => rows.filter((r) => r.assignment.id === id));
  }

  /** A page of a (visible) placement's entries, newest day first. */
  entries<N>(
    ctx: RequestContext,
    placementId: string,
    statuses: LogbookEntryStatus[] | undefined,
    page: PageRequest,
    toNode: (row: LogbookEntry) => N,
  ): Promise<Page<N>> {
    return paginate(
      ctx.em,
      LogbookEntry,
      { placement: placementId, ...(statuses?.length ? { status: { $in: statuses } } : {}) },
      page,
      { date: 'desc', createdAt: 'desc' },
      toNode,
    );
  }

  /** A page of a (visible) placement's work assignments, by due date. */
  assignments<N>(ctx: RequestContext, placementId: string, page: PageRequest, toNode: (row: WorkAssignment) => N): Promise<Page<N>> {
    return paginate(ctx.em, WorkAssignment, { placement: placementId }, page, { dueDate: 'asc' }, toNode);
  }

  /**
   * The progress figures of placements the caller has already seen (ids from a scoped read), in
   * ONE SQL statement whatever their number: signed vs planned hours, competencies covered by
   * signed entries, and the RAG status with the thresholds from `logbook_norm`. A signed entry
   * superseded by a signed correction no longer counts.
   */
  async progress(ctx: RequestContext, placementIds: readonly string[]): Promise<PracticeProgress[]> {
    if (placementIds.length === 0) return [];
    const today = ctx.clock.now().toISOString().slice(0, 10);
    const ids = `{${placementIds.join(',')}}`;
    const rows = await ctx.em.execute<Record<string, unknown>[]>(PROGRESS_SQL, [ids, ids, today]);
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    return placementIds.map((id) => {
      const r = byId.get(id);
      const num = (v: unknown) => (v == null ? null : Number(v));
      return {
        placementId: id,
        plannedHours: num(r?.planned_hours),
        expectedHoursToDate: num(r?.expected_hours),
        signedHours: num(r?.signed_hours) ?? 0,
        unsignedHours: num(r?.unsigned_hours) ?? 0,
        competenciesCovered: num(r?.covered) ?? 0,
        competenciesTotal: num(r?.total) ?? 0,
        ragStatus: (r?.rag as RagStatus | null) ?? null,
      };
    });
  }

  /** The placement's practice plan, if any (visible placements only). */
  plan(ctx: RequestContext, placementId: string): Promise<PracticePlan | null> {
    return ctx.em.findOne(PracticePlan, { placement: placementId });
  }

  private content(input: EntryContent) {
    return {
      date: input.date,
      hours: input.hours,
      activity: input.activity.trim(),
      learned: input.learned?.trim() || undefined,
      competencyIds: [...new Set(input.competencyIds)],
      assignmentIds: [...new Set(input.assignmentIds)],
    };
  }

  /** Every rule about what an entry says, against the placement (locked) and its other entries. */
  private async contentRefusals(tx: RequestContext, placement: Placement, input: EntryContent, options: { excludeIds: string[] }): Promise<Refusals> {
    const refusals: Refusals = [];
    if (!KEPT_IN.includes(placement.status))
      return [logbookViolation(field('placementId'), LogbookErrorCode.PLACEMENT_NOT_STARTED, same(`(${placement.status})`))];
    const norms = await this.norms(tx.em);
    const others = (
      await tx.em.find(
        LogbookEntry,
        { placement: placement.id, id: { $nin: options.excludeIds.length ? options.excludeIds : ['00000000-0000-0000-0000-000000000000'] } },
        { filters: false },
      )
    ).filter((e) => !e.corrects || !options.excludeIds.includes(e.corrects.id));
    const superseded = new Set(others.filter((e) => e.corrects && e.status === LogbookEntryStatus.SIGNED).map((e) => e.corrects!.id));
    const effective = others.filter((e) => !superseded.has(e.id));
    const today = tx.clock.now().toISOString().slice(0, 10);
    const day = dayRefusal(
      input.date,
      { ...placement, daysPerWeek: placement.daysPerWeek ?? null },
      today,
      effective.map((e) => e.date),
    );
    if (day?.kind === 'OUTSIDE_PLACEMENT_PERIOD')
      refusals.push(logbookViolation(field('date'), LogbookErrorCode.OUTSIDE_PLACEMENT_PERIOD, same(`(${placement.startDate} – ${placement.endDate})`)));
    if (day?.kind === 'DATE_IN_FUTURE') refusals.push(logbookViolation(field('date'), LogbookErrorCode.DATE_IN_FUTURE, same(`(${input.date} > ${today})`)));
    if (day?.kind === 'DAY_OFF') {
      refusals.push(
        logbookViolation(field('date'), LogbookErrorCode.DAY_OFF, {
          kk: `(${day.weekStart} аптасы, аптасына ${day.daysPerWeek} күн)`,
          ru: `(неделя с ${day.weekStart}, ${day.daysPerWeek} дн. в неделю)`,
          en: `(week of ${day.weekStart}, ${day.daysPerWeek} days a week)`,
        }),
      );
    }
    if (!hoursValid(input.hours)) {
      refusals.push(logbookViolation(field('hours'), LogbookErrorCode.INVALID_HOURS));
    } else {
      const sameDay = effective.filter((e) => e.date === input.date).reduce((sum, e) => sum + Number(e.hours), 0);
      const total = dayTotal(sameDay, input.hours, Number(norms.maxHoursPerDay));
      if (!total.ok) {
        refusals.push(
          logbookViolation(field('hours'), LogbookErrorCode.DAY_LIMIT_EXCEEDED, {
            kk: `(${input.date}: ${total.total} сағ > ${norms.maxHoursPerDay} сағ)`,
            ru: `(${input.date}: ${total.total} ч > ${norms.maxHoursPerDay} ч)`,
            en: `(${input.date}: ${total.total} h > ${norms.maxHoursPerDay} h)`,
          }),
        );
      }
    }
    if (!input.activity.trim()) refusals.push(logbookViolation(field('activity'), LogbookErrorCode.TEXT_REQUIRED));
    refusals.push(...(await this.competencyRefusals(tx.em, placement.id, input.competencyIds)));
    if (input.assignmentIds.length > 0) {
      const found = await tx.em.count(WorkAssignment, { id: { $in: [...new Set(input.assignmentIds)] }, placement: placement.id }, { filters: false });
      if (found !== new Set(input.assignmentIds).size) refusals.push(logbookViolation(field('assignmentIds'), LogbookErrorCode.ASSIGNMENT_NOT_OF_PLACEMENT));
    }
    return refusals;
  }

  private async competencyRefusals(em: EntityManager, placementId: string, competencyIds: string[]): Promise<Refusals> {
    if (competencyIds.length === 0) return [];
    const plan = await em.findOne(PracticePlan, { placement: placementId }, { filters: false });
    const ids = [...new Set(competencyIds)];
    const found = plan ? await em.count(Competency, { id: { $in: ids }, program: plan.program.id }, { filters: false }) : 0;
    return found === ids.length ? [] : [logbookViolation(field('competencyIds'), LogbookErrorCode.COMPETENCY_NOT_IN_PROGRAM)];
  }

  /** NOT_FOUND unless the caller can see the placement. */
  private async visiblePlacement(ctx: RequestContext, placementId: string): Promise<Placement> {
    const placement = await ctx.em.findOne(Placement, { id: placementId });
    if (!placement) throw new NotFoundError('Placement');
    return placement;
  }

  /** NOT_FOUND unless the caller can see the entry. */
  private async visibleEntry(ctx: RequestContext, entryId: string): Promise<LogbookEntry> {
    const entry = await ctx.em.findOne(LogbookEntry, { id: entryId });
    if (!entry) throw new NotFoundError('LogbookEntry');
    return entry;
  }

  /** Loads and locks the placement row (FOR UPDATE): entries of one placement are checked one at a time. */
  private async lockPlacement(em: EntityManager, placementId: string): Promise<Placement> {
    const placement = await em.findOneOrFail(Placement, { id: placementId }, { lockMode: LockMode.PESSIMISTIC_WRITE, filters: false, refresh: true });
    await em.populate(placement, ['hei', 'employer'], { filters: false });
    return placement;
  }

  private concurrentChange(): LogbookViolation {
    return logbookViolation(field('expectedVersion'), LogbookErrorCode.CONCURRENT_CHANGE);
  }
}

/**
 * The progress of a set of placements in one statement. Parameters: placement ids (twice, as a
 * uuid[] literal) and today. Entries superseded by a signed correction are left out; planned
 * hours come from the practice plan × hours per credit; the RAG status compares signed hours
 * with the hours expected by today (planned × elapsed share of the period).
 */
export const PROGRESS_SQL = `
with p as (
  select pl.id, pl.start_date, pl.end_date, pp.practice_credits, pp.program_id
  from placement pl left join practice_plan pp on pp.placement_id = pl.id
  where pl.id = any(?::uuid[])
), n as (
  select coalesce(max(hours_per_credit), ${DEFAULT_NORMS.hoursPerCredit}) as hours_per_credit,
         coalesce(max(behind_below), ${DEFAULT_NORMS.behindBelow}) as behind_below,
         coalesce(max(at_risk_below), ${DEFAULT_NORMS.atRiskBelow}) as at_risk_below
  from logbook_norm where code = 'default'
), e as (
  select e.placement_id, e.status, e.hours, e.competency_ids from logbook_entry e
  where e.placement_id = any(?::uuid[])
    and not exists (select 1 from logbook_entry c where c.corrects_id = e.id and c.status = 'SIGNED')
), h as (
  select placement_id,
         coalesce(sum(hours) filter (where status = 'SIGNED'), 0) as signed_hours,
         coalesce(sum(hours) filter (where status <> 'SIGNED'), 0) as unsigned_hours
  from e group by placement_id
), cov as (
  select e.placement_id, count(distinct c.id) as covered
  from e join p on p.id = e.placement_id
  cross join lateral jsonb_array_elements_text(e.competency_ids) as x(cid)
  join competency c on c.id::text = x.cid and c.program_id = p.program_id
  where e.status = 'SIGNED' group by e.placement_id
), tot as (
  select p.id as placement_id, count(c.id) as total from p join competency c on c.program_id = p.program_id group by p.id
), calc as (
  select p.id, p.practice_credits * n.hours_per_credit as planned_hours,
         greatest(0, least(1, (?::date - p.start_date + 1)::numeric / (p.end_date - p.start_date + 1))) as elapsed,
         n.behind_below, n.at_risk_below
  from p cross join n
)
select calc.id, calc.planned_hours, round(calc.planned_hours * calc.elapsed, 2) as expected_hours,
       coalesce(h.signed_hours, 0) as signed_hours, coalesce(h.unsigned_hours, 0) as unsigned_hours,
       coalesce(cov.covered, 0) as covered, coalesce(tot.total, 0) as total,
       case when calc.planned_hours is null then null
            when calc.planned_hours * calc.elapsed <= 0 then 'ON_TRACK'
            when coalesce(h.signed_hours, 0) / (calc.planned_hours * calc.elapsed) < calc.behind_below then 'BEHIND'
            when coalesce(h.signed_hours, 0) / (calc.planned_hours * calc.elapsed) < calc.at_risk_below then 'AT_RISK'
            else 'ON_TRACK' end as rag
from calc
left join h on h.placement_id = calc.id
left join cov on cov.placement_id = calc.id
left join tot on tot.placement_id = calc.id`;
