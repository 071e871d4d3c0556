import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { HazardCategory, HazardCategoryNode, toHazardCategoryNode } from '../hazards';
import { ConnectionArgs, fromGlobalId, tryGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadPerson, PersonNode } from '../organizations';
import { PlacementConnection, PlacementNode, toPlacementNode } from '../placements';
import { BadUserInputError } from '../shared/errors';
import type { RequestContext } from '../shared/request-context';
import { toWorkplaceNode, Workplace, WorkplaceNode } from '../workplaces';
import { clearanceProjection, type ClearanceProjection } from './clearance.selection';
import { ClearanceService } from './clearance.service';
import { ClearanceCategoryNode, ClearanceNode, ClearanceResult, ClearancesInput, toClearanceNode } from './clearance.types';
import { ReadinessPolicy } from './readiness-policy.entity';
import { ReadinessPolicyService } from './readiness-policy.service';
import { ReadinessRecord } from './readiness-record.entity';
import { ReadinessService } from './readiness.service';
import {
  ChangeReadinessPolicyInput,
  ChangeReadinessPolicyPayload,
  ReadinessPolicyConnection,
  ReadinessPolicyNode,
  ReadinessRecordConnection,
  ReadinessRecordNode,
  ReadinessRecordPayload,
  ReadinessUserError,
  RecordManualReadinessInput,
  RevokeReadinessInput,
  toReadinessPolicyNode,
  toReadinessRecordNode,
  toReadinessRecordSummaryNode,
} from './readiness.types';

async function loadHazardCategory(ctx: RequestContext, id: string): Promise<HazardCategoryNode | null> {
  const row = await ctx.loaders.byId(HazardCategory).load(id);
  return row ? toHazardCategoryNode(row) : null;
}

async function loadPolicy(ctx: RequestContext, id: string | null): Promise<ReadinessPolicyNode | null> {
  const row = id ? await ctx.loaders.byId(ReadinessPolicy).load(id) : null;
  return row ? toReadinessPolicyNode(row) : null;
}

/** Farthest horizon of `expiringClearances`, in days: ten years (beyond it the date arithmetic leaves the calendar). */
const MAX_WITHIN_DAYS = 3660;

@Resolver(() => ReadinessPolicyNode)
export class ReadinessPolicyResolver {
  constructor(private readonly readinessPolicyService: ReadinessPolicyService) {}

  @Query(() => ReadinessPolicyConnection, { description: 'Readiness policies: the current version of each hazard category, or every version.' })
  readinessPolicies(
    @Args() page: ConnectionArgs,
    @Arg('hazardCategoryCode', () => String, { nullable: true }) hazardCategoryCode: string | null,
    @Arg('allVersions', () => Boolean, { nullable: true, defaultValue: false }) allVersions: boolean,
    @Ctx() ctx: RequestContext,
  ) {
    return this.readinessPolicyService.list(ctx, { hazardCategoryCode: hazardCategoryCode ?? undefined, allVersions }, page, toReadinessPolicyNode);
  }

  @Mutation(() => ChangeReadinessPolicyPayload, {
    description: "Makes the next version of a hazard category's readiness policy (coordinator or industry council). Records earned earlier keep their version.",
  })
  async changeReadinessPolicy(@Arg('input') input: ChangeReadinessPolicyInput, @Ctx() ctx: RequestContext): Promise<ChangeReadinessPolicyPayload> {
    const outcome = await this.readinessPolicyService.change(ctx, input);
    return payloadOf(outcome, ReadinessUserError, ctx, (value) => ({ policy: toReadinessPolicyNode(value) }));
  }

  @FieldResolver(() => HazardCategoryNode, { description: 'The hazard category the policy is for.' })
  hazardCategory(@Root() policy: ReadinessPolicyNode, @Ctx() ctx: RequestContext) {
    return loadHazardCategory(ctx, policy.hazardCategoryId);
  }
}

@Resolver(() => ReadinessRecordNode)
export class ReadinessRecordResolver {
  constructor(private readonly readinessService: ReadinessService) {}

