/**
 * The PLC trainer stand-in: register image + plant + optional reference controller, run by a
 * scan cycle, served over Modbus TCP. Start it with {@link startPlcTrainer}.
 */
import { realClock, type SimClock, type TimerHandle } from '../shared/sim.clock';
import { seededRandom } from '../shared/seed.rng';
import { ModbusException, startModbusTcpServer, type ExceptionCode, type ModbusDevice } from './modbus.server';
import { ReferenceController } from './plc.controller';
import { PLANT, PlcPlant, type EyeFault, type PanelState, type PlantFaults } from './plc.plant';
import { AREA_SIZE, PLC_TAGS, plcTag, type ModbusArea, type PlcTag } from './plc.registers';

/** `internal`: the built-in reference controller drives the outputs; `external`: a Modbus client does. */
export type PlcControlMode = 'internal' | 'external';

/** Options of {@link startPlcTrainer}. */
export interface PlcTrainerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Modbus unit id answered; default 1. Other unit ids get exception 0x0B. */
  unitId?: number;
  /** Scan cycle period in ms; default 10. */
  scanMs?: number;
  /** Control mode; default `internal`. */
  mode?: PlcControlMode;
  /** Seed for box gaps and current noise; default 1. */
  seed?: number;
  /** Time source; default the wall clock. Pass a virtual clock for deterministic tests. */
  clock?: SimClock;
  /** Stall time before the overload relay trips, ms; default 3000. */
  overloadTripMs?: number;
  /** Initial conveyor speed setpoint, mm/s; default 200. */
  speedSetpoint?: number;
  /**
   * `pipelined` (default) answers every request in order; `one-at-a-time` serves one transaction
   * per connection at a time and drops requests sent before the previous answer, as many real
   * PLCs and serial gateways do.
   */
  transactions?: 'pipelined' | 'one-at-a-time';
}

/** A fault the instructor can inject (same effect as writing the FAULT.* holding registers). */
export type PlcFault =
  | { kind: 'ENTRY_EYE' | 'EXIT_EYE'; mode: 'none' | 'stuckOff' | 'stuckOn' }
  | { kind: 'OVERLOAD' }
  | { kind: 'JAM' }
  | { kind: 'GUARD_SWITCH'; active: boolean }
  | { kind: 'COMM_DROP'; seconds: number }
  | { kind: 'SLOW'; ms: number }
  | { kind: 'CLEAR' };

/** Panel push buttons (momentary). */
export type PlcButton = 'START' | 'STOP' | 'RESET';

/** Panel switches and physical conditions a person sets. */
export type PlcSwitch = 'MODE_AUTO' | 'ESTOP' | 'ISOLATOR_ON' | 'GUARD_CLOSED';

/** Value of a tag as the state snapshot gives it: booleans for bits, raw numbers for registers. */
export type PlcValue = boolean | number;

/** A running PLC trainer. */
export interface PlcTrainer {
  /** Bound TCP port. */
  readonly port: number;
  readonly host: string;
  readonly unitId: number;
  readonly mode: PlcControlMode;
  readonly clock: SimClock;
  /** Snapshot of every tag by name (raw register values, unscaled). */
  state(): Record<string, PlcValue>;
  /** One tag's current value. */
  read(tag: string): PlcValue;
  /**
   * Writes a coil or holding register exactly as a Modbus client would (same validation).
   * @throws on a read-only tag or a value the register refuses.
   */
  write(tag: string, value: PlcValue): void;
  /** Presses a panel button and releases it after `holdMs` (default 3 scans) of trainer time. */
  press(button: PlcButton, holdMs?: number): void;
  /** Sets a panel switch or physical condition (e-stop in/out, isolator, guard door, mode). */
  set(control: PlcSwitch, on: boolean): void;
  /** A person removes the jammed box by hand (counts as an unsafe act unless isolated). */
  clearJam(): void;
  /** Injects a fault (or `CLEAR` to remove every fault). */
  inject(fault: PlcFault): void;
  /** Runs one scan at once with `dtMs` of elapsed plant time (default `scanMs`); for stepping by hand. */
  scanOnce(dtMs?: number): void;
  /** Wall-clock intervals between the last scans (ms, up to 10 000), for jitter figures. */
  scanIntervals(): number[];
  /** Open Modbus connections. */
  connections(): number;
  /** Requests dropped because another transaction was open (`transactions: 'one-at-a-time'`). */
  droppedRequests(): number;
  /** Stops the scan cycle and the server. */
  stop(): Promise<void>;
}

