import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { type AuditService, HistoryEntryConnection, toHistoryEntryNode } from '../audit';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadOrganization, OrganizationNode } from '../organizations';
import type { RequestContext } from '../shared/request-context';
import type { OrderLine } from './consolidated-order.entity';
import type { ConsolidatedOrderService } from './consolidated-order.service';
import type { DemandService } from './demand.service';
import type { PipelineService } from './pipeline.service';
import {
  AgreeIndustryOrderInput,
  AgreeIndustryOrderPayload,
  ApproveConsolidatedOrderInput,
  AssignOrderLineExecutorInput,
  ConsolidatedOrderConnection,
  ConsolidatedOrderFilter,
  ConsolidatedOrderInput,
  ConsolidatedOrderNode,
  ConsolidatedOrderPayload,
  ControlFigureConnection,
  ControlFigureFilter,
  ControlFigureNode,
  ControlFigurePayload,
  CreateConsolidatedOrderInput,
  CreateWorkforceDemandInput,
  DecideOrderLineInput,
  DemandUserError,
  IndustryOrderLineConnection,
  IndustryOrderLineFilter,
  IndustryOrderLineNode,
  OrderLineNode,
  OrderLinePayload,
  PipelineInput,
  PipelineYearNode,
  QualificationNode,
  SetControlFigureInput,
  toConsolidatedOrderNode,
  toControlFigureNode,
  toIndustryOrderLineNode,
  toOrderLineNode,
  toQualificationNode,
  toWorkforceDemandNode,
  UpdateWorkforceDemandInput,
  WorkforceDemandConnection,
  WorkforceDemandFilter,
  WorkforceDemandNode,
  WorkforceDemandPayload,
  WorkforceDemandTransitionInput,
} from './demand.types';

const orgId = (id: string | undefined | null, field: string) => (id ? fromGlobalId(id, 'Organization', field) : undefined);

@Resolver(() => WorkforceDemandNode)
export class WorkforceDemandResolver {
  constructor(
    private readonly demand: DemandService,
    private readonly audit: AuditService,
  ) {}

  @Query(() => [QualificationNode], { description: 'The qualification classifier (public), optionally of one OKED section.' })
  async qualifications(@Arg('industry', () => String, { nullable: true }) industry: string | null, @Ctx() ctx: RequestContext): Promise<QualificationNode[]> {
    return (await this.demand.qualifications(ctx, industry ?? undefined)).map(toQualificationNode);
  }

  @Query(() => WorkforceDemandConnection, {
    description:
      "Workforce demand you may see, newest first: an employer its own; an industry council its industry's in its region; the coordinator and authority their region.",
  })
  workforceDemands(
    @Args() page: ConnectionArgs,
    @Arg('filter', () => WorkforceDemandFilter, { nullable: true }) filter: WorkforceDemandFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    return this.demand.list(ctx, { ...filter, employerId: orgId(filter?.employerId, 'filter.employerId') }, page, toWorkforceDemandNode);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The employer; null if you may not see it.' })
  employer(@Root() demand: WorkforceDemandNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, demand.employerId);
  }

  @FieldResolver(() => HistoryEntryConnection, { description: 'Every status change, oldest first.' })
  history(@Root() demand: WorkforceDemandNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.audit.history(ctx, 'WorkforceDemand', demand.rowId, page, toHistoryEntryNode);
  }

  @Mutation(() => WorkforceDemandPayload, {
    description: 'An employer states workforce demand as a DRAFT, or a correction of its submitted version (`supersedesId`).',
  })
  async createWorkforceDemand(@Arg('input') input: CreateWorkforceDemandInput, @Ctx() ctx: RequestContext): Promise<WorkforceDemandPayload> {
    const supersedesId = input.supersedesId ? fromGlobalId(input.supersedesId, 'WorkforceDemand', 'input.supersedesId') : undefined;
    const outcome = await this.demand.create(ctx, { ...input, supersedesId });
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ demand: toWorkforceDemandNode(value) }));
  }

  @Mutation(() => WorkforceDemandPayload, { description: 'Changes a DRAFT demand; a submitted one is immutable (DEMAND_IMMUTABLE).' })
  async updateWorkforceDemand(@Arg('input') input: UpdateWorkforceDemandInput, @Ctx() ctx: RequestContext): Promise<WorkforceDemandPayload> {
    const outcome = await this.demand.update(ctx, fromGlobalId(input.demandId, 'WorkforceDemand', 'input.demandId'), input);
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ demand: toWorkforceDemandNode(value) }));
  }

  @Mutation(() => WorkforceDemandPayload, { description: 'DRAFT → SUBMITTED; the version it corrects becomes SUPERSEDED.' })
  async submitWorkforceDemand(@Arg('input') input: WorkforceDemandTransitionInput, @Ctx() ctx: RequestContext): Promise<WorkforceDemandPayload> {
    const outcome = await this.demand.submit(ctx, fromGlobalId(input.demandId, 'WorkforceDemand', 'input.demandId'));
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ demand: toWorkforceDemandNode(value) }));
  }

  @Mutation(() => WorkforceDemandPayload, { description: 'DRAFT or SUBMITTED → WITHDRAWN.' })
  async withdrawWorkforceDemand(@Arg('input') input: WorkforceDemandTransitionInput, @Ctx() ctx: RequestContext): Promise<WorkforceDemandPayload> {
    const outcome = await this.demand.withdraw(ctx, fromGlobalId(input.demandId, 'WorkforceDemand', 'input.demandId'), input.reason);
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ demand: toWorkforceDemandNode(value) }));
  }
}

