import { ArrayMaxSize, IsOptional, Matches, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import { ReadinessErrorCode } from './readiness.messages';
import { ReadinessMode, type ReadinessPolicy } from './readiness-policy.entity';
import { ReadinessKind, type ReadinessRecord } from './readiness-record.entity';

registerEnumType(ReadinessMode, {
  name: 'ReadinessMode',
  description: 'How the exercises of a readiness policy combine.',
  valuesConfig: { ALL_OF: { description: 'Every listed exercise must be passed.' }, ANY_OF: { description: 'Any one listed exercise is enough.' } },
});
registerEnumType(ReadinessKind, {
  name: 'ReadinessKind',
  description: 'How a readiness record came to be.',
  valuesConfig: {
    SIMULATOR: { description: 'Earned by passing simulator exercise(s); recorded automatically by the lab.' },
    REFRESHER: { description: 'Renewed by a refresher exercise before it expired.' },
    MANUAL: { description: 'Training on real equipment, recorded by an instructor with evidence.' },
    REVOCATION: { description: 'Ends readiness in the category (with reason and who); a later pass restores it.' },
  },
});

export const ReadinessUserError = userErrorType(
  'ReadinessUserError',
  ReadinessErrorCode,
  'Rules about simulator readiness, policies, clearance and credentials.',
);

@ObjectType('RefresherRule', { description: 'Refresher rule: a pass of one of these exercises, made within windowDays before readiness expires, renews it.' })
export class RefresherRuleNode {
  @Field(() => [String], { description: 'Exercise ids (e.g. robot.safe-cell-entry) whose pass renews readiness.' }) exercises!: string[];
  @Field(() => Int, { description: 'How many days before readiness expires a refresher pass counts.' }) windowDays!: number;
}

@ObjectType('ReadinessPolicy', {
  implements: Node,
  description: 'One version of the readiness policy of a hazard category. A change makes a new version; records keep the version they were earned under.',
})
export class ReadinessPolicyNode extends Node {
  rowId!: string;
  hazardCategoryId!: string;
  @Field(() => Int, { description: '1, 2, 3 … per hazard category; the highest is current.' }) version!: number;
  @Field(() => ReadinessMode, { description: 'Whether every listed exercise must be passed (ALL_OF) or any one of them (ANY_OF).' }) mode!: ReadinessMode;
  @Field(() => [String], { description: 'Exercise ids that satisfy it (e.g. robot.safe-cell-entry); empty when only manual readiness applies.' })
  exercises!: string[];
  @Field(() => Int, { description: 'Minimum score (0–100) of a pass.' }) minScore!: number;
  @Field(() => Int, { description: 'Days readiness stays valid after it is earned.' }) validityDays!: number;
  @Field(() => RefresherRuleNode, {
    nullable: true,
    description: 'How readiness can be renewed before it expires; null when it cannot be renewed by a refresher.',
  })
  refresher!: RefresherRuleNode | null;
  @Field({ description: 'Whether training on real equipment recorded by an instructor earns it.' }) manualAllowed!: boolean;
  @Field(() => String, { nullable: true, description: 'Free-text note on this version, e.g. why it changed; null when none.' }) note!: string | null;
  @Field({ description: 'When this version was made.' }) createdAt!: Date;
}

/** API shape of a policy version. */
export function toReadinessPolicyNode(row: ReadinessPolicy): ReadinessPolicyNode {
  return Object.assign(new ReadinessPolicyNode(), {
    id: toGlobalId('ReadinessPolicy', row.id),
    rowId: row.id,
    hazardCategoryId: row.hazardCategory.id,
    version: row.version,
    mode: row.mode,
    exercises: row.exercises,
    minScore: row.minScore,
    validityDays: row.validityDays,
    refresher: row.refresher ? Object.assign(new RefresherRuleNode(), row.refresher) : null,
    manualAllowed: row.manualAllowed,
    note: row.note ?? null,
    createdAt: row.createdAt,
  });
}

@ObjectType('ReadinessEvidence', { description: 'What an instructor attached to manual readiness.' })
export class ReadinessEvidenceNode {
  @Field({ description: 'What was done, where, on which equipment.' }) description!: string;
  @Field(() => String, { nullable: true, description: 'Where the document lives.' }) uri!: string | null;
  @Field(() => String, { nullable: true, description: 'Hex SHA-256 of the document.' }) sha256!: string | null;
}

@ObjectType('ReadinessRecord', {
  implements: Node,
  description: "A fact about a student's readiness in a hazard category. Never changed: a newer record supersedes it.",
})
export class ReadinessRecordNode extends Node {
  rowId!: string;
  studentId!: string;
  hazardCategoryId!: string;
  policyId!: string | null;
  @Field(() => ReadinessKind, { description: 'How the record came to be: simulator pass, refresher, manual training or revocation.' }) kind!: ReadinessKind;
  @Field(() => [String], { description: 'Lab training sessions that earned it, oldest first.' }) sessionIds!: string[];
  @Field(() => String, { nullable: true, description: 'Exercise whose pass completed it.' }) exerciseId!: string | null;
  @Field(() => Int, { nullable: true, description: 'Version of that exercise; null when no exercise was involved.' }) exerciseVersion!: number | null;
  @Field(() => Int, { nullable: true, description: 'Score of that pass (0–100).' }) score!: number | null;
  @Field(() => String, { nullable: true, description: 'Lab station of that pass.' }) stationId!: string | null;
  @Field(() => String, { nullable: true, description: 'Who ran it: the instructor (person id) or the key that started the session.' }) instructorId!:
    string | null;
  @Field(() => ReadinessEvidenceNode, { nullable: true, description: 'For MANUAL records: the evidence the instructor attached; null otherwise.' })
  evidence!: ReadinessEvidenceNode | null;
  @Field({ description: 'When the readiness was earned (for a revocation: when it was revoked).' }) earnedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'End of validity (exclusive); null for a revocation.' }) validUntil!: Date | null;
  @Field(() => String, { nullable: true, description: 'For a revocation: why.' }) reason!: string | null;
  @Field({ description: '`lab` for automatic records, else the id of the API key that recorded it.' }) recordedBy!: string;
}

