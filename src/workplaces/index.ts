export { Workplace } from './workplace.entity';
export { WorkplaceService } from './workplace.service';
export { WorkplaceErrorCode, WORKPLACE_MESSAGES } from './workplace.messages';
export { WorkplaceNode, toWorkplaceNode } from './workplace.types';
export { type WorkplaceVisibilityRule } from './workplace.scope';
export { seedWorkplaces } from './workplace.seed';
export { workplacesModule } from './workplaces.module';
