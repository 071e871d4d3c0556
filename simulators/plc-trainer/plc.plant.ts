/**
 * The physical side of the PLC trainer: conveyor with boxes, motor with contactor and overload
 * relay, photo-eyes, reject cylinder, guard door and the hard-wired safety relay. Pure model:
 * no timers and no I/O; the scan cycle calls {@link PlcPlant.step} with the elapsed time.
 */

/** What a person does on the panel and at the rig (the PANEL.* coils). */
export interface PanelState {
  startPb: boolean;
  stopPb: boolean;
  resetPb: boolean;
  modeAuto: boolean;
  estop: boolean;
  isolatorOn: boolean;
  guardClosed: boolean;
}

/** What the controller drives (coils 0..5). */
export interface PlantOutputs {
  motorContactor: boolean;
  rejectCyl: boolean;
}

/** Photo-eye fault: 0 none, 1 stuck off, 2 stuck on (as in the FAULT.*_EYE registers). */
export type EyeFault = 0 | 1 | 2;

/** Faults currently active in the plant. */
export interface PlantFaults {
  entryEye: EyeFault;
  exitEye: EyeFault;
  guardSwitch: boolean;
}

/** Sensor readings and measured values, as the discrete inputs and input registers show them. */
export interface PlantReadings {
  entryEye: boolean;
  exitEye: boolean;
  guardClosed: boolean;
  motorRunning: boolean;
  overloadTripped: boolean;
  cylRetracted: boolean;
  cylExtended: boolean;
  safetyOk: boolean;
  boxCount: number;
  /** Motor current in 0.1 A. */
  motorCurrent: number;
  /** Belt speed in mm/s. */
  conveyorSpeed: number;
  /** 0 none, 1 overload, 2 jam, 3 e-stop, 4 guard open. */
  faultCode: number;
  jammed: boolean;
  unsafeActs: number;
}

/** Geometry and physics constants of the rig (all lengths in mm). */
export const PLANT = {
  beltLength: 2000,
  entryEyeAt: 150,
  exitEyeAt: 1850,
  rejectAt: 1000,
  boxLength: 200,
  /** Belt acceleration in mm/s². */
  accel: 2000,
  /** Cylinder stroke time in ms. */
  cylStrokeMs: 300,
  /** Highest accepted speed setpoint in mm/s. */
  maxSpeed: 1000,
} as const;

interface Box {
  /** Leading edge position along the belt, mm. */
  front: number;
  jammed: boolean;
  counted: boolean;
}

/** Options of the plant model. */
export interface PlantOptions {
  /** Random source in [0,1) for box gaps and current noise (seeded for deterministic runs). */
  random: () => number;
  /** How long the motor may be stalled (energised but the belt blocked) before the overload trips, ms; default 3000. */
  overloadTripMs?: number;
}

/** The conveyor rig. */
export class PlcPlant {
  private boxes: Box[] = [];
  private speed = 0;
  private nextGap: number;
  private stalledMs = 0;
  private overload = false;
  private relayOn: boolean;
  private prevReset = false;
  private cyl = 0;
  private boxCount = 0;
  private unsafeActs = 0;
  private current = 0;
  private contactorClosed = false;
  private readonly random: () => number;
  private readonly overloadTripMs: number;

  constructor(
    private panel: PanelState,
    private faults: PlantFaults,
    options: PlantOptions,
  ) {
    this.random = options.random;
    this.overloadTripMs = options.overloadTripMs ?? 3000;
    this.nextGap = this.drawGap();
    // At power-on with a healthy chain the relay is taken as reset, so the rig is ready to run.
    this.relayOn = !panel.estop && this.guardSwitch();
  }

  /** Trips the overload relay now (instructor fault). */
  tripOverload(): void {
    this.overload = true;
  }

  /** Jams the box nearest the exit, or puts a jammed box mid-belt when the belt is empty. */
  jam(): void {
    const onBelt = this.boxes.filter((b) => b.front > 0 && b.front - PLANT.boxLength < PLANT.beltLength);
    const target = onBelt.sort((a, b) => b.front - a.front)[0];
    if (target) target.jammed = true;
    else this.boxes.push({ front: PLANT.beltLength / 2, jammed: true, counted: false });
  }

  /**
   * A person reaches in to remove the jammed box. Only safe (and only effective) with the main
   * isolator off; otherwise the act is recorded as unsafe and nothing changes.
   * @returns true when the jam was cleared.
   */
  clearJam(): boolean {
    if (this.panel.isolatorOn) {
      this.unsafeActs = (this.unsafeActs + 1) & 0xffff;
      return false;
    }
    this.boxes = this.boxes.filter((b) => !b.jammed);
    this.stalledMs = 0;
    return true;
  }

