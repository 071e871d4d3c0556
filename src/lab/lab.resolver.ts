import type { GraphQLResolveInfo } from 'graphql';
import { filter, pipe } from '@graphql-yoga/subscription';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { busOf } from '../graphql/pubsub';
import { ConnectionArgs, fromGlobalId, toGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadOrganization, OrganizationNode, Person, PersonNode, toPersonNode } from '../organizations';
import { NotFoundError } from '../shared/errors';
import type { RequestContext } from '../shared/request-context';
import type { Outcome } from '../shared/rule-violation';
import type { StationHealthReport } from './runtime';
import { Exercise } from './exercise.entity';
import { SESSION_EVENTS, STATION_HEALTH, type SessionEventsMessage } from './lab.events';
import { parseAgentReport } from './agent/lab-agent.rules';
import { findTrainingSession, LabService, type LabErrorCode } from './lab.service';
import {
  AbortSessionInput,
  ClaimLabAgentWorkInput,
  ExerciseConnection,
  ExerciseFilter,
  ExerciseNode,
  LabAgentAssignment,
  LabAgentReportInput,
  LabAgentReportPayload,
  LabAgentWork,
  LabUserError,
  RegisterStationInput,
  RegisterStationPayload,
  SessionEventConnection,
  SessionEventsUpdate,
  SessionReasonNode,
  StartSessionInput,
  StationConnection,
  StationFilter,
  StationHealthNode,
  StationHealthUpdate,
  StationNode,
  TrainingSessionConnection,
  TrainingSessionFilter,
  TrainingSessionNode,
  TrainingSessionPayload,
  labEventToNode,
  toExerciseNode,
  toSessionEventNode,
  toSessionReasonNode,
  toStationHealthNode,
  toStationNode,
  toTrainingSessionNode,
  DeleteStationSecretInput,
  SetStationSecretInput,
  StationSecretNode,
  StationSecretPayload,
  toStationSecretNode,
} from './lab.types';
import { Station } from './station.entity';
import { SessionStatus, TrainingSession } from './training-session.entity';

const optionalId = (value: string | undefined | null, type: string, field: string) => (value ? fromGlobalId(value, type, field) : undefined);

function sessionPayload(outcome: Outcome<TrainingSession, LabErrorCode>, ctx: RequestContext): TrainingSessionPayload {
  return payloadOf(outcome, LabUserError, ctx, (value) => ({ session: toTrainingSessionNode(value) }));
}

@Resolver(() => StationNode)
export class StationResolver {
  constructor(private readonly labService: LabService) {}

  @Query(() => StationConnection, { description: "Lab stations you may see (your lab's; a regional body: its region's), by code." })
  stations(@Args() page: ConnectionArgs, @Arg('filter', () => StationFilter, { nullable: true }) f: StationFilter | null, @Ctx() ctx: RequestContext) {
    return this.labService.listStations(
      ctx,
      { organizationId: optionalId(f?.organizationId, 'Organization', 'filter.organizationId'), kind: f?.kind },
      page,
      toStationNode,
    );
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The lab the station belongs to.' })
  organization(@Root() station: StationNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, station.organizationId);
  }

  @FieldResolver(() => StationHealthNode, { description: 'Live link health, from the runtime that runs its sessions.' })
  health(@Root() station: StationNode): StationHealthNode {
    return toStationHealthNode(this.labService.stationHealth(station.rowId));
  }

  @Query(() => [StationSecretNode], { description: 'The secrets your organisation registered for its stations, by name. Values are never returned.' })
  async stationSecrets(@Ctx() ctx: RequestContext): Promise<StationSecretNode[]> {
    return (await this.labService.listSecrets(ctx)).map(toStationSecretNode);
  }

  @Mutation(() => StationSecretPayload, {
    description:
      'Sets or rotates a secret of your organisation for its stations (WRITER or ADMIN key). The value is stored sealed and never returned; sessions started afterwards use it.',
  })
  async setStationSecret(@Arg('input') input: SetStationSecretInput, @Ctx() ctx: RequestContext): Promise<StationSecretPayload> {
    const outcome = await this.labService.setSecret(ctx, input);
    return payloadOf(outcome, LabUserError, ctx, (value) => ({ secret: toStationSecretNode(value) }));
  }

  @Mutation(() => StationSecretPayload, { description: 'Deletes a secret of your organisation (WRITER or ADMIN key).' })
  async deleteStationSecret(@Arg('input') input: DeleteStationSecretInput, @Ctx() ctx: RequestContext): Promise<StationSecretPayload> {
    const outcome = await this.labService.deleteSecret(ctx, input.name);
    return payloadOf(outcome, LabUserError, ctx, (value) => ({ secret: toStationSecretNode(value) }));
  }

