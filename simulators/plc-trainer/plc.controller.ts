/**
 * The built-in reference controller used in `internal` mode: the conveyor program a trainer
 * ships with, so an operating-procedure exercise needs no student program. It sees only what a
 * real PLC sees (the discrete inputs) and decides the outputs each scan.
 */

/** The discrete inputs the controller reads. */
export interface ControllerInputs {
  startPb: boolean;
  stopPb: boolean;
  resetPb: boolean;
  modeAuto: boolean;
  estopPressed: boolean;
  isolatorOn: boolean;
  entryEye: boolean;
  exitEye: boolean;
  motorRunning: boolean;
  overloadTripped: boolean;
  safetyOk: boolean;
}

/** The coils the controller drives. */
export interface ControllerOutputs {
  motorContactor: boolean;
  rejectCyl: boolean;
  lampGreen: boolean;
  lampAmber: boolean;
  lampRed: boolean;
  buzzer: boolean;
}

/** How long the buzzer sounds after a fault latches unless reset earlier, ms. */
const BUZZER_MS = 3000;

/**
 * Auto: start latches the motor, stop or any fault drops it; a fault (safety chain open,
 * overload, or a photo-eye blocked longer than a box needs to pass = jam) latches until reset.
 * Manual: hold-to-run jog on the start button.
 */
export class ReferenceController {
  private running = false;
  private fault = false;
  private prevStart = false;
  private prevReset = false;
  private eyeBlockedMs = 0;
  private buzzerMs = 0;

  /** Runs one scan; `dtMs` since the last scan, `speed` the setpoint in mm/s (for the jam timeout). */
  scan(i: ControllerInputs, dtMs: number, speed: number): ControllerOutputs {
    const startEdge = i.startPb && !this.prevStart;
    const resetEdge = i.resetPb && !this.prevReset;
    this.prevStart = i.startPb;
    this.prevReset = i.resetPb;

    const healthy = i.safetyOk && !i.overloadTripped && i.isolatorOn;
    if (!i.safetyOk || i.overloadTripped) this.latchFault();
    // Jam watchdog: an eye blocked while driving for longer than twice a box's passing time.
    const jamTimeout = Math.max(1500, speed > 0 ? (2 * 200 * 1000) / speed : 1500);
    if (i.motorRunning && (i.entryEye || i.exitEye)) this.eyeBlockedMs += dtMs;
    else if (!i.entryEye && !i.exitEye) this.eyeBlockedMs = 0;
    if (this.eyeBlockedMs > jamTimeout) {
      this.latchFault();
      this.eyeBlockedMs = 0;
    }
    if (resetEdge && healthy) {
      this.fault = false;
      this.buzzerMs = 0;
    }
    if (resetEdge) this.buzzerMs = 0;
    if (this.buzzerMs > 0) this.buzzerMs = Math.max(0, this.buzzerMs - dtMs);

    let motor: boolean;
    if (i.modeAuto) {
      if (startEdge && healthy && !this.fault && !i.stopPb) this.running = true;
      if (i.stopPb || !healthy || this.fault) this.running = false;
      motor = this.running;
    } else {
      this.running = false;
      motor = i.startPb && !i.stopPb && healthy && !this.fault;
    }
    return {
      motorContactor: motor,
      rejectCyl: false,
      lampGreen: i.motorRunning,
      lampAmber: !this.fault && !i.motorRunning && healthy,
      lampRed: this.fault || i.estopPressed,
      buzzer: this.buzzerMs > 0,
    };
  }

  private latchFault(): void {
    if (!this.fault) this.buzzerMs = BUZZER_MS;
    this.fault = true;
    this.running = false;
  }
}
