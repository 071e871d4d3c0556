export { Workplace } from './workplace.entity';
export { WorkplaceService, WorkplaceErrorCode } from './workplace.service';
export { WorkplaceNode, toWorkplaceNode } from './workplace.types';
export { type WorkplaceVisibilityRule } from './workplace.scope';
export { seedWorkplaces } from './workplace.seed';
export { workplacesModule } from './workplaces.module';
