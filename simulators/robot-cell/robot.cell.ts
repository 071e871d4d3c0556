/**
 * The robot cell stand-in: the {@link RobotCellModel} served by a node-opcua server with a
 * namespace of its own (`urn:dualhub:robot-cell`, index 1), engineering units, access levels,
 * methods with status codes, three security modes and two user roles.
 */
import path from 'node:path';
import {
  AccessLevelFlag,
  AccessRestrictionsFlag,
  allPermissions,
  DataType,
  makeEUInformation,
  makeRoles,
  MessageSecurityMode,
  MonitoredItem,
  nodesets,
  OPCUACertificateManager,
  OPCUAServer,
  PermissionType,
  SecurityPolicy,
  standardUnits,
  StatusCodes,
  Subscription,
  Variant,
  WellKnownRoles,
  type ISessionContext,
  type Namespace,
  type UAObject,
  type UAVariable,
} from 'node-opcua';
import { realClock, type SimClock, type TimerHandle } from '../shared/sim.clock';
import { seededRandom } from '../shared/seed.rng';
import { RobotCellModel, type CommandResult, type DoorSwitchFault, type OperatorActions } from './robot.model';
import { nodePath, ROBOT_CELL_NAMESPACE, ROBOT_METHODS, ROBOT_TAGS, type RobotTag } from './robot.tags';

/** A user of the cell's OPC UA server. */
export interface RobotCellUser {
  username: string;
  password: string;
  /** `operator` runs the cell; `instructor` also may inject faults through the API or CLI. */
  role: 'operator' | 'instructor';
}

/** Security mode names accepted in {@link RobotCellOptions.securityModes}. */
export type RobotCellSecurityMode = 'None' | 'Sign' | 'SignAndEncrypt';

/** Options of {@link startRobotCell}. */
export interface RobotCellOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on and host in the endpoint URL; default 127.0.0.1. */
  host?: string;
  /** Endpoint security modes; default all three. Sign modes offer Basic256Sha256 and Aes256_Sha256_RsaPss. */
  securityModes?: RobotCellSecurityMode[];
  /** Users with passwords; default operator/operator and instructor/instructor (a classroom demo). */
  users?: RobotCellUser[];
  /** Accept anonymous sessions (read-only); default true. */
  allowAnonymous?: boolean;
  /** PKI folder holding the server certificate (created on first start) and trusted client certificates; default `<repo>/.pki/robot-cell`. */
  pkiDir?: string;
  /** Guard locking: the door stays locked in AUTO until access is granted; default true. False = interlock switch only. */
  guardLocking?: boolean;
  /** Model tick in ms; default 50. */
  tickMs?: number;
  /** Seed for the transfer-station timing; default 1. */
  seed?: number;
  /** Time source; default the wall clock. */
  clock?: SimClock;
}

/** A fault the instructor can inject. */
export type RobotFault =
  | { kind: 'GRIPPER_LOST_PART' }
  | { kind: 'AXIS_OVERTRAVEL'; axis: number }
  | { kind: 'DOOR_SWITCH'; mode: DoorSwitchFault }
  | { kind: 'SERVER_RESTART'; downSeconds?: number }
  | { kind: 'SUBSCRIPTION_STALL'; seconds: number };

/** Cell commands, as the OPC UA methods offer them. */
export type RobotCommand = 'StartProgram' | 'Stop' | 'ResetFault' | 'RequestAccess' | 'SetMode';

/** A running robot cell. */
export interface RobotCell {
  /** `opc.tcp://<host>:<port>`. */
  readonly endpointUrl: string;
  readonly port: number;
  readonly pkiDir: string;
  readonly clock: SimClock;
  /** Snapshot of every signal by tag name. */
  state(): Record<string, boolean | number | string>;
  /** What a person does (open the door, break the curtain, hit the e-stop, hold the enabling device, jog). */
  act(actions: Partial<OperatorActions>): void;
  /** Runs a command in-process, with the same rules as the OPC UA method. */
  command(name: RobotCommand, mode?: string): CommandResult;
  /** Injects a fault. */
  inject(fault: RobotFault): Promise<void>;
  /** Adds a client certificate (DER) to the trusted list, so Sign/SignAndEncrypt sessions from it are accepted. */
  trustCertificate(der: Buffer): Promise<void>;
  /** Stops the server and starts it again on the same port after `downMs` (default 0); the plant keeps its state. */
  restart(downMs?: number): Promise<void>;
  /** Stops the model and the server. */
  stop(): Promise<void>;
}