@Resolver(() => IndustryOrderLineNode)
export class IndustryOrderResolver {
  constructor(private readonly demand: DemandService) {}

  @Query(() => IndustryOrderLineConnection, {
    description: "Lines of the industry councils' agreed orders: a council its own, the coordinator and authority their region's.",
  })
  industryOrderLines(
    @Args() page: ConnectionArgs,
    @Arg('filter', () => IndustryOrderLineFilter, { nullable: true }) filter: IndustryOrderLineFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    return this.demand.listAgreedLines(ctx, filter ?? {}, page, toIndustryOrderLineNode);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The industry council.' })
  council(@Root() line: IndustryOrderLineNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, line.councilId);
  }

  @Mutation(() => AgreeIndustryOrderPayload, {
    description: "The industry council agrees its industry's order in its region, per qualification and year, with its qualification requirements.",
  })
  async agreeIndustryOrder(@Arg('input') input: AgreeIndustryOrderInput, @Ctx() ctx: RequestContext): Promise<AgreeIndustryOrderPayload> {
    const outcome = await this.demand.agreeIndustryOrder(ctx, input.lines);
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ lines: value.map(toIndustryOrderLineNode) }));
  }
}

@Resolver(() => ConsolidatedOrderNode)
export class ConsolidatedOrderResolver {
  constructor(
    private readonly orders: ConsolidatedOrderService,
    private readonly audit: AuditService,
    private readonly pipelines: PipelineService,
  ) {}

  @Query(() => ConsolidatedOrderConnection, {
    description: 'Consolidated orders: the regional bodies see their region; an HEI a PLACED order with a line placed with it.',
  })
  consolidatedOrders(
    @Args() page: ConnectionArgs,
    @Arg('filter', () => ConsolidatedOrderFilter, { nullable: true }) filter: ConsolidatedOrderFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    return this.orders.list(ctx, filter ?? {}, page, toConsolidatedOrderNode);
  }

  @Query(() => [PipelineYearNode], {
    description: 'The pipeline from demand to admission per year, for a region (and an industry, an HEI, a qualification). One SQL statement.',
  })
  pipeline(@Arg('input', () => PipelineInput, { nullable: true }) input: PipelineInput | null, @Ctx() ctx: RequestContext) {
    return this.pipelines.pipeline(ctx, { ...input, heiId: orgId(input?.heiId, 'input.heiId') });
  }

  @FieldResolver(() => [OrderLineNode], { description: 'Lines you may see (an HEI: only those placed with it), by year and qualification.' })
  async lines(@Root() order: ConsolidatedOrderNode, @Ctx() ctx: RequestContext): Promise<OrderLineNode[]> {
    const rows = await ctx.loaders.custom<string, OrderLine[]>('ConsolidatedOrder.lines', (ids) => this.orders.linesOf(ctx, ids)).load(order.rowId);
    return rows.map(toOrderLineNode);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The coordinator that formed the order.' })
  coordinator(@Root() order: ConsolidatedOrderNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, order.coordinatorId);
  }

  @FieldResolver(() => HistoryEntryConnection, { description: 'Every status change, oldest first.' })
  history(@Root() order: ConsolidatedOrderNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.audit.history(ctx, 'ConsolidatedOrder', order.rowId, page, toHistoryEntryNode);
  }

