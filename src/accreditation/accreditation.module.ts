import { defineModule } from '../module';
import { AccreditationCondition, AccreditationDecision, AccreditationRequest } from './accreditation.entity';
import { AccreditationResolver } from './accreditation.resolver';
import { seedAccreditation } from './accreditation.seed';
import { toAccreditationConditionNode, toAccreditationDecisionNode, toAccreditationRequestNode } from './accreditation.types';

/** Programme accreditation: requests (the agency's access), decisions, conditions. */
export const accreditationModule = defineModule({
  name: 'accreditation',
  entities: [AccreditationRequest, AccreditationDecision, AccreditationCondition],
  resolvers: (s) => [new AccreditationResolver(s.accreditation)],
  nodeTypes: {
    AccreditationRequest: { entity: AccreditationRequest, toNode: toAccreditationRequestNode },
    AccreditationDecision: { entity: AccreditationDecision, toNode: toAccreditationDecisionNode },
    AccreditationCondition: { entity: AccreditationCondition, toNode: toAccreditationConditionNode },
  },
  seeders: [seedAccreditation],
});
