export { Placement, PlacementStatus, TimeModel } from './placement.entity';
export { PlacementService, PlacementErrorCode, type PlacementTransition, type CreatePlacementCommand } from './placement.service';
export { registerActivationGate, unregisterActivationGate, activationGates, type ActivationGate } from './placement.gates';
export { PLACEMENT_CHANGED, publishPlacementChanged, type PlacementChangedMessage } from './placement.events';
export { canTransition, periodInOrder, periodsOverlap, dayOf } from './placement.rules';
export { PlacementConnection, PlacementNode, toPlacementNode } from './placement.types';
export { seedPlacements } from './placement.seed';

import { registerNodeType } from '../graphql/node';
import { addPersonVisibilityRule, OrganizationKind } from '../organizations';
import { addWorkplaceVisibilityRule } from '../workplaces';
import { Placement } from './placement.entity';
import { AgreementPlacementsResolver, PersonPlacementsResolver, PlacementResolver, WorkplacePlacementsResolver } from './placement.resolver';
import { toPlacementNode } from './placement.types';

/** Entities of the placements context, for the ORM. */
export const placementEntities = [Placement];

registerNodeType('Placement', { entity: Placement, toNode: toPlacementNode });

// An employer sees the students (and their curators) placed with it; an HEI sees the mentors of its placements.
addPersonVisibilityRule((knex, caller) => {
  if (caller.kind === OrganizationKind.EMPLOYER) {
    return knex('placement').select('student_id as person_id').where('employer_id', caller.organizationId)
      .union(knex('placement').select('curator_id').where('employer_id', caller.organizationId).whereNotNull('curator_id'));
  }
  if (caller.kind === OrganizationKind.HEI) {
    return knex('placement').select('mentor_id as person_id').where('hei_id', caller.organizationId).whereNotNull('mentor_id');
  }
  return undefined;
});

// An HEI sees the workplaces where it has a placement.
addWorkplaceVisibilityRule((knex, caller) =>
  caller.kind === OrganizationKind.HEI ? knex('placement').select('workplace_id as id').where('hei_id', caller.organizationId) : undefined,
);

/** GraphQL resolvers of the placements context. */
export const placementResolvers = [PlacementResolver, PersonPlacementsResolver, WorkplacePlacementsResolver, AgreementPlacementsResolver] as const;
