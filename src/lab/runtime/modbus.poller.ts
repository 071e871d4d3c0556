/**
 * Modbus TCP adapter: polls a station's tag map at a fixed period with reads grouped into as few
 * requests as the map allows (contiguous ranges per area, ≤ 125 registers / 2000 bits, small gaps
 * bridged), emits changes only (a tag marked `heartbeat` is read but never reported as a change),
 * and reconnects with capped exponential backoff.
 */

import { ModbusTcpClient, ModbusTimeoutError } from './modbus.client';
import { type BackoffOptions, StationLinkBase, backoffDelay, withTimeout } from './station.link';
import { retry } from '../../shared/retry';
import type { SignalChange, SignalValue } from './signal.types';
import { type Scheduler, type TimerHandle, systemScheduler } from '../../shared/scheduler';
import type { ModbusArea, ModbusStationAddress, ModbusTag, ModbusTagMap } from './station.types';

/** Options of {@link ModbusPoller}. */
export interface ModbusPollerOptions {
  /** Poll period, ms; default 50. */
  readonly pollMs?: number;
  /** Timeout of one request, ms; default 500. A timeout counts as a lost link. */
  readonly requestTimeoutMs?: number;
  /** Largest gap of unused addresses bridged inside one read: registers default 16, bits default 64. */
  readonly maxGapRegisters?: number;
  readonly maxGapBits?: number;
  readonly backoff?: BackoffOptions;
  /** Time of change stamps and of the poll, reconnect and timeout timers; default the wall clock. */
  readonly scheduler?: Scheduler;
}

/** One grouped read request. */
export interface ReadGroup {
  readonly area: ModbusArea;
  readonly start: number;
  readonly count: number;
  readonly tags: readonly ModbusTag[];
}

const LIMIT: Record<ModbusArea, number> = { coil: 2000, discreteInput: 2000, inputRegister: 125, holdingRegister: 125 };

/**
 * Groups a tag map into read requests: per area, sorted by address, a new request starts when
 * the span would exceed the protocol limit or the gap exceeds `maxGap`.
 */
export function planReads(tags: readonly ModbusTag[], maxGapRegisters = 16, maxGapBits = 64): ReadGroup[] {
  const groups: ReadGroup[] = [];
  for (const area of ['coil', 'discreteInput', 'inputRegister', 'holdingRegister'] as const) {
    const sorted = tags.filter((t) => t.area === area).sort((a, b) => a.address - b.address);
    const bits = area === 'coil' || area === 'discreteInput';
    const maxGap = bits ? maxGapBits : maxGapRegisters;
    let current: { start: number; end: number; tags: ModbusTag[] } | null = null;
    for (const t of sorted) {
      if (current && t.address - current.end - 1 <= maxGap && t.address - current.start + 1 <= LIMIT[area]) {
        current.end = Math.max(current.end, t.address);
        current.tags.push(t);
      } else {
        if (current) groups.push({ area, start: current.start, count: current.end - current.start + 1, tags: current.tags });
        current = { start: t.address, end: t.address, tags: [t] };
      }
    }
    if (current) groups.push({ area, start: current.start, count: current.end - current.start + 1, tags: current.tags });
  }
  return groups;
}

function decode(tag: ModbusTag, raw: number | boolean): SignalValue {
  if (tag.type === 'bool') return typeof raw === 'boolean' ? raw : raw !== 0;
  let n = Number(raw);
  if (tag.type === 'int16' && n > 0x7fff) n -= 0x10000;
  return tag.scale ? Math.round(n * tag.scale * 1e6) / 1e6 : n;
}

/** A polled Modbus TCP station. Events: connected, lost, restored, changes, health. */
export class ModbusPoller extends StationLinkBase {
  private readonly client: ModbusTcpClient;
  private readonly groups: ReadGroup[];
  private readonly byName: Map<string, ModbusTag>;
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly clock: Scheduler;
  private timer: TimerHandle | undefined;
  private closed = false;
  private everConnected = false;
  private attempt = 0;
  /** When the next poll is due (scheduler ms): polls keep a fixed timeline. */
  private due = 0;

  constructor(
    private readonly address: ModbusStationAddress,
    tagMap: ModbusTagMap,
    private readonly options: ModbusPollerOptions = {},
  ) {
    super();
    this.groups = planReads(tagMap.tags, options.maxGapRegisters, options.maxGapBits);
    this.byName = new Map(tagMap.tags.map((t) => [t.name, t]));
    this.pollMs = options.pollMs ?? 50;
    this.timeoutMs = options.requestTimeoutMs ?? 500;
    this.clock = options.scheduler ?? systemScheduler;
    this.client = new ModbusTcpClient(address.host, address.port, address.unitId ?? 1, this.timeoutMs, address.maxRequestsInFlight ?? 1);
    for (const t of tagMap.tags) this.values[t.name] = null;
  }

  /** The grouped read plan (for health views and benches). */
  readPlan(): readonly ReadGroup[] {
    return this.groups;
  }

