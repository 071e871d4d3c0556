import { ArrayMaxSize, Matches } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DATE_PATTERN } from '../agreements';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import type { IntermediateControlResult } from './intermediate-control.entity';
import { AssessmentUserError } from './production-exam.types';

@ObjectType('IntermediateControlResult', {
  implements: Node,
  description:
    'One intermediate-control result of a student in a discipline or module: score on the national 100-point scale with its letter and GPA (from the scale in force when recorded), day, examiner, and the mentors who took part in a practice control.',
})
export class IntermediateControlResultNode extends Node {
  rowId!: string;
  studentId!: string;
  examinerId!: string;
  disciplineId!: string | null;
  moduleId!: string;
  @Field(() => Int, { description: 'Score, 0–100.' }) score!: number;
  @Field({ description: 'Code of the grading scale (KZ-100).' }) scale!: string;
  @Field({ description: 'Letter (A … F).' }) letter!: string;
  @Field(() => Float, { description: 'GPA equivalent (0–4).' }) gpa!: number;
  @Field({ description: 'Whether the score passes.' }) passed!: boolean;
  @Field({ description: 'Day of the control (YYYY-MM-DD).' }) heldOn!: string;
  @Field(() => [ID], { description: 'Mentors who took part (global ids of Person); empty but for practice.' }) mentorIds!: string[];
}

/** API shape of an intermediate-control result. */
export function toIntermediateControlResultNode(row: IntermediateControlResult): IntermediateControlResultNode {
  return Object.assign(new IntermediateControlResultNode(), {
    id: toGlobalId('IntermediateControlResult', row.id),
    rowId: row.id,
    studentId: row.student.id,
    examinerId: row.examiner.id,
    disciplineId: row.discipline?.id ?? null,
    moduleId: row.module.id,
    score: row.score,
    scale: row.scale,
    letter: row.letter,
    gpa: Number(row.gpa),
    passed: row.passed,
    heldOn: row.heldOn,
    mentorIds: row.mentorIds.map((id) => toGlobalId('Person', id)),
  });
}

export const IntermediateControlResultConnection = connectionType(IntermediateControlResultNode, 'IntermediateControlResult');

@InputType({ description: 'Records one intermediate-control result, by the programme’s HEI.' })
export class RecordIntermediateControlInput {
  @Field(() => ID, { description: 'The student (global id of a Person with a STUDENT membership of your HEI).' }) studentId!: string;
  @Field(() => ID, { nullable: true, description: 'The discipline assessed (global id); give this or moduleId.' }) disciplineId?: string;
  @Field(() => ID, { nullable: true, description: 'The whole module assessed (global id of a ProgramModule); give this or disciplineId.' }) moduleId?: string;
  @Field(() => Int, { description: 'Score on the national 100-point scale, 0–100.' }) score!: number;
  @Field({ description: 'Day of the control, YYYY-MM-DD, not in the future.' }) @Matches(DATE_PATTERN) heldOn!: string;
  @Field(() => ID, { description: 'The examiner (global id of a Person of your HEI).' }) examinerId!: string;
  @Field(() => [ID], {
    defaultValue: [],
    description: 'Mentors of the student’s placements who took part; only for a practice discipline (cycle PP) or a module with one.',
  })
  @ArrayMaxSize(10)
  mentorIds!: string[];
}

@ObjectType({ description: 'What recordIntermediateControl returns.' })
export class IntermediateControlPayload {
  @Field(() => IntermediateControlResultNode, { nullable: true, description: 'The result; null when there are userErrors.' })
  result!: IntermediateControlResultNode | null;
  @Field(() => [AssessmentUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof AssessmentUserError
  >[];
}
