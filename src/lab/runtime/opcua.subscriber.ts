/**
 * OPC UA adapter: one session, one subscription (publishing every 50 ms by default) with a
 * monitored item per tag (sampling interval 0: changes reported as they happen where the server
 * can), security mode/policy and user from the station config, a watchdog that reports
 * `lost` when no data arrives in time (a stalled subscription), and reconnection with capped
 * backoff handled by node-opcua's client.
 *
 * Why a heartbeat item: a subscription whose publishing stalls (server overloaded, publishing
 * switched off, a queue stuck) still sends keep-alives, so keep-alives prove only that the
 * session lives, not that values flow. The subscription therefore also monitors the server's
 * `ServerStatus.CurrentTime` (mandatory on every server, it changes at each sample, at most
 * every second on most servers): no data notification at all within the stall time means stalled.
 */

import {
  AttributeIds,
  type ClientMonitoredItemGroup,
  type ClientSession,
  type ClientSubscription,
  DataType,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  TimestampsToReturn,
  type DataValue,
  type UserIdentityInfo,
  UserTokenType,
} from 'node-opcua';
import { type BackoffOptions, StationLinkBase, withTimeout } from './station.link';
import type { SignalValue } from './signal.types';
import { type Scheduler, systemScheduler } from '../../shared/scheduler';
import type { OpcUaStationAddress, OpcUaTag, OpcUaTagMap } from './station.types';

/** Options of {@link OpcUaSubscriber}. */
export interface OpcUaSubscriberOptions {
  /** Publishing interval, and the heartbeat's sampling interval, ms; default 50. */
  readonly samplingMs?: number;
  /**
   * Sampling interval requested for the tag items, ms; default 0: the server reports each change
   * as it happens (exception-based) or samples at the fastest rate it supports, so a change
   * waits at most one publishing interval instead of a sampling plus a publishing interval.
   */
  readonly itemSamplingMs?: number;
  /**
   * No data notification (values or the CurrentTime heartbeat) for this long = stalled = `lost`;
   * default 1500 ms, raised to 1.5 × the heartbeat's revised sampling interval when that is longer.
   */
  readonly stallMs?: number;
  /** Timeout of one request, ms; default 2000. */
  readonly requestTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /**
   * Time of change stamps and health; default the wall clock. The stall watchdog and request
   * timeouts stay on the wall clock: node-opcua publishes on its own (real) timers.
   */
  readonly scheduler?: Scheduler;
}

/** Resolves `ns=1;…` of the tag map against the server's namespace index for `namespaceUri`. */
function resolveNodeId(nodeId: string, ns: number): string {
  return nodeId.replace(/^ns=1;/, `ns=${ns};`);
}

function toValue(tag: OpcUaTag, dv: DataValue): SignalValue {
  if (!dv.statusCode.isGood()) return null;
  const v = dv.value?.value as unknown;
  if (v === null || v === undefined) return null;
  if (tag.type === 'bool') return Boolean(v);
  if (tag.type === 'string') return String(v);
  return Number(v);
}

/** Size of one outgoing message chunk, bytes (OPC UA Part 6: at least 8192). */
const SEND_CHUNK_BYTES = 8192;
/** Largest message, bytes (node-opcua's default). */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** `Server.ServerStatus.CurrentTime` (i=2258): the heartbeat every server publishes. */
const HEARTBEAT_NODE = 'ns=0;i=2258';

const DATA_TYPE: Record<OpcUaTag['type'], DataType> = { bool: DataType.Boolean, double: DataType.Double, string: DataType.String, int: DataType.Int32 };

/** A subscribed OPC UA station. Events: connected, lost, restored, changes, health. */
export class OpcUaSubscriber extends StationLinkBase {
  private client: OPCUAClient | null = null;
  private session: ClientSession | null = null;
  private subscription: ClientSubscription | null = null;
  private group: ClientMonitoredItemGroup | null = null;
  private ns = 1;
  private watchdog: NodeJS.Timeout | undefined;
  /** performance.now() of the last data notification (the watchdog's own time: real, like its timer). */
  private lastData = 0;
  private stallMs: number;
  /** Lost because data stopped (not the connection): data arriving again restores the link. */
  private stalled = false;
  private closed = false;
  /** Values of the publish response being delivered, applied together on the next turn. */
  private pending: Array<readonly [string, SignalValue]> = [];
  private readonly flushPending = () => {
    const batch = this.pending;
    this.pending = [];
    if (this.closed || batch.length === 0) return;
    // A publish may carry several queued samples of one item (sampling faster than publishing):
    // the k-th sample of every item goes into the k-th judge input, so a short pulse is judged
    // as a pulse, not folded into its last value.
    const rounds: Array<Array<readonly [string, SignalValue]>> = [];
    const seen = new Map<string, number>();
    for (const entry of batch) {
      const k = seen.get(entry[0]) ?? 0;
      seen.set(entry[0], k + 1);
      (rounds[k] ??= []).push(entry);
    }
    const at = this.clock.now();
    for (const round of rounds) this.applyValues(round, at);
  };
  private readonly clock: Scheduler;
  private readonly byName: Map<string, OpcUaTag>;

