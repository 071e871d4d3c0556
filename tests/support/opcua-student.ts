/**
 * A scripted student at the robot cell, over OPC UA: writes the cell's Operator variables (open
 * the door, step in, hold the enabling device, jog) and calls its methods (RequestAccess,
 * SetMode, ResetFault, StartProgram), signed in as a user, with its own plain node-opcua client
 * (not the runtime's subscriber, which is what the tests judge).
 */

import { AttributeIds, DataType, OPCUAClient, StatusCodes, UserTokenType, type ClientSession } from 'node-opcua';
import type { OpcUaTagMap } from '../../src/lab/runtime/station.types';
import { type Scheduler, sleep, systemScheduler } from '../../src/shared/scheduler';

export { robotTagMap } from './scripted-student';

/** A person at the robot cell; waits on `scheduler`'s time (default the wall clock). */
export class OpcUaStudent {
  private client: OPCUAClient | null = null;
  private session: ClientSession | null = null;
  private ns = 1;
  /** What the student did, in order, with the server's answer (for failure messages). */
  readonly log: string[] = [];

  constructor(
    private readonly tagMap: OpcUaTagMap,
    private readonly user = { userName: 'operator', password: 'operator' },
    private readonly scheduler: Scheduler = systemScheduler,
  ) {}

  async connect(endpointUrl: string): Promise<void> {
    this.client = OPCUAClient.create({
      endpointMustExist: false,
      connectionStrategy: { maxRetry: 0, initialDelay: 50, maxDelay: 100 },
      requestedSessionTimeout: 30_000,
    });
    await this.client.connect(endpointUrl);
    this.session = await this.client.createSession({ type: UserTokenType.UserName, ...this.user });
    const namespaces = (await this.session.readNamespaceArray()) as string[];
    this.ns = namespaces.indexOf(this.tagMap.namespaceUri);
    if (this.ns < 0) throw new Error(`namespace ${this.tagMap.namespaceUri} not on the server`);
  }

  private nodeId(id: string): string {
    return id.replace(/^ns=1;/, `ns=${this.ns};`);
  }

  private tag(name: string) {
    const t = this.tagMap.tags.find((x) => x.name === name);
    if (!t) throw new Error(`unknown tag ${name}`);
    return t;
  }

  /** Writes an Operator variable (what a person does). Throws when the cell refuses. */
  async write(name: string, value: boolean | number): Promise<void> {
    const t = this.tag(name);
    const status = await this.session!.write({
      nodeId: this.nodeId(t.nodeId),
      attributeId: AttributeIds.Value,
      value: { value: { dataType: t.type === 'bool' ? DataType.Boolean : DataType.Double, value } },
    });
    this.log.push(`write ${name}=${value}: ${status.name}`);
    if (!status.isGood()) throw new Error(`write ${name} refused: ${status.name}`);
  }

  /** Calls a cell method; returns the status name (a refusal is an answer, not an error). */
  async call(method: string, ...args: string[]): Promise<string> {
    const m = this.tagMap.methods.find((x) => x.name === method);
    if (!m) throw new Error(`unknown method ${method}`);
    const result = await this.session!.call({
      objectId: this.nodeId(m.objectId),
      methodId: this.nodeId(m.methodId),
      inputArguments: args.map((value) => ({ dataType: DataType.String, value })),
    });
    this.log.push(`call ${method}(${args.join(', ')}): ${result.statusCode.name}`);
    return result.statusCode === StatusCodes.Good ? 'Good' : result.statusCode.name;
  }

  /** Reads a signal. */
  async read(name: string): Promise<unknown> {
    const dv = await this.session!.read({ nodeId: this.nodeId(this.tag(name).nodeId), attributeId: AttributeIds.Value });
    return dv.value.value;
  }

  /** Looks at the cell until `name` reads `expected` (a careful student waits); throws after `maxMs`. */
  async waitFor(name: string, expected: unknown, maxMs = 10_000): Promise<void> {
    const until = this.scheduler.now() + maxMs;
    for (;;) {
      const value = await this.read(name);
      if (value === expected) return;
      if (this.scheduler.now() > until)
        throw new Error(`student gave up waiting for ${name} == ${String(expected)} (reads ${String(value)}); did: ${this.log.join('; ')}`);
      await sleep(this.scheduler, 50);
    }
  }

  /** Waits `ms` on the student's time. */
  pause(ms: number): Promise<void> {
    return sleep(this.scheduler, ms);
  }

  async close(): Promise<void> {
    await this.session?.close().catch(() => undefined);
    await this.client?.disconnect().catch(() => undefined);
    this.session = null;
    this.client = null;
  }
}
