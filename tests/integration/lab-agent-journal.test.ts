import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlcTrainer, type PlcTrainer } from '../../simulators/plc-trainer/plc.trainer';
import { SessionEvent, TrainingSession } from '../../src/lab';
import { ReadinessRecord } from '../../src/readiness';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { createTestDatabase } from '../support/database';
import { Factories, gid } from '../support/factories';
import { START_SESSION, exerciseGid, givenPlcStation, waitForEvents, waitForVerdict } from '../support/lab-factories';
import { TcpProxy } from '../support/tcp-proxy';
import { ModbusStudent, plcTagMap, safeStartUp } from '../support/scripted-student';

/**
 * The lab agent's outbox on disk: the agent runs as a child process, reaching the API through a
 * proxy the test cuts; the agent is SIGKILLed and the API closed, then both start again on the
 * same database and journal.
 */
const ROOT = path.join(__dirname, '..', '..');
let database: { url: string; drop(): Promise<void> };
let api: TestApi | undefined;
let trainer: PlcTrainer;
let folder: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  trainer = await startPlcTrainer({ port: 0, seed: 5 });
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-agent-journal-'));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await api?.close();
  await database.drop();
  await trainer.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

function agentProcess(apiUrl: string, key: string, runtimeId: string, journal: string): ChildProcess {
  const args = ['-r', './scripts/register.js', 'src/lab/agent/lab-agent.cli.ts', '--api', apiUrl, '--key', key, '--runtime-id', runtimeId, '--poll-ms', '200'];
  const child = spawn(process.execPath, [...args, '--journal', journal], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: 'ignore' });
  children.push(child);
  return child;
}

/**
 * The event sequence numbers of a session in the journal file: `all` that the agent made durable
 * (still in the file), `owed` those not yet acknowledged by the API.
 */
function journaledSeqs(journal: string, sessionId: string): { all: number[]; owed: number[] } {
  const reports = new Map<number, number[]>();
  const acked = new Set<number>();
  for (const line of fs.readFileSync(journal, 'utf8').split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as { n?: number; ack?: number; m?: string; r?: { sessionId?: string; events?: { seq: number }[] } };
    if (record.ack !== undefined) acked.add(record.ack);
    else if (record.m === 'reportSessionEvents' && record.r?.sessionId === sessionId)
      reports.set(
        record.n!,
        (record.r.events ?? []).map((e) => e.seq),
      );
  }
  const seqs = (entries: [number, number[]][]) => [...new Set(entries.flatMap(([, s]) => s))].sort((a, b) => a - b);
  return { all: seqs([...reports]), owed: seqs([...reports].filter(([n]) => !acked.has(n))) };
}

const apiPort = (a: TestApi) => Number(new URL(a.url).port);

describe('lab agent journal: nothing the agent recorded is lost when it is killed while the API is unreachable', () => {
  test('API unreachable, agent SIGKILLed mid-run, both restarted: every event up to the kill is stored, the session ends INTERRUPTED on it, nothing is granted', async () => {
    api = await startTestApi({ databaseUrl: database.url, env: { START_LAB_RUNTIME: 'false' } });
    const given = new Factories(api);
    const instructor = await api.keyFor(BIN.INEU, 'WRITER');
    const agentKey = await api.keyFor(BIN.INEU, 'LAB_AGENT');
    const stationId = await givenPlcStation(api, instructor, trainer.port, { runner: 'AGENT' });
    const pupil = await given.givenStudent(BIN.INEU);
    const journal = path.join(folder, 'agent.journal');

    const proxy = new TcpProxy('127.0.0.1', apiPort(api));
    await proxy.open();
    const agentApi = `http://127.0.0.1:${proxy.port}/graphql`;
    const first = agentProcess(agentApi, agentKey, 'agent-journal', journal);
    const started = await api.gql(instructor, START_SESSION, {
      input: { studentId: gid('Person', pupil.id), exerciseId: await exerciseGid(api, 'plc.safe-start-up'), stationId },
    });
    expect(started.data!.startSession.userErrors).toEqual([]);
    const sessionId = started.data!.startSession.session!.id;
    const session = rowId(sessionId);
    await waitForEvents(api, instructor, sessionId, 2);

    // The campus link goes down; the student works on (not to the end: the run is still going).
    await proxy.cut();
    const storedBeforeCut = await api.system().em.count(SessionEvent, { session });
    const student = new ModbusStudent(plcTagMap());
    await student.connect(trainer.port);
    await student.play(safeStartUp.slice(0, 4));
    await student.close();
    for (let i = 0; i < 100 && (journaledSeqs(journal, session).owed.at(-1) ?? 0) <= storedBeforeCut + 2; i++) await new Promise((r) => setTimeout(r, 50));

    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    // What the killed agent had recorded: the events it sent before the cut and those it still owed.
    const journaled = journaledSeqs(journal, session).owed;
    expect(journaled[0]).toBeLessThanOrEqual(storedBeforeCut + 1);
    expect(journaled.at(-1)).toBeGreaterThan(storedBeforeCut);

    // The API process goes too, and comes back on the same database, behind the same address.
    await api.close();
    api = await startTestApi({ databaseUrl: database.url, env: { START_LAB_RUNTIME: 'false' } });
    const back = new TcpProxy('127.0.0.1', apiPort(api));
    back.port = proxy.port;
    await back.open();
    try {
      expect((await api.system().em.findOneOrFail(TrainingSession, { id: session })).status).toBe('RUNNING');
      const second = agentProcess(agentApi, agentKey, 'agent-journal', journal);
      const ended = await waitForVerdict(api, instructor, sessionId);
      expect(ended.status).toBe('INTERRUPTED');
      expect(ended.reasons).toEqual([expect.objectContaining({ code: 'RUNTIME_LOST' })]);
      // Every event the killed agent had recorded is stored, without gaps, and the verdict rests on all of it.
      const stored = (await api.system().em.find(SessionEvent, { session }, { orderBy: { seq: 'asc' } })).map((e) => e.seq);
      expect(stored).toEqual(Array.from({ length: journaled.at(-1)! }, (_, i) => i + 1));
      expect(stored.length).toBeGreaterThan(storedBeforeCut);
      expect(ended.lastSeq).toBe(stored.length);
      expect(await api.system().em.count(ReadinessRecord, { student: pupil.id })).toBe(0);
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
      // Everything was accepted: the journal owes nothing to the next start.
      expect(journaledSeqs(journal, session).owed).toEqual([]);
    } finally {
      await back.cut();
    }
  });
});