  constructor(
    private readonly address: OpcUaStationAddress,
    private readonly tagMap: OpcUaTagMap,
    private readonly options: OpcUaSubscriberOptions = {},
  ) {
    super();
    this.clock = options.scheduler ?? systemScheduler;
    this.stallMs = options.stallMs ?? 1500;
    this.byName = new Map(tagMap.tags.map((t) => [t.name, t]));
    for (const t of tagMap.tags) this.values[t.name] = null;
  }

  async connect(timeoutMs = 10_000): Promise<void> {
    await withTimeout(this.open(), timeoutMs, `OPC UA connect to ${this.address.endpointUrl}`);
    this.healthState.connected = true;
    this.emit('connected');
    this.emitHealth(true, this.clock.now());
  }

  private async open(): Promise<void> {
    const backoff = this.options.backoff ?? {};
    this.client = OPCUAClient.create({
      applicationName: 'DualHub lab runtime',
      endpointMustExist: false,
      securityMode: MessageSecurityMode[this.address.securityMode ?? 'None'],
      securityPolicy: SecurityPolicy[this.address.securityPolicy ?? 'None'],
      requestedSessionTimeout: 60_000,
      keepSessionAlive: true,
      connectionStrategy: { initialDelay: backoff.initialMs ?? 100, maxDelay: backoff.maxMs ?? 5000, maxRetry: 1_000_000 },
      // node-opcua allocates one send chunk of the negotiated size for every request it sends
      // (a publish request every publishing interval): 8 KiB, the smallest size OPC UA allows,
      // instead of the default 64 KiB. Larger requests are split into more chunks: as many as
      // keep node-opcua's default 16 MiB message limit reachable.
      transportSettings: { sendBufferSize: SEND_CHUNK_BYTES, maxMessageSize: MAX_MESSAGE_BYTES, maxChunkCount: MAX_MESSAGE_BYTES / SEND_CHUNK_BYTES },
    });
    this.client.on('connection_lost', () => this.markLost('connection lost'));
    this.client.on('connection_reestablished', () => void this.markRestored());
    await this.client.connect(this.address.endpointUrl);
    const identity: UserIdentityInfo = this.address.user
      ? { type: UserTokenType.UserName, userName: this.address.user.userName, password: this.address.user.password }
      : { type: UserTokenType.Anonymous };
    this.session = await this.client.createSession(identity);
    const nsArray = (await this.session.readNamespaceArray()) as string[];
    const idx = nsArray.indexOf(this.tagMap.namespaceUri);
    if (idx < 0) throw new Error(`namespace ${this.tagMap.namespaceUri} not on the server`);
    this.ns = idx;
    // First values by a read, so the snapshot is complete before the run starts.
    const dvs = await this.session.read(this.tagMap.tags.map((t) => ({ nodeId: resolveNodeId(t.nodeId, this.ns), attributeId: AttributeIds.Value })));
    this.applyValues(
      this.tagMap.tags.map((t, i) => [t.name, toValue(t, dvs[i]!)] as const),
      this.clock.now(),
    );
    await this.subscribe();
  }

