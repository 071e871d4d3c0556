import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Max, MaxLength, Min, MinLength } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalizedTextType, toLocalizedText } from '../graphql/localized-text';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import type { LocalizedText } from '../shared/localized';
import type { LabEvent, StationHealthReport, VerdictReason } from './runtime';
import type { Exercise } from './exercise.entity';
import { LabErrorCode } from './lab.service';
import type { SessionEvent } from './session-event.entity';
import { type Station, StationKind, StationProtocol, StationRunner } from './station.entity';
import { SessionStatus, type TrainingSession } from './training-session.entity';

registerEnumType(StationKind, {
  name: 'StationKind',
  description: 'Kind of trainer.',
  valuesConfig: {
    PLC_TRAINER: { description: 'PLC trainer with a conveyor plant.' },
    ROBOT_CELL: { description: 'Robot cell with a safety door and light curtain.' },
  },
});
registerEnumType(StationProtocol, { name: 'StationProtocol', description: 'How a station is reached.' });
registerEnumType(StationRunner, {
  name: 'StationRunner',
  description: 'Where the sessions of a station run.',
  valuesConfig: { API: { description: "In the API process's lab runtime." }, AGENT: { description: "On the lab's own lab agent, on its campus network." } },
});
registerEnumType(SessionStatus, {
  name: 'SessionStatus',
  description: 'Where a training session is: RUNNING, then one verdict.',
  valuesConfig: {
    RUNNING: { description: 'Under way.' },
    PASSED: { description: 'Every step done in time, no safety invariant broken, score at or above the pass mark.' },
    FAILED: { description: 'A step missed, a safety invariant broken, or the score below the pass mark (see reasons).' },
    INTERRUPTED: { description: 'The link to the station or the runtime itself was lost; never counts as passed.' },
    ABORTED: { description: 'Stopped by the instructor.' },
  },
});

@ObjectType('StationHealth', { description: 'Live state of the link to a station.' })
export class StationHealthNode {
  @Field({ description: 'Whether the runtime is connected to the station now.' }) connected!: boolean;
  @Field(() => Date, { nullable: true, description: 'Last successful exchange with the station.' }) lastSeenAt!: Date | null;
  @Field(() => Float, { nullable: true, description: 'Round-trip time of the last poll or read, ms.' }) roundTripMs!: number | null;
  @Field(() => Int, { description: 'Errors since the link was made (timeouts, refusals, broken connections).' }) errorCount!: number;
  @Field(() => Int, { description: 'Poll cycles or data-change notifications handled since the link was made.' }) samples!: number;
  @Field(() => Date, { nullable: true, description: 'When this state was observed.' }) observedAt!: Date | null;
}

/** API shape of a health report; a station never linked is "not connected". */
export function toStationHealthNode(report: StationHealthReport | undefined): StationHealthNode {
  return Object.assign(new StationHealthNode(), {
    connected: report?.connected ?? false,
    lastSeenAt: report?.lastSeen != null ? new Date(report.lastSeen) : null,
    roundTripMs: report?.roundTripMs ?? null,
    errorCount: report?.errorCount ?? 0,
    samples: report?.samples ?? 0,
    observedAt: report ? new Date(report.at) : null,
  });
}

@ObjectType('Station', { implements: Node, description: 'A trainer on a lab network: a PLC trainer (Modbus TCP) or a robot cell (OPC UA).' })
export class StationNode extends Node {
  rowId!: string;
  organizationId!: string;
  @Field({ description: 'Code of the station in its lab, e.g. INEU-PLC-01.' }) code!: string;
  @Field({ description: 'Display name of the station.' }) name!: string;
  @Field(() => StationKind, { description: 'Kind of trainer.' }) kind!: StationKind;
  @Field(() => StationProtocol, { description: 'How the station is reached: Modbus TCP or OPC UA.' }) protocol!: StationProtocol;
  @Field(() => String, { nullable: true, description: 'Modbus TCP host.' }) host!: string | null;
  @Field(() => Int, { nullable: true, description: 'Modbus TCP port.' }) port!: number | null;
  @Field(() => Int, { nullable: true, description: 'Modbus unit id.' }) unitId!: number | null;
  @Field(() => Int, {
    description:
      'Modbus TCP: the most requests the lab runtime keeps on the wire at once. 1 (the default) waits for each answer before the next request, which every device serves; higher values pipeline the reads of one poll, for devices known to queue requests.',
  })
  maxRequestsInFlight!: number;
  @Field(() => String, { nullable: true, description: 'OPC UA endpoint URL.' }) endpointUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'OPC UA security mode.' }) securityMode!: string | null;
  @Field(() => String, { nullable: true, description: 'OPC UA security policy.' }) securityPolicy!: string | null;
  @Field(() => String, { nullable: true, description: 'OPC UA user name (the password is never stored nor shown).' }) userName!: string | null;
  @Field(() => Int, { description: 'Modbus poll period / OPC UA sampling interval, ms.' }) samplingMs!: number;
  @Field(() => StationRunner, { description: "Where its sessions run: the API's own lab runtime or the lab's agent." }) runner!: StationRunner;
  @Field(() => GraphQLJSONObject, { description: "The tag map naming the signals (the shape of the stand-ins' tagmap.json)." }) tagMap!: object;
  @Field({
    description:
      'Whether the station is a software stand-in (simulators/): only a stand-in can be operated from the browser through `operateTrainer`; a real trainer is operated at its own panel.',
  })
  standIn!: boolean;
}

