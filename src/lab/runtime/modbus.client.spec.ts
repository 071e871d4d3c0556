import net from 'node:net';
import { ServerTCP } from 'modbus-serial';
import { startPlcTrainer } from '../../../simulators';
import { ModbusExceptionError, ModbusTcpClient } from './modbus.client';

/** A loopback port nobody listens on (the lab runtime knows nothing of src/db, where the server-side helper lives). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A raw Modbus TCP peer on port 0 that records what arrives and answers as `answer` says. */
async function rawPeer(answer: (frames: Buffer[], socket: net.Socket) => void): Promise<{ port: number; chunks: Buffer[]; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const frames: Buffer[] = [];
      for (let o = 0; o + 6 <= chunk.length; o += 6 + chunk.readUInt16BE(o + 4)) frames.push(chunk.subarray(o, o + 6 + chunk.readUInt16BE(o + 4)));
      answer(frames, socket);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    chunks,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Answers a read-holding-registers request with `values`. */
function registersAnswer(request: Buffer, values: number[]): Buffer {
  const out = Buffer.alloc(9 + 2 * values.length);
  request.copy(out, 0, 0, 4);
  out.writeUInt16BE(3 + 2 * values.length, 4);
  out[6] = request[6]!;
  out[7] = request[7]!;
  out[8] = 2 * values.length;
  values.forEach((v, i) => out.writeUInt16BE(v, 9 + 2 * i));
  return out;
}

describe('ModbusTcpClient', () => {
  it('reads every area of the PLC trainer stand-in in one batch and writes a coil and a register', async () => {
    const plc = await startPlcTrainer({ port: 0, seed: 1 });
    const client = new ModbusTcpClient('127.0.0.1', plc.port, 1, 1000);
    try {
      await client.connect();
      await client.writeRegister(0, 75); // SPEED_SETPOINT, mm/s
      await client.writeCoil(19, true); // PANEL.MODE_AUTO
      const [inputs, coils, inputRegs, holding] = await client.readMany([
        { area: 'discreteInput', start: 0, count: 14 },
        { area: 'coil', start: 16, count: 8 },
        { area: 'inputRegister', start: 0, count: 7 },
        { area: 'holdingRegister', start: 0, count: 1 },
      ]);
      expect(inputs).toHaveLength(14);
      expect(coils![3]).toBe(true);
      expect(inputRegs).toHaveLength(7);
      expect(holding).toEqual([75]);
      expect(plc.read('SPEED_SETPOINT')).toBe(75);
      expect(plc.read('PANEL.MODE_AUTO')).toBe(true);
    } finally {
      await client.close();
      await plc.stop();
    }
  });

  it('sends the reads of one batch in one socket write and matches answers by transaction id, in any order', async () => {
    const peer = await rawPeer((frames, socket) => {
      // Answer in reverse order: each request gets its own start address as the value.
      for (const f of [...frames].reverse()) socket.write(registersAnswer(f, [f.readUInt16BE(8)]));
    });
    const client = new ModbusTcpClient('127.0.0.1', peer.port, 7, 1000, 8);
    try {
      await client.connect();
      const answers = await client.readMany([
        { area: 'holdingRegister', start: 10, count: 1 },
        { area: 'holdingRegister', start: 20, count: 1 },
        { area: 'holdingRegister', start: 30, count: 1 },
      ]);
      expect(answers).toEqual([[10], [20], [30]]);
      expect(peer.chunks).toHaveLength(1);
      expect(peer.chunks[0]!.length).toBe(36);
      expect(peer.chunks[0]![6]).toBe(7); // unit id
    } finally {
      await client.close();
      await peer.close();
    }
  });

  it('rejects an exception answer with its code, and a request nobody answers with a timeout (a late answer is dropped)', async () => {
    let silent = false;
    let late: (() => void) | undefined;
    const peer = await rawPeer((frames, socket) => {
      for (const f of frames) {
        if (silent) late = () => socket.write(registersAnswer(f, [99]));
        else socket.write(Buffer.from([f[0]!, f[1]!, 0, 0, 0, 3, f[6]!, f[7]! | 0x80, 2]));
      }
    });
    const client = new ModbusTcpClient('127.0.0.1', peer.port, 1, 200);
    try {
      await client.connect();
      const refused = await client.readMany([{ area: 'holdingRegister', start: 500, count: 1 }]).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ModbusExceptionError);
      expect((refused as ModbusExceptionError).exceptionCode).toBe(2);
      expect((refused as Error).message).toBe('Modbus exception 2 (illegal data address) to function 3');
      silent = true;
      await expect(client.readMany([{ area: 'holdingRegister', start: 0, count: 1 }])).rejects.toThrow(/timed out/);
      silent = false;
      late!();
      // The late answer matched nothing; the next request gets its own answer.
      await expect(client.readMany([{ area: 'holdingRegister', start: 1, count: 1 }])).rejects.toBeInstanceOf(ModbusExceptionError);
    } finally {
      await client.close();
      await peer.close();
    }
  });

  it('rejects pending requests when the peer closes the connection, and reconnects', async () => {
    let drop = true;
    const peer = await rawPeer((frames, socket) => {
      if (drop) socket.destroy();
      else for (const f of frames) socket.write(registersAnswer(f, [5]));
    });
    const client = new ModbusTcpClient('127.0.0.1', peer.port, 1, 5000);
    try {
      await client.connect();
      await expect(client.readMany([{ area: 'holdingRegister', start: 0, count: 1 }])).rejects.toThrow(/closed/);
      expect(client.isOpen).toBe(false);
      drop = false;
      await client.close();
      await client.connect();
      await expect(client.readMany([{ area: 'holdingRegister', start: 0, count: 1 }])).resolves.toEqual([[5]]);
    } finally {
      await client.close();
      await peer.close();
    }
  });
});

