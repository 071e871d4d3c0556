import { plcTagMap } from '../../simulators/plc-trainer/plc.registers';
import { robotTagMap } from '../../simulators/robot-cell/robot.tags';
import type { TagMap } from './runtime';
import { availableControls, controlSteps, controlsOf, TrainerControl } from './trainer-control.rules';

const plc = plcTagMap() as unknown as TagMap;
const robot = robotTagMap() as unknown as TagMap;

describe('trainer controls → protocol actions', () => {
  test('a PLC push button is a coil write of its PANEL tag; with holdMs it is press, hold, release', () => {
    expect(controlSteps('PLC_TRAINER', plc, TrainerControl.PLC_START, { on: true })).toEqual({
      ok: true,
      steps: [{ action: { kind: 'write', tag: 'PANEL.START_PB', value: true }, delayMs: 0 }],
    });
    expect(controlSteps('PLC_TRAINER', plc, TrainerControl.PLC_RESET, { holdMs: 200 })).toEqual({
      ok: true,
      steps: [
        { action: { kind: 'write', tag: 'PANEL.RESET_PB', value: true }, delayMs: 0 },
        { action: { kind: 'write', tag: 'PANEL.RESET_PB', value: false }, delayMs: 200, release: true },
      ],
    });
  });

  test('switches need `on`; the guard door writes PANEL.GUARD_CLOSED; clear-jam is one shot', () => {
    expect(controlSteps('PLC_TRAINER', plc, TrainerControl.PLC_GUARD_DOOR, {})).toEqual({ ok: false, refusal: { code: 'CONTROL_VALUE_INVALID', field: 'on' } });
    expect(controlSteps('PLC_TRAINER', plc, TrainerControl.PLC_GUARD_DOOR, { on: false })).toMatchObject({
      ok: true,
      steps: [{ action: { tag: 'PANEL.GUARD_CLOSED', value: false } }],
    });
    expect(controlSteps('PLC_TRAINER', plc, TrainerControl.PLC_CLEAR_JAM, {})).toMatchObject({
      ok: true,
      steps: [{ action: { tag: 'PANEL.CLEAR_JAM', value: true } }],
    });
  });

  test('holdMs is for push buttons only, 1–2000 ms', () => {
    expect(controlSteps('PLC_TRAINER', plc, TrainerControl.PLC_ESTOP, { on: true, holdMs: 100 })).toMatchObject({ ok: false, refusal: { field: 'holdMs' } });
    expect(controlSteps('PLC_TRAINER', plc, TrainerControl.PLC_START, { holdMs: 2001 })).toMatchObject({ ok: false, refusal: { field: 'holdMs' } });
    expect(controlSteps('PLC_TRAINER', plc, TrainerControl.PLC_START, { holdMs: 0 })).toMatchObject({ ok: false, refusal: { field: 'holdMs' } });
  });

  test('robot controls: methods are calls, the key switch passes its mode, jog is bounded', () => {
    expect(controlSteps('ROBOT_CELL', robot, TrainerControl.ROBOT_REQUEST_ACCESS, {})).toEqual({
      ok: true,
      steps: [{ action: { kind: 'call', method: 'RequestAccess', args: [] }, delayMs: 0 }],
    });
    expect(controlSteps('ROBOT_CELL', robot, TrainerControl.ROBOT_KEY_SWITCH, { mode: 'T1' })).toMatchObject({
      ok: true,
      steps: [{ action: { kind: 'call', method: 'SetMode', args: ['T1'] } }],
    });
    expect(controlSteps('ROBOT_CELL', robot, TrainerControl.ROBOT_KEY_SWITCH, {})).toMatchObject({ ok: false, refusal: { field: 'mode' } });
    expect(controlSteps('ROBOT_CELL', robot, TrainerControl.ROBOT_JOG, { speed: -120 })).toMatchObject({
      ok: true,
      steps: [{ action: { kind: 'write', tag: 'OPERATOR.JOG', value: -120 } }],
    });
    expect(controlSteps('ROBOT_CELL', robot, TrainerControl.ROBOT_JOG, { speed: 1001 })).toMatchObject({ ok: false, refusal: { field: 'speed' } });
    expect(controlSteps('ROBOT_CELL', robot, TrainerControl.ROBOT_DOOR, { on: true })).toMatchObject({
      ok: true,
      steps: [{ action: { tag: 'OPERATOR.OPEN_DOOR', value: true } }],
    });
  });

  test('a control of the other kind of trainer is refused, and one the tag map lacks is named', () => {
    expect(controlSteps('PLC_TRAINER', plc, TrainerControl.ROBOT_DOOR, { on: true })).toEqual({
      ok: false,
      refusal: { code: 'CONTROL_NOT_FOR_STATION', field: 'control' },
    });
    const bare = { ...plc, tags: plc.tags.filter((t) => !t.name.startsWith('PANEL.')) } as TagMap;
    expect(controlSteps('PLC_TRAINER', bare, TrainerControl.PLC_START, { on: true })).toEqual({
      ok: false,
      refusal: { code: 'CONTROL_NOT_IN_TAG_MAP', field: 'control', name: 'PANEL.START_PB' },
    });
    expect(availableControls('PLC_TRAINER', bare)).toEqual([]);
  });

  test("every control of the stand-ins' own tag maps is available", () => {
    expect(availableControls('PLC_TRAINER', plc)).toEqual(controlsOf('PLC_TRAINER'));
    expect(availableControls('ROBOT_CELL', robot)).toEqual(controlsOf('ROBOT_CELL'));
    expect(controlsOf('PLC_TRAINER')).toHaveLength(8);
    expect(controlsOf('ROBOT_CELL')).toHaveLength(11);
  });
});