/** API shape of a station. */
export function toStationNode(row: Station): StationNode {
  return Object.assign(new StationNode(), {
    id: toGlobalId('Station', row.id),
    rowId: row.id,
    organizationId: row.organization.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    protocol: row.protocol,
    host: row.host ?? null,
    port: row.port ?? null,
    unitId: row.unitId ?? null,
    maxRequestsInFlight: row.maxRequestsInFlight ?? 1,
    endpointUrl: row.endpointUrl ?? null,
    securityMode: row.securityMode ?? null,
    securityPolicy: row.securityPolicy ?? null,
    userName: row.userName ?? null,
    samplingMs: row.samplingMs,
    runner: row.runner,
    tagMap: row.tagMap,
    standIn: row.standIn ?? false,
  });
}

@ObjectType('ExerciseStepInfo', { description: 'A step of an exercise: what must become true.' })
export class ExerciseStepInfo {
  @Field({ description: 'Id of the step within the exercise, as named in session reasons.' }) stepId!: string;
  @Field(() => LocalizedTextType, { description: 'Title in Kazakh, Russian and English.' }) title!: LocalizedTextType;
  @Field({ description: 'Condition in the exercise condition language.' }) condition!: string;
  @Field(() => Int, { description: 'Time limit from activation, ms.' }) timeLimitMs!: number;
  @Field(() => Int, { description: 'Points earned when the step is done in time.' }) points!: number;
}

@ObjectType('SafetyInvariantInfo', { description: 'A condition that must never hold during the run.' })
export class SafetyInvariantInfo {
  @Field({ description: 'Id of the invariant within the exercise, as named in session reasons.' }) invariantId!: string;
  @Field(() => LocalizedTextType, { description: 'Title in Kazakh, Russian and English.' }) title!: LocalizedTextType;
  @Field({ description: 'Condition in the exercise condition language that must never become true.' }) condition!: string;
  @Field({ description: '`fail` ends the run at once; `penalty` costs points.' }) severity!: string;
}

@ObjectType('Exercise', { implements: Node, description: 'One version of a simulator exercise from the catalogue (data in fixtures/exercises).' })
export class ExerciseNode extends Node {
  rowId!: string;
  @Field({ description: 'The exercise id, e.g. plc.safe-start-up.' }) exerciseId!: string;
  @Field(() => Int, { description: 'Version of the exercise; each version is a separate Exercise object.' }) version!: number;
  @Field(() => StationKind, { description: 'Kind of station it runs on.' }) stationKind!: StationKind;
  @Field(() => [String], { description: 'Codes of the hazard categories it trains.' }) hazardCategories!: string[];
  @Field(() => LocalizedTextType, { description: 'Title in Kazakh, Russian and English.' }) title!: LocalizedTextType;
  @Field(() => LocalizedTextType, { description: 'Instructions for the student, in Kazakh, Russian and English.' }) instructions!: LocalizedTextType;
  @Field(() => Int, { description: 'Overall time limit, ms.' }) timeLimitMs!: number;
  @Field(() => Int, { description: 'Minimum score, in points, to pass.' }) passMark!: number;
  @Field(() => Int, { description: 'Highest possible score, in points.' }) maxScore!: number;
  @Field(() => [ExerciseStepInfo], { description: 'The steps, in order.' }) steps!: ExerciseStepInfo[];
  @Field(() => [SafetyInvariantInfo], { description: 'Safety invariants checked throughout the run.' }) invariants!: SafetyInvariantInfo[];
}