  @Query(() => ReadinessRecordConnection, { description: "A student's readiness records, newest first (students you may see)." })
  readinessRecords(
    @Args() page: ConnectionArgs,
    @Arg('studentId', () => ID) studentId: string,
    @Arg('hazardCategoryCode', () => String, { nullable: true }) hazardCategoryCode: string | null,
    @Ctx() ctx: RequestContext,
  ) {
    return this.readinessService.list(
      ctx,
      { studentId: fromGlobalId(studentId, 'Person', 'studentId'), hazardCategoryCode: hazardCategoryCode ?? undefined },
      page,
      toReadinessRecordNode,
    );
  }

  @Mutation(() => ReadinessRecordPayload, {
    description: 'Records readiness from training on real equipment (marked MANUAL), vouched for by an instructor with evidence.',
  })
  async recordManualReadiness(@Arg('input') input: RecordManualReadinessInput, @Ctx() ctx: RequestContext): Promise<ReadinessRecordPayload> {
    const outcome = await this.readinessService.recordManual(ctx, {
      ...input,
      studentId: fromGlobalId(input.studentId, 'Person', 'input.studentId'),
      instructorId: fromGlobalId(input.instructorId, 'Person', 'input.instructorId'),
      evidence: { description: input.evidence.description, uri: input.evidence.uri ?? undefined, sha256: input.evidence.sha256 ?? undefined },
    });
    return payloadOf(outcome, ReadinessUserError, ctx, (value) => ({ readiness: toReadinessRecordNode(value) }));
  }

  @Mutation(() => ReadinessRecordPayload, { description: "Revokes a student's valid readiness in a category (a new REVOCATION record with the reason)." })
  async revokeReadiness(@Arg('input') input: RevokeReadinessInput, @Ctx() ctx: RequestContext): Promise<ReadinessRecordPayload> {
    const outcome = await this.readinessService.revoke(ctx, { ...input, studentId: fromGlobalId(input.studentId, 'Person', 'input.studentId') });
    return payloadOf(outcome, ReadinessUserError, ctx, (value) => ({ readiness: toReadinessRecordNode(value) }));
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The student; null if you may not see them.' })
  student(@Root() record: ReadinessRecordNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, record.studentId);
  }

  @FieldResolver(() => HazardCategoryNode, { description: 'The hazard category the record is about.' })
  hazardCategory(@Root() record: ReadinessRecordNode, @Ctx() ctx: RequestContext) {
    return loadHazardCategory(ctx, record.hazardCategoryId);
  }

  @FieldResolver(() => ReadinessPolicyNode, {
    nullable: true,
    description: 'The policy version it was earned under (its basis), even if a newer version exists.',
  })
  policy(@Root() record: ReadinessRecordNode, @Ctx() ctx: RequestContext) {
    return loadPolicy(ctx, record.policyId);
  }
}

@Resolver(() => ClearanceNode)
export class ClearanceResolver {
  constructor(private readonly clearanceService: ClearanceService) {}

