/**
 * PLC-trainer runs of the safe start-up for the judge's specs, as [ms after the start, changes]
 * points, and the trainer at rest they start from. Test data only (specs import it).
 */
import type { SignalValue } from './signal.types';

/** A run as points in time: [ms after the start, the changes seen together then]. */
export type RunPoints = Array<[number, Record<string, SignalValue>]>;

/** The PLC trainer at rest: isolated, guard open, motor stopped. */
export const plcIdle: Readonly<Record<string, SignalValue>> = {
  ISOLATOR_ON: false,
  GUARD_CLOSED: false,
  MODE_AUTO: false,
  SAFETY_OK: false,
  MOTOR_RUNNING: false,
  ESTOP_PRESSED: false,
  CONVEYOR_SPEED: 0,
  START_PB: false,
  STOP_PB: false,
  JAMMED: 0,
  UNSAFE_ACTS: 3,
  EXIT_EYE: false,
};

/** Runs of `plc.safe-start-up`: one that passes and three that fail for different reasons. */
export const safeStartUpRuns = {
  correct: [
    [1000, { MODE_AUTO: true }],
    [1500, { GUARD_CLOSED: true }],
    [2000, { ISOLATOR_ON: true }],
    [2500, { SAFETY_OK: true }],
    [3000, { START_PB: true, MOTOR_RUNNING: true, CONVEYOR_SPEED: 50 }],
    [3100, { START_PB: false, CONVEYOR_SPEED: 200 }],
    [5200, {}],
    [6000, { STOP_PB: true, MOTOR_RUNNING: false, CONVEYOR_SPEED: 100 }],
    [6200, { STOP_PB: false, CONVEYOR_SPEED: 0 }],
  ],
  /** The guard opened while the belt still moves (a fail-severity invariant). */
  guardOpenedOnMovingBelt: [
    [1000, { MODE_AUTO: true, GUARD_CLOSED: true }],
    [2000, { ISOLATOR_ON: true, SAFETY_OK: true }],
    [3000, { MOTOR_RUNNING: true, CONVEYOR_SPEED: 200 }],
    [4000, { GUARD_CLOSED: false, SAFETY_OK: false, MOTOR_RUNNING: false, CONVEYOR_SPEED: 150 }],
  ],
  /** The safety chain never re-armed: the step's time limit runs out. */
  stepTimeLimit: [
    [1000, { MODE_AUTO: true, GUARD_CLOSED: true }],
    [2000, { ISOLATOR_ON: true }],
    [33_000, {}],
  ],
  /** The e-stop used to stop: a penalty, then below the pass mark. */
  estopUsedToStop: [
    [1000, { MODE_AUTO: true, GUARD_CLOSED: true }],
    [2000, { ISOLATOR_ON: true }],
    [2500, { SAFETY_OK: true }],
    [3000, { MOTOR_RUNNING: true, CONVEYOR_SPEED: 200 }],
    [6000, { ESTOP_PRESSED: true, SAFETY_OK: false, MOTOR_RUNNING: false, CONVEYOR_SPEED: 0 }],
    [6500, { ESTOP_PRESSED: false }],
  ],
} satisfies Record<string, RunPoints>;
