import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadPerson, PersonNode } from '../organizations';
import { Placement, PlacementNode, type PlacementService, toPlacementNode } from '../placements';
import { Competency, CompetencyNode, Program, ProgramNode, toCompetencyNode, toProgramNode } from '../programs';
import type { RequestContext } from '../shared/request-context';
import { LogbookEntry, LogbookEntryStatus } from './logbook.entity';
import type { LogbookService } from './logbook.service';
import type { ProgressReviewService } from './progress-review.service';
import {
  EditLogbookEntryInput,
  type LogbookEntryContentInput,
  LogbookEntryConnection,
  LogbookEntryNode,
  LogbookEntryPayload,
  LogbookUserError,
  PracticePlanNode,
  PracticePlanPayload,
  PracticeProgressConnection,
  PracticeProgressFilter,
  PracticeProgressNode,
  RecordLogbookEntryInput,
  ReviewLogbookEntryInput,
  SetPracticePlanInput,
  SetWorkAssignmentInput,
  toLogbookEntryNode,
  toPracticePlanNode,
  toPracticeProgressNode,
  toWorkAssignmentNode,
  WorkAssignmentConnection,
  WorkAssignmentNode,
  WorkAssignmentPayload,
  ProgressReviewConnection,
  ProgressReviewNode,
  ProgressReviewPayload,
  RecordProgressReviewInput,
  ScheduleProgressReviewInput,
  SignProgressReviewInput,
  toProgressReviewNode,
  ReportOnWorkAssignmentInput,
  toWorkAssignmentReportNode,
  WorkAssignmentReportNode,
  WorkAssignmentReportPayload,
} from './logbook.types';
import type { WorkAssignmentReport } from './assignment-report.entity';

const ids = (values: string[], type: string, field: string) => values.map((v, i) => fromGlobalId(v, type, `${field}.${i}`));

function content(input: LogbookEntryContentInput) {
  return {
    date: input.date,
    hours: input.hours,
    activity: input.activity,
    learned: input.learned,
    competencyIds: ids(input.competencyIds ?? [], 'Competency', 'input.competencyIds'),
    assignmentIds: ids(input.assignmentIds ?? [], 'WorkAssignment', 'input.assignmentIds'),
  };
}

/** Competencies by id through the request's loader (one statement per page). */
async function competencies(ctx: RequestContext, competencyIds: string[]): Promise<CompetencyNode[]> {
  const rows = await ctx.loaders.byId(Competency).loadMany(competencyIds);
  return rows.filter((r): r is Competency => !!r && !(r instanceof Error)).map(toCompetencyNode);
}

/** The progress of one placement, batched per request: one SQL statement for every placement on the page. */
function loadProgress(ctx: RequestContext, logbook: LogbookService, placementId: string) {
  return ctx.loaders
    .custom<string, PracticeProgressNode>('practiceProgress', async (keys) => (await logbook.progress(ctx, keys)).map(toPracticeProgressNode))
    .load(placementId);
}

@Resolver()
export class LogbookResolver {
  constructor(
    private readonly logbook: LogbookService,
    private readonly placements: PlacementService,
  ) {}

  @Query(() => PracticeProgressConnection, {
    description:
      'The curator’s progress view: for each placement you may see (latest period first), planned vs signed hours, competencies covered and the RAG status. Three SQL statements whatever the page size.',
  })
  async practiceProgress(
    @Args() page: ConnectionArgs,
    @Arg('filter', () => PracticeProgressFilter, { nullable: true }) filter: PracticeProgressFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    const placements = await this.placements.list(
      ctx,
      {
        statuses: filter?.statuses,
        heiId: filter?.heiId ? fromGlobalId(filter.heiId, 'Organization', 'filter.heiId') : undefined,
        employerId: filter?.employerId ? fromGlobalId(filter.employerId, 'Organization', 'filter.employerId') : undefined,
        mentorId: filter?.mentorId ? fromGlobalId(filter.mentorId, 'Person', 'filter.mentorId') : undefined,
      },
      page,
      (row) => row.id,
    );
    const progress = new Map((await this.logbook.progress(ctx, placements.nodes)).map((p) => [p.placementId, toPracticeProgressNode(p)]));
    const edges = placements.edges.map((e) => ({ cursor: e.cursor, node: progress.get(e.node)! }));
    // Not `...placements`: spreading would read the lazy `totalCount` getter and run a count of every visible placement on each request.
    return {
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: placements.pageInfo,
      get totalCount() {
        return placements.totalCount;
      },
    };
  }

