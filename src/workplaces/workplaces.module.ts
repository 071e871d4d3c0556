import { defineModule } from '../module';
import { Workplace } from './workplace.entity';
import { WorkplaceResolver } from './workplace.resolver';
import { seedWorkplaces } from './workplace.seed';
import { toWorkplaceNode } from './workplace.types';

/** Workplaces of employers, with their hazard categories. */
export const workplacesModule = defineModule({
  name: 'workplaces',
  entities: [Workplace],
  resolvers: (s) => [new WorkplaceResolver(s.workplaces, s.hazards, s.audit)],
  nodeTypes: { Workplace: { entity: Workplace, toNode: toWorkplaceNode } },
  seeders: [seedWorkplaces],
});
