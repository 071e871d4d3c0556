import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import type { Application } from './application.entity';
import type { DualGroup } from './dual-group.entity';
import type { Enrolment } from './enrolment.entity';
import { EnrolmentErrorCode } from './enrolment.messages';
import { ApplicationStatus, InstructionLanguage } from './enrolment.rules';

registerEnumType(InstructionLanguage, { name: 'InstructionLanguage', description: 'Language of instruction of a dual group: Kazakh, Russian or English.' });
registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  description: 'Where an application to a dual group stands.',
  valuesConfig: {
    SUBMITTED: { description: 'Recorded, not decided yet.' },
    ACCEPTED: { description: 'Accepted: the student is enrolled in the group.' },
    WAITLISTED: { description: 'On the waiting list (may be accepted later if a place frees).' },
    REJECTED: { description: 'Rejected, with a reason.' },
  },
});
/** The decisions an HEI may take (a subset of ApplicationStatus). */
export enum ApplicationDecision {
  ACCEPTED = 'ACCEPTED',
  WAITLISTED = 'WAITLISTED',
  REJECTED = 'REJECTED',
}
registerEnumType(ApplicationDecision, {
  name: 'ApplicationDecision',
  description: 'ACCEPTED (enrols the student), WAITLISTED or REJECTED (both with a reason).',
});

export const EnrolmentUserError = userErrorType('EnrolmentUserError', EnrolmentErrorCode, 'Rules about dual groups, applications and enrolment.');

@ObjectType('DualGroup', { implements: Node, description: 'A dual-training group of an HEI for a programme and intake year.' })
export class DualGroupNode extends Node {
  rowId!: string;
  heiId!: string;
  curatorId?: string;
  @Field(() => ID, { description: 'Global id of the Program.' }) programId!: string;
  @Field({ description: "The HEI's group code." }) code!: string;
  @Field(() => Int, { description: 'Intake year.' }) intakeYear!: number;
  @Field(() => InstructionLanguage, { description: 'Language of instruction.' }) language!: InstructionLanguage;
  @Field(() => Int, { description: 'Places: accepting beyond them is refused.' }) places!: number;
  @Field(() => Int, { nullable: true, description: 'Minimum test score for acceptance; null when none.' }) minScore?: number;
}

export function toDualGroupNode(row: DualGroup): DualGroupNode {
  return Object.assign(new DualGroupNode(), {
    id: toGlobalId('DualGroup', row.id),
    rowId: row.id,
    heiId: row.hei.id,
    curatorId: row.curator?.id,
    programId: toGlobalId('Program', row.program.id),
    code: row.code,
    intakeYear: row.intakeYear,
    language: row.language,
    places: row.places,
    minScore: row.minScore,
  });
}

@ObjectType('ApplicationDocument', { description: 'A document attached to an application.' })
export class ApplicationDocumentNode {
  @Field({ description: 'Kind, e.g. `CERTIFICATE_GRADE_11`, `APPRENTICESHIP_CONTRACT`.' }) kind!: string;
  @Field({ description: 'Number of the document.' }) number!: string;
}

@ObjectType('Application', { implements: Node, description: "A student's application to a dual group. Visible only to the HEI applied to." })
export class ApplicationNode extends Node {
  studentId!: string;
  groupId!: string;
  @Field(() => [ApplicationDocumentNode], { description: 'Documents attached.' }) documents!: ApplicationDocumentNode[];
  @Field(() => Int, { description: 'Test score.' }) score!: number;
  @Field(() => ApplicationStatus, { description: 'SUBMITTED, ACCEPTED, WAITLISTED or REJECTED.' }) status!: ApplicationStatus;
  @Field({ nullable: true, description: 'Reason of the decision.' }) decisionReason?: string;
}