  @Mutation(() => RegisterStationPayload, { description: 'Registers a trainer of your lab (WRITER or ADMIN key of an HEI or a training centre).' })
  async registerStation(@Arg('input') input: RegisterStationInput, @Ctx() ctx: RequestContext): Promise<RegisterStationPayload> {
    const outcome = await this.labService.registerStation(ctx, input);
    return payloadOf(outcome, LabUserError, ctx, (value) => ({ station: toStationNode(value) }));
  }

  @Subscription(() => StationHealthUpdate, {
    description: 'Pushes the link health of the stations you may see (or of one), about once a second while linked.',
    subscribe: async ({ args, context, info }: { args: { stationId?: string | null }; context: RequestContext; info: GraphQLResolveInfo }) => {
      const wanted = args.stationId ? fromGlobalId(args.stationId, 'Station', 'stationId') : undefined;
      // Visibility is decided once, when subscribing, through the subscriber's scope.
      const visible = new Set((await context.em.find(Station, wanted ? { id: wanted } : {}, { fields: ['id'] })).map((s) => s.id));
      if (wanted && !visible.has(wanted)) throw new NotFoundError('Station');
      return pipe(
        busOf(info).subscribe<StationHealthReport>(STATION_HEALTH),
        filter((report: StationHealthReport) => visible.has(report.stationId)),
      );
    },
  })
  stationHealth(@Root() report: StationHealthReport, @Arg('stationId', () => ID, { nullable: true }) _stationId: string | null): StationHealthUpdate {
    return Object.assign(new StationHealthUpdate(), {
      stationRowId: report.stationId,
      stationId: toGlobalId('Station', report.stationId),
      health: toStationHealthNode(report),
    });
  }
}

@Resolver(() => ExerciseNode)
export class ExerciseResolver {
  constructor(private readonly labService: LabService) {}

  @Query(() => ExerciseConnection, { description: 'The exercise catalogue: every version, by exercise id then newest version.' })
  exercises(@Args() page: ConnectionArgs, @Arg('filter', () => ExerciseFilter, { nullable: true }) f: ExerciseFilter | null, @Ctx() ctx: RequestContext) {
    return this.labService.listExercises(ctx, f ?? {}, page, toExerciseNode);
  }
}

@Resolver(() => TrainingSessionNode)
export class TrainingSessionResolver {
  constructor(private readonly labService: LabService) {}

  @Query(() => TrainingSessionConnection, { description: "Training sessions you may see (your lab's, your students', your region's), newest first." })
  trainingSessions(
    @Args() page: ConnectionArgs,
    @Arg('filter', () => TrainingSessionFilter, { nullable: true }) f: TrainingSessionFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    return this.labService.listSessions(
      ctx,
      {
        statuses: f?.statuses,
        studentId: optionalId(f?.studentId, 'Person', 'filter.studentId'),
        stationId: optionalId(f?.stationId, 'Station', 'filter.stationId'),
        labId: optionalId(f?.labId, 'Organization', 'filter.labId'),
        exerciseId: f?.exerciseId,
      },
      page,
      toTrainingSessionNode,
    );
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The student; null if you may not see them.' })
  async student(@Root() s: TrainingSessionNode, @Ctx() ctx: RequestContext) {
    const row = await ctx.loaders.byId(Person).load(s.studentId);
    return row ? toPersonNode(row) : null;
  }

  @FieldResolver(() => StationNode, { nullable: true, description: 'The station; null if you may not see it (e.g. an employer looking at its student).' })
  async station(@Root() s: TrainingSessionNode, @Ctx() ctx: RequestContext) {
    const row = await ctx.loaders.byId(Station).load(s.stationId);
    return row ? toStationNode(row) : null;
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The lab where it ran.' })
  lab(@Root() s: TrainingSessionNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, s.labId);
  }

  @FieldResolver(() => ExerciseNode, { description: 'The exercise version that ran (titles and instructions in kk/ru/en).' })
  async exercise(@Root() s: TrainingSessionNode, @Ctx() ctx: RequestContext) {
    return toExerciseNode((await ctx.loaders.byId(Exercise).load(s.exerciseRowId))!);
  }

  @FieldResolver(() => [SessionReasonNode], {
    description: 'Why it ended as it did, naming the failed step or broken invariant; empty while running and for a clean pass.',
  })
  async reasons(@Root() s: TrainingSessionNode, @Ctx() ctx: RequestContext) {
    if (s.rawReasons.length === 0) return [];
    const exercise = await ctx.loaders.byId(Exercise).load(s.exerciseRowId);
    return s.rawReasons.map((r) => toSessionReasonNode(r, exercise));
  }

  @FieldResolver(() => SessionEventConnection, { description: 'The evidence timeline, in seq order (default first 50).' })
  events(@Root() s: TrainingSessionNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.labService.listEvents(ctx, s.rowId, page, toSessionEventNode);
  }

  @Mutation(() => TrainingSessionPayload, {
    description: 'Starts an exercise for a student on a station of your lab (WRITER or ADMIN key). Resolves when the run is under way.',
  })
  async startSession(@Arg('input') input: StartSessionInput, @Ctx() ctx: RequestContext): Promise<TrainingSessionPayload> {
    const outcome = await this.labService.startSession(ctx, {
      studentId: fromGlobalId(input.studentId, 'Person', 'input.studentId'),
      exerciseId: fromGlobalId(input.exerciseId, 'Exercise', 'input.exerciseId'),
      stationId: fromGlobalId(input.stationId, 'Station', 'input.stationId'),
    });
    return sessionPayload(outcome, ctx);
  }

  @Mutation(() => TrainingSessionPayload, { description: 'Aborts a running session of your lab; it ends as ABORTED.' })
  async abortSession(@Arg('input') input: AbortSessionInput, @Ctx() ctx: RequestContext): Promise<TrainingSessionPayload> {
    return sessionPayload(await this.labService.abortSession(ctx, fromGlobalId(input.sessionId, 'TrainingSession', 'input.sessionId')), ctx);
  }

  @Subscription(() => SessionEventsUpdate, {
    description: 'Pushes the evidence of a session as it is stored; the last update carries the verdict. Scoped like the session itself.',
    subscribe: async ({ args, context, info }: { args: { sessionId: string }; context: RequestContext; info: GraphQLResolveInfo }) => {
      const id = fromGlobalId(args.sessionId, 'TrainingSession', 'sessionId');
      const session = await findTrainingSession(context, id);
      if (!session) throw new NotFoundError('Training session');
      return busOf(info).subscribe<SessionEventsMessage>(SESSION_EVENTS, id);
    },
  })
  sessionEvents(@Root() message: SessionEventsMessage, @Arg('sessionId', () => ID) _sessionId: string): SessionEventsUpdate {
    return Object.assign(new SessionEventsUpdate(), {
      sessionRowId: message.sessionId,
      events: message.events.map(labEventToNode),
      status: (message.endedWith as SessionStatus | undefined) ?? SessionStatus.RUNNING,
    });
  }
}

/** What lab agents call, with their LAB_AGENT key. */
@Resolver()
export class LabAgentResolver {
  constructor(private readonly labService: LabService) {}

