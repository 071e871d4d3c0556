import { spawn, type ChildProcess } from 'node:child_process';
import { ModbusTcpClient } from './modbus.client';

/**
 * A Modbus TCP device in another process (so it answers while this one is blocked): every
 * read-holding-registers request is answered at once with zeros. Prints its port.
 */
const DEVICE = `
const net = require('node:net');
const server = net.createServer((socket) => {
  let buf = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 12) {
      const tid = buf.readUInt16BE(0), unit = buf[6], fc = buf[7], count = buf.readUInt16BE(10);
      buf = buf.subarray(12);
      const answer = Buffer.alloc(9 + 2 * count);
      answer.writeUInt16BE(tid, 0); answer.writeUInt16BE(0, 2); answer.writeUInt16BE(3 + 2 * count, 4);
      answer[6] = unit; answer[7] = fc; answer[8] = 2 * count;
      socket.write(answer);
    }
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

let device: ChildProcess;
let port: number;
beforeAll(async () => {
  device = spawn(process.execPath, ['-e', DEVICE], { stdio: ['ignore', 'pipe', 'inherit'] });
  port = await new Promise<number>((resolve) => device.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
});
afterAll(() => {
  device.kill();
});

/** Blocks this process's event loop for `ms` (a GC pause or a busy API process). */
function stall(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy: nothing else runs here meanwhile
  }
}

describe('ModbusTcpClient after a stall of its own process', () => {
  test('an answer that arrived in time while this process was blocked is taken, not called a timeout', async () => {
    const client = new ModbusTcpClient('127.0.0.1', port, 1, 100);
    await client.connect();
    try {
      // Warm up: the connection answers.
      await expect(client.readMany([{ area: 'holdingRegister', start: 0, count: 4 }])).resolves.toEqual([[0, 0, 0, 0]]);
      const answer = client.readMany([{ area: 'holdingRegister', start: 0, count: 4 }]);
      // Blocked past the timeout: the device answers meanwhile, the answer waits in the socket.
      stall(400);
      await expect(answer).resolves.toEqual([[0, 0, 0, 0]]);
    } finally {
      await client.close();
    }
  });
});
