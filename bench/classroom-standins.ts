/**
 * Child process of `npm run bench:classroom`: runs N stand-in PLC trainers (default 30) apart from
 * the API, so the API's CPU is not shared with the plants. IPC: sends `{ ready, ports }`; on
 * `{ toggle, on }` sets trainer `toggle`'s guard door and answers `{ toggled, t0 }` with the
 * wall-clock time of the change (the start of the measured delay); `usage` answers `{ usage }`
 * with this process's CPU time and event-loop delay since the previous `usage`; `stop` ends it.
 */
import { startPlcTrainer, type PlcTrainer } from '../simulators';
import { usageMeter } from './process-usage';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 30);
  const trainers: PlcTrainer[] = [];
  for (let i = 0; i < count; i++) trainers.push(await startPlcTrainer({ port: 0, host: '127.0.0.1', scanMs: 10, seed: i + 1 }));
  const usage = usageMeter();
  process.on('message', (m: { toggle?: number; on?: boolean } | 'stop' | 'usage') => {
    if (m === 'usage') {
      process.send!({ usage: usage() });
      return;
    }
    if (m === 'stop') {
      void Promise.all(trainers.map((t) => t.stop())).then(() => process.exit(0));
      return;
    }
    if (m.toggle !== undefined) {
      const t0 = Date.now();
      trainers[m.toggle]!.set('GUARD_CLOSED', Boolean(m.on));
      process.send!({ toggled: m.toggle, t0 });
    }
  });
  process.send!({ ready: true, ports: trainers.map((t) => t.port) });
  setInterval(() => undefined, 1 << 30);
}

main().catch((e) => {
  process.stderr.write(String(e));
  process.exit(1);
});
