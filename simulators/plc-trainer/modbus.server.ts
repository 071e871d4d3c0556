/**
 * A Modbus TCP server on Node's socket layer. Written here rather than using modbus-serial's
 * ServerTCP because the trainer needs exact control of exception codes (01/02/03/0B), of the
 * unit id, and of misbehaviour on purpose (silent drop, slow answers) per request.
 */
import net from 'node:net';

/** Modbus exception codes this server sends. */
export const ModbusException = {
  IllegalFunction: 0x01,
  IllegalDataAddress: 0x02,
  IllegalDataValue: 0x03,
  GatewayTargetFailed: 0x0b,
} as const;

/** A result the device may return instead of data. */
export type ExceptionCode = (typeof ModbusException)[keyof typeof ModbusException];

/** The data side the server serves; every method validates and may answer with an exception code. */
export interface ModbusDevice {
  readBits(area: 'coil' | 'discreteInput', address: number, quantity: number): boolean[] | ExceptionCode;
  readRegisters(area: 'holdingRegister' | 'inputRegister', address: number, quantity: number): number[] | ExceptionCode;
  writeCoils(address: number, values: boolean[]): ExceptionCode | null;
  writeRegisters(address: number, values: number[]): ExceptionCode | null;
  /** Asked when a request arrives: drop it silently, and/or delay the answer (ms, wall clock). */
  responsePolicy(): { drop: boolean; delayMs: number };
}

/** Options of {@link startModbusTcpServer}. */
export interface ModbusServerOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** The one unit id answered; requests for another get exception 0x0B. */
  unitId: number;
  /** Most simultaneous connections; further ones are closed at once. Default 64. */
  maxConnections?: number;
  /**
   * How requests on one connection are served. `pipelined` (default): every request is read and
   * answered in order, however many arrive at once. `one-at-a-time`: like many real PLCs and
   * serial gateways, one transaction per connection is open at a time; a request that arrives
   * while the previous one is still being answered, or after it in the same packet, is dropped
   * without an answer (counted by {@link ModbusTcpServer.droppedRequests}).
   */
  transactions?: 'pipelined' | 'one-at-a-time';
  device: ModbusDevice;
}

/** A running server. */
export interface ModbusTcpServer {
  readonly port: number;
  readonly host: string;
  /** Number of open client connections. */
  connections(): number;
  /** Requests dropped because another transaction was open (`one-at-a-time` only). */
  droppedRequests(): number;
  /** Closes the listener and every connection. */
  close(): Promise<void>;
}

const MAX_READ_BITS = 2000;
const MAX_READ_REGS = 125;
const MAX_WRITE_BITS = 1968;
const MAX_WRITE_REGS = 123;
const MAX_RW_WRITE_REGS = 121;

/** Handles one PDU (function code + data) and returns the response PDU. */
export function handlePdu(device: ModbusDevice, pdu: Buffer): Buffer {
  const fc = pdu[0];
  const ex = (code: ExceptionCode) => Buffer.from([fc | 0x80, code]);
  const u16 = (o: number) => pdu.readUInt16BE(o);
  switch (fc) {
    case 1:
    case 2: {
      if (pdu.length !== 5) return ex(ModbusException.IllegalDataValue);
      const address = u16(1);
      const qty = u16(3);
      if (qty < 1 || qty > MAX_READ_BITS) return ex(ModbusException.IllegalDataValue);
      const bits = device.readBits(fc === 1 ? 'coil' : 'discreteInput', address, qty);
      if (typeof bits === 'number') return ex(bits);
      return Buffer.concat([Buffer.from([fc, Math.ceil(qty / 8)]), packBits(bits)]);
    }
    case 3:
    case 4: {
      if (pdu.length !== 5) return ex(ModbusException.IllegalDataValue);
      const address = u16(1);
      const qty = u16(3);
      if (qty < 1 || qty > MAX_READ_REGS) return ex(ModbusException.IllegalDataValue);
      const regs = device.readRegisters(fc === 3 ? 'holdingRegister' : 'inputRegister', address, qty);
      if (typeof regs === 'number') return ex(regs);
      return Buffer.concat([Buffer.from([fc, qty * 2]), packRegs(regs)]);
    }
    case 5: {
      if (pdu.length !== 5) return ex(ModbusException.IllegalDataValue);
      const value = u16(3);
      if (value !== 0xff00 && value !== 0x0000) return ex(ModbusException.IllegalDataValue);
      const r = device.writeCoils(u16(1), [value === 0xff00]);
      return r === null ? Buffer.from(pdu) : ex(r);
    }
    case 6: {
      if (pdu.length !== 5) return ex(ModbusException.IllegalDataValue);
      const r = device.writeRegisters(u16(1), [u16(3)]);
      return r === null ? Buffer.from(pdu) : ex(r);
    }
    case 15: {
      if (pdu.length < 6) return ex(ModbusException.IllegalDataValue);
      const address = u16(1);
      const qty = u16(3);
      const bytes = pdu[5];
      if (qty < 1 || qty > MAX_WRITE_BITS || bytes !== Math.ceil(qty / 8) || pdu.length !== 6 + bytes) return ex(ModbusException.IllegalDataValue);
      const values = unpackBits(pdu.subarray(6), qty);
      const r = device.writeCoils(address, values);
      return r === null ? pdu.subarray(0, 5) : ex(r);
    }
    case 16: {
      if (pdu.length < 6) return ex(ModbusException.IllegalDataValue);
      const address = u16(1);
      const qty = u16(3);
      const bytes = pdu[5];
      if (qty < 1 || qty > MAX_WRITE_REGS || bytes !== qty * 2 || pdu.length !== 6 + bytes) return ex(ModbusException.IllegalDataValue);
      const r = device.writeRegisters(address, unpackRegs(pdu.subarray(6), qty));
      return r === null ? pdu.subarray(0, 5) : ex(r);
    }
    case 23: {
      if (pdu.length < 10) return ex(ModbusException.IllegalDataValue);
      const readAddress = u16(1);
      const readQty = u16(3);
      const writeAddress = u16(5);
      const writeQty = u16(7);
      const bytes = pdu[9];
      if (readQty < 1 || readQty > MAX_READ_REGS || writeQty < 1 || writeQty > MAX_RW_WRITE_REGS || bytes !== writeQty * 2 || pdu.length !== 10 + bytes)
        return ex(ModbusException.IllegalDataValue);
      // Check the read range before writing so a refused request changes nothing.
      const probe = device.readRegisters('holdingRegister', readAddress, readQty);
      if (typeof probe === 'number') return ex(probe);
      const w = device.writeRegisters(writeAddress, unpackRegs(pdu.subarray(10), writeQty));
      if (w !== null) return ex(w);
      const regs = device.readRegisters('holdingRegister', readAddress, readQty);
      if (typeof regs === 'number') return ex(regs);
      return Buffer.concat([Buffer.from([fc, readQty * 2]), packRegs(regs)]);
    }
    default:
      return ex(ModbusException.IllegalFunction);
  }
}