  /** Advances the model by `dtMs` with the given outputs and speed setpoint (mm/s). */
  step(dtMs: number, out: PlantOutputs, setpoint: number): void {
    const dt = dtMs / 1000;
    const chainHealthy = !this.panel.estop && this.guardSwitch();
    const resetEdge = this.panel.resetPb && !this.prevReset;
    this.prevReset = this.panel.resetPb;
    // Hard-wired safety relay: drops at once when the chain opens, needs a reset press to re-arm.
    if (!chainHealthy) this.relayOn = false;
    else if (resetEdge) this.relayOn = true;
    if (resetEdge) {
      this.overload = false; // remote reset of the overload relay
      this.stalledMs = 0;
    }
    // The contactor closes only when its coil is driven AND the safety relay, the isolator and the
    // overload contact all let current through: outputs cannot override the safety chain.
    this.contactorClosed = out.motorContactor && this.relayOn && this.panel.isolatorOn && !this.overload;
    const jammed = this.boxes.some((b) => b.jammed);
    const target = this.contactorClosed && !jammed ? Math.min(setpoint, PLANT.maxSpeed) : 0;
    if (jammed) this.speed = 0;
    else if (this.speed < target) this.speed = Math.min(target, this.speed + PLANT.accel * dt);
    else this.speed = Math.max(target, this.speed - PLANT.accel * dt);

    if (this.contactorClosed && jammed) {
      this.stalledMs += dtMs;
      if (this.stalledMs >= this.overloadTripMs) {
        this.overload = true;
        this.contactorClosed = false;
      }
    } else if (!jammed) {
      this.stalledMs = 0;
    }

    // Boxes ride the belt; a new box is fed once the previous one has moved a gap away.
    const travel = this.speed * dt;
    for (const b of this.boxes) b.front += travel;
    const last = this.boxes[this.boxes.length - 1];
    if (this.speed > 0 && (!last || last.front - PLANT.boxLength >= this.nextGap)) {
      this.boxes.push({ front: 0, jammed: false, counted: false });
      this.nextGap = this.drawGap();
    }
    for (const b of this.boxes) {
      if (!b.counted && b.front - PLANT.boxLength > PLANT.exitEyeAt) {
        b.counted = true;
        this.boxCount = (this.boxCount + 1) & 0xffff;
      }
    }
    // Reject cylinder strokes towards its valve position; an extended rod pushes off the box in front.
    const dir = out.rejectCyl ? 1 : -1;
    this.cyl = Math.min(1, Math.max(0, this.cyl + (dir * dtMs) / PLANT.cylStrokeMs));
    if (this.cyl >= 1) this.boxes = this.boxes.filter((b) => b.jammed || !this.covers(b, PLANT.rejectAt));
    this.boxes = this.boxes.filter((b) => b.front - PLANT.boxLength < PLANT.beltLength);

    // Motor current in amps: locked-rotor when stalled, otherwise base + speed + load, plus noise.
    if (!this.contactorClosed) this.current = 0;
    else if (jammed) this.current = 9.0 + this.random() * 0.2;
    else {
      const load = this.boxes.filter((b) => b.front > 0 && b.front - PLANT.boxLength < PLANT.beltLength).length;
      this.current = 1.5 + 0.002 * this.speed + 0.2 * load + this.random() * 0.1;
    }
  }

  /** Current readings, with sensor faults applied. */
  readings(): PlantReadings {
    const eye = (at: number, fault: EyeFault) => (fault === 1 ? false : fault === 2 ? true : this.boxes.some((b) => this.covers(b, at)));
    const guard = this.guardSwitch();
    const jammed = this.boxes.some((b) => b.jammed);
    const faultCode = this.panel.estop ? 3 : !guard ? 4 : this.overload ? 1 : jammed ? 2 : 0;
    return {
      entryEye: eye(PLANT.entryEyeAt, this.faults.entryEye),
      exitEye: eye(PLANT.exitEyeAt, this.faults.exitEye),
      guardClosed: guard,
      motorRunning: this.contactorClosed,
      overloadTripped: this.overload,
      cylRetracted: this.cyl <= 0,
      cylExtended: this.cyl >= 1,
      safetyOk: this.relayOn,
      boxCount: this.boxCount,
      motorCurrent: Math.round(this.current * 10),
      conveyorSpeed: Math.round(this.speed),
      faultCode,
      jammed,
      unsafeActs: this.unsafeActs,
    };
  }

  private guardSwitch(): boolean {
    return this.faults.guardSwitch ? true : this.panel.guardClosed;
  }

  private covers(b: Box, at: number): boolean {
    return b.front >= at && b.front - PLANT.boxLength <= at;
  }

  private drawGap(): number {
    return 300 + Math.floor(this.random() * 500);
  }
}
