export { Placement, PlacementStatus, TimeModel } from './placement.entity';
export { PlacementService, type PlacementTransition, type CreatePlacementCommand } from './placement.service';
export { PlacementErrorCode, PLACEMENT_MESSAGES, placementViolation, type PlacementMessageParams } from './placement.messages';
export { type ActivationGate, type MentorAssignmentCheck, type PlacementPlanningCheck } from './placement.gates';
export { PLACEMENT_CHANGED, publishPlacementChanged, type PlacementChangedMessage } from './placement.events';
export { canTransition, periodInOrder, periodsOverlap, dayOf } from './placement.rules';
export { PlacementConnection, PlacementNode, toPlacementNode } from './placement.types';
export { seedPlacements } from './placement.seed';
export { placementsModule } from './placements.module';
