import type { RelayBus } from '../graphql/notify-relay';
import type { EventBus } from '../graphql/pubsub';
import type { PlacementStatus } from './placement.entity';

/** Topic of {@link PlacementChangedMessage} on the app's {@link EventBus}. */
export const PLACEMENT_CHANGED = 'placementChanged';

/** What is published after a placement change has been committed. */
export interface PlacementChangedMessage {
  /** Position in the `placement_change` log (commit order across every API process). */
  seq?: number;
  placementId: string;
  /** e.g. CREATED, STATUS_CHANGED, MENTOR_ASSIGNED (an AuditAction). */
  action: string;
  fromStatus: PlacementStatus | null;
  toStatus: PlacementStatus;
  at: Date;
}

/**
 * Publishes a committed placement change to this process's subscribers. Called by the relay
 * (`placement.relay.ts`) for every change in the log, whichever process made it; services do not
 * publish themselves (the log's trigger announces the change on commit).
 */
export function publishPlacementChanged(bus: RelayBus | EventBus, message: PlacementChangedMessage): void {
  bus.publish(PLACEMENT_CHANGED, message);
}

/** Domain event: a placement was planned or changed status (webhooks `placement.status_changed`). */
export const PLACEMENT_STATUS_CHANGED = 'placement.status_changed';
