import ModbusRTU from 'modbus-serial';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AttributeIds, OPCUACertificateManager, OPCUAClient } from 'node-opcua';
import { plcTag } from '../../simulators/plc-trainer/plc.registers';
import { type Cli, startCli, terminate, waitFor } from '../support/stand-in-process';

// The stand-ins as services: `npm run sim:plc < /dev/null`, a systemd unit, a container without a
// TTY. The CLI runs as its own process with stdin closed from the start; it must keep serving
// after the end of stdin and stop cleanly on SIGTERM.

/** Lets the event loop turn a few times, so a process that would exit on EOF has done so. */
const settle = () => new Promise((r) => setTimeout(r, 300));

let running: Cli | undefined;
afterEach(() => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  running = undefined;
});

test('the PLC trainer keeps answering over Modbus after stdin ends, and stops on SIGTERM', async () => {
  running = startCli('simulators/plc-trainer/plc.cli.ts', ['--port', '0']);
  const [, port] = await waitFor(running, /listening on [\d.]+:(\d+)/);
  await waitFor(running, /stdin closed: running headless/);
  await settle();
  expect(running.child.exitCode).toBeNull();

  const client = new ModbusRTU();
  await client.connectTCP('127.0.0.1', { port: Number(port) });
  client.setID(1);
  client.setTimeout(2000);
  const speed = plcTag('SPEED_SETPOINT');
  await client.writeRegister(speed.address, 321);
  expect((await client.readHoldingRegisters(speed.address, 1)).data[0]).toBe(321);
  await new Promise<void>((r) => client.close(() => r()));

  expect(await terminate(running)).toEqual({ code: 0, signal: null });
});

test('--headless never reads stdin and keeps serving', async () => {
  running = startCli('simulators/plc-trainer/plc.cli.ts', ['--port', '0', '--headless']);
  const [, port] = await waitFor(running, /listening on [\d.]+:(\d+)/);
  await waitFor(running, /headless: no console/);
  await settle();
  const client = new ModbusRTU();
  await client.connectTCP('127.0.0.1', { port: Number(port) });
  client.setID(1);
  client.setTimeout(2000);
  expect((await client.readHoldingRegisters(plcTag('SPEED_SETPOINT').address, 1)).data).toHaveLength(1);
  await new Promise<void>((r) => client.close(() => r()));
  expect(await terminate(running)).toEqual({ code: 0, signal: null });
});

test('the robot cell keeps answering over OPC UA after stdin ends, and stops on SIGTERM', async () => {
  const pki = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-headless-pki-'));
  const clientPki = new OPCUACertificateManager({ rootFolder: path.join(pki, 'client'), automaticallyAcceptUnknownCertificate: true });
  try {
    running = startCli('simulators/robot-cell/robot.cli.ts', ['--port', '0', '--modes', 'None', '--pki', path.join(pki, 'server')]);
    const [, endpointUrl] = await waitFor(running, /listening on (opc\.tcp:\/\/\S+)/);
    await waitFor(running, /stdin closed: running headless/);
    await settle();
    expect(running.child.exitCode).toBeNull();

    const client = OPCUAClient.create({
      endpointMustExist: false,
      clientCertificateManager: clientPki,
      connectionStrategy: { maxRetry: 2, initialDelay: 100 },
    });
    await client.connect(endpointUrl);
    const session = await client.createSession();
    // Server_ServerStatus_State: 0 = Running.
    const state = await session.read({ nodeId: 'i=2259', attributeId: AttributeIds.Value });
    expect(state.value.value).toBe(0);
    await session.close();
    await client.disconnect();

    expect(await terminate(running)).toEqual({ code: 0, signal: null });
  } finally {
    await clientPki.dispose();
    fs.rmSync(pki, { recursive: true, force: true });
  }
});