  @Query(() => ClearanceResult, {
    description: 'May this student work at this workplace at this moment (default now)? Lists what covers each hazard category and what is missing.',
  })
  async clearance(
    @Arg('studentId', () => ID) studentId: string,
    @Arg('workplaceId', () => ID) workplaceId: string,
    @Arg('at', () => Date, { nullable: true }) at: Date | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ClearanceResult> {
    return this.check(ctx, studentId, workplaceId, at ?? ctx.clock.now(), [], clearanceProjection(info));
  }

  @Query(() => [ClearanceResult], {
    description: 'Up to 50 clearances at one moment, in the order asked, in one request (a constant number of SQL statements).',
  })
  async clearances(@Arg('input') input: ClearancesInput, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<ClearanceResult[]> {
    const at = input.at ?? ctx.clock.now();
    const projection = clearanceProjection(info);
    return Promise.all(input.checks.map((c, i) => this.check(ctx, c.studentId, c.workplaceId, at, ['input', 'checks', String(i)], projection)));
  }

  @Query(() => PlacementConnection, { description: 'ACTIVE placements you may see whose clearance runs out (or has) before they end, within `within` days.' })
  expiringClearances(
    @Arg('within', () => Int, { description: 'Days from now, at most 3660 (ten years).' }) within: number,
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    if (within > MAX_WITHIN_DAYS) throw new BadUserInputError(`must be between 0 and ${MAX_WITHIN_DAYS} days`, 'within');
    return this.clearanceService.expiring(ctx, within, page, toPlacementNode);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The student; null if you may not see them.' })
  student(@Root() clearance: ClearanceNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, clearance.studentId);
  }

  @FieldResolver(() => WorkplaceNode, { nullable: true, description: 'The workplace; null if you may not see it.' })
  async workplace(@Root() clearance: ClearanceNode, @Ctx() ctx: RequestContext) {
    const row = await ctx.loaders.byId(Workplace).load(clearance.workplaceId);
    return row ? toWorkplaceNode(row) : null;
  }

  private async check(
    ctx: RequestContext,
    studentGid: string,
    workplaceGid: string,
    at: Date,
    path: string[],
    projection: ClearanceProjection,
  ): Promise<ClearanceResult> {
    // A malformed or foreign id is simply "not found": the same answer as an invisible one.
    const check = { studentId: tryGlobalId(studentGid, 'Person') ?? '', workplaceId: tryGlobalId(workplaceGid, 'Workplace') ?? '' };
    const outcome = await this.clearanceService.clearance(ctx, check, at, path, projection);
    return payloadOf(outcome, ReadinessUserError, ctx, (value) => ({ clearance: toClearanceNode(value) }));
  }
}

@Resolver(() => ClearanceCategoryNode)
export class ClearanceCategoryResolver {
  constructor(
    private readonly readinessPolicyService: ReadinessPolicyService,
    private readonly clearanceService: ClearanceService,
  ) {}

  @FieldResolver(() => HazardCategoryNode, { description: 'The hazard category.' })
  hazardCategory(@Root() category: ClearanceCategoryNode, @Ctx() ctx: RequestContext) {
    return loadHazardCategory(ctx, category.categoryId);
  }

  @FieldResolver(() => ReadinessRecordNode, {
    nullable: true,
    description: 'The latest record at that moment: the readiness that covers it (or covered it), or a revocation.',
  })
  readiness(@Root() category: ClearanceCategoryNode, @Ctx() ctx: RequestContext): ReadinessRecordNode | null | Promise<ReadinessRecordNode | null> {
    // A clearance's answer carries the record (its row, or the summary coverage read when the
    // selection asks no more of it): answered at once, with no statement and no promise
    // (graphql-js completes a page of 50 clearances' ~150 categories without awaiting each).
    // Otherwise the record loads in its own scope.
    if (category.recordRow) return toReadinessRecordNode(this.clearanceService.recordOf(category.recordRow));
    if (category.recordSummary) return toReadinessRecordSummaryNode(category.recordSummary);
    if (!category.recordId) return null;
    return ctx.loaders
      .byId(ReadinessRecord)
      .load(category.recordId)
      .then((row) => (row ? toReadinessRecordNode(row) : null));
  }

  @FieldResolver(() => ReadinessPolicyNode, {
    nullable: true,
    description: 'What would satisfy this category: its current policy (exercises, mode, minimum score).',
  })
  async satisfiedBy(@Root() category: ClearanceCategoryNode, @Ctx() ctx: RequestContext) {
    const row = await this.readinessPolicyService.currentFor(ctx, category.categoryId);
    return row ? toReadinessPolicyNode(row) : null;
  }
}

@Resolver(() => PlacementNode)
export class PlacementClearanceResolver {
  constructor(private readonly clearanceService: ClearanceService) {}

  @FieldResolver(() => Date, {
    nullable: true,
    description:
      'When the clearance for this workplace runs out, as of now (earliest end of the covering readiness). Null when the workplace has no hazard categories or a category was never covered.',
  })
  clearanceExpiresAt(@Root() placement: PlacementNode, @Ctx() ctx: RequestContext) {
    return this.clearanceService.clearanceExpiresAt(ctx, placement.rowId);
  }

  @FieldResolver(() => ClearanceNode, { description: "The student's clearance for the placement's workplace at a moment (default now)." })
  async clearance(@Root() placement: PlacementNode, @Arg('at', () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: RequestContext) {
    return toClearanceNode(
      await this.clearanceService.load(ctx, { studentId: placement.studentId, workplaceId: placement.workplaceId }, at ?? ctx.clock.now()),
    );
  }
}
