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
import type { RelayBus, RelayChannel } from '../graphql/notify-relay';
import { publishSessionEvents, publishStationHealth, STATION_HEALTH } from './lab.events';
import type { StationHealthBoard } from './lab.host';
import type { Logger } from '../logger';
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

/** A notification of the lab session channel: stored seqs (`q`, or the range `a`…`b`) of session `s`, or its end. */
type SessionNote = { s: string; q?: number[]; a?: number; b?: number; end?: string };

/** The seqs a note names, as ranges (a trigger's `q` list is mostly one run). */
export function rangesOf(note: SessionNote): Array<[number, number]> {
  if (!note.q) return note.a === undefined || note.b === undefined ? [] : [[note.a, note.b]];
  const ranges: Array<[number, number]> = [];
  for (const seq of note.q) {
    const last = ranges.at(-1);
    if (last && seq === last[1] + 1) last[1] = seq;
    else ranges.push([seq, seq]);
  }
  return ranges;
}

/** The stored events named by `notes`, in one statement, by session id then seq. */
async function eventsOfNotes(em: EntityManager, notes: readonly SessionNote[]): Promise<Map<string, LabEvent[]>> {
  const sessions: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (const note of notes)
    for (const [a, b] of rangesOf(note)) {
      sessions.push(note.s);
      from.push(a);
      to.push(b);
    }
  const bySession = new Map<string, LabEvent[]>();
  if (sessions.length === 0) return bySession;
  const rows = (await em.getConnection().execute(
    `select e.session_id, e.seq, e.at, e.type, e.tag, e.value, e.details
       from session_event e
       join (select distinct * from unnest(?::uuid[], ?::int[], ?::int[]) as k(s, a, b)) k on e.session_id = k.s and e.seq between k.a and k.b
      order by e.session_id, e.seq`,
    [`{${sessions.join(',')}}`, `{${from.join(',')}}`, `{${to.join(',')}}`],
  )) as Array<EventRow & { session_id: string }>;
  for (const row of rows) {
    const list = bySession.get(row.session_id) ?? [];
    if (list.length === 0) bySession.set(row.session_id, list);
    list.push(fromEventRow(row));
  }
  return bySession;
}

/**
 * The session channel's deliveries, coalesced: every note that arrived while the previous read ran
 * is read in one statement (30 live sessions store about 300 batches a second; a read per note
 * would queue behind the pool and fall seconds behind), then published in notification order, so a
 * session's end still follows the evidence stored before it.
 */
class SessionNoteDelivery {
  private pending: SessionNote[] = [];
  private running?: Promise<void>;

  constructor(
    private readonly em: () => EntityManager,
    private readonly log?: Logger,
  ) {}

  /** Takes a note; returns at once (the notes are read and published in order, in batches). */
  take(note: SessionNote, bus: RelayBus): void {
    this.pending.push(note);
    this.running ??= this.drain(bus).finally(() => (this.running = undefined));
  }

  private async drain(bus: RelayBus): Promise<void> {
    while (this.pending.length > 0) {
      const notes = this.pending;
      this.pending = [];
      try {
        const events = await eventsOfNotes(
          this.em(),
          notes.filter((n) => !n.end),
        );
        for (const note of notes) {
          if (note.end) {
            publishSessionEvents(bus, { sessionId: note.s, events: [], endedWith: note.end });
            continue;
          }
          const ranges = rangesOf(note);
          const mine = (events.get(note.s) ?? []).filter((e) => ranges.some(([a, b]) => e.seq >= a && e.seq <= b));
          if (mine.length > 0) publishSessionEvents(bus, { sessionId: note.s, events: mine });
        }
      } catch (err) {
        // Subscribers catch up from the store on their next (re)subscription; ends still go out.
        this.log?.error({ err, notes: notes.length }, 'lab relay: stored session events not read');
        for (const note of notes) if (note.end) publishSessionEvents(bus, { sessionId: note.s, events: [], endedWith: note.end });
      }
    }
  }
}

/** The relay channels of the lab: session evidence and ends, station health. */
export function labRelayChannels(em: () => EntityManager, health: StationHealthBoard, log?: Logger): RelayChannel[] {
  const sessions = new SessionNoteDelivery(em, log);
  return [
    {
      channel: LAB_SESSION_CHANNEL,
      deliver: async (payload, bus) => sessions.take(JSON.parse(payload as string) as SessionNote, bus),
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
