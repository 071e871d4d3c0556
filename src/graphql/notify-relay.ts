/**
 * Subscription events across API processes: a PostgreSQL LISTEN/NOTIFY relay under the app's
 * {@link EventBus}. Each process holds one listening connection; each {@link RelayChannel} turns
 * the notifications of one PostgreSQL channel into publications on the local bus, reloading what
 * a notification only names (ids and sequence numbers fit NOTIFY's 8000-byte limit, rows do not).
 *
 * Two ways a channel is fed:
 * - by the database (triggers NOTIFY on commit, see migration 20261201235832): the channel is the
 *   only feeder of its topic on every process, the writer's included, so every subscriber sees one
 *   order and one copy;
 * - by this relay (`forwardTopic`): what is published on the local bus under that topic is sent
 *   with this process's origin id, and delivered by the other processes only (never twice here).
 *   A context whose events need no log (live-only, like station health) declares such a channel.
 *
 * Deliveries run one after another in notification order (one queue for every channel), so a
 * session's end is never published before the evidence committed before it.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Logger } from '../logger';
import type { EventBus } from './pubsub';

/** What the relay needs of the bus. */
export type RelayBus = Pick<EventBus, 'publish' | 'subscribe'>;

/** One PostgreSQL notification channel and how its notifications reach the local bus. */
export interface RelayChannel {
  /** PostgreSQL channel name (an identifier: letters, digits, underscores). */
  readonly channel: string;
  /**
   * When set, payloads published locally on this bus topic (without a sub-topic) are NOTIFYed
   * to the other processes; `deliver` then receives them as they were published (JSON round trip).
   */
  readonly forwardTopic?: string;
  /** Delivers one notification (its payload text, or the forwarded payload) on the bus. */
  deliver(payload: unknown, bus: RelayBus): Promise<void>;
  /** Called once listening starts, and again after a lost connection listens again: catch up. */
  resumed?(bus: RelayBus): Promise<void>;
}

/** Options of {@link NotifyRelay}. */
export interface NotifyRelayOptions {
  /** PostgreSQL URL of the database every process shares. */
  url: string;
  bus: RelayBus;
  channels: readonly RelayChannel[];
  log: Logger;
  /** First reconnect delay in ms, doubled per failure up to `maxBackoffMs`; default 100. */
  backoffMs?: number;
  /** Longest reconnect delay in ms; default 5000. */
  maxBackoffMs?: number;
}

/** A forwarded payload, as NOTIFYed: origin process and the payload. */
interface Forwarded {
  o: string;
  p: unknown;
}

/** NOTIFY payloads must stay under 8000 bytes; forwarded ones larger than this are dropped (logged). */
export const MAX_NOTIFY_BYTES = 7900;

/** The LISTEN/NOTIFY relay of one API process. Start it with {@link start}; {@link close} stops it. */
export class NotifyRelay {
  /** This process's id in forwarded notifications. */
  readonly origin = randomUUID();
  /** Notifications received, by channel (for /metrics). */
  readonly received = new Map<string, number>();
  private client?: Client;
  private closed = false;
  private reconnecting?: NodeJS.Timeout;
  private queue: Promise<void> = Promise.resolve();
  private readonly byChannel = new Map<string, RelayChannel>();
  /** Payloads this relay delivered on the bus: the forwarder must not send them back out. */
  private readonly relayed = new WeakSet<object>();
  private readonly forwarders: AsyncIterator<unknown>[] = [];
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly options: NotifyRelayOptions) {
    for (const channel of options.channels) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel.channel)) throw new Error(`NotifyRelay: invalid channel name ${channel.channel}`);
      if (this.byChannel.has(channel.channel)) throw new Error(`NotifyRelay: channel ${channel.channel} is given twice`);
      this.byChannel.set(channel.channel, channel);
    }
    this.backoffMs = options.backoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
  }

  /** Whether the listening connection is up. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Connects, LISTENs on every channel and starts forwarding; resolves once listening. */
  async start(): Promise<void> {
    await this.listen();
    this.resume();
    for (const channel of this.options.channels) if (channel.forwardTopic) this.forward(channel, channel.forwardTopic);
    await this.queue;
  }

  /** Stops listening and forwarding; waits for deliveries under way. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnecting);
    for (const it of this.forwarders) await it.return?.();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    await this.queue;
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.options.url, application_name: `dualhub-relay-${this.origin.slice(0, 8)}` });
    client.on('notification', (n) => this.enqueue(n.channel, n.payload ?? ''));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const channel of this.byChannel.keys()) await client.query(`listen ${channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
  }

  private resume(): void {
    for (const channel of this.options.channels) {
      if (channel.resumed) this.run(channel.channel, () => channel.resumed!(this.options.bus));
    }
  }

  private lost(client: Client, err?: Error): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.options.log.warn({ err }, 'notify relay: listening connection lost; reconnecting');
    void client.end().catch(() => undefined);
    this.reconnect(this.backoffMs);
  }

  private reconnect(delay: number): void {
    this.reconnecting = setTimeout(() => {
      this.listen().then(
        () => {
          this.options.log.info('notify relay: listening again');
          this.resume();
        },
        (err: Error) => {
          this.options.log.warn({ err, retryInMs: delay }, 'notify relay: reconnect failed');
          if (!this.closed) this.reconnect(Math.min(delay * 2, this.maxBackoffMs));
        },
      );
    }, delay);
    this.reconnecting.unref();
  }

  private enqueue(channelName: string, text: string): void {
    const channel = this.byChannel.get(channelName);
    if (!channel) return;
    this.received.set(channelName, (this.received.get(channelName) ?? 0) + 1);
    let payload: unknown = text;
    if (channel.forwardTopic) {
      const forwarded = JSON.parse(text) as Forwarded;
      if (forwarded.o === this.origin) return;
      payload = forwarded.p;
      if (payload !== null && typeof payload === 'object') this.relayed.add(payload);
    }
    this.run(channelName, () => channel.deliver(payload, this.options.bus));
  }

  /** Runs `task` after every task queued before it; a failure is logged, not fatal. */
  private run(channelName: string, task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: Error) => this.options.log.error({ err, channel: channelName }, 'notify relay: delivery failed'));
  }

  private forward(channel: RelayChannel, topic: string): void {
    const it = this.options.bus.subscribe<unknown>(topic)[Symbol.asyncIterator]();
    this.forwarders.push(it);
    const pump = async () => {
      for (;;) {
        const { value, done } = await it.next();
        if (done || this.closed) return;
        if (value !== null && typeof value === 'object' && this.relayed.has(value)) continue;
        const text = JSON.stringify({ o: this.origin, p: value } satisfies Forwarded);
        if (Buffer.byteLength(text) > MAX_NOTIFY_BYTES) {
          this.options.log.warn({ channel: channel.channel, bytes: Buffer.byteLength(text) }, 'notify relay: payload too large to forward; dropped');
          continue;
        }
        // Sent on the listening connection; while it is down, live-only payloads are dropped (health is re-sent each second).
        await this.client
          ?.query('select pg_notify($1, $2)', [channel.channel, text])
          .catch((err: Error) => this.options.log.warn({ err }, 'notify relay: forward failed'));
      }
    };
    void pump();
  }
}