  @Mutation(() => PracticePlanPayload, { description: 'Sets a placement’s practice plan (programme and practice credits), by its HEI.' })
  async setPracticePlan(@Arg('input') input: SetPracticePlanInput, @Ctx() ctx: RequestContext): Promise<PracticePlanPayload> {
    const outcome = await this.logbook.setPlan(ctx, {
      placementId: fromGlobalId(input.placementId, 'Placement', 'input.placementId'),
      programId: fromGlobalId(input.programId, 'Program', 'input.programId'),
      practiceCredits: input.practiceCredits,
    });
    return payloadOf(outcome, LogbookUserError, ctx, (plan) => ({ practicePlan: toPracticePlanNode(plan) }));
  }

  @Mutation(() => WorkAssignmentPayload, { description: 'Sets a work assignment for a placement, by its mentor.' })
  async setWorkAssignment(@Arg('input') input: SetWorkAssignmentInput, @Ctx() ctx: RequestContext): Promise<WorkAssignmentPayload> {
    const outcome = await this.logbook.setAssignment(ctx, {
      placementId: fromGlobalId(input.placementId, 'Placement', 'input.placementId'),
      mentorId: fromGlobalId(input.mentorId, 'Person', 'input.mentorId'),
      title: input.title,
      competencyIds: ids(input.competencyIds, 'Competency', 'input.competencyIds'),
      plannedHours: input.plannedHours,
      dueDate: input.dueDate,
    });
    return payloadOf(outcome, LogbookUserError, ctx, (row) => ({ workAssignment: toWorkAssignmentNode(row) }));
  }

  @Mutation(() => LogbookEntryPayload, { description: 'Records a logbook entry for the student (SUBMITTED), or a correction of a signed one.' })
  async recordLogbookEntry(@Arg('input') input: RecordLogbookEntryInput, @Ctx() ctx: RequestContext): Promise<LogbookEntryPayload> {
    const outcome = await this.logbook.record(ctx, {
      ...content(input),
      placementId: fromGlobalId(input.placementId, 'Placement', 'input.placementId'),
      studentId: fromGlobalId(input.studentId, 'Person', 'input.studentId'),
      correctsId: input.correctsId ? fromGlobalId(input.correctsId, 'LogbookEntry', 'input.correctsId') : null,
    });
    return payloadOf(outcome, LogbookUserError, ctx, (row) => ({ logbookEntry: toLogbookEntryNode(row) }));
  }

  @Mutation(() => LogbookEntryPayload, {
    description: 'Edits a SUBMITTED or RETURNED entry. Refused for a signed entry, or when the entry changed since expectedVersion.',
  })
  async editLogbookEntry(@Arg('input') input: EditLogbookEntryInput, @Ctx() ctx: RequestContext): Promise<LogbookEntryPayload> {
    const outcome = await this.logbook.edit(ctx, {
      ...content(input),
      entryId: fromGlobalId(input.entryId, 'LogbookEntry', 'input.entryId'),
      studentId: fromGlobalId(input.studentId, 'Person', 'input.studentId'),
      expectedVersion: input.expectedVersion,
    });
    return payloadOf(outcome, LogbookUserError, ctx, (row) => ({ logbookEntry: toLogbookEntryNode(row) }));
  }

  @Mutation(() => LogbookEntryPayload, { description: 'The mentor signs off a SUBMITTED entry; it is immutable from then on.' })
  async signOffLogbookEntry(@Arg('input') input: ReviewLogbookEntryInput, @Ctx() ctx: RequestContext): Promise<LogbookEntryPayload> {
    const outcome = await this.logbook.signOff(ctx, {
      entryId: fromGlobalId(input.entryId, 'LogbookEntry', 'input.entryId'),
      mentorId: fromGlobalId(input.mentorId, 'Person', 'input.mentorId'),
      comment: input.comment,
    });
    return payloadOf(outcome, LogbookUserError, ctx, (row) => ({ logbookEntry: toLogbookEntryNode(row) }));
  }

  @Mutation(() => LogbookEntryPayload, { description: 'The mentor returns a SUBMITTED entry with a comment (required).' })
  async returnLogbookEntry(@Arg('input') input: ReviewLogbookEntryInput, @Ctx() ctx: RequestContext): Promise<LogbookEntryPayload> {
    const outcome = await this.logbook.returnEntry(ctx, {
      entryId: fromGlobalId(input.entryId, 'LogbookEntry', 'input.entryId'),
      mentorId: fromGlobalId(input.mentorId, 'Person', 'input.mentorId'),
      comment: input.comment,
    });
    return payloadOf(outcome, LogbookUserError, ctx, (row) => ({ logbookEntry: toLogbookEntryNode(row) }));
  }
}

