/**
 * A small Modbus TCP client for the poller: the read functions 01–04 and the single writes 05/06,
 * nothing else. At most `maxInFlight` requests are on the wire at once (told apart by transaction
 * id); the rest wait in order. With room for all of them, `readMany` sends all the reads of one
 * poll in ONE socket write; with `maxInFlight` 1 (many PLCs and serial gateways serve one
 * transaction at a time and drop or mix up the others) each request waits for the previous answer.
 *
 * Why not modbus-serial here: it writes each request with its own socket write, chained through
 * promises, and computes a serial-line CRC for every TCP frame it receives. On a classroom of 15
 * trainers at 50 Hz (4 reads per poll) the socket writes alone were ~17 % of the runtime's CPU
 * (bench:lab, `--cpu-prof`); one write per poll needs control of the framing, which the library
 * does not give. The protocol part used here is a few lines of MBAP framing.
 */

import net from 'node:net';
import type { ModbusArea } from './station.types';

/** One read of a poll. */
export interface ModbusRead {
  readonly area: ModbusArea;
  readonly start: number;
  /** Number of bits (coils, discrete inputs; ≤ 2000) or registers (≤ 125). */
  readonly count: number;
}

const EXCEPTION_NAME: Record<number, string> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
  6: 'server device busy',
  10: 'gateway path unavailable',
  11: 'gateway target device failed to respond',
};

