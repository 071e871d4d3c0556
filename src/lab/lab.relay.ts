/**
 * The lab's live topics across API processes (relay channels of src/graphql/notify-relay.ts):
 * - session evidence and session ends come from triggers on `session_event` / `training_session`
 *   on one channel (NOTIFY names the session and the stored seqs, or its final status); each
 *   process reloads the events and publishes them, so the process that stored them is fed the
 *   same way as every other;
 * - station health is forwarded from the process whose runtime (or lab agent) reports it, and
 *   every other process keeps it on its health board (and the database keeps the latest, see
 *   `station-health.store.ts`), so `Station.health` answers on any process.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RelayChannel } from '../graphql/notify-relay';
import { publishSessionEvents, publishStationHealth, STATION_HEALTH } from './lab.events';
import type { StationHealthBoard } from './lab.host';
import type { LabEvent, StationHealthReport } from './runtime';

/** PostgreSQL channel of session evidence and session ends. */
export const LAB_SESSION_CHANNEL = 'dualhub_lab_session';
/** PostgreSQL channel of forwarded station health reports. */
export const STATION_HEALTH_CHANNEL = 'dualhub_station_health';

interface EventRow {
  seq: number;
  at: Date;
  type: string;
  tag: string | null;
  value: unknown;
  details: Record<string, unknown> | null;
}

/** A stored event as the runtime reported it (the inverse of `toEventRow`). */
export function fromEventRow(row: EventRow): LabEvent {
  const signal = row.type === 'signal' ? { tag: row.tag, value: row.value } : {};
  return { ...(row.details ?? {}), ...signal, seq: Number(row.seq), at: new Date(row.at).getTime(), type: row.type } as unknown as LabEvent;
}

/** Stored events of a session with a seq above `afterSeq`, in order (at most `limit`). */
export async function sessionEventsAfter(em: EntityManager, sessionId: string, afterSeq: number, limit = 1000): Promise<LabEvent[]> {
  const rows = (await em
    .getConnection()
    .execute('select seq, at, type, tag, value, details from session_event where session_id = ? and seq > ? order by seq limit ?', [
      sessionId,
      afterSeq,
      limit,
    ])) as EventRow[];
  return rows.map(fromEventRow);
}

/** A notification of the lab session channel. */
type SessionNote = { s: string; q?: number[]; a?: number; b?: number; end?: string };

/** The relay channels of the lab: session evidence and ends, station health. */
export function labRelayChannels(em: () => EntityManager, health: StationHealthBoard): RelayChannel[] {
  return [
    {
      channel: LAB_SESSION_CHANNEL,
      deliver: async (payload, bus) => {
        const note = JSON.parse(payload as string) as SessionNote;
        if (note.end) {
          publishSessionEvents(bus, { sessionId: note.s, events: [], endedWith: note.end });
          return;
        }
        const rows = (await em()
          .getConnection()
          .execute(
            note.q
              ? 'select seq, at, type, tag, value, details from session_event where session_id = ? and seq = any(?::int[]) order by seq'
              : 'select seq, at, type, tag, value, details from session_event where session_id = ? and seq between ? and ? order by seq',
            note.q ? [note.s, `{${note.q.join(',')}}`] : [note.s, note.a, note.b],
          )) as EventRow[];
        if (rows.length > 0) publishSessionEvents(bus, { sessionId: note.s, events: rows.map(fromEventRow) });
      },
    },
    {
      channel: STATION_HEALTH_CHANNEL,
      forwardTopic: STATION_HEALTH,
      deliver: async (payload, bus) => {
        const report = payload as StationHealthReport;
        health.record(report);
        publishStationHealth(bus, report);
      },
      // At start and after a lost connection: the latest report of every station, from the database.
      resumed: async () => {
        const rows = (await em().getConnection().execute('select report from station_health')) as { report: StationHealthReport }[];
        for (const { report } of rows) if ((health.get(report.stationId)?.at ?? -Infinity) < report.at) health.record(report);
      },
    },
  ];
}
