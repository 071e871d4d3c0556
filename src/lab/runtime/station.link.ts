/**
 * What a protocol adapter offers the session runner: a live link to one station with a small
 * Promise API, explicit timeouts, capped exponential backoff and typed events.
 */

import { EventEmitter } from 'node:events';
import type { SignalChange, SignalValue } from './signal.types';

/** A station's connection health, as the instructor's live view shows it. */
export interface StationHealth {
  readonly connected: boolean;
  /** Last successful exchange (poll answered / publish or keep-alive received), ms since epoch; null = never. */
  readonly lastSeen: number | null;
  /** Round-trip time of the last poll cycle or read, ms; null = unknown. */
  readonly roundTripMs: number | null;
  /** Errors since the link was created (timeouts, refused requests, broken connections). */
  readonly errorCount: number;
  /** Poll cycles (Modbus) or data-change notifications (OPC UA) handled since the link was created. */
  readonly samples: number;
}

/** Events of a station link. */
export interface StationLinkEvents {
  /** First connection made and first values read. */
  connected: [];
  /** The link broke (timeout, socket closed, stalled subscription); reconnection is under way. */
  lost: [reason: string];
  /** The link works again after a loss. */
  restored: [];
  /** Changed values observed together (one poll cycle, one publish), stamped by the injected clock. */
  changes: [changes: readonly SignalChange[]];
  /** Health changed (after each sample at most every 1 s, and on every connect/loss). */
  health: [health: StationHealth];
}

/** A live link to one station. */
export interface StationLink {
  /** Connects and reads every tag once; rejects after `timeoutMs` (default 5000). */
  connect(timeoutMs?: number): Promise<void>;
  /** Current values of every tag in the tag map (null = not read yet). */
  snapshot(): Record<string, SignalValue>;
  /** Writes one tag (engineering value; booleans for bits). Rejects on refusal or timeout. */
  write(tag: string, value: Exclude<SignalValue, null>, timeoutMs?: number): Promise<void>;
  /** Calls a method by its tag-map name (OPC UA); rejects with the status on refusal. */
  call(method: string, args: ReadonlyArray<Exclude<SignalValue, null>>, timeoutMs?: number): Promise<void>;
  health(): StationHealth;
  /** Stops polling/subscriptions and closes the connection; no events after it resolves. */
  close(): Promise<void>;
  on<E extends keyof StationLinkEvents>(event: E, listener: (...args: StationLinkEvents[E]) => void): this;
  off<E extends keyof StationLinkEvents>(event: E, listener: (...args: StationLinkEvents[E]) => void): this;
}

// Backoff and timeouts are the shared rules of every adapter (and of the lab agent's outbox).
export { type BackoffOptions, backoffDelay } from '../../shared/retry';
export { withTimeout } from '../../shared/scheduler';

/** Shared plumbing for adapters: typed events and health bookkeeping. */
export abstract class StationLinkBase extends EventEmitter implements StationLink {
  protected values: Record<string, SignalValue> = {};
  protected healthState: { connected: boolean; lastSeen: number | null; roundTripMs: number | null; errorCount: number; samples: number } = {
    connected: false,
    lastSeen: null,
    roundTripMs: null,
    errorCount: 0,
    samples: 0,
  };
  private lastHealthEmit = 0;

  abstract connect(timeoutMs?: number): Promise<void>;
  abstract write(tag: string, value: Exclude<SignalValue, null>, timeoutMs?: number): Promise<void>;
  abstract call(method: string, args: ReadonlyArray<Exclude<SignalValue, null>>, timeoutMs?: number): Promise<void>;
  abstract close(): Promise<void>;

  snapshot(): Record<string, SignalValue> {
    return { ...this.values };
  }

  health(): StationHealth {
    return { ...this.healthState };
  }

  protected emitHealth(force: boolean, now: number): void {
    if (force || now - this.lastHealthEmit >= 1000) {
      this.lastHealthEmit = now;
      this.emit('health', this.health());
    }
  }

  /** Applies fresh values; emits one `changes` batch with those that differ. */
  protected applyValues(fresh: ReadonlyArray<readonly [string, SignalValue]>, at: number): void {
    const changes: SignalChange[] = [];
    for (const [tag, value] of fresh) {
      if (this.values[tag] !== value) {
        this.values[tag] = value;
        changes.push({ tag, value, at });
      }
    }
    if (changes.length > 0) this.emit('changes', changes);
  }

  override on<E extends keyof StationLinkEvents>(event: E, listener: (...args: StationLinkEvents[E]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override off<E extends keyof StationLinkEvents>(event: E, listener: (...args: StationLinkEvents[E]) => void): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }
}
