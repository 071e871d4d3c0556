/**
 * Robot-cell session smoke run outside jest (jest cannot load node-opcua yet: its dependency
 * hexy is ESM-only). Run: node -r ./scripts/register.js tests/lab/support/robot-session.smoke.ts
 * A scripted student performs robot.safe-cell-entry correctly over OPC UA; prints the verdict.
 */
import path from 'node:path';
import { startRobotCell } from '../../../simulators/robot-cell/robot.cell';
import { loadTagMapFile } from '../../../src/lab/exercises/tagmap.loader';
import { InMemoryLabPort } from '../../../src/lab/runtime/lab.port';
import { LabRuntime } from '../../../src/lab/runtime/lab.runtime';
import { OpcUaSubscriber } from '../../../src/lab/runtime/opcua.subscriber';
import type { OpcUaTagMap } from '../../../src/lab/runtime/station.types';
import { fixtureExercise, repoRoot } from './scripted-student';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const cell = await startRobotCell({ port: 0 });
  const tagMap = loadTagMapFile(path.join(repoRoot, 'simulators', 'robot-cell', 'tagmap.json')) as OpcUaTagMap;
  const address = { protocol: 'OPC_UA' as const, endpointUrl: cell.endpointUrl, user: { userName: 'operator', password: 'operator' } };
  const port = new InMemoryLabPort();
  const runtime = new LabRuntime({ port });
  const started = await runtime.startSession({ station: { id: 'robot-1', kind: 'ROBOT_CELL', address, tagMap }, exercise: fixtureExercise(process.argv[2] ?? 'robot-safe-cell-entry'), studentId: 's1' });
  if (!started.sessionId) throw new Error(String(started.error));
  const student = new OpcUaSubscriber(address, tagMap);
  await student.connect();
  const verdict = runtime.result(started.sessionId)!;
  const script: Array<() => Promise<void>> = [
    () => student.call('RequestAccess', []),
    async () => {
      // A careful student waits for the grant (the robot finishes its motion first).
      for (let i = 0; i < 200 && student.snapshot()['ACCESS.GRANTED'] !== true; i++) await sleep(50);
    },
    () => student.write('OPERATOR.OPEN_DOOR', true),
    () => student.write('OPERATOR.IN_CELL', true),
    () => sleep(500),
    () => student.write('OPERATOR.IN_CELL', false),
    () => student.write('OPERATOR.OPEN_DOOR', false),
    () => sleep(300),
    () => student.call('ResetFault', []),
    () => student.call('StartProgram', []),
  ];
  const play = (async () => {
    for (const act of script) {
      await sleep(200);
      await act().catch((e: Error) => console.log('student act refused:', e.message));
    }
  })();
  const result = await Promise.race([verdict, play.then(() => verdict)]);
  console.log(JSON.stringify({ verdict: result.verdict, score: result.score, reasons: result.reasons, events: port.events.get(started.sessionId)!.length }));
  await student.close();
  await runtime.stop();
  await cell.stop();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