  @Mutation(() => ConsolidatedOrderPayload, { description: 'The coordinator forms the consolidated order of its region for an admission year (DRAFT).' })
  async createConsolidatedOrder(@Arg('input') input: CreateConsolidatedOrderInput, @Ctx() ctx: RequestContext): Promise<ConsolidatedOrderPayload> {
    const lines = input.lines.map((line, i) => ({ ...line, executorId: orgId(line.executorId, `input.lines.${i}.executorId`) }));
    const outcome = await this.orders.create(ctx, { year: input.year, lines });
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ order: toConsolidatedOrderNode(value) }));
  }

  @Mutation(() => OrderLinePayload, { description: 'The coordinator names the HEI executing a line, before approval.' })
  async assignOrderLineExecutor(@Arg('input') input: AssignOrderLineExecutorInput, @Ctx() ctx: RequestContext): Promise<OrderLinePayload> {
    const outcome = await this.orders.assignExecutor(
      ctx,
      fromGlobalId(input.lineId, 'OrderLine', 'input.lineId'),
      fromGlobalId(input.executorId, 'Organization', 'input.executorId'),
    );
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ line: toOrderLineNode(value) }));
  }

  @Mutation(() => ConsolidatedOrderPayload, {
    description: 'An industry council agrees the lines of its industry; when every line is agreed the order becomes AGREED.',
  })
  async agreeConsolidatedOrder(@Arg('input') input: ConsolidatedOrderInput, @Ctx() ctx: RequestContext): Promise<ConsolidatedOrderPayload> {
    const outcome = await this.orders.agreeLines(ctx, fromGlobalId(input.orderId, 'ConsolidatedOrder', 'input.orderId'));
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ order: toConsolidatedOrderNode(value) }));
  }

  @Mutation(() => ConsolidatedOrderPayload, {
    description: 'The authority approves an AGREED order with its order number and date; every line needs an executor.',
  })
  async approveConsolidatedOrder(@Arg('input') input: ApproveConsolidatedOrderInput, @Ctx() ctx: RequestContext): Promise<ConsolidatedOrderPayload> {
    const outcome = await this.orders.approve(ctx, fromGlobalId(input.orderId, 'ConsolidatedOrder', 'input.orderId'), input);
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ order: toConsolidatedOrderNode(value) }));
  }

  @Mutation(() => ConsolidatedOrderPayload, { description: "The coordinator places an APPROVED order's lines with their HEIs (PLACED)." })
  async placeConsolidatedOrder(@Arg('input') input: ConsolidatedOrderInput, @Ctx() ctx: RequestContext): Promise<ConsolidatedOrderPayload> {
    const outcome = await this.orders.place(ctx, fromGlobalId(input.orderId, 'ConsolidatedOrder', 'input.orderId'));
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ order: toConsolidatedOrderNode(value) }));
  }

  @Mutation(() => OrderLinePayload, { description: 'The HEI a line is placed with accepts it, or declines it with a reason.' })
  async decideOrderLine(@Arg('input') input: DecideOrderLineInput, @Ctx() ctx: RequestContext): Promise<OrderLinePayload> {
    const outcome = await this.orders.decideLine(ctx, fromGlobalId(input.lineId, 'OrderLine', 'input.lineId'), input);
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ line: toOrderLineNode(value) }));
  }
}

@Resolver(() => OrderLineNode)
export class OrderLineResolver {
  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The executing HEI or college; null when not named yet.' })
  executor(@Root() line: OrderLineNode, @Ctx() ctx: RequestContext) {
    return line.executorId ? loadOrganization(ctx, line.executorId) : null;
  }
}

@Resolver(() => ControlFigureNode)
export class ControlFigureResolver {
  constructor(private readonly orders: ConsolidatedOrderService) {}

  @Query(() => ControlFigureConnection, { description: 'Admission control figures: the regional bodies see their region, an HEI its own.' })
  controlFigures(
    @Args() page: ConnectionArgs,
    @Arg('filter', () => ControlFigureFilter, { nullable: true }) filter: ControlFigureFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    return this.orders.listControlFigures(ctx, { ...filter, heiId: orgId(filter?.heiId, 'filter.heiId') }, page, toControlFigureNode);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The HEI.' })
  hei(@Root() figure: ControlFigureNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, figure.heiId);
  }

  @Mutation(() => ControlFigurePayload, {
    description: 'The authority sets admission control figures for an HEI × programme × year of its region (setting again replaces them).',
  })
  async setControlFigure(@Arg('input') input: SetControlFigureInput, @Ctx() ctx: RequestContext): Promise<ControlFigurePayload> {
    const outcome = await this.orders.setControlFigure(ctx, {
      ...input,
      heiId: fromGlobalId(input.heiId, 'Organization', 'input.heiId'),
      programId: fromGlobalId(input.programId, 'Program', 'input.programId'),
    });
    return payloadOf(outcome, DemandUserError, ctx, (value) => ({ controlFigure: toControlFigureNode(value) }));
  }
}
