/**
 * The vocabulary shared by the protocol adapters, the judge and the session runner.
 * No protocol words here: a Modbus coil and an OPC UA Boolean both become a `boolean`.
 */

/** A value of a named signal; `null` while unknown (never read yet). */
export type SignalValue = boolean | number | string | null;

/** One observed change of one named signal. */
export interface SignalChange {
  /** Tag name from the station's tag map, e.g. `START_PB` or `ROBOT.MOVING`. */
  readonly tag: string;
  /** New value (scaled engineering value for registers with a `scale`). */
  readonly value: SignalValue;
  /** When the change was observed, in ms since the Unix epoch, from the injected clock. */
  readonly at: number;
}

/** Passage of time with no signal change; lets durations (`held`, time limits) mature. */
export interface Tick {
  readonly kind: 'tick';
  /** Current time in ms since the Unix epoch. */
  readonly at: number;
}

/** Kinds of trainer a station can be. */
export type StationKind = 'PLC_TRAINER' | 'ROBOT_CELL';
