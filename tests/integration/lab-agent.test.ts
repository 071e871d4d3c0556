import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { SessionEvent, SessionStatus, TrainingSession } from '../../src/lab';
import { startLabAgent, type LabAgent } from '../../src/lab/agent/lab-agent';
import { createLogger } from '../../src/logger';
import { BIN, startTestApi, type TestApi } from '../support/api';
import { Factories, gid } from '../support/factories';
import { START_SESSION, exerciseGid, givenPlcStation, waitForEvents, waitForVerdict } from '../support/lab-factories';
import { type Cli, startPlcTrainerProcess, terminate } from '../support/stand-in-process';
import { TcpProxy } from '../support/tcp-proxy';
import { ModbusStudent, plcTagMap, safeStartUp } from '../support/scripted-student';
import { graphql } from '../support/graphql';

const ROOT = path.join(__dirname, '..', '..');
let api: TestApi;
let given: Factories;
// The trainer in its own process, as the real one is a device on the lab network: a busy moment of
// this process (the API and the in-process agent run here) must not hold back the trainer's answers.
let trainer: { cli: Cli; port: number };
let instructor: string;
let agentKey: string;
let stationId: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  api = await startTestApi({ env: { START_LAB_RUNTIME: 'false' } });
  given = new Factories(api);
  trainer = await startPlcTrainerProcess(['--seed', '3']);
  instructor = await api.keyFor(BIN.INEU, 'WRITER');
  agentKey = await api.keyFor(BIN.INEU, 'LAB_AGENT');
  stationId = await givenPlcStation(api, instructor, trainer.port, { runner: 'AGENT' });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await api.close();
  await terminate(trainer.cli);
});

const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]!;

async function start(): Promise<string> {
  const pupil = await given.givenStudent(BIN.INEU);
  const res = await api.gql(instructor, START_SESSION, {
    input: { studentId: gid('Person', pupil.id), exerciseId: await exerciseGid(api, 'plc.safe-start-up'), stationId },
  });
  expect(res.data!.startSession.userErrors).toEqual([]);
  return res.data!.startSession.session!.id as string;
}

function agentProcess(runtimeId: string): ChildProcess {
  const child = spawn(
    process.execPath,
    ['-r', './scripts/register.js', 'src/lab/agent/lab-agent.cli.ts', '--api', api.url, '--key', agentKey, '--runtime-id', runtimeId, '--poll-ms', '200']
      // Its journal in the temporary folder, not under the working tree's .data.
      .concat(['--journal', path.join(os.tmpdir(), `dualhub-agent-${process.pid}-${runtimeId}.journal`)]),
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    },
  );
  children.push(child);
  return child;
}

describe('lab agent: runs sessions of agent-run stations and reports over GraphQL with a LAB_AGENT key', () => {
  test('a session on an agent station is claimed, run and judged PASSED; reports are buffered while the link to the API is down', async () => {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(api.url).port));
    await proxy.open();
    let agent: LabAgent | undefined;
    const student = new ModbusStudent(plcTagMap());
    await student.connect(trainer.port);
    try {
      agent = await startLabAgent({
        api: `http://127.0.0.1:${proxy.port}/graphql`,
        key: agentKey,
        runtimeId: 'agent-in-test',
        pollMs: 100,
        log: createLogger('silent'),
      });
      const sessionId = await start();
      await waitForEvents(api, instructor, sessionId, 2);
      expect((await api.system().em.findOneOrFail(TrainingSession, { id: rowId(sessionId) })).runtimeId).toBe('agent-in-test');
      // The campus link goes down for most of the run: the agent keeps judging and buffers.
      await proxy.cut();
      await student.play([...safeStartUp]);
      await new Promise((r) => setTimeout(r, 300));
      expect(agent.port.pending()).toBeGreaterThan(0);
      expect((await api.system().em.findOneOrFail(TrainingSession, { id: rowId(sessionId) })).status).toBe('RUNNING');
      await proxy.open();
      const session = await waitForVerdict(api, instructor, sessionId);
      expect(session).toMatchObject({ status: 'PASSED', score: 100 });
      expect(agent.port.failures).toBeGreaterThan(0);
      const stored = await api.system().em.count(SessionEvent, { session: rowId(sessionId) });
      expect(session.lastSeq).toBe(stored);
    } finally {
      await student.close();
      await agent?.stop();
      await proxy.cut();
    }
  });

  test('only LAB_AGENT keys of the lab may report: a WRITER key is FORBIDDEN, another lab’s agent gets NOT_FOUND; nothing is stored', async () => {
    const sessionId = await start(); // nobody claims it: no agent runs
    const report = { report: { sessionId: rowId(sessionId), events: [{ seq: 1, at: Date.now(), type: 'link', state: 'connected' }] } };
    const mutation = graphql(`
      mutation ($input: LabAgentReportInput!) {
        reportSessionEvents(input: $input) {
          applied
        }
      }
    `);
    expect((await api.gql(instructor, mutation, { input: report })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const otherAgent = await api.keyFor(BIN.WKATU, 'LAB_AGENT');
    expect((await api.gql(otherAgent, mutation, { input: report })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const bad = await api.gql(agentKey, mutation, { input: { report: { sessionId: rowId(sessionId), events: [{ seq: 0, at: 1, type: 'signal' }] } } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await api.system().em.count(SessionEvent, { session: rowId(sessionId) })).toBe(0);
    // Leave the station free for the next test.
    await api.system().em.nativeUpdate(TrainingSession, { id: rowId(sessionId) }, { status: SessionStatus.ABORTED });
  });

  test('killing the agent process mid-run (SIGKILL) and restarting it ends the session INTERRUPTED, never passed', async () => {
    const first = agentProcess('agent-killed');
    const sessionId = await start();
    await waitForEvents(api, instructor, sessionId, 3);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect((await api.system().em.findOneOrFail(TrainingSession, { id: rowId(sessionId) })).status).toBe('RUNNING');
    const second = agentProcess('agent-killed');
    const session = await waitForVerdict(api, instructor, sessionId);
    expect(session.status).toBe('INTERRUPTED');
    expect(session.reasons).toEqual([expect.objectContaining({ code: 'RUNTIME_LOST' })]);
    expect(session.lastSeq).toBe(await api.system().em.count(SessionEvent, { session: rowId(sessionId) }));
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
  });
});
