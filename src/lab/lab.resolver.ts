import type { GraphQLResolveInfo } from 'graphql';
import { filter, pipe } from '@graphql-yoga/subscription';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { busOf } from '../graphql/pubsub';
import { ConnectionArgs, fromGlobalId, toGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadOrganization, OrganizationNode, Person, PersonNode, toPersonNode } from '../organizations';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import type { RequestContext } from '../shared/request-context';
import type { Outcome } from '../shared/rule-violation';
import type { StationHealthReport, TagMap } from './runtime';
import { sessionEventsAfter } from './session-events.stream';
import { availableControls, TrainerControl } from './trainer-control.rules';
import { OperateTrainerInput, OperateTrainerPayload, toTrainerActionNode } from './trainer-control.types';
import { Exercise } from './exercise.entity';
import { STATION_HEALTH, type SessionEventsMessage } from './lab.events';
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

  @FieldResolver(() => [TrainerControl], {
    description: 'The panel controls `operateTrainer` takes on this station: those of its kind that its tag map drives; empty for a real trainer.',
  })
  controls(@Root() station: StationNode): TrainerControl[] {
    return station.standIn ? availableControls(station.kind, station.tagMap as TagMap) : [];
  }

  @FieldResolver(() => TrainingSessionNode, {
    nullable: true,
    description: 'The session running on the station now, if any you may see (who is running what).',
  })
  async runningSession(@Root() station: StationNode, @Ctx() ctx: RequestContext): Promise<TrainingSessionNode | null> {
    const row = await this.labService.runningSessionOn(ctx, station.rowId);
    return row ? toTrainingSessionNode(row) : null;
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
    description:
      'Pushes the evidence of a session as it is recorded: on the API process whose runtime runs the session, each event as the runtime observes it (before its batch is stored), elsewhere as it is stored; the last update carries the verdict. Scoped like the session itself. With `afterSeq`, first sends every stored event after that seq (in updates of up to 500), then the live ones, each seq exactly once and in order: a client that reconnects passes the last seq it has and misses nothing. Signal events carry every tag of the station, so the live state of a panel is the `liveValues` of the session plus these changes.',
    subscribe: async ({
      args,
      context,
      info,
    }: {
      args: { sessionId: string; afterSeq?: number | null };
      context: RequestContext;
      info: GraphQLResolveInfo;
    }) => {
      const id = fromGlobalId(args.sessionId, 'TrainingSession', 'sessionId');
      const session = await findTrainingSession(context, id);
      if (!session) throw new NotFoundError('Training session');
      if (args.afterSeq != null && (!Number.isInteger(args.afterSeq) || args.afterSeq < 0))
        throw new BadUserInputError('afterSeq must be 0 or more', 'afterSeq');
      return sessionEventsAfter(context, busOf(info), id, args.afterSeq ?? null);
    },
  })
  sessionEvents(
    @Root() message: SessionEventsMessage,
    @Arg('sessionId', () => ID) _sessionId: string,
    @Arg('afterSeq', () => Int, {
      nullable: true,
      description: 'Catch up from here: the last seq the client already has (0 = from the start). Omitted: live events only.',
    })
    _afterSeq: number | null,
  ): SessionEventsUpdate {
    return Object.assign(new SessionEventsUpdate(), {
      sessionRowId: message.sessionId,
      events: message.events.map(labEventToNode),
      status: (message.endedWith as SessionStatus | undefined) ?? SessionStatus.RUNNING,
    });
  }

  @Mutation(() => OperateTrainerPayload, {
    description:
      "Operates one control of a stand-in trainer's operator panel during a running session: the session's student (signed in) or an instructor of its lab (WRITER or ADMIN). The control is sent to the stand-in over its own protocol (Modbus coil writes, OPC UA writes and method calls) through the runtime's link, exactly as its panel would produce it, and kept in the evidence as an `action` event (purpose `operator`); the judge sees only what the station then reports. Refused with NOT_A_STAND_IN for a real trainer, SESSION_NOT_FOUND for a session you may not see (another student's), NOT_YOUR_SESSION for anyone else, CONTROL_REFUSED when the trainer refuses.",
  })
  async operateTrainer(@Arg('input') input: OperateTrainerInput, @Ctx() ctx: RequestContext): Promise<OperateTrainerPayload> {
    const outcome = await this.labService.operateTrainer(ctx, {
      sessionId: fromGlobalId(input.sessionId, 'TrainingSession', 'input.sessionId'),
      control: input.control,
      setting: { on: input.on, speed: input.speed, mode: input.mode, holdMs: input.holdMs },
    });
    return payloadOf(outcome, LabUserError, ctx, (value) => ({
      session: toTrainingSessionNode(value.session),
      actions: value.steps.map(toTrainerActionNode),
    }));
  }

  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description:
      "The station's current value of every tag (name → value), as this API process's runtime last read it, for drawing the panel; null unless the session is running here. Follow the changes with `sessionEvents`.",
  })
  liveValues(@Root() s: TrainingSessionNode): Record<string, unknown> | null {
    return s.status === SessionStatus.RUNNING ? this.labService.liveValues(s.rowId) : null;
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
