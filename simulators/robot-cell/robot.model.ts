/**
 * The robot cell's plant and safety logic: a 6-axis robot running a pick-and-place program,
 * gripper, guarded door with guard locking, light curtain, access request, key switch and a
 * part-transfer station. Pure model: no timers, no OPC UA; {@link RobotCellModel.tick} advances it.
 */

/** Operating mode selected by the key switch. */
export type RobotMode = 'AUTO' | 'T1' | 'T2';
/** Program state as the controller shows it. */
export type ProgramState = 'IDLE' | 'RUNNING' | 'STOPPED' | 'FAULT';

/** Result of a command: `Good`, or the OPC UA status name of the refusal. */
export type CommandResult = 'Good' | 'BadInvalidState' | 'BadInvalidArgument';

/** What a person does in and around the cell (the Operator folder). */
export interface OperatorActions {
  openDoor: boolean;
  inCell: boolean;
  breakLightCurtain: boolean;
  estop: boolean;
  enablingDevice: boolean;
  /** Requested jog speed, mm/s (sign gives direction). */
  jog: number;
}

/** Speed limits and geometry. */
export const CELL = {
  /** Program TCP speed in AUTO and T2, mm/s. */
  programSpeed: 800,
  /** Reduced speed limit in T1, mm/s (EN ISO 10218-1). */
  t1Limit: 250,
  /** Joint soft limits, degrees (symmetric). */
  jointLimit: [170, 120, 150, 190, 120, 360],
  /** Gripper close/open time, ms. */
  gripMs: 300,
} as const;

type Pose = readonly [number, number, number, number, number, number];
const HOME: Pose = [0, -90, 90, 0, 90, 0];
const PICK_ABOVE: Pose = [-45, -60, 100, 0, 50, 0];
const PICK: Pose = [-45, -50, 110, 0, 30, 0];
const PLACE_ABOVE: Pose = [45, -60, 100, 0, 50, 0];
const PLACE: Pose = [45, -50, 110, 0, 30, 0];

/** One program step: a move of `mm` TCP path to a pose, or a gripper action. */
type Step = { move: Pose; mm: number } | { grip: 'close' | 'open' };
const PROGRAM: Step[] = [
  { move: PICK_ABOVE, mm: 600 },
  { move: PICK, mm: 100 },
  { grip: 'close' },
  { move: PICK_ABOVE, mm: 100 },
  { move: PLACE_ABOVE, mm: 800 },
  { move: PLACE, mm: 100 },
  { grip: 'open' },
  { move: PLACE_ABOVE, mm: 100 },
  { move: HOME, mm: 600 },
];
/** Index of the step that lowers into the transfer station (waits while it is occupied). */
const PLACE_STEP = 5;

/** Everything a client can observe, by tag name (see `tagmap.json`). */
export interface CellSignals {
  'ROBOT.MODE': RobotMode;
  'ROBOT.MOVING': boolean;
  'ROBOT.TCP_SPEED': number;
  'ROBOT.PROGRAM_STATE': ProgramState;
  'ROBOT.PROTECTIVE_STOP': boolean;
  'ROBOT.EMERGENCY_STOP': boolean;
  'ROBOT.JOINT_1': number;
  'ROBOT.JOINT_2': number;
  'ROBOT.JOINT_3': number;
  'ROBOT.JOINT_4': number;
  'ROBOT.JOINT_5': number;
  'ROBOT.JOINT_6': number;
  'ROBOT.CYCLE_COUNT': number;
  'ROBOT.FAULT': string;
  'GRIPPER.CLOSED': boolean;
  'GRIPPER.PART_PRESENT': boolean;
  'DOOR.CLOSED': boolean;
  'DOOR.LOCKED': boolean;
  'LIGHT_CURTAIN.CLEAR': boolean;
  'ACCESS.REQUESTED': boolean;
  'ACCESS.GRANTED': boolean;
  KEY_SWITCH: RobotMode;
  'TRANSFER.PART_PRESENT': boolean;
}

