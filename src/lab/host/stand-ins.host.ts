/**
 * Child process of `npm start` that runs the stand-in trainers (one PLC trainer, one robot cell),
 * so node-opcua's weight stays out of the API process. Reports where they listen over IPC and
 * exits when its parent goes away.
 *
 * Environment: SIM_PLC_PORT, SIM_ROBOT_PORT, SIM_HOST, SIM_ROBOT_PASSWORD (operator's password),
 * SIM_PKI_DIR.
 */
import { startPlcTrainer, startRobotCell } from '../../../simulators';

async function main(): Promise<void> {
  const host = process.env.SIM_HOST ?? '127.0.0.1';
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    process.exit(0);
  };
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  const plc = await startPlcTrainer({ port: Number(process.env.SIM_PLC_PORT ?? 5020), host });
  stops.push(() => plc.stop());
  process.send?.({ plc: { host, port: plc.port } });
  const cell = await startRobotCell({
    port: Number(process.env.SIM_ROBOT_PORT ?? 4841),
    host,
    users: [{ username: 'operator', password: process.env.SIM_ROBOT_PASSWORD ?? 'operator', role: 'operator' }],
    ...(process.env.SIM_PKI_DIR ? { pkiDir: process.env.SIM_PKI_DIR } : {}),
  });
  stops.push(() => cell.stop());
  process.send?.({ robot: { endpointUrl: cell.endpointUrl } });
}

main().catch((error: Error) => {
  process.send?.({ error: error.message });
  process.exit(1);
});
