import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalizedTextType, toLocalizedText } from '../graphql/localized-text';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import type { FollowUpDue } from './graduates.service';
import type { EmploymentCheck, Graduation } from './graduation.entity';
import { GraduatesErrorCode } from './graduates.messages';
import { EmploymentStatus } from './graduates.rules';
import type { CompetenceArea, SatisfactionSurvey, SurveyScore } from './satisfaction-survey.entity';

registerEnumType(EmploymentStatus, {
  name: 'EmploymentStatus',
  description: 'Where a graduate stands at an employment check.',
  valuesConfig: {
    EMPLOYED_IN_PROFESSION: { description: 'Employed in the profession of the programme (needs an employer).' },
    EMPLOYED_OUTSIDE_PROFESSION: { description: 'Employed in another profession (needs an employer).' },
    SELF_EMPLOYED: { description: 'Self-employed or own business.' },
    FURTHER_STUDY: { description: 'Studying further (master, another programme).' },
    MILITARY_SERVICE: { description: 'In military service.' },
    NOT_EMPLOYED: { description: 'Not employed.' },
    UNKNOWN: { description: 'Could not be reached.' },
  },
});

export const GraduatesUserError = userErrorType(
  'GraduatesUserError',
  GraduatesErrorCode,
  'Rules about graduation, employment checks and satisfaction surveys.',
);

@ObjectType('Graduation', {
  implements: Node,
  description: "A student's graduation from a programme; the HEI follows the graduate's employment for three years. Never deleted.",
})
export class GraduationNode extends Node {
  rowId!: string;
  studentId!: string;
  heiId!: string;
  @Field(() => ID, { description: 'Global id of the Program.' }) programId!: string;
  @Field({ description: 'Day of graduation (YYYY-MM-DD).' }) graduatedOn!: string;
  @Field({ description: 'Qualification awarded.' }) qualification!: string;
  @Field({ nullable: true, description: 'Number of the certificate of competence, if any.' }) competenceCertificate?: string;
}

export function toGraduationNode(row: Graduation): GraduationNode {
  return Object.assign(new GraduationNode(), {
    id: toGlobalId('Graduation', row.id),
    rowId: row.id,
    studentId: row.student.id,
    heiId: row.hei.id,
    programId: toGlobalId('Program', row.program.id),
    graduatedOn: row.graduatedOn,
    qualification: row.qualification,
    competenceCertificate: row.competenceCertificate,
  });
}

@ObjectType('EmploymentCheck', { implements: Node, description: 'One employment check of a graduate, recorded by the HEI.' })
export class EmploymentCheckNode extends Node {
  employerRowId?: string;
  @Field(() => ID, { description: 'Global id of the Graduation.' }) graduationId!: string;
  @Field({ description: 'Day of the check (YYYY-MM-DD).' }) checkedOn!: string;
  @Field(() => EmploymentStatus, { description: 'Status found.' }) status!: EmploymentStatus;
  @Field({ nullable: true, description: "The employer's name as reported." }) employerName?: string;
  @Field({ description: 'Whether the employer hosted one of the graduate’s placements (found by DualHub from the placements).' })
  atTrainingEmployer!: boolean;
  @Field({ nullable: true, description: 'Position held.' }) position?: string;
  @Field({ nullable: true, description: 'Region of the workplace.' }) workRegion?: string;
}

export function toEmploymentCheckNode(row: EmploymentCheck): EmploymentCheckNode {
  return Object.assign(new EmploymentCheckNode(), {
    id: toGlobalId('EmploymentCheck', row.id),
    employerRowId: row.employer?.id,
    graduationId: toGlobalId('Graduation', row.graduation.id),
    checkedOn: row.checkedOn,
    status: row.status,
    employerName: row.employerName,
    atTrainingEmployer: row.atTrainingEmployer,
    position: row.position,
    workRegion: row.workRegion,
  });
}

@ObjectType('FollowUpDue', { description: 'An employment check expected (at 6, 12, 24 or 36 months) and not yet recorded.' })
export class FollowUpDueNode {
  studentRowId!: string;
  @Field(() => ID, { description: 'Global id of the Graduation.' }) graduationId!: string;
  @Field(() => ID, { description: 'Global id of the Program.' }) programId!: string;
  @Field({ description: 'Day of graduation.' }) graduatedOn!: string;
  @Field(() => Int, { description: 'The milestone, months after graduation.' }) milestoneMonths!: number;
  @Field({ description: 'Day the check is due (graduation + milestone).' }) dueOn!: string;
  @Field({ description: 'True once the grace month after the due day has passed.' }) overdue!: boolean;
}

export function toFollowUpDueNode(row: FollowUpDue): FollowUpDueNode {
  return Object.assign(new FollowUpDueNode(), {
    studentRowId: row.studentId,
    graduationId: toGlobalId('Graduation', row.graduationId),
    programId: toGlobalId('Program', row.programId),
    graduatedOn: row.graduatedOn,
    milestoneMonths: row.milestoneMonths,
    dueOn: row.dueOn,
    overdue: row.overdue,
  });
}

@ObjectType('CompetenceArea', { description: 'A competence area employers score graduates in (data).' })
export class CompetenceAreaNode {
  @Field({ description: 'Code, e.g. `TECHNICAL`.' }) code!: string;
  @Field(() => LocalizedTextType, { description: 'Name in kk/ru/en.' }) name!: LocalizedTextType;
}

export function toCompetenceAreaNode(row: CompetenceArea): CompetenceAreaNode {
  return Object.assign(new CompetenceAreaNode(), { code: row.code, name: toLocalizedText(row.name) });
}