/** What {@link toReadinessRecordNode} reads of a record: the entity, or a row the clearance statement read (`ClearanceService.recordOf`). */
export type ReadinessRecordFields = Pick<
  ReadinessRecord,
  | 'id'
  | 'kind'
  | 'sessionIds'
  | 'exerciseId'
  | 'exerciseVersion'
  | 'score'
  | 'stationId'
  | 'instructorId'
  | 'evidence'
  | 'earnedAt'
  | 'validUntil'
  | 'reason'
  | 'recordedBy'
> & { student: { id: string }; hazardCategory: { id: string }; policy?: { id: string } };

/** API shape of a readiness record. */
export function toReadinessRecordNode(row: ReadinessRecordFields): ReadinessRecordNode {
  return Object.assign(new ReadinessRecordNode(), {
    id: toGlobalId('ReadinessRecord', row.id),
    rowId: row.id,
    studentId: row.student.id,
    hazardCategoryId: row.hazardCategory.id,
    policyId: row.policy?.id ?? null,
    kind: row.kind,
    sessionIds: row.sessionIds,
    exerciseId: row.exerciseId ?? null,
    exerciseVersion: row.exerciseVersion ?? null,
    score: row.score ?? null,
    stationId: row.stationId ?? null,
    instructorId: row.instructorId ?? null,
    evidence: row.evidence
      ? Object.assign(new ReadinessEvidenceNode(), {
          description: row.evidence.description,
          uri: row.evidence.uri ?? null,
          sha256: row.evidence.sha256 ?? null,
        })
      : null,
    earnedAt: row.earnedAt,
    validUntil: row.validUntil ?? null,
    reason: row.reason ?? null,
    recordedBy: row.recordedBy,
  });
}

/** What a clearance knows of a category's latest record without reading its row. */
export interface ReadinessRecordSummary {
  id: string;
  studentId: string;
  hazardCategoryId: string;
  kind: ReadinessKind;
  earnedAt: Date;
  validUntil: Date | null;
}

/**
 * API shape of a readiness record as a clearance read it without its row: only the fields of
 * `RECORD_SUMMARY_FIELDS` are set. A clearance hands it out only when the selection asks no other
 * field of the record (clearanceProjection); for any other field it reads the whole row.
 */
export function toReadinessRecordSummaryNode(summary: ReadinessRecordSummary): ReadinessRecordNode {
  return Object.assign(new ReadinessRecordNode(), {
    id: toGlobalId('ReadinessRecord', summary.id),
    rowId: summary.id,
    studentId: summary.studentId,
    hazardCategoryId: summary.hazardCategoryId,
    kind: summary.kind,
    earnedAt: summary.earnedAt,
    validUntil: summary.validUntil,
  });
}

