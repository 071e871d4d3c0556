import type { GraphQLResolveInfo } from 'graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, Float, Info, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { busOf } from '../graphql/pubsub';
import { resumeAfter } from '../graphql/resume';
import { Agreement, AgreementNode, toAgreementNode } from '../agreements';
import { AuditService, HistoryEntryConnection, toHistoryEntryNode } from '../audit';
import { compiledConnection } from '../db/read/connection';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadOrganization, loadPerson, OrganizationNode, PersonNode } from '../organizations';
import type { Outcome } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { toWorkplaceNode, Workplace, WorkplaceNode } from '../workplaces';
import { Placement } from './placement.entity';
import { PLACEMENT_CHANGED, type PlacementChangedMessage } from './placement.events';
import { placementChangesAfter } from './placement.relay';
import { placementSource } from './placement.read';
import { type PlacementErrorCode, PlacementService, type PlacementTransition } from './placement.service';
import {
  AssignPlacementCuratorInput,
  AssignPlacementMentorInput,
  CreatePlacementInput,
  PlacementChangedFilter,
  PlacementChangeNode,
  PlacementConnection,
  PlacementFilter,
  PlacementNode,
  PlacementPayload,
  PlacementTransitionInput,
  PlacementUserError,
  toPlacementNode,
} from './placement.types';

function payload(outcome: Outcome<Placement, PlacementErrorCode>, ctx: RequestContext): PlacementPayload {
  return payloadOf(outcome, PlacementUserError, ctx, (value) => ({ placement: toPlacementNode(value) }));
}

function optionalId(value: string | undefined | null, type: string, field: string): string | undefined {
  return value ? fromGlobalId(value, type, field) : undefined;
}

function transition(placements: PlacementService, kind: PlacementTransition, input: PlacementTransitionInput, ctx: RequestContext): Promise<PlacementPayload> {
  const id = fromGlobalId(input.placementId, 'Placement', 'input.placementId');
  return placements.transition(ctx, id, kind, input.reason).then((outcome) => payload(outcome, ctx));
}

@Resolver(() => PlacementNode)
export class PlacementResolver {
  constructor(
    private readonly placementService: PlacementService,
    private readonly auditService: AuditService,
  ) {}

  @Query(() => PlacementConnection, {
    description: 'Placements you may see (an HEI: its own; an employer: those with it; regional bodies: their region), latest period first.',
  })
  async placements(
    @Args() page: ConnectionArgs,
    @Arg('filter', () => PlacementFilter, { nullable: true }) filter: PlacementFilter | null,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const query = {
      statuses: filter?.statuses,
      studentId: optionalId(filter?.studentId, 'Person', 'filter.studentId'),
      heiId: optionalId(filter?.heiId, 'Organization', 'filter.heiId'),
      employerId: optionalId(filter?.employerId, 'Organization', 'filter.employerId'),
      workplaceId: optionalId(filter?.workplaceId, 'Workplace', 'filter.workplaceId'),
      agreementId: optionalId(filter?.agreementId, 'Agreement', 'filter.agreementId'),
      mentorId: optionalId(filter?.mentorId, 'Person', 'filter.mentorId'),
    };
    // One SQL statement building the page's JSON when the selection compiles; the ORM otherwise.
    return (await compiledConnection(ctx, info, placementSource(query), page)) ?? this.placementService.list(ctx, query, page, toPlacementNode);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The student; null if you may not see them.' })
  student(@Root() p: PlacementNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, p.studentId);
  }