export function toApplicationNode(row: Application): ApplicationNode {
  return Object.assign(new ApplicationNode(), {
    id: toGlobalId('Application', row.id),
    studentId: row.student.id,
    groupId: row.group.id,
    documents: row.documents.map((d) => Object.assign(new ApplicationDocumentNode(), d)),
    score: row.score,
    status: row.status,
    decisionReason: row.decisionReason,
  });
}

@ObjectType('Enrolment', { implements: Node, description: 'A student enrolled in a programme and dual group of an HEI.' })
export class EnrolmentNode extends Node {
  heiId!: string;
  groupId!: string;
  @Field(() => ID, { description: 'Global id of the Program.' }) programId!: string;
  @Field(() => Int, { description: 'Intake year.' }) intakeYear!: number;
}

export function toEnrolmentNode(row: Enrolment): EnrolmentNode {
  return Object.assign(new EnrolmentNode(), {
    id: toGlobalId('Enrolment', row.id),
    heiId: row.hei.id,
    groupId: row.group.id,
    programId: toGlobalId('Program', row.program.id),
    intakeYear: row.intakeYear,
  });
}

export const DualGroupConnection = connectionType(DualGroupNode, 'DualGroup');
export const ApplicationConnection = connectionType(ApplicationNode, 'Application');

@InputType({ description: 'Input of `createDualGroup`.' })
export class CreateDualGroupInput {
  @Field(() => ID, { description: 'Global id of a Program of your HEI.' }) programId!: string;
  @Field({ description: 'Group code, unique within the HEI.' }) @MaxLength(40) code!: string;
  @Field(() => Int, { description: 'Intake year, this year to five years on.' }) intakeYear!: number;
  @Field(() => InstructionLanguage, { description: 'Language of instruction.' }) language!: InstructionLanguage;
  @Field(() => ID, { nullable: true, description: 'Global id of a curator (Person with role CURATOR at your HEI).' }) curatorId?: string;
  @Field(() => Int, { description: 'Places (1–500).' }) places!: number;
  @Field(() => Int, { nullable: true, description: 'Minimum test score (criterion).' }) minScore?: number;
}

@ObjectType({ description: 'What `createDualGroup` returns.' })
export class DualGroupPayload {
  @Field(() => DualGroupNode, { nullable: true, description: 'The group; null when there are userErrors.' }) group!: DualGroupNode | null;
  @Field(() => [EnrolmentUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof EnrolmentUserError
  >[];
}

@InputType({ description: 'A document of an application.' })
export class ApplicationDocumentInput {
  @Field({ description: 'Kind, e.g. `CERTIFICATE_GRADE_11`, `APPRENTICESHIP_CONTRACT`.' }) @MaxLength(60) kind!: string;
  @Field({ description: 'Number of the document.' }) @MaxLength(60) number!: string;
}

@InputType({ description: "Input of `submitApplication`: the HEI records a student's application to one of its groups." })
export class SubmitApplicationInput {
  @Field(() => ID, { description: 'Global id of the DualGroup.' }) groupId!: string;
  @Field(() => ID, { description: 'Global id of the student (Person).' }) studentId!: string;
  @Field(() => [ApplicationDocumentInput], { description: 'At least one document.' }) @ArrayMaxSize(20) documents!: ApplicationDocumentInput[];
  @Field(() => Int, { description: 'Test score (0–1000).' }) score!: number;
}

@InputType({ description: 'Input of `decideApplication`.' })
export class DecideApplicationInput {
  @Field(() => ID, { description: 'Global id of the Application.' }) applicationId!: string;
  @Field(() => ApplicationDecision, { description: 'The decision.' }) decision!: ApplicationDecision;
  @Field({ nullable: true, description: 'Reason (required to waitlist or reject).' }) @IsOptional() @MaxLength(2000) reason?: string;
}

@ObjectType({ description: 'What an application mutation returns.' })
export class ApplicationPayload {
  @Field(() => ApplicationNode, { nullable: true, description: 'The application; null when there are userErrors.' }) application!: ApplicationNode | null;
  @Field(() => [EnrolmentUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof EnrolmentUserError
  >[];
}
