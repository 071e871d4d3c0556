import { Field, ObjectType } from 'type-graphql';
import { LocalizedTextType, toLocalizedText } from '../graphql/localized-text';
import { Node } from '../graphql/node';
import { connectionType, toGlobalId } from '../graphql/relay';
import type { HazardCategory } from './hazard-category.entity';

@ObjectType('HazardCategory', { implements: Node, description: 'A kind of hazard present at a workplace; simulator readiness covers hazard categories.' })
export class HazardCategoryNode extends Node {
  rowId!: string;
  @Field({ description: 'Stable code, e.g. ROBOT_CELL, ROTATING_MACHINERY.' }) code!: string;
  @Field(() => LocalizedTextType, { description: 'Name in Kazakh, Russian and English.' }) name!: LocalizedTextType;
  @Field(() => LocalizedTextType, { description: 'What the hazard is, in Kazakh, Russian and English.' }) description!: LocalizedTextType;
}

/** API shape of a hazard category. */
export function toHazardCategoryNode(row: HazardCategory): HazardCategoryNode {
  return Object.assign(new HazardCategoryNode(), {
    id: toGlobalId('HazardCategory', row.id),
    rowId: row.id,
    code: row.code,
    name: toLocalizedText(row.name),
    description: toLocalizedText(row.description),
  });
}

export const HazardCategoryConnection = connectionType(HazardCategoryNode, 'HazardCategory');