@Resolver(() => LogbookEntryNode)
export class LogbookEntryResolver {
  @FieldResolver(() => PersonNode, { nullable: true, description: 'The student; null if you may not see them.' })
  student(@Root() e: LogbookEntryNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, e.studentId);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The mentor who signed it off.' })
  signedBy(@Root() e: LogbookEntryNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, e.signedById);
  }

  @FieldResolver(() => LogbookEntryNode, { nullable: true, description: 'The signed entry this one corrects.' })
  async corrects(@Root() e: LogbookEntryNode, @Ctx() ctx: RequestContext): Promise<LogbookEntryNode | null> {
    if (!e.correctsId) return null;
    const row = await ctx.loaders.byId(LogbookEntry).load(e.correctsId);
    return row ? toLogbookEntryNode(row) : null;
  }

  @FieldResolver(() => [CompetencyNode], { description: 'Competencies of the programme the work served.' })
  competencies(@Root() e: LogbookEntryNode, @Ctx() ctx: RequestContext) {
    return competencies(ctx, e.competencyIds);
  }

  @FieldResolver(() => PlacementNode, { nullable: true, description: 'The placement.' })
  async placement(@Root() e: LogbookEntryNode, @Ctx() ctx: RequestContext): Promise<PlacementNode | null> {
    const row = await ctx.loaders.byId(Placement).load(e.placementId);
    return row ? toPlacementNode(row) : null;
  }
}

@Resolver(() => WorkAssignmentNode)
export class WorkAssignmentResolver {
  constructor(private readonly logbook: LogbookService) {}

  @Mutation(() => WorkAssignmentReportPayload, { description: 'The student reports on a work assignment: what was done, hours spent, whether it is complete.' })
  async reportOnWorkAssignment(@Arg('input') input: ReportOnWorkAssignmentInput, @Ctx() ctx: RequestContext): Promise<WorkAssignmentReportPayload> {
    const outcome = await this.logbook.reportOnAssignment(ctx, {
      ...input,
      assignmentId: fromGlobalId(input.assignmentId, 'WorkAssignment', 'input.assignmentId'),
      studentId: fromGlobalId(input.studentId, 'Person', 'input.studentId'),
    });
    return payloadOf(outcome, LogbookUserError, ctx, (row) => ({ report: toWorkAssignmentReportNode(row) }));
  }

  @FieldResolver(() => [WorkAssignmentReportNode], { description: 'The student’s reports on it, oldest first (batched: one statement per page).' })
  async reports(@Root() a: WorkAssignmentNode, @Ctx() ctx: RequestContext): Promise<WorkAssignmentReportNode[]> {
    const rows = await ctx.loaders.custom<string, WorkAssignmentReport[]>('workAssignmentReports', (keys) => this.logbook.reportsOf(ctx, keys)).load(a.rowId);
    return rows.map(toWorkAssignmentReportNode);
  }

  @FieldResolver(() => [CompetencyNode], { description: 'Competencies of the programme the task trains.' })
  competencies(@Root() a: WorkAssignmentNode, @Ctx() ctx: RequestContext) {
    return competencies(ctx, a.competencyIds);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The mentor who set it.' })
  setBy(@Root() a: WorkAssignmentNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, a.setById);
  }
}

@Resolver(() => PracticeProgressNode)
export class PracticeProgressResolver {
  @FieldResolver(() => PlacementNode, { nullable: true, description: 'The placement.' })
  async placement(@Root() p: PracticeProgressNode, @Ctx() ctx: RequestContext): Promise<PlacementNode | null> {
    const row = await ctx.loaders.byId(Placement).load(p.placementId);
    return row ? toPlacementNode(row) : null;
  }
}

@Resolver(() => PracticePlanNode)
export class PracticePlanResolver {
  @FieldResolver(() => ProgramNode, { nullable: true, description: 'The student’s programme.' })
  async program(@Root() p: PracticePlanNode, @Ctx() ctx: RequestContext): Promise<ProgramNode | null> {
    const row = await ctx.loaders.byId(Program).load(p.programId);
    return row ? toProgramNode(row) : null;
  }
}

