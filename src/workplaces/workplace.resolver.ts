import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AuditService, HistoryEntryConnection, toHistoryEntryNode } from '../audit';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { HazardCategoryNode, HazardCategoryService, toHazardCategoryNode } from '../hazards';
import { loadOrganization, OrganizationNode } from '../organizations';
import type { Outcome } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import type { Workplace } from './workplace.entity';
import type { WorkplaceErrorCode } from './workplace.messages';
import { WorkplaceService } from './workplace.service';
import {
  CreateWorkplaceInput,
  SetWorkplaceHazardCategoriesInput,
  WorkplaceConnection,
  WorkplaceFilter,
  WorkplaceNode,
  WorkplacePayload,
  WorkplaceUserError,
  toWorkplaceNode,
} from './workplace.types';

function payload(outcome: Outcome<Workplace, WorkplaceErrorCode>, ctx: RequestContext): WorkplacePayload {
  return payloadOf(outcome, WorkplaceUserError, ctx, (value) => ({ workplace: toWorkplaceNode(value) }));
}

@Resolver(() => WorkplaceNode)
export class WorkplaceResolver {
  constructor(
    private readonly workplaceService: WorkplaceService,
    private readonly hazardCategoryService: HazardCategoryService,
    private readonly auditService: AuditService,
  ) {}

  @Query(() => WorkplaceConnection, { description: 'Workplaces you may see, ordered by code.' })
  workplaces(
    @Args() page: ConnectionArgs,
    @Arg('filter', () => WorkplaceFilter, { nullable: true }) filter: WorkplaceFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    const query = {
      employerId: filter?.employerId ? fromGlobalId(filter.employerId, 'Organization', 'filter.employerId') : undefined,
      hazardCategoryCode: filter?.hazardCategoryCode,
    };
    return this.workplaceService.list(ctx, query, page, toWorkplaceNode);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The employer; null if you may not see it.' })
  employer(@Root() workplace: WorkplaceNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, workplace.employerId);
  }

  @FieldResolver(() => [HazardCategoryNode], { description: 'Hazard categories present here, by code; empty when none.' })
  async hazardCategories(@Root() workplace: WorkplaceNode, @Ctx() ctx: RequestContext): Promise<HazardCategoryNode[]> {
    return (await this.hazardCategoryService.forWorkplace(ctx, workplace.rowId)).map(toHazardCategoryNode);
  }

  @FieldResolver(() => HistoryEntryConnection, { description: 'Recorded changes of this workplace, oldest first.' })
  history(@Root() workplace: WorkplaceNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.auditService.history(ctx, 'Workplace', workplace.rowId, page, toHistoryEntryNode);
  }

  @Mutation(() => WorkplacePayload, { description: 'Adds a workplace to your enterprise.' })
  async createWorkplace(@Arg('input') input: CreateWorkplaceInput, @Ctx() ctx: RequestContext): Promise<WorkplacePayload> {
    const outcome = await this.workplaceService.create(ctx, { ...input, employerId: fromGlobalId(input.employerId, 'Organization', 'input.employerId') });
    return payload(outcome, ctx);
  }

  @Mutation(() => WorkplacePayload, { description: 'Replaces the hazard categories present at a workplace of your enterprise.' })
  async setWorkplaceHazardCategories(@Arg('input') input: SetWorkplaceHazardCategoriesInput, @Ctx() ctx: RequestContext): Promise<WorkplacePayload> {
    const id = fromGlobalId(input.workplaceId, 'Workplace', 'input.workplaceId');
    return payload(await this.workplaceService.setHazardCategories(ctx, id, input.hazardCategoryCodes, input.reason), ctx);
  }
}
