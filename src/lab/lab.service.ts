/**
 * Every rule of the simulator classroom on the API side: stations, the exercise catalogue,
 * starting and aborting sessions, reading the evidence, and what lab agents may report.
 */
import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { constraintOf, runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Membership, Organization, OrganizationKind, Person, PersonRole } from '../organizations';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../shared/errors';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import type { RequestContext } from '../shared/request-context';
import { type Outcome, refuse, type RuleViolation, succeed } from '../shared/rule-violation';
import { parseTagMap } from './exercises/tagmap.loader';
import { ExerciseValidationError } from './exercises/exercise.loader';
import type { ExerciseDefinition, SessionEnded, LabEvent, StationHealthReport, TagMap } from './runtime';
import { compileExercise } from './runtime/judge.rules';
import { rejudge } from './runtime/rejudge.rules';
import { Exercise } from './exercise.entity';
import { LabErrorCode, labViolation } from './lab.messages';
import type { LabHost, StationHealthBoard } from './lab.host';
import type { LabSecrets } from './lab.secrets';
import { stationAddressKey, stationHost } from './lab.network';
import type { RunnableStation } from './host/lab.runtime-factory';
import type { PostgresLabPort } from './postgres-lab.port';
import { SessionEvent } from './session-event.entity';
import { Station, type StationAddress, StationKind, StationProtocol, StationRunner } from './station.entity';
import { StationSecret } from './station-secret.entity';
import { SessionStatus, TrainingSession } from './training-session.entity';
import { type ControlSetting, type ControlStep, controlSteps, type TrainerControl } from './trainer-control.rules';

export { LabErrorCode };

/** Filters of the stations list. */
export interface StationQuery {
  organizationId?: string;
  kind?: StationKind;
}

/** Filters of the exercises list. */
export interface ExerciseQuery {
  stationKind?: StationKind;
  hazardCategory?: string;
  /** The exercise's own id, e.g. `plc.safe-start-up`. */
  exerciseId?: string;
}

/** Filters of the sessions list. */
export interface SessionQuery {
  statuses?: SessionStatus[];
  studentId?: string;
  stationId?: string;
  labId?: string;
  exerciseId?: string;
}

/** What `registerStation` needs. */
export interface RegisterStationCommand extends StationAddress {
  code: string;
  name: string;
  kind: StationKind;
  protocol: StationProtocol;
  /** The lab; default the caller's organisation. */
  organizationId?: string;
  tagMap: unknown;
  runner?: StationRunner;
  /** Name of the organisation's secret holding the OPC UA password. */
  passwordSecret?: string;
  /** A software stand-in whose panel may be operated through the API; default false. */
  standIn?: boolean;
}

/** What `startSession` needs. */
export interface StartSessionCommand {
  studentId: string;
  exerciseId: string;
  stationId: string;
}

/** A session a lab agent should run. */
export interface AgentAssignment {
  session: TrainingSession;
  station: RunnableStation;
  exercise: ExerciseDefinition;
}

const LAB_KINDS: readonly OrganizationKind[] = [OrganizationKind.HEI, OrganizationKind.EMPLOYER];

/** A session the caller may see, or null (scoped by the request's filter). */
export function findTrainingSession(ctx: RequestContext, sessionId: string): Promise<TrainingSession | null> {
  return ctx.em.findOne(TrainingSession, { id: sessionId });
}

/**
 * Up to `limit` stored events of a session after `afterSeq`, in seq order, as the runtime
 * reported them (for catching a subscriber up). Scoped: events of a session the caller may see.
 */
export async function storedEventsAfter(ctx: RequestContext, sessionId: string, afterSeq: number, limit = 500): Promise<LabEvent[]> {
  const rows = await ctx.em.find(SessionEvent, { session: sessionId, seq: { $gt: afterSeq } }, { orderBy: { seq: 'asc' }, limit, disableIdentityMap: true });
  return rows.map(toRuntimeEvent);
}

/** The status of a session the caller may see, read from the database now; null if none. */
export async function sessionStatusNow(ctx: RequestContext, sessionId: string): Promise<SessionStatus | null> {
  const row = await ctx.em.findOne(TrainingSession, { id: sessionId }, { fields: ['status'], disableIdentityMap: true });
  return row?.status ?? null;
}

/** Key of the per-request loader of `runningSessionOn`. */
const RUNNING_SESSION_LOADER = Symbol('runningSessionOn');