/** Door switch failure: the switch reports closed (or open) whatever the door does. */
export type DoorSwitchFault = 'none' | 'stuckClosed' | 'stuckOpen';

/** The cell. */
export class RobotCellModel {
  readonly operator: OperatorActions = {
    openDoor: false,
    inCell: false,
    breakLightCurtain: false,
    estop: false,
    enablingDevice: false,
    jog: 0,
  };
  mode: RobotMode = 'AUTO';
  programState: ProgramState = 'IDLE';
  protectiveStop = false;
  emergencyStop = false;
  fault = '';
  joints: number[] = [...HOME];
  tcpSpeed = 0;
  moving = false;
  cycleCount = 0;
  gripperClosed = false;
  partInGripper = false;
  doorOpen = false;
  accessRequested = false;
  accessGranted = false;
  transferPart = false;
  doorSwitchFault: DoorSwitchFault = 'none';
  private step = 0;
  private from: number[] = [...HOME];
  private doneMm = 0;
  private dwellMs = 0;
  private transferClearMs = 0;
  private dropPartArmed = false;

  /**
   * @param random seeded source in [0,1) for the transfer-station timing
   * @param guardLocking true (default): the door is held locked in AUTO until access is granted;
   *   false: a cell with an interlock switch only, where the door can be opened at any time.
   */
  constructor(
    private readonly random: () => number,
    private readonly guardLocking = true,
  ) {}

  /** Door interlock switch reading (what the safety logic and clients see). */
  doorClosedReading(): boolean {
    if (this.doorSwitchFault === 'stuckClosed') return true;
    if (this.doorSwitchFault === 'stuckOpen') return false;
    return !this.doorOpen;
  }

  /** Guard locking holds the door in AUTO unless access was granted. */
  doorLocked(): boolean {
    return this.guardLocking && this.mode === 'AUTO' && !this.accessGranted;
  }

  /** A person pulls (true) or closes (false) the door; a locked door stays closed. */
  setOpenDoor(open: boolean): void {
    this.operator.openDoor = open;
    if (!open) this.doorOpen = false;
    else if (!this.doorLocked()) this.doorOpen = true;
  }

  /** StartProgram(): refused while any stop or fault is active or the safeguard is open in AUTO. */
  startProgram(): CommandResult {
    if (this.fault || this.protectiveStop || this.emergencyStop || this.operator.estop) return 'BadInvalidState';
    if (this.mode === 'AUTO') {
      if (!this.doorClosedReading() || this.operator.breakLightCurtain || this.operator.inCell) return 'BadInvalidState';
      // Closing the door after access ends the access and re-engages guard locking.
      this.accessRequested = false;
      this.accessGranted = false;
    }
    if (this.programState === 'IDLE') this.beginStep(0);
    this.programState = 'RUNNING';
    return 'Good';
  }

  /** Stop(): a controlled stop; the program can be resumed with StartProgram. */
  stopProgram(): CommandResult {
    if (this.programState === 'RUNNING') this.programState = 'STOPPED';
    this.halt();
    this.evaluateAccess();
    return 'Good';
  }

  /** ResetFault(): clears stops and faults once their cause is gone. */
  resetFault(): CommandResult {
    if (this.operator.estop) return 'BadInvalidState';
    if (this.mode === 'AUTO' && (!this.doorClosedReading() || this.operator.breakLightCurtain) && !this.accessGranted) return 'BadInvalidState';
    if (this.fault.startsWith('AXIS_OVERTRAVEL')) {
      // A real cell lets you move an overtravelled axis back only in T1 with the enabling device.
      if (this.mode !== 'T1') return 'BadInvalidState';
      this.joints = this.joints.map((j, i) => Math.max(-CELL.jointLimit[i] + 1, Math.min(CELL.jointLimit[i] - 1, j)));
    }
    if (this.fault) {
      this.programState = 'IDLE';
      this.step = 0;
    }
    this.fault = '';
    this.protectiveStop = false;
    this.emergencyStop = false;
    return 'Good';
  }

