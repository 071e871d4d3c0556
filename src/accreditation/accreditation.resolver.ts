import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadOrganization, OrganizationNode } from '../organizations';
import type { RequestContext } from '../shared/request-context';
import type { AccreditationCondition } from './accreditation.entity';
import type { AccreditationService } from './accreditation.service';
import {
  AccreditationConditionNode,
  AccreditationConditionPayload,
  AccreditationDecisionConnection,
  AccreditationDecisionNode,
  AccreditationDecisionPayload,
  AccreditationRequestConnection,
  AccreditationRequestPayload,
  AccreditationsDueNode,
  AccreditationUserError,
  FulfilAccreditationConditionInput,
  RecordAccreditationDecisionInput,
  RequestAccreditationInput,
  toAccreditationConditionNode,
  toAccreditationDecisionNode,
  toAccreditationRequestNode,
} from './accreditation.types';

@Resolver(() => AccreditationDecisionNode)
export class AccreditationResolver {
  constructor(private readonly accreditation: AccreditationService) {}

  @Query(() => AccreditationRequestConnection, { description: 'Accreditation requests: the HEI its own, the agency those made to it, the region its own.' })
  accreditationRequests(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.accreditation.listRequests(ctx, page, toAccreditationRequestNode);
  }

  @Query(() => AccreditationDecisionConnection, { description: 'Accreditation decisions, latest first (same visibility as requests).' })
  accreditationDecisions(@Args() page: ConnectionArgs, @Arg('programId', () => ID, { nullable: true }) programId: string | null, @Ctx() ctx: RequestContext) {
    return this.accreditation.listDecisions(
      ctx,
      { programId: programId ? fromGlobalId(programId, 'Program', 'programId') : undefined },
      page,
      toAccreditationDecisionNode,
    );
  }

  @Query(() => AccreditationsDueNode, { description: 'Accreditations expiring within N days and open conditions past their due date.' })
  async accreditationsDue(
    @Arg('withinDays', () => Int, { description: 'Days ahead (0–3650).' }) withinDays: number,
    @Arg('asOf', () => String, { nullable: true, description: 'Day to judge at (YYYY-MM-DD); default today.' }) asOf: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<AccreditationsDueNode> {
    const due = await this.accreditation.expiring(ctx, { withinDays, asOf });
    return { expiring: due.expiring.map(toAccreditationDecisionNode), overdueConditions: due.overdueConditions.map(toAccreditationConditionNode) };
  }

  @FieldResolver(() => [AccreditationConditionNode], { description: 'Conditions, by due date.' })
  async conditions(@Root() decision: AccreditationDecisionNode, @Ctx() ctx: RequestContext): Promise<AccreditationConditionNode[]> {
    const rows = await ctx.loaders
      .custom<string, AccreditationCondition[]>('AccreditationDecision.conditions', (ids) => this.accreditation.conditionsOf(ctx, ids))
      .load(decision.rowId);
    return rows.map(toAccreditationConditionNode);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The agency.' })
  agency(@Root() decision: AccreditationDecisionNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, decision.agencyId);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The HEI.' })
  hei(@Root() decision: AccreditationDecisionNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, decision.heiId);
  }

  @Mutation(() => AccreditationRequestPayload, {
    description:
      "The HEI asks an accreditation agency to accredit one of its programmes; this grants the agency read access to the programme's outcomes and indicators.",
  })
  async requestAccreditation(@Arg('input') input: RequestAccreditationInput, @Ctx() ctx: RequestContext): Promise<AccreditationRequestPayload> {
    const outcome = await this.accreditation.request(ctx, {
      kind: input.kind,
      programId: fromGlobalId(input.programId, 'Program', 'input.programId'),
      agencyId: fromGlobalId(input.agencyId, 'Organization', 'input.agencyId'),
    });
    return payloadOf(outcome, AccreditationUserError, ctx, (value) => ({ request: toAccreditationRequestNode(value) }));
  }

  @Mutation(() => AccreditationRequestPayload, { description: "The HEI withdraws its request: the agency's read access ends." })
  async withdrawAccreditationRequest(@Arg('requestId', () => ID) requestId: string, @Ctx() ctx: RequestContext): Promise<AccreditationRequestPayload> {
    const outcome = await this.accreditation.withdraw(ctx, fromGlobalId(requestId, 'AccreditationRequest', 'requestId'));
    return payloadOf(outcome, AccreditationUserError, ctx, (value) => ({ request: toAccreditationRequestNode(value) }));
  }

  @Mutation(() => AccreditationDecisionPayload, { description: 'The agency records its decision on a programme it was asked to accredit, with conditions.' })
  async recordAccreditationDecision(@Arg('input') input: RecordAccreditationDecisionInput, @Ctx() ctx: RequestContext): Promise<AccreditationDecisionPayload> {
    const outcome = await this.accreditation.recordDecision(ctx, {
      ...input,
      requestId: fromGlobalId(input.requestId, 'AccreditationRequest', 'input.requestId'),
    });
    return payloadOf(outcome, AccreditationUserError, ctx, (value) => ({ decision: toAccreditationDecisionNode(value) }));
  }

  @Mutation(() => AccreditationConditionPayload, { description: 'The agency records a condition fulfilled, with the evidence.' })
  async fulfilAccreditationCondition(
    @Arg('input') input: FulfilAccreditationConditionInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AccreditationConditionPayload> {
    const outcome = await this.accreditation.fulfil(ctx, {
      ...input,
      conditionId: fromGlobalId(input.conditionId, 'AccreditationCondition', 'input.conditionId'),
    });
    return payloadOf(outcome, AccreditationUserError, ctx, (value) => ({ condition: toAccreditationConditionNode(value) }));
  }
}
