import { IsOptional, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DATE_PATTERN } from '../agreements';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import type { MentorTraining } from './mentor-training.entity';
import { MentoringErrorCode } from './mentoring.messages';

@ObjectType('MentorTraining', {
  implements: Node,
  description: "A mentor's pedagogical training, recorded by the mentor's employer. A mentor can be assigned to a placement only while one is valid.",
})
export class MentorTrainingNode extends Node {
  rowId!: string;
  mentorId!: string;
  employerId!: string;
  @Field({ description: 'Course title.' }) course!: string;
  @Field({ description: 'Who ran the course.' }) provider!: string;
  @Field(() => Int, { description: 'Academic hours of the course.' }) hours!: number;
  @Field({ description: 'Day the course was completed (YYYY-MM-DD).' }) completedOn!: string;
  @Field({ description: 'Last day the training counts (YYYY-MM-DD, inclusive).' }) validUntil!: string;
  @Field(() => String, { nullable: true, description: "The mentor's professional qualification." }) qualification!: string | null;
  @Field(() => String, { nullable: true, description: 'Certificate number of the course.' }) certificateNumber!: string | null;
}

/** API shape of a mentor training. */
export function toMentorTrainingNode(row: MentorTraining): MentorTrainingNode {
  return Object.assign(new MentorTrainingNode(), {
    id: toGlobalId('MentorTraining', row.id),
    rowId: row.id,
    mentorId: row.mentor.id,
    employerId: row.employer.id,
    course: row.course,
    provider: row.provider,
    hours: row.hours,
    completedOn: row.completedOn,
    validUntil: row.validUntil,
    qualification: row.qualification ?? null,
    certificateNumber: row.certificateNumber ?? null,
  });
}

export const MentorTrainingConnection = connectionType(MentorTrainingNode, 'MentorTraining');

export const MentoringUserError = userErrorType('MentoringUserError', MentoringErrorCode, "Rules about mentors' pedagogical training.");

@InputType({ description: "Records a mentor's pedagogical training, by the mentor's employer." })
export class RecordMentorTrainingInput {
  @Field(() => ID, { description: 'The mentor: global id of a Person with the MENTOR role at the employer.' }) mentorId!: string;
  @Field(() => ID, { description: "The mentor's employer (global id of an Organization); must be your own." }) employerId!: string;
  @Field({ description: 'Course title.' }) @MaxLength(300) course!: string;
  @Field({ description: 'Who ran the course.' }) @MaxLength(300) provider!: string;
  @Field(() => Int, { description: 'Academic hours, 1–2000.' }) hours!: number;
  @Field({ description: 'Completion day, YYYY-MM-DD; not in the future.' }) @Matches(DATE_PATTERN) completedOn!: string;
  @Field({ description: 'Last valid day, YYYY-MM-DD, after the completion day.' }) @Matches(DATE_PATTERN) validUntil!: string;
  @Field({ nullable: true, description: "The mentor's professional qualification." }) @IsOptional() @MaxLength(300) qualification?: string;
  @Field({ nullable: true, description: 'Certificate number of the course.' }) @IsOptional() @MaxLength(100) certificateNumber?: string;
}

@ObjectType({ description: 'What recordMentorTraining returns: the training, or the rules it would break (then nothing was written).' })
export class MentorTrainingPayload {
  @Field(() => MentorTrainingNode, { nullable: true, description: 'The recorded training; null when there are userErrors.' })
  mentorTraining!: MentorTrainingNode | null;
  @Field(() => [MentoringUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof MentoringUserError
  >[];
}