/** API shape of an exercise version. */
export function toExerciseNode(row: Exercise): ExerciseNode {
  const def = row.definition;
  return Object.assign(new ExerciseNode(), {
    id: toGlobalId('Exercise', row.id),
    rowId: row.id,
    exerciseId: row.code,
    version: row.version,
    stationKind: row.stationKind,
    hazardCategories: row.hazardCategories,
    title: toLocalizedText(row.title),
    instructions: toLocalizedText(row.instructions),
    timeLimitMs: def.timeLimitMs,
    passMark: def.passMark,
    maxScore: def.maxScore,
    steps: def.blocks
      .flatMap((b) => b.steps)
      .map((s) =>
        Object.assign(new ExerciseStepInfo(), {
          stepId: s.id,
          title: toLocalizedText(s.title),
          condition: s.condition,
          timeLimitMs: s.timeLimitMs,
          points: s.points,
        }),
      ),
    invariants: def.invariants.map((i) =>
      Object.assign(new SafetyInvariantInfo(), { invariantId: i.id, title: toLocalizedText(i.title), condition: i.condition, severity: i.severity }),
    ),
  });
}

@ObjectType('SessionReason', { description: 'Why a session ended as it did: the failed step or broken invariant, a lost link, an abort.' })
export class SessionReasonNode {
  @Field({
    description:
      'STEP_TIME_LIMIT, INVARIANT_BROKEN, OVERALL_TIME_LIMIT, SCORE_BELOW_PASS_MARK, LINK_LOST, START_STATE_NOT_MET, RUNTIME_LOST, ABORTED_BY_INSTRUCTOR, VERDICT_NOT_STORED (the verdict could not be stored; ended on the stored evidence) or VERDICT_NOT_REPRODUCED (a PASSED verdict reported by a lab agent that its stored evidence, re-judged on the server, does not give).',
  })
  code!: string;
  @Field(() => String, { nullable: true, description: 'The step concerned.' }) stepId!: string | null;
  @Field(() => String, { nullable: true, description: 'The safety invariant concerned.' }) invariantId!: string | null;
  @Field(() => LocalizedTextType, { nullable: true, description: 'Title of that step or invariant, for people.' }) title!: LocalizedTextType | null;
  @Field({ description: 'When it happened.' }) at!: Date;
  @Field({ description: 'Explanation (English, for logs and the instructor).' }) message!: string;
}

/** API shape of a verdict reason, with the title of its step or invariant from the exercise. */
export function toSessionReasonNode(reason: VerdictReason, exercise: Exercise | null): SessionReasonNode {
  const def = exercise?.definition;
  let title: LocalizedText | undefined;
  if (reason.stepId) title = def?.blocks.flatMap((b) => b.steps).find((s) => s.id === reason.stepId)?.title;
  if (reason.invariantId) title = def?.invariants.find((i) => i.id === reason.invariantId)?.title;
  return Object.assign(new SessionReasonNode(), {
    code: reason.code,
    stepId: reason.stepId ?? null,
    invariantId: reason.invariantId ?? null,
    title: title ? toLocalizedText(title) : null,
    at: new Date(reason.at),
    message: reason.message,
  });
}

@ObjectType('TrainingSession', { implements: Node, description: 'One run of one exercise by one student on one station, with its verdict and evidence.' })
export class TrainingSessionNode extends Node {
  rowId!: string;
  studentId!: string;
  stationId!: string;
  exerciseRowId!: string;
  labId!: string;
  rawReasons!: VerdictReason[];
  @Field(() => SessionStatus, { description: 'RUNNING, then the verdict.' }) status!: SessionStatus;
  @Field(() => SessionStatus, { nullable: true, description: 'The verdict; null while RUNNING.' }) verdict!: SessionStatus | null;
  @Field(() => Int, { nullable: true, description: 'Points earned; null until there is a score.' }) score!: number | null;
  @Field(() => Int, { nullable: true, description: 'Highest possible score, in points, of the exercise version run; null when not recorded.' }) maxScore!:
    number | null;
  @Field(() => Int, { nullable: true, description: 'Minimum score, in points, to pass; null when not recorded.' }) passMark!: number | null;
  @Field({ description: 'When the session was started (requested); the run itself begins at runStartedAt.' }) startedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the run began (station in its start state).' }) runStartedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the session ended; null while RUNNING.' }) endedAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'seq of the last evidence event the verdict rests on.' }) lastSeq!: number | null;
}