/** No complete answer within the request timeout (the device may still answer late). */
export class ModbusTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Modbus request timed out after ${timeoutMs} ms`);
    this.name = 'ModbusTimeoutError';
  }
}

/** A Modbus exception answer (the device refused the request). */
export class ModbusExceptionError extends Error {
  constructor(
    readonly functionCode: number,
    /** Modbus exception code, e.g. 2 = illegal data address. */
    readonly exceptionCode: number,
  ) {
    super(`Modbus exception ${exceptionCode}${EXCEPTION_NAME[exceptionCode] ? ` (${EXCEPTION_NAME[exceptionCode]})` : ''} to function ${functionCode}`);
    this.name = 'ModbusExceptionError';
  }
}

const FUNCTION: Record<ModbusArea, number> = { coil: 1, discreteInput: 2, holdingRegister: 3, inputRegister: 4 };

interface Pending {
  readonly functionCode: number;
  readonly count: number;
  readonly resolve: (data: Array<boolean | number>) => void;
  readonly reject: (e: Error) => void;
}

/** A request frame waiting for room on the wire. */
interface Queued {
  readonly tid: number;
  readonly frame: Buffer;
}

/** One TCP connection to one unit. */
export class ModbusTcpClient {
  private socket: net.Socket | null = null;
  private open = false;
  private nextTid = 1;
  private readonly pending = new Map<number, Pending>();
  /** Requests not yet written, oldest first. */
  private queue: Queued[] = [];
  /** Transaction ids written and not yet answered, timed out or failed. */
  private readonly onWire = new Set<number>();
  private received: Buffer = Buffer.alloc(0);

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly unitId: number,
    /** Timeout of one request (or one batch, counted from when it is submitted), ms. */
    private readonly timeoutMs: number,
    /** Most requests on the wire at once (≥ 1); default 1, which every device serves. */
    private readonly maxInFlight = 1,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError(`maxInFlight must be a whole number ≥ 1 (got ${maxInFlight})`);
  }

  /** Whether the connection is open. */
  get isOpen(): boolean {
    return this.open;
  }

  /** Opens the connection; rejects on a refused or failed connect. */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port });
      this.socket = socket;
      this.received = Buffer.alloc(0);
      socket.setNoDelay(true);
      // Events of a socket this client has since replaced (closed, reconnected) change nothing.
      socket.once('connect', () => {
        if (this.socket === socket) this.open = true;
        resolve();
      });
      socket.on('data', (chunk: Buffer) => {
        if (this.socket === socket) this.onData(chunk);
      });
      socket.on('error', (e) => {
        if (this.socket === socket) this.failAll(e);
        reject(e);
      });
      socket.once('close', () => {
        reject(new Error('Modbus connection closed'));
        if (this.socket !== socket) return;
        this.open = false;
        this.failAll(new Error('Modbus connection closed'));
      });
    });
  }

  /**
   * Sends every read in one socket write and resolves with the answers in order (booleans for
   * bits, unsigned 16-bit numbers for registers). Rejects on the first exception answer, a
   * closed connection, or no complete answer within the timeout.
   */
  readMany(reads: readonly ModbusRead[]): Promise<Array<Array<boolean | number>>> {
    const frames = Buffer.allocUnsafe(12 * reads.length);
    const answers = reads.map((r, i) => {
      const fc = FUNCTION[r.area];
      this.frame(frames, 12 * i, fc, r.start, r.count);
      return { ...this.expect(fc, r.count), frame: frames.subarray(12 * i, 12 * i + 12) };
    });
    return this.send(answers, Promise.all(answers.map((a) => a.promise)));
  }

  /** Writes one coil (function 05). */
  async writeCoil(address: number, value: boolean): Promise<void> {
    await this.writeSingle(5, address, value ? 0xff00 : 0x0000);
  }

  /** Writes one holding register (function 06), raw 16-bit value. */
  async writeRegister(address: number, value: number): Promise<void> {
    await this.writeSingle(6, address, value & 0xffff);
  }

  /** Closes the connection; pending requests reject. */
  close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    this.open = false;
    this.failAll(new Error('Modbus connection closed'));
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  private writeSingle(fc: number, address: number, value: number): Promise<unknown> {
    const frame = Buffer.allocUnsafe(12);
    this.frame(frame, 0, fc, address, value);
    const answer = this.expect(fc, 0);
    return this.send([{ tid: answer.tid, frame }], answer.promise);
  }

  /** Writes one 12-byte request ADU (MBAP header + function + two 16-bit fields) at `offset`, with the next transaction id. */
  private frame(buf: Buffer, offset: number, fc: number, a: number, b: number): void {
    buf.writeUInt16BE(this.nextTid, offset);
    buf.writeUInt16BE(0, offset + 2);
    buf.writeUInt16BE(6, offset + 4);
    buf[offset + 6] = this.unitId;
    buf[offset + 7] = fc;
    buf.writeUInt16BE(a, offset + 8);
    buf.writeUInt16BE(b, offset + 10);
  }

  private expect(functionCode: number, count: number): { tid: number; promise: Promise<Array<boolean | number>> } {
    const tid = this.nextTid;
    this.nextTid = (this.nextTid + 1) & 0xffff || 1;
    const promise = new Promise<Array<boolean | number>>((resolve, reject) => this.pending.set(tid, { functionCode, count, resolve, reject }));
    return { tid, promise };
  }

  private send<T>(requests: readonly Queued[], answered: Promise<T>): Promise<T> {
    if (!this.socket || !this.open) {
      const e = new Error('Modbus connection not open');
      for (const { tid } of requests) this.settle(tid)?.reject(e);
      return answered;
    }
    const timer = setTimeout(() => {
      // After a stall of this process (GC, a busy event loop), timers run before the socket is
      // read: an answer that came in time may be waiting in the socket. Look once more after
      // the next I/O turn (setImmediate runs after it) before calling the request late; a late
      // answer is a lost link, a busy API process must not look like one.
      setImmediate(() => {
        const e = new ModbusTimeoutError(this.timeoutMs);
        for (const { tid } of requests) this.settle(tid)?.reject(e);
      });
    }, this.timeoutMs);
    this.queue.push(...requests);
    this.pump();
    return answered.finally(() => clearTimeout(timer));
  }

  /** Writes as many queued requests as there is room for on the wire, in one socket write. */
  private pump(): void {
    const room = this.maxInFlight - this.onWire.size;
    if (room <= 0 || this.queue.length === 0 || !this.socket || !this.open) return;
    const batch = this.queue.length <= room ? this.queue : this.queue.slice(0, room);
    this.queue = this.queue.length <= room ? [] : this.queue.slice(room);
    for (const { tid } of batch) this.onWire.add(tid);
    this.socket.write(batch.length === 1 ? batch[0]!.frame : Buffer.concat(batch.map((q) => q.frame)));
  }

  /**
   * Ends a transaction (answered, timed out, failed): returns what was pending, frees its place
   * on the wire for the next queued request, or takes it out of the queue if it was never sent.
   */
  private settle(tid: number): Pending | undefined {
    const p = this.pending.get(tid);
    this.pending.delete(tid);
    if (this.onWire.delete(tid)) this.pump();
    else if (p) this.queue = this.queue.filter((q) => q.tid !== tid);
    return p;
  }

  private onData(chunk: Buffer): void {
    let buf = this.received.length ? Buffer.concat([this.received, chunk]) : chunk;
    while (buf.length >= 8) {
      const length = buf.readUInt16BE(4);
      if (length < 2 || length > 254 || buf.readUInt16BE(2) !== 0) {
        // Not Modbus TCP: drop the connection (the poller reconnects) rather than guess.
        this.socket?.destroy(new Error('Modbus TCP framing error'));
        return;
      }
      if (buf.length < 6 + length) break;
      const tid = buf.readUInt16BE(0);
      const fc = buf[7]!;
      // A late answer to a timed-out request finds nothing pending and is dropped.
      const p = this.pending.has(tid) ? this.settle(tid) : undefined;
      if (p) {
        if (fc === (p.functionCode | 0x80)) p.reject(new ModbusExceptionError(p.functionCode, buf[8]!));
        else if (fc !== p.functionCode) p.reject(new Error(`Modbus answer with function ${fc} to a request with ${p.functionCode}`));
        else if (fc <= 4 && (length < 3 || buf[8]! < dataBytes(fc, p.count) || length < 3 + dataBytes(fc, p.count)))
          p.reject(new Error(`Modbus answer too short for ${p.count} values`));
        else p.resolve(decodeAnswer(fc, buf, p.count));
      }
      buf = buf.subarray(6 + length);
    }
    this.received = buf.length ? Buffer.from(buf) : Buffer.alloc(0);
  }

  private failAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    this.queue = [];
    this.onWire.clear();
    for (const p of all) p.reject(e);
  }
}

/** Data bytes a read answer carries for `count` bits or registers. */
function dataBytes(fc: number, count: number): number {
  return fc <= 2 ? Math.ceil(count / 8) : 2 * count;
}

/** Values of a read answer starting at byte 9 of the ADU (after MBAP, function, byte count). */
function decodeAnswer(fc: number, adu: Buffer, count: number): Array<boolean | number> {
  const out = new Array<boolean | number>(count);
  if (fc === 1 || fc === 2) for (let i = 0; i < count; i++) out[i] = ((adu[9 + (i >> 3)]! >> (i & 7)) & 1) === 1;
  else if (fc === 3 || fc === 4) for (let i = 0; i < count; i++) out[i] = adu.readUInt16BE(9 + 2 * i);
  return out;
}