/** The lab's rules. */
/** A station secret's name: what `passwordSecret` may say. */
const SECRET_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export class LabService {
  /** @param host the app's lab host (runtime, port, health); @param secrets where station passwords are looked up. */
  constructor(
    private readonly host: LabHost,
    private readonly secrets: LabSecrets,
  ) {}

  // ——— reading ———

  /** Stations the caller may see, by code. */
  listStations<N>(ctx: RequestContext, query: StationQuery, page: PageRequest, toNode: (s: Station) => N): Promise<Page<N>> {
    const where: FilterQuery<Station> = {};
    if (query.organizationId) where.organization = query.organizationId;
    if (query.kind) where.kind = query.kind;
    return paginate(ctx.em, Station, where, page, { code: 'asc' }, toNode);
  }

  /** The exercise catalogue (every version), by exercise id then version. */
  listExercises<N>(ctx: RequestContext, query: ExerciseQuery, page: PageRequest, toNode: (e: Exercise) => N): Promise<Page<N>> {
    const where: FilterQuery<Exercise> = {};
    if (query.stationKind) where.stationKind = query.stationKind;
    if (query.exerciseId) where.code = query.exerciseId;
    if (query.hazardCategory) where.hazardCategories = { $contains: [query.hazardCategory] } as never;
    return paginate(ctx.em, Exercise, where, page, { code: 'asc', version: 'desc' }, toNode);
  }

  /** Sessions the caller may see, newest first. */
  listSessions<N>(ctx: RequestContext, query: SessionQuery, page: PageRequest, toNode: (s: TrainingSession) => N): Promise<Page<N>> {
    const where: FilterQuery<TrainingSession> = {};
    if (query.statuses?.length) where.status = { $in: query.statuses };
    if (query.studentId) where.student = query.studentId;
    if (query.stationId) where.station = query.stationId;
    if (query.labId) where.lab = query.labId;
    if (query.exerciseId) where.exerciseCode = query.exerciseId;
    return paginate(ctx.em, TrainingSession, where, page, { startedAt: 'desc' }, toNode);
  }

  /**
   * A page of a session's evidence in `seq` order (keyset on seq: the cursor is the seq). The
   * caller must be able to see the session; events are also scoped by their own filter.
   */
  async listEvents<N>(ctx: RequestContext, sessionId: string, page: PageRequest, toNode: (e: SessionEvent) => N): Promise<Page<N>> {
    if (page.first != null && page.last != null) throw new BadUserInputError('use either first or last, not both', 'first');
    const cursorSeq = (value: string | null | undefined, field: string): number | undefined => {
      if (value == null) return undefined;
      const n = Number(Buffer.from(value, 'base64url').toString('utf8').replace(/^seq:/, ''));
      if (!Number.isInteger(n) || n < 0) throw new BadUserInputError('not a valid cursor', field);
      return n;
    };
    const after = cursorSeq(page.after, 'after');
    const before = cursorSeq(page.before, 'before');
    const backwards = page.last != null;
    const size = Math.min(page.first ?? page.last ?? 50, 100);
    const seq: Record<string, number> = {};
    if (after !== undefined) seq.$gt = after;
    if (before !== undefined) seq.$lt = before;
    const where: FilterQuery<SessionEvent> = { session: sessionId, ...(Object.keys(seq).length ? { seq } : {}) };
    const [rows, totalCount] = await Promise.all([
      ctx.em.find(SessionEvent, where, { orderBy: { seq: backwards ? 'desc' : 'asc' }, limit: size + 1 }),
      ctx.em.count(SessionEvent, { session: sessionId }),
    ]);
    const more = rows.length > size;
    const items = rows.slice(0, size);
    if (backwards) items.reverse();
    const edges = items.map((row) => ({ cursor: Buffer.from(`seq:${row.seq}`).toString('base64url'), node: toNode(row) }));
    return {
      edges,
      nodes: edges.map((e) => e.node),
      totalCount,
      pageInfo: {
        hasNextPage: backwards ? before !== undefined : more,
        hasPreviousPage: backwards ? more : after !== undefined && after > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  /** A session the caller may see, or null. */
  findSession(ctx: RequestContext, sessionId: string): Promise<TrainingSession | null> {
    return findTrainingSession(ctx, sessionId);
  }

  // ——— station secrets ———

  /** The secrets of the caller's organisation, by name (never their values). */
  async listSecrets(ctx: RequestContext): Promise<StationSecret[]> {
    const caller = callerOf(ctx);
    if (!caller) return ctx.em.find(StationSecret, {}, { orderBy: { name: 'asc' } });
    return ctx.em.find(StationSecret, { organization: caller.organizationId }, { orderBy: { name: 'asc' } });
  }

  /**
   * Sets (or rotates) a secret of the caller's organisation: sealed at rest, never returned or
   * logged. Stations of the organisation name it in `passwordSecret`; a session started after
   * the change uses the new value, on whichever API process runs it.
   */
  async setSecret(ctx: RequestContext, input: { name: string; value: string }): Promise<Outcome<StationSecret, LabErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    if (!caller) throw new ForbiddenError('station secrets belong to an organisation');
    const violations = [];
    if (!SECRET_NAME.test(input.name)) violations.push(labViolation(['input', 'name'], LabErrorCode.SECRET_NAME_INVALID));
    if (input.value.length < 1 || input.value.length > 1024) violations.push(labViolation(['input', 'value'], LabErrorCode.SECRET_VALUE_INVALID));
    if (violations.length > 0) return refuse(...violations);
    return runMutation(
      ctx,
      async (tx) => {
        const secret = await this.secrets.store(tx.em, caller.organizationId, input.name, input.value);
        tx.log.info({ secret: input.name }, 'station secret set');
        return succeed(secret);
      },
      { unique: { station_secret_organization_name_unique: () => labViolation(['input', 'name'], LabErrorCode.SECRET_CHANGED_CONCURRENTLY) } },
    );
  }

  /** Deletes a secret of the caller's organisation. */
  async deleteSecret(ctx: RequestContext, name: string): Promise<Outcome<StationSecret, LabErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    if (!caller) throw new ForbiddenError('station secrets belong to an organisation');
    const existing = await ctx.em.findOne(StationSecret, { organization: caller.organizationId, name });
    if (!existing) return refuse(labViolation(['input', 'name'], LabErrorCode.SECRET_NOT_FOUND));
    const shown = { ...existing };
    await this.secrets.remove(ctx.em, caller.organizationId, name);
    ctx.log.info({ secret: name }, 'station secret deleted');
    return succeed(shown as StationSecret);
  }

  // ——— stations ———

  /**
   * Registers a station of the caller's lab (an HEI or a training centre). The tag map is
   * validated like the stand-ins' `tagmap.json`; the OPC UA password is never taken, only the
   * name of the secret that holds it on the runtime's machine.
   */
  async registerStation(ctx: RequestContext, input: RegisterStationCommand): Promise<Outcome<Station, LabErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    const organizationId = input.organizationId ?? caller?.organizationId;
    if (caller && organizationId !== caller.organizationId) {
      return refuse(labViolation(['input', 'organizationId'], LabErrorCode.NOT_YOUR_LAB));
    }
    const organization = organizationId ? await ctx.em.findOne(Organization, { id: organizationId }) : null;
    if (!organization || !LAB_KINDS.includes(organization.kind)) {
      return refuse(labViolation(['input', 'organizationId'], LabErrorCode.NOT_A_LAB));
    }
    const violations: RuleViolation<LabErrorCode>[] = [];
    if (input.protocol === StationProtocol.MODBUS_TCP && (!input.host || !input.port)) {
      violations.push(labViolation(['input', 'host'], LabErrorCode.ADDRESS_INCOMPLETE, { protocol: 'MODBUS_TCP' }));
    }
    if (input.protocol === StationProtocol.OPC_UA && !/^opc\.tcp:\/\/.+/.test(input.endpointUrl ?? '')) {
      violations.push(labViolation(['input', 'endpointUrl'], LabErrorCode.ADDRESS_INCOMPLETE, { protocol: 'OPC_UA' }));
    }
    let tagMap: TagMap | undefined;
    try {
      tagMap = parseTagMap(input.tagMap, 'input.tagMap');
      if (tagMap.protocol !== input.protocol || tagMap.stationKind !== input.kind)
        throw new Error(`the tag map is for a ${tagMap.stationKind} over ${tagMap.protocol}`);
    } catch (e) {
      const reason = e instanceof ExerciseValidationError ? e.problems.map((p) => `${p.path || '/'}: ${p.reason}`).join('; ') : (e as Error).message;
      violations.push(labViolation(['input', 'tagMap'], LabErrorCode.TAG_MAP_INVALID, { reason }));
    }
    const outcome = await runMutation(ctx, async (tx) => {
      // One registration per address at a time: another lab's check and insert cannot interleave
      // with this one, so the address belongs to whichever lab commits first (ADDRESS_TAKEN after).
      const addressKey = stationAddressKey(input);
      if (addressKey) await (tx.em as unknown as SqlEntityManager).execute('select pg_advisory_xact_lock(hashtext(?))', [`station-address:${addressKey}`]);
      if (await tx.em.count(Station, { code: input.code }, { filters: false })) {
        violations.push(labViolation(['input', 'code'], LabErrorCode.STATION_CODE_TAKEN));
      }
      violations.push(...(await this.secretViolations(tx, organization.id, input)));
      violations.push(...(await this.addressViolations(tx, organization.id, input)));
      if (violations.length > 0) return refuse(...violations);
      const station = tx.em.create(Station, {
        code: input.code,
        name: input.name,
        organization,
        kind: input.kind,
        protocol: input.protocol,
        host: input.host,
        port: input.port,
        unitId: input.unitId,
        maxRequestsInFlight: input.maxRequestsInFlight ?? 1,
        endpointUrl: input.endpointUrl,
        securityMode: input.securityMode,
        securityPolicy: input.securityPolicy,
        userName: input.userName,
        // The column keeps its name; it holds the name of the organisation's secret (a tenant's
        // passwordEnv was refused above; a system caller, e.g. a CLI, may still give it).
        passwordEnv: input.passwordSecret ?? input.passwordEnv,
        tagMap: tagMap!,
        samplingMs: input.samplingMs ?? 50,
        runner: input.runner ?? StationRunner.API,
        standIn: input.standIn ?? false,
      });
      return succeed(station);
    });
    if (outcome.ok) ctx.log.info({ stationId: outcome.value.id, code: outcome.value.code }, 'station registered');
    return outcome;
  }

  /**
   * Item 1 of issue 12: a station names only a secret its own organisation registered, and never
   * an environment variable of the server (`passwordEnv` from a caller is refused). An agent-run
   * station's secret lives on the lab's own machine, so only its name is kept.
   */
  private async secretViolations(ctx: RequestContext, organizationId: string, input: RegisterStationCommand) {
    const violations = [];
    if (input.passwordEnv != null && callerOf(ctx)) violations.push(labViolation(['input', 'passwordEnv'], LabErrorCode.PASSWORD_ENV_REFUSED));
    const runner = input.runner ?? StationRunner.API;
    if (input.passwordSecret && runner === StationRunner.API && !(await this.secrets.exists(ctx.em, organizationId, input.passwordSecret))) {
      violations.push(labViolation(['input', 'passwordSecret'], LabErrorCode.SECRET_NOT_FOUND));
    }
    return violations;
  }

  /**
   * Item 2 of issue 12: a station's address belongs to the lab that registered it first
   * (ADDRESS_TAKEN for another lab), and an API-run station must be inside the lab network
   * allow-list (ADDRESS_NOT_ALLOWED); the runtime checks the list again at connect time.
   */
  private async addressViolations(ctx: RequestContext, organizationId: string, input: RegisterStationCommand) {
    const violations = [];
    const field = input.protocol === StationProtocol.OPC_UA ? 'endpointUrl' : 'host';
    const key = stationAddressKey(input);
    if (key) {
      const others = await ctx.em.find(Station, { organization: { $ne: organizationId } }, { filters: false, fields: ['host', 'port', 'endpointUrl'] });
      if (others.some((s) => stationAddressKey(s) === key)) violations.push(labViolation(['input', field], LabErrorCode.ADDRESS_TAKEN));
    }
    const host = stationHost(input);
    if (host && (input.runner ?? StationRunner.API) === StationRunner.API && !(await this.host.network.allows(host))) {
      violations.push(labViolation(['input', field], LabErrorCode.ADDRESS_NOT_ALLOWED, { host }));
    }
    return violations;
  }

  /** The latest health report of every station, from this process's runtime, lab agents or other API processes. */
  get healthBoard(): StationHealthBoard {
    return this.host.health;
  }

  /** The live health of a station: from this process's runtime, else the latest report. */
  stationHealth(stationId: string): StationHealthReport | undefined {
    const host = this.host;
    const live = host.runtime?.stationHealth().find((h) => h.stationId === stationId);
    const reported = host.health.get(stationId);
    if (live) return { ...live, at: Date.now() };
    return reported;
  }

  /** The store's port of this app, for lab agents' reports (SERVICE_UNAVAILABLE before the lab starts). */
  storePort(): PostgresLabPort {
    return this.host.requirePort();
  }

  // ——— sessions ———

  /**
   * Starts a session: the instructor's lab must own the station, the student must be a visible
   * student, the exercise must exist for the station's kind, and the station must be free. The
   * row is committed first (the partial unique index settles a race for the station), then the
   * runtime is asked; resolves when the run is under way, or has already ended (station
   * unreachable → INTERRUPTED). A station run by a lab agent waits for the agent to claim it.
   */
  async startSession(ctx: RequestContext, input: StartSessionCommand): Promise<Outcome<TrainingSession, LabErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    const station = await ctx.em.findOne(Station, { id: input.stationId });
    if (!station) return refuse(labViolation(['input', 'stationId'], LabErrorCode.STATION_NOT_FOUND));
    if (caller && station.organization.id !== caller.organizationId) {
      return refuse(labViolation(['input', 'stationId'], LabErrorCode.NOT_YOUR_LAB));
    }
    const exercise = await ctx.em.findOne(Exercise, { id: input.exerciseId });
    const student = await ctx.em.findOne(Person, { id: input.studentId });
    const isStudent = student ? (await ctx.em.count(Membership, { person: student, role: PersonRole.STUDENT })) > 0 : false;
    const violations = [];
    if (!exercise) violations.push(labViolation(['input', 'exerciseId'], LabErrorCode.EXERCISE_NOT_FOUND));
    if (!student || !isStudent) violations.push(labViolation(['input', 'studentId'], LabErrorCode.STUDENT_NOT_FOUND));
    if (exercise && exercise.stationKind !== station.kind) violations.push(labViolation(['input', 'exerciseId'], LabErrorCode.WRONG_STATION_KIND));
    if (violations.length > 0) return refuse(...violations);
    const runtime = this.host.runtime;
    if (station.runner === StationRunner.API && !runtime) {
      return refuse(labViolation(['input', 'stationId'], LabErrorCode.RUNTIME_UNAVAILABLE));
    }
    if (station.runner === StationRunner.API) {
      // Again at connect time: the name is resolved now, so a host that resolves elsewhere is refused.
      const host = stationHost(station);
      if (!host || !(await this.host.network.allows(host))) {
        ctx.log.warn({ stationId: station.id, host }, 'station address outside LAB_ALLOWED_HOSTS: session refused');
        return refuse(labViolation(['input', 'stationId'], LabErrorCode.ADDRESS_NOT_ALLOWED, { host: host ?? '?' }));
      }
    }
    const busy = () => refuse(labViolation(['input', 'stationId'], LabErrorCode.STATION_BUSY));
    if (await ctx.em.count(TrainingSession, { station, status: SessionStatus.RUNNING }, { filters: false })) return busy();

    const session = ctx.em.create(TrainingSession, {
      student: student!,
      exercise: exercise!,
      exerciseCode: exercise!.code,
      exerciseVersion: exercise!.version,
      station,
      lab: station.organization,
      startedBy: caller?.keyId,
      startedByPersonId: caller?.personId,
      status: SessionStatus.RUNNING,
      startedAt: ctx.clock.now(),
      runtimeId: station.runner === StationRunner.API ? runtime!.runtimeId : undefined,
    });
    try {
      await ctx.em.flush();
    } catch (e) {
      // The partial unique index settles a race for the station: another session started first.
      if (e instanceof UniqueConstraintViolationException && constraintOf(e) === 'training_session_one_running_per_station') {
        ctx.em.clear();
        return busy();
      }
      throw e;
    }
    ctx.log.info({ sessionId: session.id, stationId: station.id, exercise: `${exercise!.code}@${exercise!.version}` }, 'session starting');
    if (station.runner === StationRunner.AGENT) return succeed(session);

    await this.secrets.load(ctx.em, station.organization.id, station.passwordEnv);
    const started = await runtime!.startSession({
      station: toRunnableStation(station, { secrets: this.secrets }),
      exercise: exercise!.definition,
      studentId: student!.id,
      ...(caller?.keyId ? { startedBy: caller.keyId } : {}),
      sessionId: session.id,
    });
    if (started.error) {
      // Nothing ran: the row goes, as if the mutation had been refused up front.
      await ctx.em.nativeDelete(TrainingSession, { id: session.id }, { filters: false });
      return started.error === 'RUNTIME_STOPPED'
        ? refuse(labViolation(['input', 'stationId'], LabErrorCode.RUNTIME_UNAVAILABLE))
        : started.error === 'WRONG_STATION_KIND'
          ? refuse(labViolation(['input', 'exerciseId'], LabErrorCode.WRONG_STATION_KIND))
          : busy();
    }
    await ctx.em.refresh(session);
    return succeed(session);
  }

  /**
   * Aborts a running session (instructor of the lab). Resolves with the stored ABORTED verdict
   * when this process runs it; for an agent's session the abort is requested and the agent
   * reports the verdict.
   */
  async abortSession(ctx: RequestContext, sessionId: string): Promise<Outcome<TrainingSession, LabErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    const session = await ctx.em.findOne(TrainingSession, { id: sessionId });
    if (!session) return refuse(labViolation(['input', 'sessionId'], LabErrorCode.SESSION_NOT_FOUND));
    if (caller && session.lab.id !== caller.organizationId) return refuse(labViolation(['input', 'sessionId'], LabErrorCode.NOT_YOUR_LAB));
    if (session.status !== SessionStatus.RUNNING) return refuse(labViolation(['input', 'sessionId'], LabErrorCode.SESSION_NOT_RUNNING));
    const runtime = this.host.runtime;
    const running = runtime && session.runtimeId === runtime.runtimeId ? runtime.abortSession(sessionId, 'aborted by the instructor') : undefined;
    if (running) {
      await running;
    } else {
      session.abortRequestedAt = ctx.clock.now();
      await ctx.em.flush();
    }
    await ctx.em.refresh(session);
    return succeed(session);
  }

  // ——— the virtual panel ———

  /**
   * Operates a control of a stand-in's operator panel for a running session: the session's own
   * student (signed in as that person) or an instructor of its lab (WRITER or ADMIN) may. The
   * control becomes the Modbus coil writes or OPC UA writes and method calls the stand-in's panel
   * would produce, sent over the runtime's live link to the station, and is kept in the evidence
   * (an `action` event with purpose `operator`); the judge sees only what the station then reports.
   * Refused for a real trainer (`NOT_A_STAND_IN`), for anyone else (`NOT_YOUR_SESSION`), and for a
   * session another runtime runs. A trainer's own refusal (e.g. BadInvalidState) is `CONTROL_REFUSED`.
   */
  async operateTrainer(
    ctx: RequestContext,
    input: { sessionId: string; control: TrainerControl; setting: ControlSetting },
  ): Promise<Outcome<{ session: TrainingSession; steps: ControlStep[] }, LabErrorCode>> {
    const caller = callerOf(ctx);
    const session = await ctx.em.findOne(TrainingSession, { id: input.sessionId }, { populate: ['station'] });
    if (!session) return refuse(labViolation(['input', 'sessionId'], LabErrorCode.SESSION_NOT_FOUND));
    const isStudent = caller?.personId !== undefined && caller.personId === session.student.id;
    const isInstructor = caller !== undefined && WRITE_ROLES.includes(caller.role) && caller.organizationId === session.lab.id;
    if (caller && !isStudent && !isInstructor) return refuse(labViolation(['input', 'sessionId'], LabErrorCode.NOT_YOUR_SESSION));
    if (session.status !== SessionStatus.RUNNING) return refuse(labViolation(['input', 'sessionId'], LabErrorCode.SESSION_NOT_RUNNING));
    const station = session.station;
    if (!station.standIn) return refuse(labViolation(['input', 'sessionId'], LabErrorCode.NOT_A_STAND_IN));
    const planned = controlSteps(station.kind, station.tagMap, input.control, input.setting);
    if (!planned.ok) {
      const r = planned.refusal;
      const field = ['input', r.field];
      if (r.code === 'CONTROL_NOT_IN_TAG_MAP') return refuse(labViolation(field, LabErrorCode.CONTROL_NOT_IN_TAG_MAP, { name: r.name }));
      return refuse(labViolation(field, r.code === 'CONTROL_NOT_FOR_STATION' ? LabErrorCode.CONTROL_NOT_FOR_STATION : LabErrorCode.CONTROL_VALUE_INVALID));
    }
    const runtime = this.host.runtime;
    if (!runtime || session.runtimeId !== runtime.runtimeId) return refuse(labViolation(['input', 'sessionId'], LabErrorCode.SESSION_NOT_RUN_HERE));
    for (const step of planned.steps) {
      if (step.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
      const done = await runtime.operate(session.id, step.action, input.control);
      if ((done === undefined || done === 'ended') && step.release) {
        // The press ended the run (e.g. STOP completed the last step): still let the button go.
        await runtime.returnToRest(station.id, step.action).catch((err: Error) => ctx.log.warn({ err, sessionId: session.id }, 'button release not delivered'));
        break;
      }
      if (done === undefined || done === 'ended') return refuse(labViolation(['input', 'sessionId'], LabErrorCode.SESSION_NOT_RUNNING));
      if (done.error !== null) {
        ctx.log.info({ sessionId: session.id, control: input.control, reason: done.error }, 'trainer refused an operator action');
        return refuse(labViolation(['input', 'control'], LabErrorCode.CONTROL_REFUSED, { reason: done.error }));
      }
    }
    return succeed({ session, steps: planned.steps });
  }

  /** The station's current values for a session this process runs (the panel's live state); null otherwise. */
  liveValues(sessionId: string): Record<string, unknown> | null {
    return this.host.runtime?.liveValues(sessionId) ?? null;
  }

  /** The running session on a station the caller may see, if any ("who is running what"). */
  runningSessionOn(ctx: RequestContext, stationId: string): Promise<TrainingSession | null> {
    // One statement for every station of the request (a classroom view asks it for each station).
    return ctx.loaders
      .custom<string, TrainingSession | null>(RUNNING_SESSION_LOADER, async (stationIds) => {
        const rows = await ctx.em.find(TrainingSession, { station: { $in: [...stationIds] }, status: SessionStatus.RUNNING });
        const byStation = new Map(rows.map((row) => [row.station.id, row]));
        return stationIds.map((id) => byStation.get(id) ?? null);
      })
      .load(stationId);
  }

  // ——— lab agents ———

  /**
   * Claims, for the calling lab agent, the sessions waiting on its lab's agent-run stations, and
   * lists the sessions it runs that an instructor asked to abort. Needs a LAB_AGENT key.
   */
  async claimAgentWork(ctx: RequestContext, runtimeId: string): Promise<{ start: AgentAssignment[]; abort: string[] }> {
    const caller = this.requireAgent(ctx);
    const knex = ctx.em.getKnex();
    const claimed = (await ctx.em.execute(
      knex('training_session')
        .update({ runtime_id: runtimeId, updated_at: new Date() })
        .whereNull('runtime_id')
        .andWhere('status', SessionStatus.RUNNING)
        .andWhere('lab_id', caller.organizationId)
        .whereIn('station_id', knex('station').select('id').where('runner', StationRunner.AGENT))
        .returning('id'),
    )) as { id: string }[];
    const start: AgentAssignment[] = [];
    if (claimed.length > 0) {
      const sessions = await ctx.em.find(TrainingSession, { id: { $in: claimed.map((c) => c.id) } }, { populate: ['station', 'exercise'] });
      for (const s of sessions) start.push({ session: s, station: toRunnableStation(s.station, { withPassword: false }), exercise: s.exercise.definition });
    }
    const aborting = await ctx.em.find(TrainingSession, {
      runtimeId,
      status: SessionStatus.RUNNING,
      abortRequestedAt: { $ne: null },
      lab: caller.organizationId,
    });
    return { start, abort: aborting.map((s) => s.id) };
  }

  /** A lab agent's report, applied through the store's port after checking the session is its lab's. */
  async agentReport(
    ctx: RequestContext,
    port: PostgresLabPort,
    report:
      | { kind: 'opened'; sessionId: string; runtimeId: string; at: number }
      | { kind: 'events'; sessionId: string; events: LabEvent[] }
      | { kind: 'ended'; verdict: SessionEnded }
      | { kind: 'health'; report: StationHealthReport }
      | { kind: 'runtimeStarted'; runtimeId: string; at: number },
  ): Promise<number> {
    const caller = this.requireAgent(ctx);
    /**
     * A session an agent of this lab claimed: on an agent-run station of the lab, with a runtime id
     * set by `claimAgentWork`. Sessions the API's own runtime runs (or nobody claimed) are refused.
     */
    const claimed = async (sessionId: string) => {
      const session = await ctx.em.findOne(TrainingSession, { id: sessionId, lab: caller.organizationId }, { populate: ['station', 'exercise'] });
      if (!session) throw new NotFoundError('Training session');
      if (session.station.runner !== StationRunner.AGENT || !session.runtimeId)
        throw new ForbiddenError('This session is not run by a lab agent: only the runtime that claimed it may report on it');
      return session;
    };
    switch (report.kind) {
      case 'opened': {
        const s = await claimed(report.sessionId);
        if (s.runtimeId !== report.runtimeId) throw new ForbiddenError('This session is run by another runtime');
        await ctx.em.nativeUpdate(TrainingSession, { id: s.id, status: SessionStatus.RUNNING }, { startedAt: new Date(report.at) });
        return 1;
      }
      case 'events':
        await claimed(report.sessionId);
        await port.appendEvents(report.sessionId, report.events);
        return report.events.length;
      case 'ended': {
        const session = await claimed(report.verdict.sessionId);
        await port.sessionEnded(await this.reproducedVerdict(ctx, session, report.verdict));
        return 1;
      }
      case 'health': {
        const station = await ctx.em.findOne(Station, { id: report.report.stationId, organization: caller.organizationId });
        if (!station) throw new NotFoundError('Station');
        port.stationHealth(report.report);
        return 1;
      }
      case 'runtimeStarted': {
        // Only sessions this lab's agents claimed: an agent key cannot end another lab's sessions,
        // nor those the API's own runtime runs (whose runtime id it might have learnt).
        const others = await ctx.em.count(
          TrainingSession,
          {
            runtimeId: report.runtimeId,
            status: SessionStatus.RUNNING,
            $or: [{ lab: { $ne: caller.organizationId } }, { station: { runner: { $ne: StationRunner.AGENT } } }],
          },
          { filters: false },
        );
        if (others > 0) throw new ForbiddenError("This runtime id runs sessions that are not your lab agents'");
        return port.interruptOrphanedSessions(report.runtimeId, report.at);
      }
    }
  }

  /**
   * An agent's verdict as the server accepts it: a PASSED verdict stands only when the stored
   * evidence (up to its `lastSeq`), re-judged by the pure judge with the session's exercise
   * version, gives PASSED with the same score. Otherwise the session ends INTERRUPTED with
   * reason VERDICT_NOT_REPRODUCED, so nothing is granted. Other verdicts grant nothing and pass as sent.
   */
  private async reproducedVerdict(ctx: RequestContext, session: TrainingSession, verdict: SessionEnded): Promise<SessionEnded> {
    if (verdict.verdict !== 'PASSED') return verdict;
    const rows = await ctx.em.find(SessionEvent, { session: session.id, seq: { $lte: verdict.lastSeq } }, { orderBy: { seq: 'asc' } });
    const events = rows.map(toRuntimeEvent);
    const exercise = compileExercise(session.exercise.definition);
    const again = events.length === verdict.lastSeq ? rejudge(exercise, events) : null;
    if (again && again.verdict === 'PASSED' && again.score === verdict.score) return verdict;
    const at = ctx.clock.now().getTime();
    const message = again
      ? `the agent reported PASSED with score ${verdict.score}; its stored evidence gives ${again.verdict} with score ${again.score}`
      : `the agent reported PASSED; its stored evidence (${events.length} of ${verdict.lastSeq} events) holds no judged run`;
    ctx.log.warn(
      { sessionId: session.id, reported: verdict.verdict, score: verdict.score, rejudged: again?.verdict ?? null },
      'lab agent verdict not reproduced: session INTERRUPTED',
    );
    return { ...verdict, verdict: 'INTERRUPTED', score: 0, reasons: [{ code: 'VERDICT_NOT_REPRODUCED', at, message }], at };
  }

  private requireAgent(ctx: RequestContext) {
    const caller = callerOf(ctx);
    if (!caller || caller.role !== 'LAB_AGENT') throw new ForbiddenError('Only a LAB_AGENT key may do this');
    return caller;
  }
}

