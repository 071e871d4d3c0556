import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  AttributeIds,
  type ClientSession,
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  type OPCUAClient as OPCUAClientType,
  SecurityPolicy,
  TimestampsToReturn,
  type UserIdentityInfo,
  UserTokenType,
} from 'node-opcua';
import { createVirtualClock, type RobotCell, robotTagMap, seededRandom, startRobotCell, type VirtualClock } from '../../simulators';
import { RobotCellModel } from '../../simulators/robot-cell/robot.model';

// One PKI folder per test run: the server certificate is created once and reused by every start.
const pkiRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-robot-pki-'));
const serverPki = path.join(pkiRoot, 'server');
const clientPki = new OPCUACertificateManager({ rootFolder: path.join(pkiRoot, 'client'), automaticallyAcceptUnknownCertificate: true });
const OPERATOR: UserIdentityInfo = { type: UserTokenType.UserName, userName: 'operator', password: 'operator' };

afterAll(async () => {
  await clientPki.dispose();
  fs.rmSync(pkiRoot, { recursive: true, force: true });
});

interface Connection {
  client: OPCUAClientType;
  session: ClientSession;
}

async function connect(
  cell: RobotCell,
  user?: UserIdentityInfo,
  securityMode: MessageSecurityMode = MessageSecurityMode.None,
  securityPolicy: SecurityPolicy = SecurityPolicy.None,
): Promise<Connection> {
  const client = OPCUAClient.create({
    endpointMustExist: false,
    securityMode,
    securityPolicy,
    clientCertificateManager: clientPki,
    connectionStrategy: { maxRetry: 0, initialDelay: 50, maxDelay: 100 },
    requestedSessionTimeout: 20_000,
  });
  await client.connect(cell.endpointUrl);
  try {
    const session = await client.createSession(user);
    return { client, session };
  } catch (e) {
    await client.disconnect();
    throw e;
  }
}

async function disconnect(c: Connection | undefined): Promise<void> {
  if (!c) return;
  await c.session.close().catch(() => undefined);
  await c.client.disconnect();
}

async function read(session: ClientSession, nodeId: string): Promise<unknown> {
  const dv = await session.read({ nodeId, attributeId: AttributeIds.Value });
  expect(dv.statusCode.name).toBe('Good');
  return dv.value.value;
}

async function call(session: ClientSession, objectId: string, method: string, args: string[] = []): Promise<string> {
  const result = await session.call({
    objectId,
    methodId: `${objectId}.${method}`,
    inputArguments: args.map((value) => ({ dataType: DataType.String, value })),
  });
  return result.statusCode.name;
}

async function write(session: ClientSession, nodeId: string, value: boolean | number): Promise<string> {
  const status = await session.write({
    nodeId,
    attributeId: AttributeIds.Value,
    value: { value: { dataType: typeof value === 'boolean' ? DataType.Boolean : DataType.Double, value } },
  });
  return status.name;
}

/** Advances the virtual clock in ticks until `predicate` holds (bounded). */
function advanceUntil(clock: VirtualClock, cell: RobotCell, predicate: (s: Record<string, unknown>) => boolean, maxMs = 30_000): void {
  for (let t = 0; t < maxMs; t += 50) {
    if (predicate(cell.state())) return;
    clock.advance(50);
  }
  throw new Error(`condition not reached within ${maxMs} ms of cell time: ${JSON.stringify(cell.state())}`);
}

