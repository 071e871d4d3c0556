/**
 * Child process for `npm run bench:sim`: runs one stand-in alone so its CPU use is measured
 * apart from the clients. Talks to the parent over IPC: sends `{ ready, port, endpointUrl }`,
 * answers `cpu` with process.cpuUsage() and `scan` with the PLC trainer's scan intervals.
 */
import os from 'node:os';
import path from 'node:path';
import { startPlcTrainer, startRobotCell } from '../simulators';

async function main(): Promise<void> {
  const kind = process.argv[2];
  if (kind === 'plc') {
    const trainer = await startPlcTrainer({ port: 0, scanMs: 10 });
    trainer.press('START', 100);
    process.on('message', (m: string) => {
      if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
      if (m === 'scan') process.send!({ scan: trainer.scanIntervals() });
      if (m === 'stop') void trainer.stop().then(() => process.exit(0));
    });
    process.send!({ ready: true, port: trainer.port });
  } else {
    const cell = await startRobotCell({ port: 0, pkiDir: path.join(os.tmpdir(), 'dualhub-bench-pki'), securityModes: ['None'] });
    cell.command('StartProgram');
    process.on('message', (m: string) => {
      if (m === 'cpu') process.send!({ cpu: process.cpuUsage() });
      if (m === 'stop') void cell.stop().then(() => process.exit(0));
    });
    process.send!({ ready: true, endpointUrl: cell.endpointUrl });
  }
  setInterval(() => undefined, 1 << 30);
}

main().catch((e) => {
  process.stderr.write(String(e));
  process.exit(1);
});