const MM_PER_S = makeEUInformation('C16', 'mm/s', 'millimetre per second');
const READ_ONLY = AccessLevelFlag.CurrentRead;
const READ_WRITE = AccessLevelFlag.CurrentRead | AccessLevelFlag.CurrentWrite;
/** Anonymous sessions may browse and read; commands and person actions need a signed-in user. */
const OPERATE_PERMISSIONS = [
  { roleId: WellKnownRoles.Anonymous, permissions: PermissionType.Browse | PermissionType.Read | PermissionType.ReadRolePermissions },
  {
    roleId: WellKnownRoles.AuthenticatedUser,
    permissions: PermissionType.Browse | PermissionType.Read | PermissionType.ReadRolePermissions | PermissionType.Write | PermissionType.Call,
  },
];

/**
 * Sensors carry no role restriction (their access level makes them read-only), stated on the node
 * rather than left to the namespace default: node-opcua checks permissions and access restrictions
 * at every sample of every monitored item, and an unset value sends each check through a lookup of
 * the namespace metadata objects, which was the largest cost of the cell under 30 × 50 items.
 * The effect is the same as before: every session may do everything the access level allows.
 */
const SENSOR_PERMISSIONS = [{ roleId: WellKnownRoles.Anonymous, permissions: allPermissions }];

const OPERATOR_FIELDS: Record<string, keyof OperatorActions> = {
  'OPERATOR.OPEN_DOOR': 'openDoor',
  'OPERATOR.IN_CELL': 'inCell',
  'OPERATOR.BREAK_LIGHT_CURTAIN': 'breakLightCurtain',
  'OPERATOR.ESTOP': 'estop',
  'OPERATOR.ENABLING_DEVICE': 'enablingDevice',
  'OPERATOR.JOG': 'jog',
};

const DATA_TYPE: Record<RobotTag['type'], DataType> = {
  bool: DataType.Boolean,
  double: DataType.Double,
  string: DataType.String,
  int: DataType.Int32,
};

/** The cell's own signals (everything but the Simulation variables, which are bound to the model). */
const SENSOR_TAGS = ROBOT_TAGS.filter((tag) => !(tag.name in OPERATOR_FIELDS));
const OPERATOR_ENTRIES = Object.entries(OPERATOR_FIELDS);

/** Fastest publishing interval and sampling interval the cell grants, ms. */
export const ROBOT_CELL_MIN_INTERVAL_MS = 10;

/**
 * node-opcua refuses publishing and sampling intervals below 50 ms through two static floors
 * (`Subscription.minimumPublishingInterval`, `MonitoredItem.minimumSamplingInterval`), which
 * are process-wide. A classroom station is judged at 50 Hz (20 ms), so the cell lowers both to
 * {@link ROBOT_CELL_MIN_INTERVAL_MS} for every node-opcua server in its process (never raises them).
 */
function allowFastSubscriptions(): void {
  Subscription.minimumPublishingInterval = Math.min(Subscription.minimumPublishingInterval, ROBOT_CELL_MIN_INTERVAL_MS);
  MonitoredItem.minimumSamplingInterval = Math.min(MonitoredItem.minimumSamplingInterval, ROBOT_CELL_MIN_INTERVAL_MS);
}

/** Default PKI folder, project-local and git-ignored. */
export const DEFAULT_ROBOT_PKI_DIR = path.join(__dirname, '..', '..', '.pki', 'robot-cell');

