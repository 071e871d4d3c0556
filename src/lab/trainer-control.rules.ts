/**
 * The operator controls of the stand-in trainers, as a student's virtual panel presses them: which
 * Modbus coil or OPC UA variable/method each control drives and with what value. Pure: the service
 * hands the resulting actions to the runtime's live link, so the stand-in receives exactly the
 * writes and calls its own panel (or a real operator's hand) would produce.
 */
import type { StationAction } from './exercises/exercise.types';
import type { StationKind, TagMap } from './runtime';

/** Every control of a stand-in's operator panel. */
export enum TrainerControl {
  /** PLC trainer: START push button (`on`: true pressed, false released). */
  PLC_START = 'PLC_START',
  /** PLC trainer: STOP push button (`on`: true pressed, false released). */
  PLC_STOP = 'PLC_STOP',
  /** PLC trainer: RESET push button (`on`: true pressed, false released). */
  PLC_RESET = 'PLC_RESET',
  /** PLC trainer: the e-stop mushroom (`on`: true pushed in, false pulled out). */
  PLC_ESTOP = 'PLC_ESTOP',
  /** PLC trainer: the main isolator (`on`: true on, false isolated). */
  PLC_ISOLATOR = 'PLC_ISOLATOR',
  /** PLC trainer: the guard door (`on`: true closed, false open). */
  PLC_GUARD_DOOR = 'PLC_GUARD_DOOR',
  /** PLC trainer: the AUTO/MANUAL selector (`on`: true AUTO, false MANUAL). */
  PLC_AUTO_MODE = 'PLC_AUTO_MODE',
  /** PLC trainer: remove the jammed box by hand (one shot; `on` must be true or absent). */
  PLC_CLEAR_JAM = 'PLC_CLEAR_JAM',
  /** Robot cell: request access to the cell (method RequestAccess). */
  ROBOT_REQUEST_ACCESS = 'ROBOT_REQUEST_ACCESS',
  /** Robot cell: a person opens or closes the safety door (`on`: true open, false closed). */
  ROBOT_DOOR = 'ROBOT_DOOR',
  /** Robot cell: a person breaks the light curtain (`on`: true broken, false clear). */
  ROBOT_LIGHT_CURTAIN = 'ROBOT_LIGHT_CURTAIN',
  /** Robot cell: a person is inside the cell (`on`: true inside, false outside). */
  ROBOT_IN_CELL = 'ROBOT_IN_CELL',
  /** Robot cell: the e-stop button (`on`: true pushed in, false released). */
  ROBOT_ESTOP = 'ROBOT_ESTOP',
  /** Robot cell: the mode key switch (`mode`: AUTO, T1 or T2; method SetMode). */
  ROBOT_KEY_SWITCH = 'ROBOT_KEY_SWITCH',
  /** Robot cell: the enabling device in its middle position (`on`: true held, false let go). */
  ROBOT_ENABLING_DEVICE = 'ROBOT_ENABLING_DEVICE',
  /** Robot cell: jog axis 1 (`speed`: mm/s, sign = direction, 0 stops; −1000…1000). */
  ROBOT_JOG = 'ROBOT_JOG',
  /** Robot cell: start or resume the program (method StartProgram). */
  ROBOT_START_PROGRAM = 'ROBOT_START_PROGRAM',
  /** Robot cell: controlled stop (method Stop). */
  ROBOT_STOP_PROGRAM = 'ROBOT_STOP_PROGRAM',
  /** Robot cell: reset stops and faults whose cause is gone (method ResetFault). */
  ROBOT_RESET_FAULT = 'ROBOT_RESET_FAULT',
}

/** Positions of the robot cell's mode key. */
export type RobotKeyMode = 'AUTO' | 'T1' | 'T2';

/** What the student set on the control. */
export interface ControlSetting {
  /** Buttons and switches: see each control. */
  on?: boolean | null;
  /** ROBOT_JOG: mm/s. */
  speed?: number | null;
  /** ROBOT_KEY_SWITCH. */
  mode?: RobotKeyMode | null;
  /** Push buttons only: press, hold this long (ms, 1–2000), release, in one request. */
  holdMs?: number | null;
}