  private async subscribe(): Promise<void> {
    const sampling = this.options.samplingMs ?? 50;
    const session = this.session!;
    this.subscription = await session.createSubscription2({
      requestedPublishingInterval: sampling,
      requestedMaxKeepAliveCount: 5,
      requestedLifetimeCount: 30,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    // Keep-alives show the session lives (health's lastSeen); only data re-arms the watchdog.
    this.subscription.on('keepalive', () => {
      this.healthState.lastSeen = this.clock.now();
    });
    this.subscription.on('terminated', () => this.markLost('subscription terminated'));
    const items = this.tagMap.tags.map((t) => ({ nodeId: resolveNodeId(t.nodeId, this.ns), attributeId: AttributeIds.Value }));
    this.group = await this.subscription.monitorItems(
      items,
      { samplingInterval: this.options.itemSamplingMs ?? 0, discardOldest: true, queueSize: 10 },
      // Changes are stamped by the injected clock on arrival; the server's timestamps are never
      // read, so they are not asked for (less to encode and decode in every publish).
      TimestampsToReturn.Neither,
    );
    // The heartbeat is sampled (never exception-based), so it ticks even while no tag changes.
    const heartbeat = await this.subscription.monitor(
      { nodeId: HEARTBEAT_NODE, attributeId: AttributeIds.Value },
      { samplingInterval: sampling, discardOldest: true, queueSize: 1 },
      TimestampsToReturn.Neither,
    );
    const heartbeatMs = heartbeat.monitoringParameters.samplingInterval || 1000;
    this.stallMs = Math.max(this.options.stallMs ?? 1500, Math.ceil(1.5 * heartbeatMs));
    heartbeat.on('changed', () => this.seen());
    const indexOf = new Map(this.group.monitoredItems.map((item, i) => [item, i]));
    this.group.on('changed', (item, dv) => {
      this.seen();
      const tag = this.tagMap.tags[indexOf.get(item) ?? -1];
      if (!tag) return;
      this.healthState.samples++;
      // node-opcua reports a publish response item by item, synchronously: gather them and hand
      // the judge one batch, so it never sees half of a publish (and runs once, not per item).
      this.pending.push([tag.name, toValue(tag, dv)]);
      if (this.pending.length === 1) setImmediate(this.flushPending);
    });
    this.seen();
  }

  /** Data arrived: the subscription is alive (and again, after a stall). */
  private seen(): void {
    const now = this.clock.now();
    this.healthState.lastSeen = now;
    this.lastData = performance.now();
    if (this.closed) return;
    if (this.stalled) {
      this.stalled = false;
      void this.markRestored();
      return; // markRestored calls seen() again with the flag cleared
    }
    // Called for every item of every publish: the watchdog is not re-armed each time, it checks
    // on firing whether data came meanwhile and then waits only for the rest of the stall time.
    if (!this.watchdog) this.armWatchdog(this.stallMs);
    this.emitHealth(false, now);
  }

  private armWatchdog(ms: number): void {
    this.watchdog = setTimeout(() => {
      this.watchdog = undefined;
      if (this.closed) return;
      const quiet = performance.now() - this.lastData;
      if (quiet < this.stallMs) return this.armWatchdog(this.stallMs - quiet);
      if (!this.healthState.connected) return;
      this.stalled = true;
      this.markLost(`subscription stalled (no data for ${this.stallMs} ms, heartbeat included)`);
    }, ms);
  }

  private markLost(reason: string): void {
    if (this.closed || !this.healthState.connected) return;
    this.healthState.connected = false;
    this.healthState.errorCount++;
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    this.emit('lost', `OPC UA ${this.address.endpointUrl}: ${reason}`);
    this.emitHealth(true, this.clock.now());
  }

  private async markRestored(): Promise<void> {
    if (this.closed) return;
    this.stalled = false;
    this.healthState.connected = true;
    this.seen();
    this.emit('restored');
    this.emitHealth(true, this.clock.now());
  }

  async write(tag: string, value: Exclude<SignalValue, null>, timeoutMs = this.options.requestTimeoutMs ?? 2000): Promise<void> {
    const t = this.byName.get(tag);
    if (!t) throw new Error(`unknown tag ${tag}`);
    if (t.access !== 'readwrite') throw new Error(`tag ${tag} is read-only`);
    if (!this.session) throw new Error('not connected');
    const v = t.type === 'bool' ? value === true || value === 1 : t.type === 'string' ? String(value) : Number(value);
    const status = await withTimeout(
      this.session.write({
        nodeId: resolveNodeId(t.nodeId, this.ns),
        attributeId: AttributeIds.Value,
        value: { value: { dataType: DATA_TYPE[t.type], value: v } },
      }),
      timeoutMs,
      `OPC UA write ${tag}`,
    );
    if (!status.isGood()) throw new Error(`write ${tag} refused: ${status.name}`);
  }

  async call(method: string, args: ReadonlyArray<Exclude<SignalValue, null>>, timeoutMs = this.options.requestTimeoutMs ?? 2000): Promise<void> {
    const m = this.tagMap.methods.find((x) => x.name === method);
    if (!m) throw new Error(`unknown method ${method}`);
    if (!this.session) throw new Error('not connected');
    const inputArguments = m.inputs.map((input, i) => ({ dataType: DATA_TYPE[input.type], value: args[i] }));
    const result = await withTimeout(
      this.session.call({ objectId: resolveNodeId(m.objectId, this.ns), methodId: resolveNodeId(m.methodId, this.ns), inputArguments }),
      timeoutMs,
      `OPC UA call ${method}`,
    );
    if (result.statusCode !== StatusCodes.Good) throw new Error(`${method} refused: ${result.statusCode.name}`);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.watchdog);
    try {
      await this.subscription?.terminate();
    } catch {
      /* already gone */
    }
    try {
      await this.session?.close();
    } catch {
      /* already gone */
    }
    await this.client?.disconnect();
    this.removeAllListeners();
  }
}