  /** RequestAccess(): the door unlocks once the robot has stopped (the program finishes its cycle first). */
  requestAccess(): CommandResult {
    this.accessRequested = true;
    this.evaluateAccess();
    return 'Good';
  }

  /** SetMode(mode): turns the key switch; refused while the program runs. */
  setMode(mode: string): CommandResult {
    if (mode !== 'AUTO' && mode !== 'T1' && mode !== 'T2') return 'BadInvalidArgument';
    if (this.programState === 'RUNNING') return 'BadInvalidState';
    this.mode = mode;
    return 'Good';
  }

  /** Fault: the gripper loses the part it carries (now, or on the next carry when empty). */
  loseGrippedPart(): void {
    if (this.partInGripper) this.raiseFault('GRIPPER_LOST_PART');
    else this.dropPartArmed = true;
  }

  /** Fault: axis `axis` (1..6) runs past its soft limit. */
  overtravel(axis: number): void {
    const i = Math.min(6, Math.max(1, Math.round(axis))) - 1;
    this.joints[i] = CELL.jointLimit[i] + 5;
    this.raiseFault(`AXIS_OVERTRAVEL_J${i + 1}`);
  }

  /**
   * Hard safety reactions, evaluated at once whenever a person acts and at every tick:
   * e-stop, and the protective stop when the safeguard opens in AUTO during operation.
   */
  applySafety(): void {
    if (this.operator.estop) {
      this.emergencyStop = true;
      if (this.programState === 'RUNNING') this.programState = 'STOPPED';
    }
    const safeguardOpen = !this.doorClosedReading() || this.operator.breakLightCurtain;
    if (this.mode === 'AUTO' && safeguardOpen && (this.programState === 'RUNNING' || this.moving)) {
      this.protectiveStop = true;
      this.programState = 'STOPPED';
    }
    const enabled = this.mode === 'AUTO' || this.operator.enablingDevice;
    if (this.emergencyStop || this.protectiveStop || this.fault || !enabled || this.programState !== 'RUNNING') {
      if (!(this.mode !== 'AUTO' && enabled && this.operator.jog !== 0 && !this.emergencyStop && !this.fault)) this.halt();
    }
    this.evaluateAccess();
  }

  /** Advances the cell by `dtMs`. */
  tick(dtMs: number): void {
    this.applySafety();
    if (this.transferPart) {
      this.transferClearMs -= dtMs;
      if (this.transferClearMs <= 0) this.transferPart = false;
    }
    const stopped = this.emergencyStop || this.protectiveStop || !!this.fault;
    const enabled = this.mode === 'AUTO' || this.operator.enablingDevice;
    const limit = this.mode === 'T1' ? CELL.t1Limit : CELL.programSpeed;
    this.halt();
    if (stopped || !enabled) {
      this.evaluateAccess();
      return;
    }
    if (this.programState === 'RUNNING') this.runProgram(dtMs, limit);
    else if (this.mode !== 'AUTO' && this.operator.jog !== 0) this.jog(dtMs, limit);
    this.evaluateAccess();
  }

