/**
 * Issue 19: `sessionEvents` sends what the runtime observes as it records it (before its evidence
 * batch is stored) and merges that with the stored events; subscribers that join at any moment of
 * a live run — from a seq, or live only — get each seq once and in order, with no gap, up to the
 * verdict, and the seqs they got are the stored evidence.
 */
import { startPlcTrainer, type PlcTrainer } from '../../simulators/plc-trainer/plc.trainer';
import { SessionEvent } from '../../src/lab';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { ABORT_SESSION, START_SESSION, exerciseGid, givenPlcStation, waitForEvents, waitForVerdict } from '../support/lab-factories';
import { plcTagMap } from '../support/scripted-student';
import { wsClient } from '../support/transports';

let api: TestApi;
let trainer: PlcTrainer;
let instructor: string;
let stationId: string;

beforeAll(async () => {
  api = await startTestApi();
  // A 10 ms scan, on a station whose tag map does not mark the scan counter as a heartbeat: the
  // counter then changes at every poll, so the run records events all the time.
  trainer = await startPlcTrainer({ port: 0, seed: 23, scanMs: 10 });
  instructor = await api.keyFor(BIN.INEU, 'WRITER');
  const map = plcTagMap();
  const tagMap = { ...map, tags: map.tags.map(({ heartbeat: _heartbeat, ...tag }) => tag) };
  stationId = await givenPlcStation(api, instructor, trainer.port, { standIn: true, maxRequestsInFlight: 16, tagMap });
});
afterAll(async () => {
  await api.close();
  await trainer.stop();
});

const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;
const SUBSCRIPTION = `subscription($sessionId: ID!, $afterSeq: Int) { sessionEvents(sessionId: $sessionId, afterSeq: $afterSeq) { status events { seq } } }`;

/** Follows one subscription until the update with the verdict; resolves with every seq it got, in arrival order. */
function follow(sessionId: string, afterSeq: number | null, firstSeen?: () => void): Promise<{ seqs: number[]; status: string }> {
  const client = wsClient(api, instructor);
  return new Promise((resolve, reject) => {
    const seqs: number[] = [];
    client.subscribe<{ sessionEvents: { status: string; events: { seq: number }[] } }>(
      { query: SUBSCRIPTION, variables: afterSeq === null ? { sessionId } : { sessionId, afterSeq } },
      {
        next: (result) => {
          if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
          const update = result.data!.sessionEvents;
          if (seqs.length === 0 && update.events.length > 0) firstSeen?.();
          seqs.push(...update.events.map((e) => e.seq));
          if (update.status !== 'RUNNING') {
            void client.dispose();
            resolve({ seqs, status: update.status });
          }
        },
        error: reject,
        complete: () => undefined,
      },
    );
  });
}

/** Seqs from `from` to `to`, inclusive. */
const run = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('subscribers joining a live run at any moment, from a seq or live only, get each seq once and in order up to the verdict: the stored evidence', async () => {
  const student = await new Factories(api).givenStudent(BIN.INEU);
  const started = await api.gql(instructor, START_SESSION, {
    input: { studentId: gid('Person', student.id), exerciseId: await exerciseGid(api, 'plc.safe-start-up'), stationId },
  });
  const sessionId = started.data!.startSession.session!.id;
  const followers: Array<{ afterSeq: number | null; result: Promise<{ seqs: number[]; status: string }> }> = [];
  for (let i = 0; i < 6; i++) {
    // Joins while the run records: some before their predecessors' batches are stored.
    await waitForEvents(api, instructor, sessionId, 3 + i * 4);
    const stored = await api.system().em.count(SessionEvent, { session: rowId(sessionId) });
    const afterSeq = i === 5 ? null : i % 2 === 0 ? stored : Math.max(0, stored - 2);
    let seen!: () => void;
    const joined = new Promise<void>((resolve) => (seen = resolve));
    followers.push({ afterSeq, result: follow(sessionId, afterSeq, seen) });
    await joined;
  }
  const aborted = await api.gql(instructor, ABORT_SESSION, { input: { sessionId } });
  expect(aborted.data!.abortSession.userErrors).toEqual([]);
  const verdict = await waitForVerdict(api, instructor, sessionId);
  expect(verdict.status).toBe('ABORTED');
  const stored = (await api.system().em.find(SessionEvent, { session: rowId(sessionId) }, { orderBy: { seq: 'asc' } })).map((e) => e.seq);
  expect(stored).toEqual(run(1, verdict.lastSeq));
  for (const { afterSeq, result } of followers) {
    const { seqs, status } = await result;
    expect(status).toBe('ABORTED');
    const from = afterSeq === null ? seqs[0]! : afterSeq + 1;
    expect({ afterSeq, seqs }).toEqual({ afterSeq, seqs: run(from, verdict.lastSeq) });
  }
});
