/**
 * `npm run bench:sim`: speed figures of the stand-in trainers on loopback. Prints figures;
 * asserts nothing. Each stand-in runs in its own child process so its CPU share is its own.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ModbusRTU from 'modbus-serial';
import { AttributeIds, OPCUAClient, TimestampsToReturn } from 'node-opcua';
import { ROBOT_TAGS } from '../simulators';

const run = promisify(execFile);
type Msg = { ready?: boolean; port?: number; endpointUrl?: string; cpu?: NodeJS.CpuUsage; scan?: number[] };

function host(kind: 'plc' | 'robot'): Promise<{ child: ChildProcess; info: Msg; ask: (m: string) => Promise<Msg> }> {
  const child = fork(path.join(__dirname, 'sim-host.ts'), [kind], {
    execArgv: ['-r', path.join(__dirname, '..', 'scripts', 'register.js')],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ask = (m: string) =>
    new Promise<Msg>((resolve) => {
      child.once('message', (x) => resolve(x as Msg));
      child.send(m);
    });
  return new Promise((resolve, reject) => {
    child.once('message', (info) => resolve({ child, info: info as Msg, ask }));
    child.once('exit', (code) => reject(new Error(`${kind} host exited with ${code}`)));
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f = (x: number) => x.toFixed(3);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function modbusClient(port: number): Promise<InstanceType<typeof ModbusRTU>> {
  const c = new ModbusRTU();
  await c.connectTCP('127.0.0.1', { port });
  c.setID(1);
  c.setTimeout(2000);
  return c;
}

async function cpuShare(ask: (m: string) => Promise<Msg>, during: () => Promise<void>): Promise<number> {
  const a = (await ask('cpu')).cpu!;
  const t0 = process.hrtime.bigint();
  await during();
  const b = (await ask('cpu')).cpu!;
  const wallUs = Number(process.hrtime.bigint() - t0) / 1000;
  return ((b.user - a.user + b.system - a.system) / wallUs) * 100;
}

async function benchModbus(): Promise<void> {
  const plc = await host('plc');
  const port = plc.info.port!;
  console.log('\n== PLC trainer (Modbus TCP, loopback) ==');
  const one = await modbusClient(port);
  const single: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    await one.readHoldingRegisters(0, 10);
    single.push(performance.now() - t);
  }
  console.log(`round trip, 1 client, 2000 reads FC3x10:   median ${f(pct(single, 50))} ms   p99 ${f(pct(single, 99))} ms`);
  const clients = await Promise.all(Array.from({ length: 30 }, () => modbusClient(port)));
  const many: number[] = [];
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < 300; i++) {
        const t = performance.now();
        await c.readHoldingRegisters(0, 10);
        many.push(performance.now() - t);
      }
    }),
  );
  console.log(`round trip, 30 concurrent clients, 9000 reads: median ${f(pct(many, 50))} ms   p99 ${f(pct(many, 99))} ms`);

  // mbpoll cannot time a single request, so both sides are timed the same way here:
  // a fresh connection + one read + close (mbpoll adds its process start).
  const fresh: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    const c = await modbusClient(port);
    await c.readHoldingRegisters(0, 10);
    await new Promise<void>((r) => c.close(() => r()));
    fresh.push(performance.now() - t);
  }
  const mb: number[] = [];
  try {
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await run('mbpoll', ['-m', 'tcp', '-p', String(port), '-0', '-1', '-t', '4', '-r', '0', '-c', '10', '127.0.0.1']);
      mb.push(performance.now() - t);
    }
    console.log(`connect+read+close, modbus-serial:      median ${f(pct(fresh, 50))} ms   p99 ${f(pct(fresh, 99))} ms`);
    console.log(`same with mbpoll (incl. process start): median ${f(pct(mb, 50))} ms   p99 ${f(pct(mb, 99))} ms`);
  } catch (e) {
    console.log(`mbpoll comparison skipped: ${(e as Error).message}`);
  }

  // 30 stations polled at 50 Hz (every 20 ms: inputs, input registers, coils), for 5 s.
  const before = ((await plc.ask('scan')).scan ?? []).length;
  let polls = 0;
  const share = await cpuShare(plc.ask, async () => {
    const until = Date.now() + 5000;
    await Promise.all(
      clients.map(async (c, i) => {
        await sleep(i * 0.6);
        while (Date.now() < until) {
          const t = Date.now();
          await Promise.all([c.readDiscreteInputs(0, 14), c.readInputRegisters(0, 7), c.readCoils(0, 6)]);
          polls++;
          await sleep(Math.max(0, 20 - (Date.now() - t)));
        }
      }),
    );
  });
  const scan = ((await plc.ask('scan')).scan ?? []).slice(before);
  const dev = scan.map((x) => Math.abs(x - 10));
  console.log(`30 stations at 50 Hz: ${polls} polls (${(polls / 5).toFixed(0)}/s), PLC trainer CPU ${share.toFixed(1)} % of one core`);
  console.log(
    `scan cycle 10 ms under that load (${scan.length} scans): mean ${f(scan.reduce((a, b) => a + b, 0) / scan.length)} ms, ` +
      `jitter median ${f(pct(dev, 50))} ms, p99 ${f(pct(dev, 99))} ms, max ${f(Math.max(...dev))} ms`,
  );
  await Promise.all([one, ...clients].map((c) => new Promise<void>((r) => c.close(() => r()))));
  plc.child.kill();
}

async function benchOpcUa(): Promise<void> {
  const robot = await host('robot');
  const url = robot.info.endpointUrl!;
  console.log('\n== Robot cell (OPC UA, loopback) ==');
  const nodes = Array.from({ length: 50 }, (_, i) => ROBOT_TAGS[i % ROBOT_TAGS.length].nodeId);
  let notifications = 0;
  const sessions: { client: OPCUAClient; close: () => Promise<void> }[] = [];
  for (let i = 0; i < 30; i++) {
    const client = OPCUAClient.create({ endpointMustExist: false, connectionStrategy: { maxRetry: 1 } });
    await client.connect(url);
    const session = await client.createSession();
    const sub = await session.createSubscription2({ requestedPublishingInterval: 50, publishingEnabled: true, requestedMaxKeepAliveCount: 20 });
    const group = await sub.monitorItems(
      nodes.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
      { samplingInterval: 50, queueSize: 1, discardOldest: true },
      TimestampsToReturn.Neither,
    );
    group.on('changed', () => notifications++);
    sessions.push({
      client,
      close: async () => {
        await session.close();
        await client.disconnect();
      },
    });
  }
  await sleep(1000);
  notifications = 0;
  const seconds = 10;
  const share = await cpuShare(robot.ask, async () => {
    await sleep(seconds * 1000);
  });
  console.log(`30 clients x 50 monitored items at 50 ms sampling / publishing, ${seconds} s with the program running:`);
  console.log(`  ${(notifications / seconds).toFixed(0)} value-change notifications/s delivered (${(notifications / seconds / 30).toFixed(0)} per client/s)`);
  console.log(`  robot cell CPU ${share.toFixed(1)} % of one core`);
  for (const s of sessions) await s.close();
  robot.child.kill();
}

async function main(): Promise<void> {
  console.log(`bench:sim on ${process.version}, ${os.cpus().length} cpus`);
  await benchModbus();
  await benchOpcUa();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