/** Starts listening; resolves once the port is bound. */
export async function startModbusTcpServer(options: ModbusServerOptions): Promise<ModbusTcpServer> {
  const host = options.host ?? '127.0.0.1';
  const maxConnections = options.maxConnections ?? 64;
  const oneAtATime = options.transactions === 'one-at-a-time';
  let dropped = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    if (sockets.size >= maxConnections) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    // Answers on one connection leave in request order, even when slowed down.
    let chain: Promise<void> = Promise.resolve();
    /** One-at-a-time: a transaction is open from its request until its answer is written. */
    let open = false;
    socket.on('data', (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      let servedInThisPacket = false;
      while (buffer.length >= 7) {
        const length = buffer.readUInt16BE(4);
        if (length < 2 || length > 254 || buffer.readUInt16BE(2) !== 0) {
          socket.destroy(); // not Modbus TCP: a real device closes the connection
          return;
        }
        if (buffer.length < 6 + length) break;
        const frame = buffer.subarray(0, 6 + length);
        buffer = buffer.subarray(6 + length);
        if (oneAtATime && (open || servedInThisPacket)) {
          dropped++;
          continue;
        }
        servedInThisPacket = true;
        const policy = options.device.responsePolicy();
        if (policy.drop) continue;
        const tid = frame.readUInt16BE(0);
        const unit = frame[6];
        const pdu = frame.subarray(7);
        const response = unit === options.unitId ? handlePdu(options.device, pdu) : Buffer.from([pdu[0] | 0x80, ModbusException.GatewayTargetFailed]);
        const adu = Buffer.alloc(7 + response.length);
        adu.writeUInt16BE(tid, 0);
        adu.writeUInt16BE(0, 2);
        adu.writeUInt16BE(response.length + 1, 4);
        adu[6] = unit;
        response.copy(adu, 7);
        open = oneAtATime;
        const answer = () => {
          open = false;
          if (!socket.destroyed) socket.write(adu);
        };
        if (policy.delayMs > 0) {
          chain = chain.then(() => new Promise<void>((r) => setTimeout(r, policy.delayMs))).then(answer);
        } else {
          chain = chain.then(answer);
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    host,
    connections: () => sockets.size,
    droppedRequests: () => dropped,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function packBits(bits: boolean[]): Buffer {
  const out = Buffer.alloc(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => {
    if (b) out[i >> 3] |= 1 << (i & 7);
  });
  return out;
}

function unpackBits(buf: Buffer, qty: number): boolean[] {
  return Array.from({ length: qty }, (_, i) => ((buf[i >> 3] >> (i & 7)) & 1) === 1);
}

function packRegs(regs: number[]): Buffer {
  const out = Buffer.alloc(regs.length * 2);
  regs.forEach((v, i) => out.writeUInt16BE(v & 0xffff, i * 2));
  return out;
}

function unpackRegs(buf: Buffer, qty: number): number[] {
  return Array.from({ length: qty }, (_, i) => buf.readUInt16BE(i * 2));
}