@Resolver(() => PlacementNode)
export class PlacementLogbookResolver {
  constructor(private readonly logbook: LogbookService) {}

  @FieldResolver(() => LogbookEntryConnection, { description: 'The practice diary, newest day first.' })
  logbookEntries(
    @Root() p: PlacementNode,
    @Args() page: ConnectionArgs,
    @Arg('statuses', () => [LogbookEntryStatus], { nullable: true, description: 'Only entries in one of these statuses.' })
    statuses: LogbookEntryStatus[] | null,
    @Ctx() ctx: RequestContext,
  ) {
    return this.logbook.entries(ctx, p.rowId, statuses ?? undefined, page, toLogbookEntryNode);
  }

  @FieldResolver(() => WorkAssignmentConnection, { description: 'Work assignments set by the mentor, by due date.' })
  workAssignments(@Root() p: PlacementNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.logbook.assignments(ctx, p.rowId, page, toWorkAssignmentNode);
  }

  @FieldResolver(() => PracticePlanNode, { nullable: true, description: 'Programme and practice credits; null until the HEI sets them.' })
  async practicePlan(@Root() p: PlacementNode, @Ctx() ctx: RequestContext): Promise<PracticePlanNode | null> {
    const plan = await this.logbook.plan(ctx, p.rowId);
    return plan ? toPracticePlanNode(plan) : null;
  }

  @FieldResolver(() => PracticeProgressNode, { description: 'Planned vs signed hours, competencies covered, RAG status (batched: one statement per page).' })
  practiceProgress(@Root() p: PlacementNode, @Ctx() ctx: RequestContext) {
    return loadProgress(ctx, this.logbook, p.rowId);
  }
}

@Resolver(() => ProgressReviewNode)
export class ProgressReviewResolver {
  constructor(private readonly reviews: ProgressReviewService) {}

  @Mutation(() => ProgressReviewPayload, { description: 'Schedules a tripartite progress review of a placement.' })
  async scheduleProgressReview(@Arg('input') input: ScheduleProgressReviewInput, @Ctx() ctx: RequestContext): Promise<ProgressReviewPayload> {
    const outcome = await this.reviews.schedule(ctx, {
      placementId: fromGlobalId(input.placementId, 'Placement', 'input.placementId'),
      scheduledOn: input.scheduledOn,
    });
    return payloadOf(outcome, LogbookUserError, ctx, (row) => ({ progressReview: toProgressReviewNode(row) }));
  }

  @Mutation(() => ProgressReviewPayload, { description: 'Records a review as held, with weak points and actions.' })
  async recordProgressReview(@Arg('input') input: RecordProgressReviewInput, @Ctx() ctx: RequestContext): Promise<ProgressReviewPayload> {
    const outcome = await this.reviews.record(ctx, { ...input, reviewId: fromGlobalId(input.reviewId, 'ProgressReview', 'input.reviewId') });
    return payloadOf(outcome, LogbookUserError, ctx, (row) => ({ progressReview: toProgressReviewNode(row) }));
  }

  @Mutation(() => ProgressReviewPayload, { description: 'One party signs a held review; the third signature makes it SIGNED.' })
  async signProgressReview(@Arg('input') input: SignProgressReviewInput, @Ctx() ctx: RequestContext): Promise<ProgressReviewPayload> {
    const outcome = await this.reviews.sign(ctx, {
      reviewId: fromGlobalId(input.reviewId, 'ProgressReview', 'input.reviewId'),
      party: input.party,
      personId: fromGlobalId(input.personId, 'Person', 'input.personId'),
      comment: input.comment,
    });
    return payloadOf(outcome, LogbookUserError, ctx, (row) => ({ progressReview: toProgressReviewNode(row) }));
  }

  @FieldResolver(() => PlacementNode, { nullable: true, description: 'The placement.' })
  async placement(@Root() r: ProgressReviewNode, @Ctx() ctx: RequestContext): Promise<PlacementNode | null> {
    const row = await ctx.loaders.byId(Placement).load(r.placementId);
    return row ? toPlacementNode(row) : null;
  }
}

@Resolver(() => PlacementNode)
export class PlacementReviewsResolver {
  constructor(private readonly reviews: ProgressReviewService) {}

  @FieldResolver(() => ProgressReviewConnection, { description: 'Tripartite progress reviews, by scheduled day.' })
  progressReviews(@Root() p: PlacementNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.reviews.list(ctx, p.rowId, page, toProgressReviewNode);
  }
}