/** API shape of a training session. */
export function toTrainingSessionNode(row: TrainingSession): TrainingSessionNode {
  return Object.assign(new TrainingSessionNode(), {
    id: toGlobalId('TrainingSession', row.id),
    rowId: row.id,
    studentId: row.student.id,
    stationId: row.station.id,
    exerciseRowId: row.exercise.id,
    labId: row.lab.id,
    rawReasons: row.reasons ?? [],
    status: row.status,
    verdict: row.status === SessionStatus.RUNNING ? null : row.status,
    score: row.score ?? null,
    maxScore: row.maxScore ?? null,
    passMark: row.passMark ?? null,
    startedAt: row.startedAt,
    runStartedAt: row.runStartedAt ?? null,
    endedAt: row.endedAt ?? null,
    lastSeq: row.lastSeq ?? null,
  });
}

@ObjectType('SessionEvent', { description: 'One item of the evidence timeline: a signal change, a judge finding, an action, a link change.' })
export class SessionEventNode {
  @Field(() => Int, { description: '1, 2, 3 … within the session, without gaps.' }) seq!: number;
  @Field({ description: 'When it was observed (ms precision).' }) at!: Date;
  @Field({ description: 'snapshot, signal, finding, action, link or start-state.' }) type!: string;
  @Field(() => String, { nullable: true, description: 'Signal name, for `signal` events.' }) tag!: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Signal value, for `signal` events.' }) value!: unknown;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'What else the event says (finding, action, link state, snapshot values).' }) details!:
    object | null;
}

/** API shape of a stored event. */
export function toSessionEventNode(row: SessionEvent): SessionEventNode {
  return Object.assign(new SessionEventNode(), {
    seq: row.seq,
    at: row.at,
    type: row.type,
    tag: row.tag ?? null,
    value: row.value ?? null,
    details: row.details ?? null,
  });
}

/** API shape of an event as the runtime reported it (subscriptions, before a re-read). */
export function labEventToNode(event: LabEvent): SessionEventNode {
  const { seq, at, type, ...rest } = event as LabEvent & { tag?: string; value?: unknown };
  const { tag, value, ...details } = rest as { tag?: string; value?: unknown } & Record<string, unknown>;
  return Object.assign(new SessionEventNode(), {
    seq,
    at: new Date(at),
    type,
    tag: type === 'signal' ? (tag ?? null) : null,
    value: type === 'signal' ? (value ?? null) : null,
    details: Object.keys(details).length > 0 ? details : null,
  });
}

@ObjectType('SessionEventsUpdate', { description: 'New evidence of a session, pushed as it is stored; the last update carries the verdict.' })
export class SessionEventsUpdate {
  sessionRowId!: string;
  @Field(() => [SessionEventNode], { description: 'The new events, in seq order.' }) events!: SessionEventNode[];
  @Field(() => SessionStatus, { description: 'RUNNING, or the verdict on the last update.' }) status!: SessionStatus;
}

@ObjectType('StationHealthUpdate', { description: "A station's link health, pushed about once a second while it is linked." })
export class StationHealthUpdate {
  stationRowId!: string;
  @Field(() => ID, { description: 'Global id of the station.' }) stationId!: string;
  @Field(() => StationHealthNode, { description: 'The link health now.' }) health!: StationHealthNode;
}

export const StationConnection = connectionType(StationNode, 'Station');
export const ExerciseConnection = connectionType(ExerciseNode, 'Exercise');
export const TrainingSessionConnection = connectionType(TrainingSessionNode, 'TrainingSession');
export const SessionEventConnection = connectionType(SessionEventNode, 'SessionEvent');

export const LabUserError = userErrorType('LabUserError', LabErrorCode, 'Rules of the simulator classroom (stations and training sessions).');

@InputType({ description: 'Narrows the stations list.' })
export class StationFilter {
  @Field(() => ID, { nullable: true, description: 'Only stations of this lab (organisation).' }) organizationId?: string;
  @Field(() => StationKind, { nullable: true, description: 'Only stations of this kind.' }) kind?: StationKind;
}

@InputType({ description: 'Narrows the exercise catalogue.' })
export class ExerciseFilter {
  @Field(() => StationKind, { nullable: true, description: 'Only exercises for this kind of station.' }) stationKind?: StationKind;
  @Field({ nullable: true, description: 'Only exercises training this hazard category code.' }) @MaxLength(60) hazardCategory?: string;
  @Field({ nullable: true, description: 'Only versions of this exercise id, e.g. plc.safe-start-up.' }) @MaxLength(100) exerciseId?: string;
}