const HR_RANGE: Record<string, [number, number]> = {
  SPEED_SETPOINT: [0, PLANT.maxSpeed],
  'FAULT.ENTRY_EYE': [0, 2],
  'FAULT.EXIT_EYE': [0, 2],
  'FAULT.OVERLOAD': [0, 1],
  'FAULT.JAM': [0, 1],
  'FAULT.GUARD_SWITCH': [0, 1],
  'FAULT.COMM_DROP_S': [0, 3600],
  'FAULT.SLOW_MS': [0, 5000],
};

/** Starts a PLC trainer; resolves once its Modbus port is listening and the scan cycle runs. */
export async function startPlcTrainer(options: PlcTrainerOptions = {}): Promise<PlcTrainer> {
  const scanMs = options.scanMs ?? 10;
  const unitId = options.unitId ?? 1;
  const mode = options.mode ?? 'internal';
  const clock = options.clock ?? realClock();
  const images: Record<ModbusArea, Uint16Array> = {
    coil: new Uint16Array(AREA_SIZE.coil),
    discreteInput: new Uint16Array(AREA_SIZE.discreteInput),
    inputRegister: new Uint16Array(AREA_SIZE.inputRegister),
    holdingRegister: new Uint16Array(AREA_SIZE.holdingRegister),
  };
  const byAddress = new Map<string, PlcTag>(PLC_TAGS.map((t) => [`${t.area}:${t.address}`, t]));
  const addr = (name: string) => plcTag(name).address;
  const coil = (name: string) => images.coil[addr(name)] === 1;
  const hr = (name: string) => images.holdingRegister[addr(name)];
  const setCoil = (name: string, v: boolean) => (images.coil[addr(name)] = v ? 1 : 0);
  const setHr = (name: string, v: number) => (images.holdingRegister[addr(name)] = v);

  // Power-on state of the rig: auto, e-stop out, isolator on, guard closed.
  setCoil('PANEL.MODE_AUTO', true);
  setCoil('PANEL.ISOLATOR_ON', true);
  setCoil('PANEL.GUARD_CLOSED', true);
  setHr('SPEED_SETPOINT', options.speedSetpoint ?? 200);

  const panel: PanelState = {
    startPb: false,
    stopPb: false,
    resetPb: false,
    modeAuto: true,
    estop: false,
    isolatorOn: true,
    guardClosed: true,
  };
  const faults: PlantFaults = { entryEye: 0, exitEye: 0, guardSwitch: false };
  const plant = new PlcPlant(panel, faults, { random: seededRandom(options.seed ?? 1), overloadTripMs: options.overloadTripMs });
  const controller = new ReferenceController();
  let dropUntil = 0;
  let scanCount = 0;
  const intervals: number[] = [];
  let lastScanWall = 0;

  const syncPanel = () => {
    panel.startPb = coil('PANEL.START_PB');
    panel.stopPb = coil('PANEL.STOP_PB');
    panel.resetPb = coil('PANEL.RESET_PB');
    panel.modeAuto = coil('PANEL.MODE_AUTO');
    panel.estop = coil('PANEL.ESTOP');
    panel.isolatorOn = coil('PANEL.ISOLATOR_ON');
    panel.guardClosed = coil('PANEL.GUARD_CLOSED');
    faults.entryEye = hr('FAULT.ENTRY_EYE') as EyeFault;
    faults.exitEye = hr('FAULT.EXIT_EYE') as EyeFault;
    faults.guardSwitch = hr('FAULT.GUARD_SWITCH') === 1;
  };

  const publishInputs = () => {
    const r = plant.readings();
    const di = (name: string, v: boolean) => (images.discreteInput[addr(name)] = v ? 1 : 0);
    const ir = (name: string, v: number) => (images.inputRegister[addr(name)] = v & 0xffff);
    di('START_PB', panel.startPb);
    di('STOP_PB', panel.stopPb);
    di('RESET_PB', panel.resetPb);
    di('MODE_AUTO', panel.modeAuto);
    di('ESTOP_PRESSED', panel.estop);
    di('ISOLATOR_ON', panel.isolatorOn);
    di('GUARD_CLOSED', r.guardClosed);
    di('ENTRY_EYE', r.entryEye);
    di('EXIT_EYE', r.exitEye);
    di('MOTOR_RUNNING', r.motorRunning);
    di('OVERLOAD_TRIPPED', r.overloadTripped);
    di('CYL_RETRACTED', r.cylRetracted);
    di('CYL_EXTENDED', r.cylExtended);
    di('SAFETY_OK', r.safetyOk);
    ir('BOX_COUNT', r.boxCount);
    ir('MOTOR_CURRENT', r.motorCurrent);
    ir('CONVEYOR_SPEED', r.conveyorSpeed);
    ir('FAULT_CODE', r.faultCode);
    ir('JAMMED', r.jammed ? 1 : 0);
    ir('UNSAFE_ACTS', r.unsafeActs);
    ir('SCAN_COUNT', scanCount & 0xffff);
  };

  const scan = (dtMs: number) => {
    syncPanel();
    // One-shot actions written by clients take effect in the scan and read back 0.
    if (hr('FAULT.OVERLOAD') === 1) {
      plant.tripOverload();
      setHr('FAULT.OVERLOAD', 0);
    }
    if (hr('FAULT.JAM') === 1) {
      plant.jam();
      setHr('FAULT.JAM', 0);
    }
    if (coil('PANEL.CLEAR_JAM')) {
      plant.clearJam();
      setCoil('PANEL.CLEAR_JAM', false);
    }
    plant.step(dtMs, { motorContactor: coil('MOTOR_CONTACTOR'), rejectCyl: coil('REJECT_CYL') }, hr('SPEED_SETPOINT'));
    scanCount++;
    publishInputs();
    if (mode === 'internal') {
      const d = (name: string) => images.discreteInput[addr(name)] === 1;
      const out = controller.scan(
        {
          startPb: d('START_PB'),
          stopPb: d('STOP_PB'),
          resetPb: d('RESET_PB'),
          modeAuto: d('MODE_AUTO'),
          estopPressed: d('ESTOP_PRESSED'),
          isolatorOn: d('ISOLATOR_ON'),
          entryEye: d('ENTRY_EYE'),
          exitEye: d('EXIT_EYE'),
          motorRunning: d('MOTOR_RUNNING'),
          overloadTripped: d('OVERLOAD_TRIPPED'),
          safetyOk: d('SAFETY_OK'),
        },
        dtMs,
        hr('SPEED_SETPOINT'),
      );
      setCoil('MOTOR_CONTACTOR', out.motorContactor);
      setCoil('REJECT_CYL', out.rejectCyl);
      setCoil('LAMP_GREEN', out.lampGreen);
      setCoil('LAMP_AMBER', out.lampAmber);
      setCoil('LAMP_RED', out.lampRed);
      setCoil('BUZZER', out.buzzer);
    }
    const left = Math.max(0, Math.ceil((dropUntil - clock.now()) / 1000));
    setHr('FAULT.COMM_DROP_S', left);
  };

  const writeCoils = (address: number, values: boolean[]): ExceptionCode | null => {
    for (let i = 0; i < values.length; i++) {
      const tag = byAddress.get(`coil:${address + i}`);
      if (!tag || tag.access !== 'readwrite') return ModbusException.IllegalDataAddress;
    }
    values.forEach((v, i) => (images.coil[address + i] = v ? 1 : 0));
    return null;
  };
  const writeRegisters = (address: number, values: number[]): ExceptionCode | null => {
    for (let i = 0; i < values.length; i++) {
      const tag = byAddress.get(`holdingRegister:${address + i}`);
      if (!tag || tag.access !== 'readwrite') return ModbusException.IllegalDataAddress;
      const [lo, hi] = HR_RANGE[tag.name] ?? [0, 0xffff];
      if (values[i] < lo || values[i] > hi) return ModbusException.IllegalDataValue;
    }
    values.forEach((v, i) => {
      const name = byAddress.get(`holdingRegister:${address + i}`)!.name;
      if (name === 'FAULT.COMM_DROP_S') dropUntil = v > 0 ? clock.now() + v * 1000 : 0;
      images.holdingRegister[address + i] = v;
    });
    return null;
  };

  const device: ModbusDevice = {
    readBits(area, address, quantity) {
      if (address + quantity > AREA_SIZE[area]) return ModbusException.IllegalDataAddress;
      return Array.from(images[area].subarray(address, address + quantity), (v) => v === 1);
    },
    readRegisters(area, address, quantity) {
      if (address + quantity > AREA_SIZE[area]) return ModbusException.IllegalDataAddress;
      return Array.from(images[area].subarray(address, address + quantity));
    },
    writeCoils,
    writeRegisters,
    responsePolicy: () => ({ drop: dropUntil > clock.now(), delayMs: hr('FAULT.SLOW_MS') }),
  };

  publishInputs();
  const server = await startModbusTcpServer({ host: options.host, port: options.port ?? 0, unitId, device, transactions: options.transactions });
  const timer: TimerHandle = clock.setInterval(() => {
    const wall = performance.now();
    if (lastScanWall > 0) {
      intervals.push(wall - lastScanWall);
      if (intervals.length > 10_000) intervals.shift();
    }
    lastScanWall = wall;
    scan(scanMs);
  }, scanMs);

  const write = (name: string, value: PlcValue) => {
    const tag = plcTag(name);
    const raw = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    const r =
      tag.area === 'coil'
        ? writeCoils(tag.address, [raw !== 0])
        : tag.area === 'holdingRegister'
          ? writeRegisters(tag.address, [raw])
          : ModbusException.IllegalDataAddress;
    if (r !== null) throw new Error(`cannot write ${name}=${value}: Modbus exception ${r}`);
  };
  const read = (name: string): PlcValue => {
    const tag = plcTag(name);
    const raw = images[tag.area][tag.address];
    return tag.type === 'bool' ? raw === 1 : raw;
  };
  const eyeMode = { none: 0, stuckOff: 1, stuckOn: 2 } as const;

  return {
    port: server.port,
    host: server.host,
    unitId,
    mode,
    clock,
    state: () => Object.fromEntries(PLC_TAGS.map((t) => [t.name, read(t.name)])),
    read,
    write,
    press(button, holdMs = 3 * scanMs) {
      const name = `PANEL.${button}_PB`;
      write(name, true);
      clock.setTimeout(() => write(name, false), holdMs);
    },
    set(control, on) {
      write(`PANEL.${control}`, on);
    },
    clearJam() {
      write('PANEL.CLEAR_JAM', true);
    },
    inject(fault) {
      switch (fault.kind) {
        case 'ENTRY_EYE':
        case 'EXIT_EYE':
          return write(`FAULT.${fault.kind}`, eyeMode[fault.mode]);
        case 'OVERLOAD':
          return write('FAULT.OVERLOAD', 1);
        case 'JAM':
          return write('FAULT.JAM', 1);
        case 'GUARD_SWITCH':
          return write('FAULT.GUARD_SWITCH', fault.active ? 1 : 0);
        case 'COMM_DROP':
          return write('FAULT.COMM_DROP_S', fault.seconds);
        case 'SLOW':
          return write('FAULT.SLOW_MS', fault.ms);
        case 'CLEAR':
          for (const n of ['FAULT.ENTRY_EYE', 'FAULT.EXIT_EYE', 'FAULT.GUARD_SWITCH', 'FAULT.COMM_DROP_S', 'FAULT.SLOW_MS']) write(n, 0);
          return;
      }
    },
    scanOnce: (dtMs = scanMs) => scan(dtMs),
    scanIntervals: () => intervals.slice(),
    connections: () => server.connections(),
    droppedRequests: () => server.droppedRequests(),
    async stop() {
      clock.clear(timer);
      await server.close();
    },
  };
}