/**
 * Starts a robot cell; resolves once the OPC UA server listens. The first start in a PKI folder
 * creates the server certificate (about a second); later starts reuse it.
 */
export async function startRobotCell(options: RobotCellOptions = {}): Promise<RobotCell> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? realClock();
  const tickMs = options.tickMs ?? 50;
  const pkiDir = options.pkiDir ?? DEFAULT_ROBOT_PKI_DIR;
  const users = options.users ?? [
    { username: 'operator', password: 'operator', role: 'operator' },
    { username: 'instructor', password: 'instructor', role: 'instructor' },
  ];
  const modes = options.securityModes ?? ['None', 'Sign', 'SignAndEncrypt'];
  const model = new RobotCellModel(seededRandom(options.seed ?? 1), options.guardLocking ?? true);
  let variables = new Map<string, UAVariable>();
  const published = new Map<string, unknown>();

  /**
   * Pushes the signals that changed since the last call into the address space (one pass per model
   * tick or action). Each change raises node-opcua's value_changed at once, so a monitored item
   * that asked for sampling interval 0 (exception-based) reports it without waiting for a sample.
   */
  const publish = (force = false) => {
    const signals = model.signals() as unknown as Record<string, boolean | number | string>;
    for (const tag of SENSOR_TAGS) {
      const value = signals[tag.name];
      if (!force && published.get(tag.name) === value) continue;
      const variable = variables.get(tag.name);
      if (!variable) continue;
      variable.setValueFromSource({ dataType: DATA_TYPE[tag.type], value });
      published.set(tag.name, value);
    }
    // The Simulation variables are bound to the model by a getter; reading one after a change
    // refreshes its stored value and raises value_changed the same way.
    for (const [name, field] of OPERATOR_ENTRIES) {
      const value = model.operator[field];
      if (!force && published.get(name) === value) continue;
      variables.get(name)?.readValue();
      published.set(name, value);
    }
  };
  // Roles per user, made once: node-opcua asks for them at every permission check (each sample).
  const rolesOf = new Map(
    users.map((u) => [
      u.username,
      makeRoles(
        u.role === 'instructor'
          ? [WellKnownRoles.AuthenticatedUser, WellKnownRoles.Operator, WellKnownRoles.Engineer]
          : [WellKnownRoles.AuthenticatedUser, WellKnownRoles.Operator],
      ),
    ]),
  );
  const anonymousRoles = makeRoles([WellKnownRoles.Anonymous]);

  allowFastSubscriptions();
  const certificateManager = new OPCUACertificateManager({ rootFolder: pkiDir, automaticallyAcceptUnknownCertificate: false });
  await certificateManager.initialize();

  const build = async (port: number): Promise<OPCUAServer> => {
    const securityModes = modes.map((m) => MessageSecurityMode[m]);
    const securityPolicies = [
      ...(modes.includes('None') ? [SecurityPolicy.None] : []),
      ...(modes.some((m) => m !== 'None') ? [SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes256_Sha256_RsaPss] : []),
    ];
    const server = new OPCUAServer({
      port,
      host,
      hostname: host,
      serverCertificateManager: certificateManager,
      securityModes,
      securityPolicies,
      allowAnonymous: options.allowAnonymous ?? true,
      nodeset_filename: [nodesets.standard],
      serverInfo: {
        applicationUri: ROBOT_CELL_NAMESPACE,
        productUri: 'urn:dualhub:robot-cell:stand-in',
        applicationName: { text: 'DualHub robot cell stand-in', locale: 'en' },
      },
      buildInfo: { productName: 'DualHub robot cell stand-in', manufacturerName: 'DualHub' },
      maxConnectionsPerEndpoint: 200,
      // minSupportedSampleRate 0: an item asking for sampling interval 0 on a cell variable is
      // exception-based and reports every change as it happens (no coalescing window).
      serverCapabilities: { maxSessions: 200, minSupportedSampleRate: 0 } as never,
      userManager: {
        isValidUser: (username: string, password: string) => users.some((u) => u.username === username && u.password === password),
        // A copy: the caller may append roles to the list it gets.
        getUserRoles: (username: string) => [...(rolesOf.get(username) ?? anonymousRoles)],
      },
    });
    await server.initialize();
    variables = buildAddressSpace(server.engine.addressSpace!.getOwnNamespace(), model, () => publish());
    published.clear();
    publish(true);
    await server.start();
    return server;
  };

  let server = await build(options.port ?? 0);
  const port = server.endpoints[0].port;
  const timer: TimerHandle = clock.setInterval(() => {
    model.tick(tickMs);
    publish();
  }, tickMs);

  const restart = async (downMs = 0) => {
    await server.shutdown(0);
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    server = await build(port);
  };

  return {
    endpointUrl: `opc.tcp://${host}:${port}`,
    port,
    pkiDir,
    clock,
    state: () => ({
      ...(model.signals() as unknown as Record<string, boolean | number | string>),
      ...Object.fromEntries(Object.entries(OPERATOR_FIELDS).map(([name, key]) => [name, model.operator[key]])),
    }),
    act(actions) {
      applyActions(model, actions);
      publish();
    },
    command(name, mode) {
      const result = runCommand(model, name, mode);
      publish();
      return result;
    },
    async inject(fault) {
      switch (fault.kind) {
        case 'GRIPPER_LOST_PART':
          model.loseGrippedPart();
          break;
        case 'AXIS_OVERTRAVEL':
          model.overtravel(fault.axis);
          break;
        case 'DOOR_SWITCH':
          model.doorSwitchFault = fault.mode;
          break;
        case 'SUBSCRIPTION_STALL': {
          // Publishing is switched off on every current subscription (keep-alives go on, the
          // session stays up, reads answer), and switched back on after the stall, cell time.
          const stalled = server.engine
            .getSessions()
            .flatMap((session) => session.publishEngine.subscriptions)
            .filter((subscription) => subscription.publishingEnabled);
          for (const subscription of stalled) subscription.setPublishingMode(false);
          clock.setTimeout(() => {
            for (const subscription of stalled) subscription.setPublishingMode(true);
          }, fault.seconds * 1000);
          return;
        }
        case 'SERVER_RESTART':
          return restart((fault.downSeconds ?? 0) * 1000);
      }
      publish();
    },
    async trustCertificate(der) {
      await certificateManager.trustCertificate(der);
    },
    restart,
    async stop() {
      clock.clear(timer);
      await server.shutdown(0);
      await certificateManager.dispose();
    },
  };
}