@ObjectType('SurveyScore', { description: "One competence area's score (1–5) in a satisfaction survey." })
export class SurveyScoreNode {
  @Field({ description: 'Code of the competence area.' }) area!: string;
  @Field(() => Int, { description: 'Score, 1 (poor) to 5 (excellent).' }) score!: number;
}

export function toSurveyScoreNode(row: SurveyScore): SurveyScoreNode {
  return Object.assign(new SurveyScoreNode(), { area: row.area.code, score: row.score });
}

@ObjectType('SatisfactionSurvey', {
  implements: Node,
  description:
    "An employer's satisfaction with the graduates of a programme it hosted, for one year. Visible to the employer, the HEI, the region and the programme's accreditation agency.",
})
export class SatisfactionSurveyNode extends Node {
  rowId!: string;
  employerRowId!: string;
  @Field(() => ID, { description: 'Global id of the Program.' }) programId!: string;
  @Field(() => Int, { description: 'Year surveyed.' }) year!: number;
  @Field({ nullable: true, description: 'Free text.' }) comment?: string;
}

export function toSatisfactionSurveyNode(row: SatisfactionSurvey): SatisfactionSurveyNode {
  return Object.assign(new SatisfactionSurveyNode(), {
    id: toGlobalId('SatisfactionSurvey', row.id),
    rowId: row.id,
    employerRowId: row.employer.id,
    programId: toGlobalId('Program', row.program.id),
    year: row.year,
    comment: row.comment,
  });
}

export const GraduationConnection = connectionType(GraduationNode, 'Graduation');
export const SatisfactionSurveyConnection = connectionType(SatisfactionSurveyNode, 'SatisfactionSurvey');

@InputType({ description: "Input of `recordGraduation`: the HEI records a student's graduation." })
export class RecordGraduationInput {
  @Field(() => ID, { description: 'Global id of the student (Person, a STUDENT of your HEI).' }) studentId!: string;
  @Field(() => ID, { description: 'Global id of a Program of your HEI.' }) programId!: string;
  @Field({ description: 'Day of graduation (YYYY-MM-DD), not in the future.' }) graduatedOn!: string;
  @Field({ description: 'Qualification awarded.' }) @MaxLength(300) qualification!: string;
  @Field({ nullable: true, description: 'Number of the certificate of competence, if one was issued.' })
  @IsOptional()
  @MaxLength(100)
  competenceCertificate?: string;
}

@ObjectType({ description: 'What `recordGraduation` returns.' })
export class GraduationPayload {
  @Field(() => GraduationNode, { nullable: true, description: 'The graduation; null when there are userErrors.' }) graduation!: GraduationNode | null;
  @Field(() => [GraduatesUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof GraduatesUserError
  >[];
}

@InputType({ description: 'Input of `recordEmploymentCheck`.' })
export class RecordEmploymentCheckInput {
  @Field(() => ID, { description: 'Global id of a Graduation of your HEI.' }) graduationId!: string;
  @Field({ description: 'Day of the check (YYYY-MM-DD): from graduation to three years after, not in the future.' }) checkedOn!: string;
  @Field(() => EmploymentStatus, { description: 'Status found.' }) status!: EmploymentStatus;
  @Field(() => ID, { nullable: true, description: 'Global id of the employer, when it is an organisation in DualHub.' }) employerId?: string;
  @Field({ nullable: true, description: "Employer's name (required for an employed graduate unless employerId is given)." })
  @IsOptional()
  @MaxLength(300)
  employerName?: string;
  @Field({ nullable: true, description: 'Position held.' }) @IsOptional() @MaxLength(300) position?: string;
  @Field({ nullable: true, description: 'Region of the workplace.' }) @IsOptional() @MaxLength(100) workRegion?: string;
}

@ObjectType({ description: 'What `recordEmploymentCheck` returns.' })
export class EmploymentCheckPayload {
  @Field(() => EmploymentCheckNode, { nullable: true, description: 'The check; null when there are userErrors.' }) check!: EmploymentCheckNode | null;
  @Field(() => [GraduatesUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof GraduatesUserError
  >[];
}

@InputType({ description: 'A score of one competence area.' })
export class SurveyScoreInput {
  @Field({ description: 'Code of a CompetenceArea (see `competenceAreas`).' }) @MaxLength(40) area!: string;
  @Field(() => Int, { description: 'Score, 1 (poor) to 5 (excellent).' }) score!: number;
}

@InputType({ description: 'Input of `recordSatisfactionSurvey`: an employer scores the graduates of a programme it hosted.' })
export class RecordSatisfactionSurveyInput {
  @Field(() => ID, { description: 'Global id of the Program (one whose students your enterprise hosted).' }) programId!: string;
  @Field(() => Int, { description: 'Year surveyed: this year or up to five back.' }) year!: number;
  @Field(() => [SurveyScoreInput], { description: 'One score per competence area, each area once.' }) @ArrayMaxSize(50) scores!: SurveyScoreInput[];
  @Field({ nullable: true, description: 'Free text.' }) @IsOptional() @MaxLength(4000) comment?: string;
}

@ObjectType({ description: 'What `recordSatisfactionSurvey` returns.' })
export class SatisfactionSurveyPayload {
  @Field(() => SatisfactionSurveyNode, { nullable: true, description: 'The survey; null when there are userErrors.' }) survey!: SatisfactionSurveyNode | null;
  @Field(() => [GraduatesUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof GraduatesUserError
  >[];
}
