/**
 * Several API processes on one database behave as one (issue 14): two API apps (A and B, each
 * with its own bus, pool and LISTEN/NOTIFY relay) share a database. A change made through A is
 * pushed to a subscriber of B over graphql-ws, scoped on B by B's own reload; a subscriber that
 * comes back with its last `seq` gets exactly what it missed, then live changes; session evidence
 * stored through A reaches a `sessionEvents` subscriber of B; station health reported to A is
 * answered by B, also when B starts after the report.
 */
import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Station } from '../../src/lab';
import type { LabEvent } from '../../src/lab/runtime/lab.port';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { CONFIRM_PLACEMENT, Factories, gid } from '../support/factories';
import { subscribe } from '../support/transports';
import { type AnyDocument, graphql, type ResultOf, type VariablesOf, ofType } from '../support/graphql';

let a: TestApi;
let b: TestApi;
let given: Factories;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const clients: Client[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  a = await startTestApi({ databaseUrl: database.url, env: { START_LAB_RUNTIME: 'false' } });
  b = await startTestApi({ databaseUrl: database.url, env: { START_LAB_RUNTIME: 'false' } });
  given = new Factories(a);
}, 120_000);
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await b?.close();
  await a?.close();
  await database?.drop();
});

function connect(url: string, key: string): Client {
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: false,
  });
  clients.push(client);
  return client;
}

