import { ArrayMaxSize, IsOptional, Matches, MaxLength } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DATE_PATTERN } from '../agreements';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import { AssessmentErrorCode } from './assessment.messages';
import type { ExamResult } from './exam-result.entity';
import { CommissionSide, type ExamAdmission, type ExamCommissionMember, type ProductionExam } from './production-exam.entity';

registerEnumType(CommissionSide, {
  name: 'CommissionSide',
  description: 'Side of the 50/50 production-exam commission.',
  valuesConfig: {
    ENTERPRISE: { description: 'A representative of the exam’s enterprise.' },
    THIRD_PARTY: { description: 'An expert of a third-party educational organisation or partner enterprise (never the students’ own HEI).' },
  },
});

@ObjectType('ProductionExam', {
  implements: Node,
  description: 'A production exam of a programme: theory questions and a qualification work, on materials approved at least a month before.',
})
export class ProductionExamNode extends Node {
  rowId!: string;
  programId!: string;
  heiId!: string;
  employerId!: string;
  @Field({ description: 'Exam day (YYYY-MM-DD).' }) examDate!: string;
  @Field({ description: 'Day the control and measuring materials were approved (YYYY-MM-DD).' }) materialsApprovedOn!: string;
  @Field({ description: 'Theory questions (topics).' }) theory!: string;
  @Field({ description: 'The qualification work.' }) qualificationWork!: string;
}

/** API shape of an exam. */
export function toProductionExamNode(row: ProductionExam): ProductionExamNode {
  return Object.assign(new ProductionExamNode(), {
    id: toGlobalId('ProductionExam', row.id),
    rowId: row.id,
    programId: row.program.id,
    heiId: row.hei.id,
    employerId: row.employer.id,
    examDate: row.examDate,
    materialsApprovedOn: row.materialsApprovedOn,
    theory: row.theory,
    qualificationWork: row.qualificationWork,
  });
}

@ObjectType('ExamCommissionMember', { description: 'A member of a production-exam commission.' })
export class ExamCommissionMemberNode {
  @Field(() => ID, { description: 'The member (global id of a Person).' }) personId!: string;
  @Field(() => ID, { description: 'The organisation represented (global id of an Organization).' }) organizationId!: string;
  @Field(() => CommissionSide, { description: 'Which side of the 50/50 the member sits on.' }) side!: CommissionSide;
}

/** API shape of a commission member. */
export function toCommissionMemberNode(row: ExamCommissionMember): ExamCommissionMemberNode {
  return Object.assign(new ExamCommissionMemberNode(), {
    personId: toGlobalId('Person', row.person.id),
    organizationId: toGlobalId('Organization', row.organization.id),
    side: row.side,
  });
}

@ObjectType('ExamAdmission', { description: 'The expanded pedagogical council’s decision on one student’s admission.' })
export class ExamAdmissionNode {
  @Field(() => ID, { description: 'The placement (global id).' }) placementId!: string;
  @Field({ description: 'Day of the council.' }) councilDate!: string;
  @Field({ description: 'Whether the student is admitted.' }) admitted!: boolean;
  @Field({ description: 'The council’s reason.' }) reason!: string;
  @Field(() => String, { nullable: true, description: 'The recorded exception admitting a student below the required signed hours.' }) exception!:
    string | null;
  @Field({ description: 'Signed logbook hours when the council decided.' }) signedHours!: number;
  @Field(() => Number, { nullable: true, description: 'Required hours (the practice plan’s planned hours) when the council decided.' }) requiredHours!:
    number | null;
}

/** API shape of an admission decision. */
export function toExamAdmissionNode(row: ExamAdmission): ExamAdmissionNode {
  return Object.assign(new ExamAdmissionNode(), {
    placementId: toGlobalId('Placement', row.placement.id),
    councilDate: row.councilDate,
    admitted: row.admitted,
    reason: row.reason,
    exception: row.exception ?? null,
    signedHours: row.hoursAtDecision.signed,
    requiredHours: row.hoursAtDecision.required,
  });
}

export const AssessmentUserError = userErrorType('AssessmentUserError', AssessmentErrorCode, 'Rules about the production exam, its commission and admission.');

@InputType({ description: 'Schedules a production exam, by the programme’s HEI.' })
export class ScheduleProductionExamInput {
  @Field(() => ID, { description: 'Global id of a Program of your HEI.' }) programId!: string;
  @Field(() => ID, { description: 'The enterprise that co-drafted the materials (global id of an Organization of kind EMPLOYER).' }) employerId!: string;
  @Field({ description: 'Exam day, YYYY-MM-DD.' }) @Matches(DATE_PATTERN) examDate!: string;
  @Field({ description: 'Day the control and measuring materials were approved; at least one calendar month before the exam.' })
  @Matches(DATE_PATTERN)
  materialsApprovedOn!: string;
  @Field({ description: 'Theory questions (topics).' }) @MaxLength(4000) theory!: string;
  @Field({ description: 'The qualification work.' }) @MaxLength(4000) qualificationWork!: string;
}

@InputType({ description: 'A commission member: a person and the organisation they represent.' })
export class CommissionMemberInput {
  @Field(() => ID, { description: 'Global id of a Person.' }) personId!: string;
  @Field(() => ID, { description: 'Global id of the Organization they belong to and represent.' }) organizationId!: string;
}

@InputType({ description: 'Sets the whole commission of an exam; it must be 50 % enterprise, 50 % third-party.' })
export class SetExamCommissionInput {
  @Field(() => ID, { description: 'Global id of the ProductionExam.' }) examId!: string;
  @Field(() => [CommissionMemberInput], { description: 'Every member.' }) @ArrayMaxSize(40) members!: CommissionMemberInput[];
}

