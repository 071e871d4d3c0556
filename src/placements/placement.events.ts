import type { EventBus } from '../graphql/pubsub';
import type { PlacementStatus } from './placement.entity';

/** Topic of {@link PlacementChangedMessage} on the app's {@link EventBus}. */
export const PLACEMENT_CHANGED = 'placementChanged';

/** What is published after a placement change has been committed. */
export interface PlacementChangedMessage {
  placementId: string;
  /** e.g. CREATED, STATUS_CHANGED, MENTOR_ASSIGNED (an AuditAction). */
  action: string;
  fromStatus: PlacementStatus | null;
  toStatus: PlacementStatus;
  at: Date;
}

/** Publishes a committed placement change to subscribers (in this process). */
export function publishPlacementChanged(bus: EventBus, message: PlacementChangedMessage): void {
  bus.publish(PLACEMENT_CHANGED, message);
}

/** Domain event: a placement was planned or changed status (webhooks `placement.status_changed`). */
export const PLACEMENT_STATUS_CHANGED = 'placement.status_changed';