/** One protocol action, applied `delayMs` after the previous one. */
export interface ControlStep {
  readonly action: StationAction;
  readonly delayMs: number;
  /**
   * The release of a held push button: sent even when the press itself ended the run (a STOP
   * that completes the last step), so no button stays pressed on the stand-in after the verdict.
   */
  readonly release?: true;
}

/** Why a control cannot be operated as asked. */
export type ControlRefusal =
  /** The control belongs to the other kind of trainer. */
  | { code: 'CONTROL_NOT_FOR_STATION'; field: 'control' }
  /** A value the control needs is missing or out of range. */
  | { code: 'CONTROL_VALUE_INVALID'; field: 'on' | 'speed' | 'mode' | 'holdMs' }
  /** The station's tag map lacks the coil, variable or method the control drives. */
  | { code: 'CONTROL_NOT_IN_TAG_MAP'; field: 'control'; name: string };

type Spec =
  | { kind: 'PLC_TRAINER'; type: 'button' | 'switch'; tag: string }
  | { kind: 'PLC_TRAINER'; type: 'oneShot'; tag: string }
  | { kind: 'ROBOT_CELL'; type: 'switch'; tag: string }
  | { kind: 'ROBOT_CELL'; type: 'speed'; tag: string }
  | { kind: 'ROBOT_CELL'; type: 'method'; method: string }
  | { kind: 'ROBOT_CELL'; type: 'mode'; method: string };

/** The one table: control → what it drives on the stand-in (names from the stand-ins' tag maps). */
const CONTROLS: Readonly<Record<TrainerControl, Spec>> = {
  PLC_START: { kind: 'PLC_TRAINER', type: 'button', tag: 'PANEL.START_PB' },
  PLC_STOP: { kind: 'PLC_TRAINER', type: 'button', tag: 'PANEL.STOP_PB' },
  PLC_RESET: { kind: 'PLC_TRAINER', type: 'button', tag: 'PANEL.RESET_PB' },
  PLC_ESTOP: { kind: 'PLC_TRAINER', type: 'switch', tag: 'PANEL.ESTOP' },
  PLC_ISOLATOR: { kind: 'PLC_TRAINER', type: 'switch', tag: 'PANEL.ISOLATOR_ON' },
  PLC_GUARD_DOOR: { kind: 'PLC_TRAINER', type: 'switch', tag: 'PANEL.GUARD_CLOSED' },
  PLC_AUTO_MODE: { kind: 'PLC_TRAINER', type: 'switch', tag: 'PANEL.MODE_AUTO' },
  PLC_CLEAR_JAM: { kind: 'PLC_TRAINER', type: 'oneShot', tag: 'PANEL.CLEAR_JAM' },
  ROBOT_REQUEST_ACCESS: { kind: 'ROBOT_CELL', type: 'method', method: 'RequestAccess' },
  ROBOT_DOOR: { kind: 'ROBOT_CELL', type: 'switch', tag: 'OPERATOR.OPEN_DOOR' },
  ROBOT_LIGHT_CURTAIN: { kind: 'ROBOT_CELL', type: 'switch', tag: 'OPERATOR.BREAK_LIGHT_CURTAIN' },
  ROBOT_IN_CELL: { kind: 'ROBOT_CELL', type: 'switch', tag: 'OPERATOR.IN_CELL' },
  ROBOT_ESTOP: { kind: 'ROBOT_CELL', type: 'switch', tag: 'OPERATOR.ESTOP' },
  ROBOT_KEY_SWITCH: { kind: 'ROBOT_CELL', type: 'mode', method: 'SetMode' },
  ROBOT_ENABLING_DEVICE: { kind: 'ROBOT_CELL', type: 'switch', tag: 'OPERATOR.ENABLING_DEVICE' },
  ROBOT_JOG: { kind: 'ROBOT_CELL', type: 'speed', tag: 'OPERATOR.JOG' },
  ROBOT_START_PROGRAM: { kind: 'ROBOT_CELL', type: 'method', method: 'StartProgram' },
  ROBOT_STOP_PROGRAM: { kind: 'ROBOT_CELL', type: 'method', method: 'Stop' },
  ROBOT_RESET_FAULT: { kind: 'ROBOT_CELL', type: 'method', method: 'ResetFault' },
};