@InputType({ description: 'Narrows the training sessions list.' })
export class TrainingSessionFilter {
  @Field(() => [SessionStatus], { nullable: true, description: 'Only sessions in one of these statuses.' }) statuses?: SessionStatus[];
  @Field(() => ID, { nullable: true, description: 'Only sessions of this student (global id of a Person).' }) studentId?: string;
  @Field(() => ID, { nullable: true, description: 'Only sessions on this station (global id of a Station).' }) stationId?: string;
  @Field(() => ID, { nullable: true, description: 'Only sessions of this lab (organisation).' }) labId?: string;
  @Field({ nullable: true, description: 'Only sessions of this exercise id, e.g. plc.safe-start-up.' }) @MaxLength(100) exerciseId?: string;
}

@InputType({ description: "A trainer of the caller's lab. The OPC UA password is never sent: name the secret that holds it on the runtime's machine." })
export class RegisterStationInput {
  @Field({ description: 'Unique code, e.g. INEU-PLC-02.' }) @MinLength(2) @MaxLength(60) code!: string;
  @Field({ description: 'Display name (1–200 characters).' }) @MinLength(1) @MaxLength(200) name!: string;
  @Field(() => StationKind, { description: 'Kind of trainer.' }) kind!: StationKind;
  @Field(() => StationProtocol, { description: 'How the station is reached; decides which address fields apply.' }) protocol!: StationProtocol;
  @Field({ nullable: true, description: 'Modbus TCP host name or IP address.' }) @MaxLength(255) host?: string;
  @Field(() => Int, { nullable: true, description: 'Modbus TCP port (1–65535).' }) @Min(1) @Max(65535) port?: number;
  @Field(() => Int, { nullable: true, description: 'Modbus unit id (0–255).' }) @Min(0) @Max(255) unitId?: number;
  @Field(() => Int, {
    nullable: true,
    description:
      'Modbus TCP: the most requests on the wire at once (1–64); default 1, because many PLCs and serial gateways serve one transaction at a time and drop or mix up pipelined requests. Raise it only for a device known to queue requests: the reads of one poll then go out together.',
  })
  @Min(1)
  @Max(64)
  maxRequestsInFlight?: number;
  @Field({ nullable: true, description: 'OPC UA endpoint URL, e.g. opc.tcp://host:4840.' }) @MaxLength(500) endpointUrl?: string;
  @Field({ nullable: true, description: 'None, Sign or SignAndEncrypt.' }) @MaxLength(20) securityMode?: string;
  @Field({ nullable: true, description: 'e.g. Basic256Sha256.' }) @MaxLength(40) securityPolicy?: string;
  @Field({ nullable: true, description: 'OPC UA user name; the password is the secret named by passwordSecret.' }) @MaxLength(100) userName?: string;
  @Field({
    nullable: true,
    description:
      'Name of the secret of your organisation that holds the OPC UA password (the password itself is never sent nor shown). For an API-run station it must be a secret your organisation registered (else SECRET_NOT_FOUND); a lab agent looks the name up on its own machine.',
  })
  @MaxLength(100)
  passwordSecret?: string;
  @Field({
    nullable: true,
    deprecationReason: 'Refused (PASSWORD_ENV_REFUSED): the server no longer reads its environment for a station. Use passwordSecret.',
    description: 'Deprecated: use passwordSecret. Any value is refused with PASSWORD_ENV_REFUSED.',
  })
  @MaxLength(100)
  passwordEnv?: string;
  @Field(() => GraphQLJSONObject, { description: "Tag map, e.g. the content of a stand-in's tagmap.json." }) tagMap!: object;
  @Field(() => Int, { nullable: true, description: 'Poll / sampling period, ms; default 50.' }) @Min(5) @Max(10000) samplingMs?: number;
  @Field(() => StationRunner, { nullable: true, description: 'Default API.' }) runner?: StationRunner;
  @Field({
    nullable: true,
    description:
      'Default false. True for a software stand-in (simulators/): its operator panel may then be operated through `operateTrainer` by the student of a running session. Leave it false for a real trainer.',
  })
  standIn?: boolean;
}