  /** Snapshot of every signal. */
  signals(): CellSignals {
    const j = this.joints.map((x) => Math.round(x * 100) / 100);
    return {
      'ROBOT.MODE': this.mode,
      'ROBOT.MOVING': this.moving,
      'ROBOT.TCP_SPEED': Math.round(this.tcpSpeed * 10) / 10,
      'ROBOT.PROGRAM_STATE': this.programState,
      'ROBOT.PROTECTIVE_STOP': this.protectiveStop,
      'ROBOT.EMERGENCY_STOP': this.emergencyStop,
      'ROBOT.JOINT_1': j[0],
      'ROBOT.JOINT_2': j[1],
      'ROBOT.JOINT_3': j[2],
      'ROBOT.JOINT_4': j[3],
      'ROBOT.JOINT_5': j[4],
      'ROBOT.JOINT_6': j[5],
      'ROBOT.CYCLE_COUNT': this.cycleCount,
      'ROBOT.FAULT': this.fault,
      'GRIPPER.CLOSED': this.gripperClosed,
      'GRIPPER.PART_PRESENT': this.partInGripper,
      'DOOR.CLOSED': this.doorClosedReading(),
      'DOOR.LOCKED': this.doorLocked(),
      'LIGHT_CURTAIN.CLEAR': !this.operator.breakLightCurtain,
      'ACCESS.REQUESTED': this.accessRequested,
      'ACCESS.GRANTED': this.accessGranted,
      KEY_SWITCH: this.mode,
      'TRANSFER.PART_PRESENT': this.transferPart,
    };
  }

  private halt(): void {
    this.moving = false;
    this.tcpSpeed = 0;
  }

  private evaluateAccess(): void {
    if (this.accessRequested && !this.accessGranted && this.programState !== 'RUNNING' && !this.moving) {
      this.accessGranted = true;
    }
  }

  private raiseFault(code: string): void {
    this.fault = code;
    this.programState = 'FAULT';
    if (code === 'GRIPPER_LOST_PART') this.partInGripper = false;
    this.halt();
  }

  private beginStep(index: number): void {
    this.step = index;
    this.from = [...this.joints];
    this.doneMm = 0;
    this.dwellMs = 0;
  }

  private runProgram(dtMs: number, speed: number): void {
    let budgetMs = dtMs;
    for (let guard = 0; guard < PROGRAM.length * 2 && budgetMs > 0; guard++) {
      const step = PROGRAM[this.step];
      if ('grip' in step) {
        this.dwellMs += budgetMs;
        if (this.dwellMs < CELL.gripMs) return;
        budgetMs = this.dwellMs - CELL.gripMs;
        this.gripperClosed = step.grip === 'close';
        if (step.grip === 'close') this.partInGripper = true;
        else {
          this.partInGripper = false;
          this.transferPart = true;
          this.transferClearMs = 1000 + Math.floor(this.random() * 1000);
        }
      } else {
        if (this.step === PLACE_STEP && this.doneMm === 0 && this.transferPart) return; // wait for a free station
        const remaining = step.mm - this.doneMm;
        const canMm = (speed * budgetMs) / 1000;
        const mm = Math.min(remaining, canMm);
        this.doneMm += mm;
        budgetMs -= (mm / speed) * 1000;
        const f = this.doneMm / step.mm;
        this.joints = this.from.map((a, i) => a + (step.move[i] - a) * f);
        this.moving = true;
        this.tcpSpeed = speed;
        if (this.partInGripper && this.dropPartArmed && this.step >= 3) {
          this.dropPartArmed = false;
          this.raiseFault('GRIPPER_LOST_PART');
          return;
        }
        if (this.doneMm < step.mm) return;
      }
      // Step finished: next one; at the end of the cycle count it and stop if access was requested.
      if (this.step === PROGRAM.length - 1) {
        this.cycleCount++;
        if (this.accessRequested) {
          this.programState = 'IDLE';
          this.beginStep(0);
          return;
        }
        this.beginStep(0);
      } else this.beginStep(this.step + 1);
    }
  }

  private jog(dtMs: number, limit: number): void {
    const speed = Math.min(Math.abs(this.operator.jog), limit);
    // Jogging axis 1: 10 mm of TCP path per degree at the nominal reach.
    this.joints[0] += (Math.sign(this.operator.jog) * speed * dtMs) / 1000 / 10;
    this.moving = speed > 0;
    this.tcpSpeed = speed;
    if (Math.abs(this.joints[0]) > CELL.jointLimit[0]) this.raiseFault('AXIS_OVERTRAVEL_J1');
  }
}
