export { Workplace } from './workplace.entity';
export { WorkplaceService, WorkplaceErrorCode } from './workplace.service';
export { WorkplaceNode, toWorkplaceNode } from './workplace.types';
export { addWorkplaceVisibilityRule, type WorkplaceVisibilityRule } from './workplace.scope';
export { seedWorkplaces } from './workplace.seed';

import { registerNodeType } from '../graphql/node';
import { Workplace } from './workplace.entity';
import { WorkplaceResolver } from './workplace.resolver';
import { toWorkplaceNode } from './workplace.types';

/** Entities of the workplaces context, for the ORM. */
export const workplaceEntities = [Workplace];

registerNodeType('Workplace', { entity: Workplace, toNode: toWorkplaceNode });

/** GraphQL resolvers of the workplaces context. */
export const workplaceResolvers = [WorkplaceResolver] as const;