async function waitFor(predicate: () => boolean, what: string, maxWallMs = 5000): Promise<void> {
  const until = Date.now() + maxWallMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('robot cell over OPC UA', () => {
  let clock: VirtualClock;
  let cell: RobotCell;
  let op: Connection | undefined;

  beforeEach(async () => {
    clock = createVirtualClock();
    cell = await startRobotCell({ port: 0, clock, pkiDir: serverPki, seed: 5 });
    op = await connect(cell, OPERATOR);
  });
  afterEach(async () => {
    await disconnect(op);
    op = undefined;
    await cell.stop();
  });

  it('runs the pick-and-place cycle over time: moves, grips, places on the transfer station, counts', async () => {
    const s = op!.session;
    expect(await call(s, 'ns=1;s=Robot', 'StartProgram')).toBe('Good');
    expect(await read(s, 'ns=1;s=Robot.ProgramState')).toBe('RUNNING');
    clock.advance(100);
    expect(await read(s, 'ns=1;s=Robot.Moving')).toBe(true);
    expect(await read(s, 'ns=1;s=Robot.TcpSpeed')).toBe(800);
    advanceUntil(clock, cell, (x) => x['GRIPPER.PART_PRESENT'] === true);
    expect(await read(s, 'ns=1;s=Gripper.Closed')).toBe(true);
    expect(await read(s, 'ns=1;s=Robot.Joint1')).toBe(-45);
    advanceUntil(clock, cell, (x) => x['TRANSFER.PART_PRESENT'] === true);
    expect(await read(s, 'ns=1;s=Gripper.PartPresent')).toBe(false);
    advanceUntil(clock, cell, (x) => x['ROBOT.CYCLE_COUNT'] === 2);
    expect(await read(s, 'ns=1;s=Robot.CycleCount')).toBe(2);
  });

  it('locks the door while running; breaking the light curtain in AUTO causes a protective stop', async () => {
    const s = op!.session;
    await call(s, 'ns=1;s=Robot', 'StartProgram');
    clock.advance(200);
    expect(await write(s, 'ns=1;s=Operator.OpenDoor', true)).toBe('Good');
    expect(await read(s, 'ns=1;s=Door.Closed')).toBe(true); // guard locking holds it
    expect(await read(s, 'ns=1;s=Robot.Moving')).toBe(true);
    await write(s, 'ns=1;s=Operator.OpenDoor', false);
    await write(s, 'ns=1;s=Operator.BreakLightCurtain', true);
    expect(await read(s, 'ns=1;s=Robot.ProtectiveStop')).toBe(true);
    expect(await read(s, 'ns=1;s=Robot.Moving')).toBe(false);
    expect(await read(s, 'ns=1;s=Robot.ProgramState')).toBe('STOPPED');
    expect(await call(s, 'ns=1;s=Robot', 'StartProgram')).toBe('BadInvalidState');
    expect(await call(s, 'ns=1;s=Robot', 'ResetFault')).toBe('BadInvalidState');
    await write(s, 'ns=1;s=Operator.BreakLightCurtain', false);
    expect(await call(s, 'ns=1;s=Robot', 'ResetFault')).toBe('Good');
    expect(await call(s, 'ns=1;s=Robot', 'StartProgram')).toBe('Good');
    clock.advance(100);
    expect(await read(s, 'ns=1;s=Robot.Moving')).toBe(true);
  });

  it('caps the TCP speed at 250 mm/s in T1 and moves only with the enabling device held', async () => {
    const s = op!.session;
    expect(await call(s, 'ns=1;s=Robot', 'SetMode', ['T7'])).toBe('BadInvalidArgument');
    expect(await call(s, 'ns=1;s=Robot', 'SetMode', ['T1'])).toBe('Good');
    expect(await read(s, 'ns=1;s=KeySwitch')).toBe('T1');
    await write(s, 'ns=1;s=Operator.Jog', 1000);
    clock.advance(100);
    expect(await read(s, 'ns=1;s=Robot.Moving')).toBe(false);
    await write(s, 'ns=1;s=Operator.EnablingDevice', true);
    clock.advance(100);
    expect(await read(s, 'ns=1;s=Robot.Moving')).toBe(true);
    expect(await read(s, 'ns=1;s=Robot.TcpSpeed')).toBe(250);
    await write(s, 'ns=1;s=Operator.Jog', 0);
    expect(await call(s, 'ns=1;s=Robot', 'StartProgram')).toBe('Good');
    clock.advance(100);
    expect(await read(s, 'ns=1;s=Robot.TcpSpeed')).toBe(250);
    expect(await call(s, 'ns=1;s=Robot', 'SetMode', ['AUTO'])).toBe('BadInvalidState');
    await write(s, 'ns=1;s=Operator.EnablingDevice', false);
    clock.advance(100);
    expect(await read(s, 'ns=1;s=Robot.Moving')).toBe(false);
  });

  it('grants access only once the robot has stopped, then the door opens and must be closed to restart', async () => {
    const s = op!.session;
    await call(s, 'ns=1;s=Robot', 'StartProgram');
    clock.advance(500);
    expect(await call(s, 'ns=1;s=Cell', 'RequestAccess')).toBe('Good');
    expect(await read(s, 'ns=1;s=Access.Requested')).toBe(true);
    expect(await read(s, 'ns=1;s=Access.Granted')).toBe(false);
    expect(await read(s, 'ns=1;s=Door.Locked')).toBe(true);
    advanceUntil(clock, cell, (x) => x['ACCESS.GRANTED'] === true);
    expect(await read(s, 'ns=1;s=Robot.Moving')).toBe(false);
    expect(await read(s, 'ns=1;s=Robot.ProgramState')).toBe('IDLE');
    expect(await read(s, 'ns=1;s=Robot.CycleCount')).toBe(1);
    await write(s, 'ns=1;s=Operator.OpenDoor', true);
    clock.advance(100);
    expect(await read(s, 'ns=1;s=Door.Closed')).toBe(false);
    expect(await read(s, 'ns=1;s=Robot.ProtectiveStop')).toBe(false);
    expect(await call(s, 'ns=1;s=Robot', 'StartProgram')).toBe('BadInvalidState');
    await write(s, 'ns=1;s=Operator.OpenDoor', false);
    expect(await call(s, 'ns=1;s=Robot', 'StartProgram')).toBe('Good');
    expect(await read(s, 'ns=1;s=Door.Locked')).toBe(true);
  });

  it('holds the robot on the emergency stop until it is released and reset', async () => {
    const s = op!.session;
    await call(s, 'ns=1;s=Robot', 'StartProgram');
    clock.advance(100);
    await write(s, 'ns=1;s=Operator.Estop', true);
    expect(await read(s, 'ns=1;s=Robot.EmergencyStop')).toBe(true);
    expect(await read(s, 'ns=1;s=Robot.Moving')).toBe(false);
    expect(await call(s, 'ns=1;s=Robot', 'ResetFault')).toBe('BadInvalidState');
    await write(s, 'ns=1;s=Operator.Estop', false);
    expect(await call(s, 'ns=1;s=Robot', 'ResetFault')).toBe('Good');
    expect(await read(s, 'ns=1;s=Robot.EmergencyStop')).toBe(false);
  });

  it('faults on a lost part and on axis overtravel, which only resets in T1', async () => {
    const s = op!.session;
    await call(s, 'ns=1;s=Robot', 'StartProgram');
    advanceUntil(clock, cell, (x) => x['GRIPPER.PART_PRESENT'] === true && x['ROBOT.MOVING'] === true);
    await cell.inject({ kind: 'GRIPPER_LOST_PART' });
    expect(await read(s, 'ns=1;s=Robot.Fault')).toBe('GRIPPER_LOST_PART');
    expect(await read(s, 'ns=1;s=Robot.ProgramState')).toBe('FAULT');
    expect(await read(s, 'ns=1;s=Gripper.PartPresent')).toBe(false);
    expect(await call(s, 'ns=1;s=Robot', 'StartProgram')).toBe('BadInvalidState');
    expect(await call(s, 'ns=1;s=Robot', 'ResetFault')).toBe('Good');

    await cell.inject({ kind: 'AXIS_OVERTRAVEL', axis: 2 });
    expect(await read(s, 'ns=1;s=Robot.Fault')).toBe('AXIS_OVERTRAVEL_J2');
    expect(await call(s, 'ns=1;s=Robot', 'ResetFault')).toBe('BadInvalidState');
    expect(await call(s, 'ns=1;s=Robot', 'SetMode', ['T1'])).toBe('Good');
    expect(await call(s, 'ns=1;s=Robot', 'ResetFault')).toBe('Good');
    expect(await read(s, 'ns=1;s=Robot.Joint2')).toBe(119);
  });

  it('opening the door in AUTO causes a protective stop on a cell without guard locking', async () => {
    const unlocked = await startRobotCell({ port: 0, clock, pkiDir: serverPki, guardLocking: false });
    const c = await connect(unlocked, OPERATOR);
    try {
      await call(c.session, 'ns=1;s=Robot', 'StartProgram');
      clock.advance(100);
      expect(await read(c.session, 'ns=1;s=Robot.Moving')).toBe(true);
      await write(c.session, 'ns=1;s=Operator.OpenDoor', true);
      expect(await read(c.session, 'ns=1;s=Door.Closed')).toBe(false);
      expect(await read(c.session, 'ns=1;s=Robot.ProtectiveStop')).toBe(true);
      expect(await read(c.session, 'ns=1;s=Robot.Moving')).toBe(false);
      clock.advance(200);
      expect(await read(c.session, 'ns=1;s=Robot.Moving')).toBe(false);
    } finally {
      await disconnect(c);
      await unlocked.stop();
    }
  });

  it('with a failed door switch (stuck open) the safety logic sees an open door and stops the robot', async () => {
    const s = op!.session;
    await call(s, 'ns=1;s=Robot', 'StartProgram');
    clock.advance(100);
    await cell.inject({ kind: 'DOOR_SWITCH', mode: 'stuckOpen' });
    clock.advance(50);
    expect(await read(s, 'ns=1;s=Door.Closed')).toBe(false);
    expect(await read(s, 'ns=1;s=Robot.ProtectiveStop')).toBe(true);
  });

  it('publishes engineering units and read-only access levels for sensors', async () => {
    const s = op!.session;
    const browse = await s.translateBrowsePath({
      startingNode: 'ns=1;s=Robot.TcpSpeed',
      relativePath: {
        elements: [{ referenceTypeId: 'i=46', isInverse: false, includeSubtypes: true, targetName: { namespaceIndex: 0, name: 'EngineeringUnits' } }],
      },
    });
    const euNode = browse.targets![0].targetId;
    const eu = (await s.read({ nodeId: euNode, attributeId: AttributeIds.Value })).value.value;
    expect(eu.displayName.text).toBe('mm/s');
    const moving = await s.read({ nodeId: 'ns=1;s=Robot.Moving', attributeId: AttributeIds.AccessLevel });
    expect(moving.value.value).toBe(1); // CurrentRead only
    expect(await write(s, 'ns=1;s=Robot.Moving', true)).toBe('BadNotWritable');
  });

  it('stops publishing value changes during a subscription stall while the session stays up', async () => {
    const s = op!.session;
    const subscription = await s.createSubscription2({ requestedPublishingInterval: 50, publishingEnabled: true, requestedMaxKeepAliveCount: 10 });
    const item = await subscription.monitor(
      { nodeId: 'ns=1;s=Robot.Joint1', attributeId: AttributeIds.Value },
      { samplingInterval: 0, queueSize: 100, discardOldest: true },
      TimestampsToReturn.Both,
    );
    const seen: number[] = [];
    item.on('changed', (dv) => seen.push(dv.value.value as number));
    await waitFor(() => seen.length === 1, 'the initial value');
    await cell.inject({ kind: 'SUBSCRIPTION_STALL', seconds: 5 });
    await call(s, 'ns=1;s=Robot', 'StartProgram');
    clock.advance(1000);
    expect(cell.state()['ROBOT.JOINT_1']).not.toBe(0);
    await new Promise((r) => setTimeout(r, 400)); // several publishing intervals
    expect(seen).toEqual([0]);
    expect(await read(s, 'ns=1;s=Robot.ProgramState')).toBe('RUNNING'); // the session still answers
    clock.advance(4100);
    const now = cell.state()['ROBOT.JOINT_1'];
    await waitFor(() => seen[seen.length - 1] === now, 'the changes held back by the stall');
    expect(seen.length).toBeGreaterThan(2);
    await subscription.terminate();
  });

  it('comes back after an injected server restart with the plant state kept', async () => {
    await call(op!.session, 'ns=1;s=Robot', 'StartProgram');
    advanceUntil(clock, cell, (x) => x['ROBOT.CYCLE_COUNT'] === 1);
    await disconnect(op);
    await cell.inject({ kind: 'SERVER_RESTART', downSeconds: 0 });
    op = await connect(cell, OPERATOR);
    expect(await read(op.session, 'ns=1;s=Robot.CycleCount')).toBe(1);
    expect(await read(op.session, 'ns=1;s=Robot.ProgramState')).toBe('RUNNING');
  });
});

describe('robot cell security', () => {
  let cell: RobotCell;
  beforeAll(async () => {
    cell = await startRobotCell({ port: 0, pkiDir: serverPki, clock: createVirtualClock() });
  });
  afterAll(() => cell.stop());

  it('lets an anonymous user read but not call commands or act', async () => {
    const anon = await connect(cell);
    try {
      expect(await read(anon.session, 'ns=1;s=Robot.Mode')).toBe('AUTO');
      expect(await call(anon.session, 'ns=1;s=Robot', 'StartProgram')).toBe('BadUserAccessDenied');
      expect(await write(anon.session, 'ns=1;s=Operator.Estop', true)).toBe('BadUserAccessDenied');
      expect(cell.state()['ROBOT.PROGRAM_STATE']).toBe('IDLE');
      expect(cell.state()['OPERATOR.ESTOP']).toBe(false);
    } finally {
      await disconnect(anon);
    }
  });

  it('refuses a wrong password', async () => {
    await expect(connect(cell, { type: UserTokenType.UserName, userName: 'operator', password: 'wrong' })).rejects.toMatchObject({
      message: expect.stringMatching(/BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid/),
    });
  });

  it('refuses an untrusted client certificate under Sign, and accepts it once trusted (Sign and SignAndEncrypt, both policies)', async () => {
    await expect(connect(cell, OPERATOR, MessageSecurityMode.Sign, SecurityPolicy.Basic256Sha256)).rejects.toMatchObject({
      message: expect.any(String),
    });
    expect(cell.state()['ROBOT.PROGRAM_STATE']).toBe('IDLE');
    const clientCert = fs.readFileSync(path.join(clientPki.rootDir, 'own', 'certs', 'client_certificate.pem'), 'utf8');
    const der = Buffer.from(clientCert.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    await cell.trustCertificate(der);
    for (const [mode, policy] of [
      [MessageSecurityMode.Sign, SecurityPolicy.Basic256Sha256],
      [MessageSecurityMode.SignAndEncrypt, SecurityPolicy.Aes256_Sha256_RsaPss],
    ] as const) {
      const c = await connect(cell, OPERATOR, mode, policy);
      try {
        expect(await read(c.session, 'ns=1;s=Robot.Mode')).toBe('AUTO');
      } finally {
        await disconnect(c);
      }
    }
  });
});

describe('robot cell model and tag map', () => {
  it('gives identical signals for the same seed and script', () => {
    const run = () => {
      const m = new RobotCellModel(seededRandom(9));
      const trace: string[] = [];
      m.startProgram();
      for (let i = 0; i < 400; i++) {
        m.tick(50);
        if (i === 150) m.requestAccess();
        trace.push(JSON.stringify(m.signals()));
      }
      return trace;
    };
    const a = run();
    expect(a).toEqual(run());
    expect(new Set(a).size).toBeGreaterThan(100);
  });

  it('publishes a tag map file equal to the address space in code', () => {
    const file = JSON.parse(fs.readFileSync(path.join(__dirname, '../../simulators/robot-cell/tagmap.json'), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(robotTagMap())));
  });
});