/** Fastest jog the panel sends, mm/s (either direction). */
export const MAX_JOG_SPEED = 1000;
/** Longest press held in one request, ms. */
export const MAX_HOLD_MS = 2000;

/** The controls of one kind of trainer, in panel order. */
export function controlsOf(kind: StationKind): TrainerControl[] {
  return (Object.keys(CONTROLS) as TrainerControl[]).filter((c) => CONTROLS[c].kind === kind);
}

/** The controls of `kind` whose coil, variable or method `tagMap` has (what a stand-in's panel shows). */
export function availableControls(kind: StationKind, tagMap: TagMap): TrainerControl[] {
  return controlsOf(kind).filter((c) => {
    const spec = CONTROLS[c];
    if ('tag' in spec) return tagMap.tags.some((t) => t.name === spec.tag && t.access === 'readwrite');
    return tagMap.protocol === 'OPC_UA' && tagMap.methods.some((m) => m.name === spec.method);
  });
}

/**
 * The protocol actions that operate `control` as `setting` says, on a station of `kind` with
 * `tagMap`; or why not. A push button with `holdMs` becomes press, wait, release.
 */
export function controlSteps(
  kind: StationKind,
  tagMap: TagMap,
  control: TrainerControl,
  setting: ControlSetting,
): { ok: true; steps: ControlStep[] } | { ok: false; refusal: ControlRefusal } {
  const spec = CONTROLS[control];
  if (!spec || spec.kind !== kind) return { ok: false, refusal: { code: 'CONTROL_NOT_FOR_STATION', field: 'control' } };
  const missing = (name: string) => ({ ok: false as const, refusal: { code: 'CONTROL_NOT_IN_TAG_MAP' as const, field: 'control' as const, name } });
  const invalid = (field: 'on' | 'speed' | 'mode' | 'holdMs') => ({ ok: false as const, refusal: { code: 'CONTROL_VALUE_INVALID' as const, field } });
  if ('tag' in spec) {
    const tag = tagMap.tags.find((t) => t.name === spec.tag);
    if (!tag || tag.access !== 'readwrite') return missing(spec.tag);
  } else if (tagMap.protocol !== 'OPC_UA' || !tagMap.methods.some((m) => m.name === spec.method)) {
    return missing(spec.method);
  }
  const write = (tag: string, value: boolean | number, delayMs = 0): ControlStep => ({ action: { kind: 'write', tag, value }, delayMs });
  const hold = setting.holdMs ?? null;
  if (hold !== null && (spec.type !== 'button' || !Number.isInteger(hold) || hold < 1 || hold > MAX_HOLD_MS)) return invalid('holdMs');
  switch (spec.type) {
    case 'button':
      if (hold !== null) {
        if (setting.on === false) return invalid('on');
        return { ok: true, steps: [write(spec.tag, true), { ...write(spec.tag, false, hold), release: true }] };
      }
      if (setting.on == null) return invalid('on');
      return { ok: true, steps: [write(spec.tag, setting.on)] };
    case 'switch':
      if (setting.on == null) return invalid('on');
      return { ok: true, steps: [write(spec.tag, setting.on)] };
    case 'oneShot':
      if (setting.on === false) return invalid('on');
      return { ok: true, steps: [write(spec.tag, true)] };
    case 'speed': {
      const speed = setting.speed;
      if (speed == null || !Number.isFinite(speed) || Math.abs(speed) > MAX_JOG_SPEED) return invalid('speed');
      return { ok: true, steps: [write(spec.tag, speed)] };
    }
    case 'mode':
      if (!setting.mode || !['AUTO', 'T1', 'T2'].includes(setting.mode)) return invalid('mode');
      return { ok: true, steps: [{ action: { kind: 'call', method: spec.method, args: [setting.mode] }, delayMs: 0 }] };
    case 'method':
      return { ok: true, steps: [{ action: { kind: 'call', method: spec.method, args: [] }, delayMs: 0 }] };
  }
}