  @FieldResolver(() => PersonNode, {
    nullable: true,
    description: 'The one mentor at the host employer; null until assigned, or if you may not see them (a regional body sees the people of its region only).',
  })
  mentor(@Root() p: PlacementNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, p.mentorId);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The HEI curator; null until assigned, or if you may not see them.' })
  curator(@Root() p: PlacementNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, p.curatorId);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The HEI of the student; null if you may not see it.' })
  hei(@Root() p: PlacementNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, p.heiId);
  }

  @FieldResolver(() => OrganizationNode, {
    nullable: true,
    description:
      "The host employer; null if you may not see it (a regional body sees the employers of its region only, yet every placement of its region's HEIs).",
  })
  employer(@Root() p: PlacementNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, p.employerId);
  }

  @FieldResolver(() => WorkplaceNode, { nullable: true, description: 'The workplace at the host employer; null if you may not see it.' })
  async workplace(@Root() p: PlacementNode, @Ctx() ctx: RequestContext): Promise<WorkplaceNode | null> {
    const row = await ctx.loaders.byId(Workplace).load(p.workplaceId);
    return row ? toWorkplaceNode(row) : null;
  }

  @FieldResolver(() => AgreementNode, { nullable: true, description: 'The agreement the placement runs under; null if you may not see it.' })
  async agreement(@Root() p: PlacementNode, @Ctx() ctx: RequestContext): Promise<AgreementNode | null> {
    const row = await ctx.loaders.byId(Agreement).load(p.agreementId);
    return row ? toAgreementNode(row) : null;
  }

  @FieldResolver(() => HistoryEntryConnection, { description: 'Recorded changes of this placement (status changes, assignments), oldest first.' })
  history(@Root() p: PlacementNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.auditService.history(ctx, 'Placement', p.rowId, page, toHistoryEntryNode);
  }

  @Mutation(() => PlacementPayload, { description: 'Plans a placement (PLANNED), by its HEI or its employer.' })
  async createPlacement(@Arg('input') input: CreatePlacementInput, @Ctx() ctx: RequestContext): Promise<PlacementPayload> {
    const outcome = await this.placementService.create(ctx, {
      ...input,
      studentId: fromGlobalId(input.studentId, 'Person', 'input.studentId'),
      heiId: fromGlobalId(input.heiId, 'Organization', 'input.heiId'),
      employerId: fromGlobalId(input.employerId, 'Organization', 'input.employerId'),
      workplaceId: fromGlobalId(input.workplaceId, 'Workplace', 'input.workplaceId'),
      agreementId: fromGlobalId(input.agreementId, 'Agreement', 'input.agreementId'),
      mentorId: optionalId(input.mentorId, 'Person', 'input.mentorId'),
      curatorId: optionalId(input.curatorId, 'Person', 'input.curatorId'),
    });
    return payload(outcome, ctx);
  }

  @Mutation(() => PlacementPayload, { description: 'PLANNED → CONFIRMED.' })
  confirmPlacement(@Arg('input') input: PlacementTransitionInput, @Ctx() ctx: RequestContext) {
    return transition(this.placementService, 'confirm', input, ctx);
  }

  @Mutation(() => PlacementPayload, {
    description:
      'CONFIRMED → ACTIVE, today. Needs exactly one mentor at the host, an agreement signed by every party that covers today, no other active placement of the student, and every activation gate (e.g. clearance) to pass.',
  })
  activatePlacement(@Arg('input') input: PlacementTransitionInput, @Ctx() ctx: RequestContext) {
    return transition(this.placementService, 'activate', input, ctx);
  }

  @Mutation(() => PlacementPayload, { description: 'ACTIVE → SUSPENDED, with a reason.' })
  suspendPlacement(@Arg('input') input: PlacementTransitionInput, @Ctx() ctx: RequestContext) {
    return transition(this.placementService, 'suspend', input, ctx);
  }

  @Mutation(() => PlacementPayload, { description: 'SUSPENDED → ACTIVE; the same rules as activation apply.' })
  resumePlacement(@Arg('input') input: PlacementTransitionInput, @Ctx() ctx: RequestContext) {
    return transition(this.placementService, 'resume', input, ctx);
  }

  @Mutation(() => PlacementPayload, { description: 'ACTIVE → COMPLETED.' })
  completePlacement(@Arg('input') input: PlacementTransitionInput, @Ctx() ctx: RequestContext) {
    return transition(this.placementService, 'complete', input, ctx);
  }

  @Mutation(() => PlacementPayload, { description: 'Any status but COMPLETED/CANCELLED → CANCELLED, with a reason.' })
  cancelPlacement(@Arg('input') input: PlacementTransitionInput, @Ctx() ctx: RequestContext) {
    return transition(this.placementService, 'cancel', input, ctx);
  }

  @Mutation(() => PlacementPayload, { description: 'Assigns or replaces the one mentor of a placement.' })
  async assignPlacementMentor(@Arg('input') input: AssignPlacementMentorInput, @Ctx() ctx: RequestContext): Promise<PlacementPayload> {
    const id = fromGlobalId(input.placementId, 'Placement', 'input.placementId');
    return payload(await this.placementService.assignMentor(ctx, id, fromGlobalId(input.mentorId, 'Person', 'input.mentorId'), input.reason), ctx);
  }

  @Mutation(() => PlacementPayload, { description: 'Assigns or replaces the HEI curator of a placement.' })
  async assignPlacementCurator(@Arg('input') input: AssignPlacementCuratorInput, @Ctx() ctx: RequestContext): Promise<PlacementPayload> {
    const id = fromGlobalId(input.placementId, 'Placement', 'input.placementId');
    return payload(await this.placementService.assignCurator(ctx, id, fromGlobalId(input.curatorId, 'Person', 'input.curatorId'), input.reason), ctx);
  }

  @Subscription(() => PlacementChangeNode, {
    description:
      'Pushes every committed change of a placement you may see (scoped exactly like the placements query), made through any API process. With `afterSeq` it first replays the changes after that seq that you may see, in order, then continues live without gaps or duplicates.',
    subscribe: ({
      args,
      context,
      info,
    }: {
      args: { filter?: PlacementChangedFilter | null; afterSeq?: number | null };
      context: RequestContext;
      info: GraphQLResolveInfo;
    }) =>
      resumeAfter<PlacementChangedMessage>({
        live: busOf(info).subscribe<PlacementChangedMessage>(PLACEMENT_CHANGED),
        afterSeq: args.afterSeq,
        replay: (after, limit) => placementChangesAfter(context.em.fork() as EntityManager, after, limit),
        accept: async (message) => (await visiblePlacement(context, message, args.filter ?? null)) !== null,
      }),
  })
  async placementChanged(
    @Root() message: PlacementChangedMessage,
    @Arg('filter', () => PlacementChangedFilter, { nullable: true }) filter: PlacementChangedFilter | null,
    @Arg('afterSeq', () => Float, {
      nullable: true,
      description: 'Resume after this `seq` of a change you received: the changes you missed are replayed first, then live ones.',
    })
    _afterSeq: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PlacementChangeNode> {
    const row = await visiblePlacement(ctx, message, filter);
    // The filter let the message through; a row gone since then is reported as it was announced.
    if (!row) throw new Error('placement no longer visible');
    return Object.assign(new PlacementChangeNode(), {
      seq: message.seq ?? null,
      action: message.action,
      fromStatus: message.fromStatus,
      toStatus: message.toStatus,
      at: message.at,
      placement: toPlacementNode(row),
    });
  }
}

