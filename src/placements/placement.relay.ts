/**
 * Placement changes across API processes: the `placement_change` log (filled by a trigger on the
 * placements' audit entries, in the change's own transaction) and the relay channel that turns
 * its NOTIFYs into `placementChanged` publications on every process, the writer's included.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RelayBus, RelayChannel } from '../graphql/notify-relay';
import type { PlacementStatus } from './placement.entity';
import { publishPlacementChanged, type PlacementChangedMessage } from './placement.events';

/** PostgreSQL channel the `placement_change` trigger NOTIFYs (payload: the seq). */
export const PLACEMENT_CHANGED_CHANNEL = 'dualhub_placement_changed';

interface ChangeRow {
  seq: string;
  placement_id: string;
  action: string;
  from_status: PlacementStatus | null;
  to_status: PlacementStatus;
  at: Date;
}

/** Changes with a seq above `afterSeq`, oldest first, at most `limit` (default 1000). */
export async function placementChangesAfter(em: EntityManager, afterSeq: number, limit = 1000): Promise<PlacementChangedMessage[]> {
  const rows = (await em
    .getConnection()
    .execute('select seq, placement_id, action, from_status, to_status, at from placement_change where seq > ? order by seq limit ?', [
      afterSeq,
      limit,
    ])) as ChangeRow[];
  return rows.map((r) => ({
    seq: Number(r.seq),
    placementId: r.placement_id,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    at: new Date(r.at),
  }));
}

/** The highest seq of the log (0 when empty). */
export async function lastPlacementChangeSeq(em: EntityManager): Promise<number> {
  const [row] = (await em.getConnection().execute('select coalesce(max(seq), 0) as seq from placement_change')) as { seq: string }[];
  return Number(row!.seq);
}

/**
 * The relay channel of placement changes: on each NOTIFY (and after a lost connection) it reads
 * the log after the last seq it published and publishes those changes in order, so this process's
 * subscribers get every change once, in commit order. It starts after what is already in the log
 * (subscribers ask for older changes with `afterSeq`).
 */
export function placementChangedChannel(em: () => EntityManager): RelayChannel {
  let last: number | undefined;
  const catchUp = async (bus: RelayBus) => {
    if (last === undefined) {
      last = await lastPlacementChangeSeq(em());
      return;
    }
    for (;;) {
      const changes = await placementChangesAfter(em(), last);
      for (const change of changes) {
        last = change.seq!;
        publishPlacementChanged(bus, change);
      }
      if (changes.length < 1000) return;
    }
  };
  return { channel: PLACEMENT_CHANGED_CHANNEL, deliver: async (_payload, bus) => catchUp(bus), resumed: catchUp };
}