/**
 * A station as the runtime needs it. The OPC UA password is looked up by name in `secrets` (the
 * app's {@link LabSecrets}) unless `withPassword` is false (default true); an agent looks it up on
 * its own machine.
 */
export function toRunnableStation(
  station: Station,
  options: { withPassword?: boolean; secrets?: LabSecrets } = {},
): RunnableStation & { passwordEnv?: string } {
  const address =
    station.protocol === StationProtocol.MODBUS_TCP
      ? {
          protocol: 'MODBUS_TCP' as const,
          host: station.host ?? '127.0.0.1',
          port: station.port ?? 502,
          unitId: station.unitId ?? 1,
          maxRequestsInFlight: station.maxRequestsInFlight ?? 1,
        }
      : {
          protocol: 'OPC_UA' as const,
          endpointUrl: station.endpointUrl!,
          ...(station.securityMode ? { securityMode: station.securityMode as 'None' } : {}),
          ...(station.securityPolicy ? { securityPolicy: station.securityPolicy as 'None' } : {}),
          ...(station.userName && (options.withPassword ?? true)
            ? { user: { userName: station.userName, password: options.secrets?.get(station.organization.id, station.passwordEnv) ?? '' } }
            : {}),
        };
  return {
    id: station.id,
    kind: station.kind,
    address,
    tagMap: station.tagMap,
    samplingMs: station.samplingMs,
    ...(station.userName ? { userName: station.userName } : {}),
    ...(station.passwordEnv ? { passwordEnv: station.passwordEnv } : {}),
  } as RunnableStation & { passwordEnv?: string };
}

/** A stored evidence row as the runtime reported it (the inverse of `toEventRow`). */
function toRuntimeEvent(row: SessionEvent): LabEvent {
  const base = { ...(row.details ?? {}), seq: row.seq, at: row.at.getTime(), type: row.type };
  return (row.type === 'signal' ? { ...base, tag: row.tag, value: row.value } : base) as unknown as LabEvent;
}