describe('ModbusTcpClient requests in flight', () => {
  it('by default sends one request at a time: the next only after the previous answer', async () => {
    const peer = await rawPeer((frames, socket) => {
      for (const f of frames) socket.write(registersAnswer(f, [f.readUInt16BE(8)]));
    });
    const client = new ModbusTcpClient('127.0.0.1', peer.port, 1, 1000);
    try {
      await client.connect();
      const answers = await client.readMany([
        { area: 'holdingRegister', start: 10, count: 1 },
        { area: 'holdingRegister', start: 20, count: 1 },
        { area: 'holdingRegister', start: 30, count: 1 },
      ]);
      expect(answers).toEqual([[10], [20], [30]]);
      // Three packets of one request each: nothing was sent before the previous answer.
      expect(peer.chunks.map((c) => c.length)).toEqual([12, 12, 12]);
    } finally {
      await client.close();
      await peer.close();
    }
  });

  it('keeps at most maxInFlight requests on the wire and sends the rest as answers come', async () => {
    const peer = await rawPeer((frames, socket) => {
      for (const f of frames) socket.write(registersAnswer(f, [f.readUInt16BE(8)]));
    });
    const client = new ModbusTcpClient('127.0.0.1', peer.port, 1, 1000, 2);
    try {
      await client.connect();
      const reads = [1, 2, 3, 4, 5].map((start) => ({ area: 'holdingRegister' as const, start, count: 1 }));
      expect(await client.readMany(reads)).toEqual([[1], [2], [3], [4], [5]]);
      // Never more than two requests sent ahead of their answers.
      expect(peer.chunks[0]!.length).toBe(24);
      expect(peer.chunks.every((c) => c.length <= 24)).toBe(true);
      expect(peer.chunks.reduce((n, c) => n + c.length, 0)).toBe(60);
    } finally {
      await client.close();
      await peer.close();
    }
  });

  it('refuses a maxInFlight below 1', () => {
    expect(() => new ModbusTcpClient('127.0.0.1', 502, 1, 1000, 0)).toThrow(RangeError);
  });
});

describe('ModbusTcpClient against a Modbus server we did not write (modbus-serial ServerTCP)', () => {
  it('reads a pipelined batch of every area and writes a coil and a register', async () => {
    const coils = new Map<number, boolean>();
    const holding = new Map<number, number>([[3, 1234]]);
    const port = await freePort();
    const server = new ServerTCP(
      {
        getCoil: (addr: number) => coils.get(addr) ?? false,
        getDiscreteInput: (addr: number) => addr % 2 === 0,
        getInputRegister: (addr: number) => 100 + addr,
        getHoldingRegister: (addr: number) => holding.get(addr) ?? 0,
        setCoil: (addr: number, value: boolean) => void coils.set(addr, value),
        setRegister: (addr: number, value: number) => void holding.set(addr, value),
      },
      { host: '127.0.0.1', port, unitID: 1 },
    );
    await new Promise((resolve) => server.once('initialized', resolve));
    const client = new ModbusTcpClient('127.0.0.1', port, 1, 2000, 8);
    try {
      await client.connect();
      await client.writeCoil(5, true);
      await client.writeRegister(7, 4321);
      const [c, d, ir, hr] = await client.readMany([
        { area: 'coil', start: 4, count: 3 },
        { area: 'discreteInput', start: 0, count: 4 },
        { area: 'inputRegister', start: 10, count: 2 },
        { area: 'holdingRegister', start: 3, count: 5 },
      ]);
      expect(c).toEqual([false, true, false]);
      expect(d).toEqual([true, false, true, false]);
      expect(ir).toEqual([110, 111]);
      expect(hr).toEqual([1234, 0, 0, 0, 4321]);
    } finally {
      await client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