function applyActions(model: RobotCellModel, actions: Partial<OperatorActions>): void {
  if (actions.openDoor !== undefined) model.setOpenDoor(actions.openDoor);
  if (actions.inCell !== undefined) model.operator.inCell = actions.inCell;
  if (actions.breakLightCurtain !== undefined) model.operator.breakLightCurtain = actions.breakLightCurtain;
  if (actions.estop !== undefined) model.operator.estop = actions.estop;
  if (actions.enablingDevice !== undefined) model.operator.enablingDevice = actions.enablingDevice;
  if (actions.jog !== undefined && Number.isFinite(actions.jog)) model.operator.jog = actions.jog;
  // Safety reactions (e-stop, protective stop) act at once, not at the next tick.
  model.applySafety();
}

function runCommand(model: RobotCellModel, name: RobotCommand, mode?: string): CommandResult {
  switch (name) {
    case 'StartProgram':
      return model.startProgram();
    case 'Stop':
      return model.stopProgram();
    case 'ResetFault':
      return model.resetFault();
    case 'RequestAccess':
      return model.requestAccess();
    case 'SetMode':
      return model.setMode(mode ?? '');
  }
}

/** Builds the Cell object tree, variables and methods; returns the variables by tag name. */
function buildAddressSpace(ns: Namespace, model: RobotCellModel, onChange: () => void): Map<string, UAVariable> {
  const addressSpace = ns.addressSpace;
  const cell = ns.addObject({
    organizedBy: addressSpace.rootFolder.objects,
    browseName: 'RobotCell',
    nodeId: 's=Cell',
    description: 'Robot cell trainer: 6-axis robot, gripper, safety door, light curtain, transfer station',
  });
  const objects = new Map<string, UAObject>([['Cell', cell]]);
  const objectFor = (p: string): UAObject => {
    const parts = p.split('.');
    if (parts.length === 1) return cell;
    const name = parts[0];
    let obj = objects.get(name);
    if (!obj) {
      obj = ns.addObject({
        componentOf: cell,
        browseName: name === 'Operator' ? 'Simulation' : name,
        nodeId: `s=${name}`,
        description: name === 'Operator' ? 'What a person does at the cell (writable, needs a signed-in user)' : undefined,
      });
      objects.set(name, obj);
    }
    return obj;
  };

  const variables = new Map<string, UAVariable>();
  for (const tag of ROBOT_TAGS) {
    const p = nodePath(tag.nodeId);
    const parent = objectFor(p);
    const browseName = p.split('.').pop()!;
    const field = OPERATOR_FIELDS[tag.name];
    if (field) {
      const operatorVariable = ns.addVariable({
        componentOf: parent,
        browseName,
        nodeId: `s=${p}`,
        dataType: DATA_TYPE[tag.type],
        description: tag.description.en,
        accessLevel: READ_WRITE,
        userAccessLevel: READ_WRITE,
        rolePermissions: OPERATE_PERMISSIONS,
        // 0: the value changes only through the model, and publish() announces every change.
        minimumSamplingInterval: 0,
        value: {
          get: () => new Variant({ dataType: DATA_TYPE[tag.type], value: model.operator[field] }),
          set: (variant: Variant) => {
            if (tag.type === 'double' && !Number.isFinite(variant.value)) return StatusCodes.BadOutOfRange;
            applyActions(model, { [field]: variant.value });
            onChange();
            return StatusCodes.Good;
          },
        },
      });
      operatorVariable.setAccessRestrictions(AccessRestrictionsFlag.None);
      variables.set(tag.name, operatorVariable);
      continue;
    }
    const common = {
      componentOf: parent,
      browseName,
      nodeId: `s=${p}`,
      description: tag.description.en,
      accessLevel: READ_ONLY,
      userAccessLevel: READ_ONLY,
    };
    const isJoint = tag.unit === 'deg';
    const variable =
      tag.type === 'double'
        ? ns.addAnalogDataItem({
            ...common,
            dataType: 'Double',
            engineeringUnits: isJoint ? standardUnits.degree : MM_PER_S,
            engineeringUnitsRange: isJoint ? { low: -360, high: 360 } : { low: 0, high: 2000 },
          })
        : ns.addVariable({ ...common, dataType: DATA_TYPE[tag.type] });
    variable.setRolePermissions(SENSOR_PERMISSIONS);
    variable.setAccessRestrictions(AccessRestrictionsFlag.None);
    variables.set(tag.name, variable);
  }

  for (const method of ROBOT_METHODS) {
    const parent = nodePath(method.objectId) === 'Cell' ? cell : objectFor(`${nodePath(method.objectId)}.x`);
    const node = ns.addMethod(parent, {
      browseName: method.name,
      nodeId: `s=${nodePath(method.methodId)}`,
      description: method.description.en,
      rolePermissions: OPERATE_PERMISSIONS,
      inputArguments: method.inputs.map((i) => ({ name: i.name, dataType: DataType.String, description: { text: 'AUTO, T1 or T2' } })),
      outputArguments: [],
    });
    // node-opcua tells async handlers from callback ones by arity, so the context stays declared.
    node.bindMethod(async (inputArguments: Variant[], _context: ISessionContext) => {
      const result = runCommand(model, method.name as RobotCommand, inputArguments[0]?.value as string | undefined);
      onChange();
      return { statusCode: StatusCodes[result] };
    });
  }
  return variables;
}