@ObjectType({
  description: 'What `registerStation` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class RegisterStationPayload {
  @Field(() => StationNode, { nullable: true, description: 'The new station; null when there are userErrors.' }) station!: StationNode | null;
  @Field(() => [LabUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof LabUserError>[];
}

@ObjectType('StationSecret', {
  description: 'A secret your organisation registered for its stations (e.g. an OPC UA password). Write-only: the value is never returned.',
})
export class StationSecretNode {
  @Field({ description: 'The name stations refer to (`RegisterStationInput.passwordSecret`).' }) name!: string;
  @Field({ description: 'When it was first set.' }) createdAt!: Date;
  @Field({ description: 'When its value was last set (rotation).' }) updatedAt!: Date;
}

@InputType({ description: 'Sets (or rotates) a secret of your organisation for its stations.' })
export class SetStationSecretInput {
  @Field({ description: 'Name, 1–100 characters of letters, digits, `.`, `_`, `-`.' }) name!: string;
  @Field({ description: 'The secret value, 1–1024 characters. Stored sealed (AES-256-GCM envelope); never returned or logged.' }) value!: string;
}

@InputType({ description: 'Deletes a secret of your organisation; stations naming it can no longer connect with a password.' })
export class DeleteStationSecretInput {
  @Field({ description: 'Name of the secret.' }) name!: string;
}

@ObjectType({
  description:
    'What `setStationSecret` and `deleteStationSecret` return: the secret (never its value), or the rules broken in `userErrors` (then nothing was changed).',
})
export class StationSecretPayload {
  @Field(() => StationSecretNode, { nullable: true, description: 'The secret as stored (for a deletion: as it was); null when there are userErrors.' })
  secret!: StationSecretNode | null;
  @Field(() => [LabUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof LabUserError>[];
}

/** A stored secret as the API shows it: name and times, never the value. */
export function toStationSecretNode(row: { name: string; createdAt: Date; updatedAt: Date }): StationSecretNode {
  return { name: row.name, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

@InputType({ description: 'Start an exercise for a student on a station of your lab.' })
export class StartSessionInput {
  @Field(() => ID, { description: 'Global id of the student (Person).' }) studentId!: string;
  @Field(() => ID, { description: 'Global id of the exercise version (Exercise).' }) exerciseId!: string;
  @Field(() => ID, { description: 'Global id of the station.' }) stationId!: string;
}

@ObjectType({
  description:
    'What a training-session mutation returns: the session when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class TrainingSessionPayload {
  @Field(() => TrainingSessionNode, { nullable: true, description: 'The session after the change; null when there are userErrors.' })
  session!: TrainingSessionNode | null;
  @Field(() => [LabUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<typeof LabUserError>[];
}

@InputType({ description: 'Input of the `abortSession` mutation.' })
export class AbortSessionInput {
  @Field(() => ID, { description: 'Global id of the TrainingSession to abort.' }) sessionId!: string;
}

@ObjectType('LabAgentAssignment', { description: 'A session a lab agent is to run: the station, the exercise definition, the student.' })
export class LabAgentAssignment {
  @Field(() => ID, { description: 'Row id of the session (the runtime uses it as sessionId).' }) sessionId!: string;
  @Field(() => GraphQLJSONObject, {
    description: 'Station as the runtime needs it (no password: the agent resolves the secret named by passwordEnv on its own machine).',
  })
  station!: object;
  @Field(() => GraphQLJSONObject, { description: 'The exercise definition.' }) exercise!: object;
  @Field({ description: 'Row id (not a global id) of the student.' }) studentId!: string;
  @Field(() => String, { nullable: true, description: 'Row id of the API key that started the session; null when unknown.' }) startedBy!: string | null;
}

@ObjectType('LabAgentWork', { description: 'What a lab agent is to do now.' })
export class LabAgentWork {
  @Field(() => [LabAgentAssignment], { description: 'Sessions to start now.' }) start!: LabAgentAssignment[];
  @Field(() => [ID], { description: 'Row ids of sessions the instructor asked to abort.' }) abort!: string[];
}

@InputType({ description: 'Input of `claimLabAgentWork`: the lab agent asks for sessions to run on its stations.' })
export class ClaimLabAgentWorkInput {
  @Field({ description: "The agent's runtime id (stable across restarts of one agent)." }) @MinLength(1) @MaxLength(200) runtimeId!: string;
}

@InputType({ description: 'A lab agent report; the payload is what the runtime handed its port.' })
export class LabAgentReportInput {
  @Field(() => GraphQLJSONObject, { description: 'The report object the runtime handed its port (opened, events, ended, health or runtimeStarted).' })
  report!: object;
}

@ObjectType({ description: 'What a lab agent report returns: whether it was stored, or why not in `userErrors`.' })
export class LabAgentReportPayload {
  @Field(() => Int, { description: 'Items applied (events stored, sessions interrupted…).' }) applied!: number;
}