/**
 * The placement of a message, read fresh through the subscriber's scope (a subscription lives
 * long, so its identity map and loaders must not answer from an old read); null when the
 * subscriber may not see it or the filter excludes it.
 */
async function visiblePlacement(ctx: RequestContext, message: PlacementChangedMessage, filter: PlacementChangedFilter | null): Promise<Placement | null> {
  if (filter?.statuses?.length && !filter.statuses.includes(message.toStatus)) return null;
  if (filter?.placementId && fromGlobalId(filter.placementId, 'Placement', 'filter.placementId') !== message.placementId) return null;
  const row = await ctx.em.fork().findOne(Placement, { id: message.placementId });
  if (!row) return null;
  if (filter?.studentId && fromGlobalId(filter.studentId, 'Person', 'filter.studentId') !== row.student.id) return null;
  if (filter?.heiId && fromGlobalId(filter.heiId, 'Organization', 'filter.heiId') !== row.hei.id) return null;
  if (filter?.employerId && fromGlobalId(filter.employerId, 'Organization', 'filter.employerId') !== row.employer.id) return null;
  return row;
}

/** Placements reached from other objects: a person's, a workplace's, an agreement's. Scoped like `placements`. */
@Resolver(() => PersonNode)
export class PersonPlacementsResolver {
  constructor(private readonly placementService: PlacementService) {}

  @FieldResolver(() => PlacementConnection, { description: 'Placements of this student that you may see.' })
  placements(@Root() person: PersonNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.placementService.list(ctx, { studentId: person.rowId }, page, toPlacementNode);
  }
}

@Resolver(() => WorkplaceNode)
export class WorkplacePlacementsResolver {
  constructor(private readonly placementService: PlacementService) {}

  @FieldResolver(() => PlacementConnection, { description: 'Placements at this workplace that you may see.' })
  placements(@Root() workplace: WorkplaceNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.placementService.list(ctx, { workplaceId: workplace.rowId }, page, toPlacementNode);
  }
}

@Resolver(() => AgreementNode)
export class AgreementPlacementsResolver {
  constructor(private readonly placementService: PlacementService) {}

  @FieldResolver(() => PlacementConnection, { description: 'Placements under this agreement that you may see.' })
  placements(@Root() agreement: AgreementNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.placementService.list(ctx, { agreementId: agreement.rowId }, page, toPlacementNode);
  }
}