@InputType({ description: 'The expanded pedagogical council’s decision on one student.' })
export class DecideExamAdmissionInput {
  @Field(() => ID, { description: 'Global id of the ProductionExam.' }) examId!: string;
  @Field(() => ID, { description: 'The student’s placement (global id) at the exam’s enterprise.' }) placementId!: string;
  @Field({ description: 'Day of the council, on or before the exam.' }) @Matches(DATE_PATTERN) councilDate!: string;
  @Field({ description: 'Whether the student is admitted.' }) admitted!: boolean;
  @Field({ description: 'The council’s reason.' }) @MaxLength(2000) reason!: string;
  @Field({ nullable: true, description: 'Required to admit a student whose signed logbook hours are below the planned total.' })
  @IsOptional()
  @MaxLength(2000)
  exception?: string;
  @Field(() => [ID], { defaultValue: [], description: 'Mentors invited (global ids of Person).' }) mentorsInvited!: string[];
  @Field(() => [ID], { defaultValue: [], description: 'Mentors present (global ids of Person).' }) mentorsPresent!: string[];
}

@ObjectType({ description: 'What scheduleProductionExam returns.' })
export class ProductionExamPayload {
  @Field(() => ProductionExamNode, { nullable: true, description: 'The exam; null when there are userErrors.' }) productionExam!: ProductionExamNode | null;
  @Field(() => [AssessmentUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof AssessmentUserError
  >[];
}

@ObjectType({ description: 'What setExamCommission returns.' })
export class ExamCommissionPayload {
  @Field(() => [ExamCommissionMemberNode], { nullable: true, description: 'The commission; null when there are userErrors.' }) commission!:
    ExamCommissionMemberNode[] | null;
  @Field(() => [AssessmentUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof AssessmentUserError
  >[];
}

@ObjectType({ description: 'What decideExamAdmission returns.' })
export class ExamAdmissionPayload {
  @Field(() => ExamAdmissionNode, { nullable: true, description: 'The decision; null when there are userErrors.' }) admission!: ExamAdmissionNode | null;
  @Field(() => [AssessmentUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof AssessmentUserError
  >[];
}

@ObjectType('ExamResult', {
  implements: Node,
  description:
    'One admitted student’s production-exam result, recorded by the commission on the national 100-point scale. The final grade is the final assessment of the placement’s practice; recorded once, never changed.',
})
export class ExamResultNode extends Node {
  rowId!: string;
  examId!: string;
  placementId!: string;
  studentId!: string;
  recordedById!: string;
  @Field(() => Int, { description: 'Score of the theory questions, 0–100.' }) theoryScore!: number;
  @Field(() => Int, { description: 'Score of the qualification work, 0–100.' }) qualificationWorkScore!: number;
  @Field(() => Int, { description: 'The commission’s final grade, 0–100: the final assessment of the practice.' }) finalScore!: number;
  @Field({ description: 'Code of the grading scale (KZ-100: the national 100-point scale).' }) scale!: string;
  @Field({ description: 'Letter of the final grade on the scale (A … F).' }) letter!: string;
  @Field(() => Float, { description: 'GPA equivalent of the final grade (0–4).' }) gpa!: number;
  @Field({ description: 'Whether the final grade passes; a passed exam earns the certificate of professional competence.' }) passed!: boolean;
  @Field({ description: 'When it was recorded.' }) recordedAt!: Date;
}

/** API shape of an exam result. */
export function toExamResultNode(row: ExamResult): ExamResultNode {
  return Object.assign(new ExamResultNode(), {
    id: toGlobalId('ExamResult', row.id),
    rowId: row.id,
    examId: row.exam.id,
    placementId: row.placement.id,
    studentId: row.student.id,
    recordedById: row.recordedBy.id,
    theoryScore: row.theoryScore,
    qualificationWorkScore: row.qualificationWorkScore,
    finalScore: row.finalScore,
    scale: row.scale,
    letter: row.letter,
    gpa: Number(row.gpa),
    passed: row.passed,
    recordedAt: row.recordedAt,
  });
}

export const ProductionExamConnection = connectionType(ProductionExamNode, 'ProductionExam');
export const ExamResultConnection = connectionType(ExamResultNode, 'ExamResult');

@InputType({ description: 'One student’s result, recorded by a member of the exam’s commission.' })
export class RecordExamResultInput {
  @Field(() => ID, { description: 'Global id of the ProductionExam.' }) examId!: string;
  @Field(() => ID, { description: 'The examined student’s placement (global id); the council must have admitted it.' }) placementId!: string;
  @Field(() => Int, { description: 'Score of the theory questions, 0–100.' }) theoryScore!: number;
  @Field(() => Int, { description: 'Score of the qualification work, 0–100.' }) qualificationWorkScore!: number;
  @Field(() => Int, { description: 'The final grade, 0–100; its letter and GPA come from the national scale.' }) finalScore!: number;
  @Field(() => ID, {
    nullable: true,
    description:
      'With an API key: the commission member (global id of a Person of your organisation) recording it. Ignored for a signed-in person, who records as themselves.',
  })
  recordedById?: string;
}

@ObjectType({ description: 'What recordExamResult returns.' })
export class ExamResultPayload {
  @Field(() => ExamResultNode, {
    nullable: true,
    description: 'The result; null when there are userErrors. A passed result’s `certificate` is issued with it.',
  })
  examResult!: ExamResultNode | null;
  @Field(() => [AssessmentUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof AssessmentUserError
  >[];
}
