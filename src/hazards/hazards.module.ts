import { defineModule } from '../module';
import { HazardCategory } from './hazard-category.entity';
import { HazardCategoryResolver } from './hazard-category.resolver';
import { seedHazardCategories } from './hazard-category.seed';
import { toHazardCategoryNode } from './hazard-category.types';

/** Hazard categories of workplaces (the list readiness policies and clearance refer to). */
export const hazardsModule = defineModule({
  name: 'hazards',
  entities: [HazardCategory],
  resolvers: (s) => [new HazardCategoryResolver(s.hazards)],
  nodeTypes: { HazardCategory: { entity: HazardCategory, toNode: toHazardCategoryNode } },
  seeders: [seedHazardCategories],
});
