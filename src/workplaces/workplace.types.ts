import { ArrayMaxSize, IsOptional, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { LocalizedTextType, LocalizedTextInput, toLocalizedText } from '../graphql/localized-text';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import { userErrorType } from '../graphql/user-error';
import type { Workplace } from './workplace.entity';
import { WorkplaceErrorCode } from './workplace.messages';

@ObjectType('Workplace', { implements: Node, description: 'A place of work at an employer where students train, with the hazard categories present there.' })
export class WorkplaceNode extends Node {
  rowId!: string;
  employerId!: string;
  @Field({ description: 'Natural key, e.g. PMZ-ROLLING-MILL-2.' }) code!: string;
  @Field(() => LocalizedTextType, { description: 'Site or shop.' }) site!: LocalizedTextType;
  @Field(() => LocalizedTextType, { description: 'Department or unit within the site.' }) department!: LocalizedTextType;
  @Field(() => LocalizedTextType, { description: 'What the workplace is and what students do there.' }) description!: LocalizedTextType;
}

/** API shape of a workplace. */
export function toWorkplaceNode(row: Workplace): WorkplaceNode {
  return Object.assign(new WorkplaceNode(), {
    id: toGlobalId('Workplace', row.id),
    rowId: row.id,
    employerId: row.employer.id,
    code: row.code,
    site: toLocalizedText(row.site),
    department: toLocalizedText(row.department),
    description: toLocalizedText(row.description),
  });
}

export const WorkplaceConnection = connectionType(WorkplaceNode, 'Workplace');
export const WorkplaceUserError = userErrorType('WorkplaceUserError', WorkplaceErrorCode, 'Rules about workplaces and their hazards.');

@InputType({ description: 'Narrows the workplaces list.' })
export class WorkplaceFilter {
  @Field(() => ID, { nullable: true, description: 'Only workplaces of this employer.' }) employerId?: string;
  @Field({ nullable: true, description: 'Only workplaces where this hazard category is present.' }) @IsOptional() @MaxLength(60) hazardCategoryCode?: string;
}

@InputType({ description: 'A new workplace of your enterprise.' })
export class CreateWorkplaceInput {
  @Field(() => ID, { description: 'Your enterprise: global id of an Organization of kind EMPLOYER.' }) employerId!: string;
  @Field({ description: 'Natural key, unique across DualHub, e.g. PMZ-ROLLING-MILL-2.' }) @MinLength(2) @MaxLength(60) code!: string;
  @Field(() => LocalizedTextInput, { description: 'Site or shop, in Kazakh, Russian and English.' }) site!: LocalizedTextInput;
  @Field(() => LocalizedTextInput, { description: 'Department or unit within the site, in Kazakh, Russian and English.' }) department!: LocalizedTextInput;
  @Field(() => LocalizedTextInput, { description: 'What the workplace is, in Kazakh, Russian and English.' }) description!: LocalizedTextInput;
  @Field(() => [String], { description: 'Codes of the hazard categories present, e.g. ["ROBOT_CELL"]; may be empty.' })
  @ArrayMaxSize(20)
  hazardCategoryCodes!: string[];
}

@InputType({ description: 'The hazard categories now present at a workplace (replaces the list).' })
export class SetWorkplaceHazardCategoriesInput {
  @Field(() => ID, { description: 'Global id of the Workplace.' }) workplaceId!: string;
  @Field(() => [String], { description: 'Codes of all hazard categories now present, e.g. ["ROBOT_CELL"]; an empty list removes them all.' })
  @ArrayMaxSize(20)
  hazardCategoryCodes!: string[];
  @Field({ nullable: true, description: 'Why, kept in the history.' }) @IsOptional() @MaxLength(1000) reason?: string;
}

@ObjectType({
  description: 'What a workplace mutation returns: the workplace when it succeeded, or the rules it would break in `userErrors` (then nothing was changed).',
})
export class WorkplacePayload {
  @Field(() => WorkplaceNode, { nullable: true, description: 'The workplace after the change; null when there are userErrors.' })
  workplace!: WorkplaceNode | null;
  @Field(() => [WorkplaceUserError], { description: 'Rules the mutation would break; empty on success.' }) userErrors!: InstanceType<
    typeof WorkplaceUserError
  >[];
}