  /**
   * Opens the connection and reads every tag once. A first read that times out is tried again on
   * a fresh connection while `timeoutMs` lasts: one late answer (a busy host, a device finishing
   * its start-up) does not make a station unreachable, and calling it so ends the student's
   * session before it began. A refused connection or a Modbus exception answer is final.
   */
  async connect(timeoutMs = 5000): Promise<void> {
    const deadline = this.clock.now() + timeoutMs;
    const what = `Modbus connect to ${this.address.host}:${this.address.port}`;
    await retry(
      async () => {
        await withTimeout(this.open(), Math.max(0, deadline - this.clock.now()), what, this.clock);
        await this.pollOnce();
      },
      {
        ...this.options.backoff,
        scheduler: this.clock,
        shouldRetry: (e) => e instanceof ModbusTimeoutError && !this.closed && this.clock.now() + this.timeoutMs <= deadline,
        onRetry: () => {
          this.healthState.errorCount++;
          void this.client.close(); // as after a lost poll: a late answer must not meet the next read
        },
      },
    );
    this.healthState.connected = true;
    this.everConnected = true;
    this.emit('connected');
    this.emitHealth(true, this.clock.now());
    this.schedule(this.pollMs);
  }

  private async open(): Promise<void> {
    if (this.client.isOpen) return;
    await this.client.close(); // a connect that timed out may still be pending
    await this.client.connect();
  }

  private async pollOnce(): Promise<void> {
    const started = Date.now();
    // With room on the wire (the station's maxRequestsInFlight) every read of one poll goes out in
    // one socket write (pipelined, told apart by transaction id): one round trip, not one per
    // group. A device serving one transaction at a time gets them one after the other.
    const answers = await this.client.readMany(this.groups);
    const now = this.clock.now();
    this.healthState.roundTripMs = Date.now() - started;
    this.healthState.lastSeen = now;
    this.healthState.samples++;
    // Compared as decoded, so a poll with nothing new allocates nothing but the answers.
    let changes: SignalChange[] | undefined;
    for (let i = 0; i < this.groups.length; i++) {
      const g = this.groups[i]!;
      const data = answers[i]!;
      for (const t of g.tags) {
        const value = decode(t, data[t.address - g.start]!);
        // A heartbeat (scan counter) differs at every poll: kept current, never a change.
        if (t.heartbeat) this.values[t.name] = value;
        else if (this.values[t.name] !== value) {
          this.values[t.name] = value;
          (changes ??= []).push({ tag: t.name, value, at: now });
        }
      }
    }
    if (changes) this.emit('changes', changes);
    this.emitHealth(false, now);
  }

  private schedule(delay: number): void {
    if (this.closed) return;
    this.due = this.clock.now() + delay;
    this.timer = this.clock.setTimeout(() => void this.cycle(), delay);
  }

  /**
   * Schedules the next poll one period after the previous one was due, not after it ran: timer
   * lateness (≥ 1 ms per timer) would otherwise add up and a 20 ms period would poll at ~46 Hz.
   * A poller more than a period behind starts a new timeline instead of bursting to catch up.
   */
  private scheduleNext(): void {
    if (this.closed) return;
    const now = this.clock.now();
    let due = this.due + this.pollMs;
    if (due < now - this.pollMs) due = now;
    // A wall clock stepped back (NTP) must not stall polling: never wait more than one period.
    else if (due > now + this.pollMs) due = now + this.pollMs;
    this.due = due;
    this.timer = this.clock.setTimeout(() => void this.cycle(), Math.max(0, due - now));
  }

  private async cycle(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.healthState.connected) {
        await withTimeout(this.open(), this.timeoutMs * 2, 'Modbus reconnect', this.clock);
        await this.pollOnce();
        this.healthState.connected = true;
        this.attempt = 0;
        this.emit('restored');
        this.emitHealth(true, this.clock.now());
      } else await this.pollOnce();
      this.scheduleNext();
    } catch (e) {
      if (this.closed) return;
      this.healthState.errorCount++;
      if (this.healthState.connected) {
        this.healthState.connected = false;
        this.emit('lost', `Modbus ${this.address.host}:${this.address.port}: ${(e as Error).message}`);
        this.emitHealth(true, this.clock.now());
      }
      // A timed-out socket may still deliver a late answer: start over on a fresh connection.
      void this.client.close();
      this.schedule(backoffDelay(this.attempt++, this.options.backoff));
    }
  }

  async write(tag: string, value: Exclude<SignalValue, null>, timeoutMs = this.timeoutMs * 2): Promise<void> {
    const t = this.byName.get(tag);
    if (!t) throw new Error(`unknown tag ${tag}`);
    if (t.access !== 'readwrite') throw new Error(`tag ${tag} is read-only`);
    await withTimeout(
      (async () => {
        if (t.area === 'coil') await this.client.writeCoil(t.address, value === true || value === 1);
        else if (t.area === 'holdingRegister') {
          let raw = Math.round(Number(value) / (t.scale ?? 1));
          if (raw < 0) raw += 0x10000;
          await this.client.writeRegister(t.address, raw);
        } else throw new Error(`tag ${tag} is in a read-only area`);
      })(),
      timeoutMs,
      `Modbus write ${tag}`,
      this.clock,
    );
  }

  async call(method: string): Promise<void> {
    throw new Error(`method calls are not available over Modbus (${method})`);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clock.clear(this.timer);
    await this.client.close();
    this.removeAllListeners();
  }

  /** Whether the poller ever connected (for the runner's diagnostics). */
  get hasConnected(): boolean {
    return this.everConnected;
  }
}
