export { HazardCategory } from './hazard-category.entity';
export { HazardCategoryService } from './hazard-category.service';
export { HazardCategoryNode, HazardCategoryConnection, toHazardCategoryNode } from './hazard-category.types';
export { seedHazardCategories } from './hazard-category.seed';

import { registerNodeType } from '../graphql/node';
import { HazardCategory } from './hazard-category.entity';
import { HazardCategoryResolver } from './hazard-category.resolver';
import { toHazardCategoryNode } from './hazard-category.types';

/** Entities of the hazards context, for the ORM. */
export const hazardEntities = [HazardCategory];

registerNodeType('HazardCategory', { entity: HazardCategory, toNode: toHazardCategoryNode });

/** GraphQL resolvers of the hazards context. */
export const hazardResolvers = [HazardCategoryResolver] as const;