  @Mutation(() => LabAgentWork, { description: "Lab agents: claims the sessions waiting on your lab's agent-run stations, and lists those to abort." })
  async claimLabAgentWork(@Arg('input') input: ClaimLabAgentWorkInput, @Ctx() ctx: RequestContext): Promise<LabAgentWork> {
    const work = await this.labService.claimAgentWork(ctx, input.runtimeId);
    return Object.assign(new LabAgentWork(), {
      start: work.start.map((a) =>
        Object.assign(new LabAgentAssignment(), {
          sessionId: a.session.id,
          station: a.station,
          exercise: a.exercise,
          studentId: a.session.student.id,
          startedBy: a.session.startedBy ?? null,
        }),
      ),
      abort: work.abort,
    });
  }

  @Mutation(() => LabAgentReportPayload, {
    description: 'Lab agents: a runtime (re)started; its sessions left running end as INTERRUPTED. Report: { runtimeId, at }.',
  })
  reportLabRuntimeStarted(@Arg('input') input: LabAgentReportInput, @Ctx() ctx: RequestContext) {
    return this.apply(ctx, 'runtimeStarted', input);
  }

  @Mutation(() => LabAgentReportPayload, { description: "Lab agents: a claimed session opened. Report: the runtime's SessionOpened." })
  reportSessionOpened(@Arg('input') input: LabAgentReportInput, @Ctx() ctx: RequestContext) {
    return this.apply(ctx, 'opened', input);
  }

  @Mutation(() => LabAgentReportPayload, { description: 'Lab agents: a batch of evidence. Report: { sessionId, events }. Idempotent per (session, seq).' })
  reportSessionEvents(@Arg('input') input: LabAgentReportInput, @Ctx() ctx: RequestContext) {
    return this.apply(ctx, 'events', input);
  }

  @Mutation(() => LabAgentReportPayload, {
    description: "Lab agents: the verdict. Report: the runtime's SessionEnded. Refused while its evidence is not all stored.",
  })
  reportSessionEnded(@Arg('input') input: LabAgentReportInput, @Ctx() ctx: RequestContext) {
    return this.apply(ctx, 'ended', input);
  }

  @Mutation(() => LabAgentReportPayload, { description: "Lab agents: link health of a station. Report: the runtime's StationHealthReport." })
  reportStationHealth(@Arg('input') input: LabAgentReportInput, @Ctx() ctx: RequestContext) {
    return this.apply(ctx, 'health', input);
  }

  private async apply(ctx: RequestContext, kind: Parameters<typeof parseAgentReport>[0], input: LabAgentReportInput): Promise<LabAgentReportPayload> {
    const applied = await this.labService.agentReport(ctx, this.labService.storePort(), parseAgentReport(kind, input.report));
    return Object.assign(new LabAgentReportPayload(), { applied });
  }
}
