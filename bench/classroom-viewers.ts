/**
 * Child process of `npm run bench:classroom`: the instructors' and students' tablets without their
 * browsers. Each viewer is one graphql-ws client on its own WebSocket, subscribed to one session's
 * `sessionEvents` with the live session view's own document (from seq 0, as the page does), in
 * this process apart from the API's. IPC: `{ follow: { url, key, sessions } }` subscribes one
 * viewer per session and answers `{ following, firstPointMs }` once each has received its run's
 * snapshot (ms after the message, per viewer); `collect` answers `{ arrivals, gaps, duplicates }`:
 * per viewer, each GUARD_CLOSED change received since the last `collect` (its recorded time `at`
 * and the wall-clock time it arrived here), and the seqs missing or received twice so far;
 * `usage` answers `{ usage }` (CPU and event-loop delay of this process); `stop` ends it.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { usageMeter } from './process-usage';

/** The live session view's subscription (web/src/pages/classroom/live-session.ts), field for field. */
const SESSION_EVENTS = `subscription ClassroomSessionEvents($sessionId: ID!, $afterSeq: Int) {
  sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) { status events { seq at type tag value details } }
}`;

interface Arrival {
  at: number;
  received: number;
}

const usage = usageMeter();
const clients: Client[] = [];
let arrivals: Arrival[][] = [];
let lastSeq: number[] = [];
let gaps = 0;
let duplicates = 0;

function follow(url: string, key: string, sessions: readonly string[]): void {
  const askedAt = Date.now();
  const firstPointMs: Array<number | null> = sessions.map(() => null);
  let waiting = sessions.length;
  arrivals = sessions.map(() => []);
  lastSeq = sessions.map(() => 0);
  sessions.forEach((sessionId, i) => {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${key}` },
      lazy: false,
      // A tablet would reconnect; here a lost socket ends the bench's figures (the API is going away).
      retryAttempts: 0,
      onNonLazyError: () => undefined,
    });
    clients.push(client);
    client.subscribe<{ sessionEvents: { events: Array<{ seq: number; at: string; type: string; tag: string | null }> } }>(
      { query: SESSION_EVENTS, variables: { sessionId, afterSeq: 0 } },
      {
        next: (r) => {
          const received = Date.now();
          for (const e of r.data?.sessionEvents.events ?? []) {
            if (e.seq <= lastSeq[i]!) duplicates++;
            else {
              gaps += e.seq - lastSeq[i]! - 1;
              lastSeq[i] = e.seq;
            }
            if (e.type === 'snapshot' && firstPointMs[i] === null) {
              firstPointMs[i] = received - askedAt;
              if (--waiting === 0) process.send!({ following: true, firstPointMs });
            }
            if (e.tag === 'GUARD_CLOSED') arrivals[i]!.push({ at: Date.parse(e.at), received });
          }
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  });
}

process.on('message', (m: { follow?: { url: string; key: string; sessions: string[] } } | 'collect' | 'usage' | 'stop') => {
  if (m === 'usage') process.send!({ usage: usage() });
  else if (m === 'collect') {
    process.send!({ arrivals, gaps, duplicates });
    arrivals = arrivals.map(() => []);
  } else if (m === 'stop') void Promise.all(clients.map((c) => c.dispose())).then(() => process.exit(0));
  else if (m.follow) follow(m.follow.url, m.follow.key, m.follow.sessions);
});
process.send!({ ready: true });
setInterval(() => undefined, 1 << 30);