/** A subscription's received results, in order, and a way to wait for the next one. */
function watch<D extends AnyDocument, T>(client: Client, document: D, pick: (data: ResultOf<D>) => T, variables: VariablesOf<D> | Record<string, never> = {}) {
  const queue: T[] = [];
  const waiting: { resolve: (item: T) => void; reject: (error: Error) => void }[] = [];
  let failed: unknown;
  const fail = (error: unknown) => {
    failed = error;
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(JSON.stringify(error)));
  };
  const stop = subscribe(client, document, variables as VariablesOf<D>, {
    next: (r) => {
      if (r.errors) fail(r.errors);
      if (!r.data) return;
      const item = pick(r.data);
      const waiter = waiting.shift();
      if (waiter) waiter.resolve(item);
      else queue.push(item);
    },
    error: (e) => fail(e),
    complete: () => undefined,
  });
  return {
    stop,
    received: () => queue.length,
    failed: () => failed,
    next: (): Promise<T> => {
      if (failed) return Promise.reject(new Error(JSON.stringify(failed)));
      const queued = queue.shift();
      return queued !== undefined ? Promise.resolve(queued) : new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
}

interface Change {
  seq: number | null;
  action: string;
  toStatus: string;
  placement: { id: string; status: string };
}

const CHANGES = graphql(`
  subscription ($f: PlacementChangedFilter, $after: Float) {
    placementChanged(filter: $f, afterSeq: $after) {
      seq
      action
      toStatus
      placement {
        id
        status
      }
    }
  }
`);
const watchChanges = (client: Client, variables: VariablesOf<typeof CHANGES> = {}) => watch(client, CHANGES, (d) => d.placementChanged as Change, variables);

/**
 * Makes placements visible to the subscriber through process A until it has received one (the
 * subscription is registered on B), then drains up to the last probe (changes arrive in commit order).
 */
async function untilLive(sub: ReturnType<typeof watchChanges>, employerBin: string): Promise<void> {
  let probe: string;
  do {
    probe = gid('Placement', await given.givenPlacement({ heiBin: employerBin === BIN.STEEL_PLANT ? BIN.INEU : BIN.WKATU, employerBin }));
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (sub.received() === 0);
  while ((await sub.next()).placement.id !== probe);
}

const CANCEL = graphql(`
  mutation ($input: PlacementTransitionInput!) {
    cancelPlacement(input: $input) {
      placement {
        status
      }
      userErrors {
        code
      }
    }
  }
`);

describe('placementChanged across two API processes', () => {
  test('a change through A reaches a subscriber of B; another employer subscribed on B gets nothing of it', async () => {
    const steel = watchChanges(connect(b.url, await a.keyFor(BIN.STEEL_PLANT, 'READER')));
    const oge = watchChanges(connect(b.url, await a.keyFor(BIN.OIL_GAS_PLANT, 'READER')));
    await untilLive(steel, BIN.STEEL_PLANT);
    await untilLive(oge, BIN.OIL_GAS_PLANT);

    const steelPlacement = await given.givenPlacement();
    const confirmed = await a.gql(await a.keyFor(BIN.INEU, 'WRITER'), CONFIRM_PLACEMENT, { input: { placementId: gid('Placement', steelPlacement) } });
    expect(confirmed.data!.confirmPlacement.placement!.status).toBe('CONFIRMED');
    const ogePlacement = await given.givenPlacement({ heiBin: BIN.WKATU, employerBin: BIN.OIL_GAS_PLANT });

    const created = await steel.next();
    expect(created).toMatchObject({ action: 'CREATED', toStatus: 'PLANNED', placement: { id: gid('Placement', steelPlacement) } });
    const changed = await steel.next();
    expect(changed).toMatchObject({
      action: 'STATUS_CHANGED',
      toStatus: 'CONFIRMED',
      placement: { id: gid('Placement', steelPlacement), status: 'CONFIRMED' },
    });
    expect(changed.seq).toBeGreaterThan(created.seq!);
    // Changes reach a subscriber in commit order: had the steel plant's two changes leaked to the
    // oil-and-gas plant's subscriber, they would come before its own placement's creation.
    expect((await oge.next()).placement.id).toBe(gid('Placement', ogePlacement));
    expect(oge.received()).toBe(0);
    steel.stop();
    oge.stop();
  });

  test('a subscriber that comes back with its last seq gets exactly the changes it missed, in order, then live ones', async () => {
    const key = await a.keyFor(BIN.STEEL_PLANT, 'READER');
    const first = watchChanges(connect(b.url, key));
    await untilLive(first, BIN.STEEL_PLANT);
    const placement = await given.givenPlacement();
    const seen = await first.next();
    expect(seen.placement.id).toBe(gid('Placement', placement));
    first.stop();

    // Missed while away: two changes of the steel plant's, and one of another employer's (not visible).
    const writer = await a.keyFor(BIN.INEU, 'WRITER');
    await given.givenPlacement({ heiBin: BIN.WKATU, employerBin: BIN.OIL_GAS_PLANT });
    await a.gql(writer, CONFIRM_PLACEMENT, { input: { placementId: gid('Placement', placement) } });
    await a.gql(writer, CANCEL, { input: { placementId: gid('Placement', placement), reason: 'test' } });

    const again = watchChanges(connect(b.url, key), { after: seen.seq });
    const missed = [await again.next(), await again.next()];
    expect(missed.map((c) => [c.action, c.toStatus])).toEqual([
      ['STATUS_CHANGED', 'CONFIRMED'],
      ['STATUS_CHANGED', 'CANCELLED'],
    ]);
    expect(missed[0]!.seq).toBeGreaterThan(seen.seq!);
    expect(missed[1]!.seq).toBeGreaterThan(missed[0]!.seq!);
    const live = await given.givenPlacement();
    const next = await again.next();
    // Nothing replayed twice: the next one is the new placement, not a repeat of what was missed.
    expect(next).toMatchObject({ action: 'CREATED', placement: { id: gid('Placement', live) } });
    expect(next.seq).toBeGreaterThan(missed[1]!.seq!);
    again.stop();
  });
});

describe('the lab across two API processes', () => {
  const signals = (from: number, n: number): LabEvent[] =>
    Array.from({ length: n }, (_, i) => ({ seq: from + i, at: Date.now() + i, type: 'signal' as const, tag: 'MOTOR_RUNNING', value: i % 2 === 0 }));

  test("evidence stored through A reaches B's sessionEvents subscriber, then the verdict; another HEI is refused on B", async () => {
    const port = a.hub.app.lab.port!;
    const station = await a.system().em.findOneOrFail(Station, { code: 'INEU-PLC-01' });
    const sessionId = randomUUID();
    await port.sessionStarted({
      sessionId,
      stationId: station.id,
      stationKind: 'PLC_TRAINER',
      exerciseId: 'plc.safe-start-up',
      exerciseVersion: 1,
      studentId: (await given.givenStudent(BIN.INEU)).id,
      runtimeId: 'cluster-test',
      at: Date.now(),
    });
    const SUB = graphql(`
      subscription ($id: ID!) {
        sessionEvents(sessionId: $id) {
          status
          events {
            seq
          }
        }
      }
    `);
    const sub = watch(connect(b.url, await a.keyFor(BIN.INEU, 'READER')), SUB, (d) => d.sessionEvents, {
      id: gid('TrainingSession', sessionId),
    });
    let seq = 1;
    while (sub.received() === 0) {
      if (sub.failed()) throw new Error(JSON.stringify(sub.failed()));
      await port.appendEvents(sessionId, signals(seq++, 1));
      await new Promise((r) => setTimeout(r, 50));
    }
    await port.appendEvents(sessionId, signals(seq, 3));
    await port.sessionEnded({
      sessionId,
      verdict: 'ABORTED',
      score: 0,
      maxScore: 10,
      passMark: 7,
      reasons: [],
      at: Date.now(),
      lastSeq: seq + 2,
      runStartedAt: null,
    });
    const received: { status: string; events: { seq: number }[] }[] = [];
    do received.push(await sub.next());
    while (received.at(-1)!.status === 'RUNNING');
    const seqs = received.flatMap((m) => m.events.map((e) => e.seq));
    // Every stored event once, in order, and the end after the last of them.
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
    expect(seqs.at(-1)).toBe(seq + 2);
    expect(received.at(-1)).toEqual({ status: 'ABORTED', events: [] });

    const stranger = watch(connect(b.url, await a.keyFor(BIN.WKATU, 'READER')), SUB, (d) => d, { id: gid('TrainingSession', sessionId) });
    await expect(stranger.next()).rejects.toThrow(/NOT_FOUND/);
  });

  test('station health reported to A is answered by B (pushed and queried), and by a process started after the report', async () => {
    const station = await a.system().em.findOneOrFail(Station, { code: 'INEU-PLC-01' });
    const key = await a.keyFor(BIN.INEU, 'READER');
    const SUB = graphql(`
      subscription ($id: ID) {
        stationHealth(stationId: $id) {
          stationId
          health {
            connected
            samples
          }
        }
      }
    `);
    const sub = watch(connect(b.url, key), SUB, (d) => d.stationHealth, {
      id: gid('Station', station.id),
    });
    let samples = 1000;
    let connected = true;
    const report = () =>
      a.hub.app.lab.port!.stationHealth({
        stationId: station.id,
        at: Date.now(),
        connected,
        lastSeen: Date.now(),
        roundTripMs: 3,
        errorCount: 0,
        samples,
      });
    while (sub.received() === 0) {
      if (sub.failed()) throw new Error(JSON.stringify(sub.failed()));
      report();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await sub.next()).health).toEqual({ connected: true, samples: 1000 });
    sub.stop();

    const HEALTH = graphql(`
      query ($id: ID!) {
        node(id: $id) {
          ... on Station {
            health {
              connected
              samples
            }
          }
        }
      }
    `);
    expect(ofType((await b.gql(key, HEALTH, { id: gid('Station', station.id) })).data!.node, 'Station').health).toEqual({ connected: true, samples: 1000 });

    // A third process, started after the last report, has heard nothing live: it answers from the
    // database (a change of state is written at once; an unchanged one every few seconds).
    samples = 1001;
    connected = false;
    report();
    let row: { report: { samples: number } } | undefined;
    while (row?.report.samples !== 1001) {
      [row] = (await a.system().em.getConnection().execute('select report from station_health where station_id = ?', [station.id])) as (typeof row)[];
      await new Promise((r) => setTimeout(r, 50));
    }
    const c = await startTestApi({ databaseUrl: database.url, env: { START_LAB_RUNTIME: 'false', SEED_FIXTURES: 'false' } });
    try {
      expect(ofType((await c.gql(key, HEALTH, { id: gid('Station', station.id) })).data!.node, 'Station').health).toEqual({ connected: false, samples: 1001 });
    } finally {
      await c.close();
    }
  }, 120_000);
});