export const ReadinessRecordConnection = connectionType(ReadinessRecordNode, 'ReadinessRecord');
export const ReadinessPolicyConnection = connectionType(ReadinessPolicyNode, 'ReadinessPolicy');

@InputType({ description: 'Refresher rule of a readiness policy: passing one of these exercises shortly before readiness expires renews it.' })
export class RefresherRuleInput {
  @Field(() => [String], { description: 'Exercise ids (e.g. robot.safe-cell-entry) whose pass renews readiness.' }) @ArrayMaxSize(20) exercises!: string[];
  @Field(() => Int, { description: 'How many days before readiness expires a refresher pass counts.' }) windowDays!: number;
}

@InputType({ description: "The next version of a hazard category's readiness policy (coordinator or industry council)." })
export class ChangeReadinessPolicyInput {
  @Field({ description: 'e.g. ROBOT_CELL' }) @MaxLength(60) hazardCategoryCode!: string;
  @Field(() => ReadinessMode, { description: 'Whether every listed exercise must be passed (ALL_OF) or any one of them (ANY_OF).' }) mode!: ReadinessMode;
  @Field(() => [String], { description: 'Exercise ids that satisfy the policy, e.g. robot.safe-cell-entry; may be empty when only manual readiness applies.' })
  @ArrayMaxSize(20)
  exercises!: string[];
  @Field(() => Int, { description: 'Minimum score (0–100) of a pass.' }) minScore!: number;
  @Field(() => Int, { description: 'Days readiness stays valid after it is earned.' }) validityDays!: number;
  @Field(() => RefresherRuleInput, { nullable: true, description: 'Refresher rule; null or absent for none.' }) refresher?: RefresherRuleInput | null;
  @Field(() => Boolean, { nullable: true, description: 'Default true.' }) manualAllowed?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Free-text note on this version, e.g. why it changed.' }) @IsOptional() @MaxLength(1000) note?:
    string | null;
}

@ObjectType({
  description: 'What `changeReadinessPolicy` returns: the result when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class ChangeReadinessPolicyPayload {
  @Field(() => ReadinessPolicyNode, { nullable: true, description: 'The new policy version; null when there are userErrors.' })
  policy!: ReadinessPolicyNode | null;
  @Field(() => [ReadinessUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof ReadinessUserError
  >[];
}

@InputType({ description: 'Evidence an instructor attaches to manual readiness (training on real equipment).' })
export class ReadinessEvidenceInput {
  @Field({ description: 'What was done, where, on which equipment.' }) @MaxLength(2000) description!: string;
  @Field(() => String, { nullable: true, description: 'Where the document lives, e.g. a URL in your document system.' }) @IsOptional() @MaxLength(1000) uri?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Hex SHA-256 of the document.' }) @IsOptional() @Matches(/^[0-9a-fA-F]{64}$/) sha256?: string | null;
}

@InputType({ description: 'Readiness from training on real equipment, vouched for by an instructor.' })
export class RecordManualReadinessInput {
  @Field(() => ID, { description: 'Global id of the student (Person).' }) studentId!: string;
  @Field({ description: 'Hazard category code, e.g. ROBOT_CELL.' }) @MaxLength(60) hazardCategoryCode!: string;
  @Field(() => ID, { description: 'Lab instructor, mentor or safety officer of your organisation.' }) instructorId!: string;
  @Field(() => Date, { nullable: true, description: 'When the training took place; default now; not in the future.' }) earnedAt?: Date | null;
  @Field(() => ReadinessEvidenceInput, { description: 'What the training was and where its document lives.' }) evidence!: ReadinessEvidenceInput;
}

@InputType({ description: 'Input of the `revokeReadiness` mutation.' })
export class RevokeReadinessInput {
  @Field(() => ID, { description: 'Global id of the student (Person).' }) studentId!: string;
  @Field({ description: 'Hazard category code, e.g. ROBOT_CELL.' }) @MaxLength(60) hazardCategoryCode!: string;
  @Field({ description: 'Why; kept on the revocation record.' }) @MinLength(1) @MaxLength(1000) reason!: string;
}

@ObjectType({
  description: 'What a readiness mutation returns: the new readiness record, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class ReadinessRecordPayload {
  @Field(() => ReadinessRecordNode, { nullable: true, description: 'The new readiness record; null when there are userErrors.' })
  readiness!: ReadinessRecordNode | null;
  @Field(() => [ReadinessUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof ReadinessUserError
  >[];
}
