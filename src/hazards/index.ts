export { HazardCategory } from './hazard-category.entity';
export { HazardCategoryService } from './hazard-category.service';
export { HazardCategoryNode, HazardCategoryConnection, toHazardCategoryNode } from './hazard-category.types';
export { seedHazardCategories } from './hazard-category.seed';
export { hazardsModule } from './hazards.module';
