import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LabUserError, TrainingSessionNode } from './lab.types';
import type { ControlStep } from './trainer-control.rules';
import { TrainerControl } from './trainer-control.rules';

/** Positions of the robot cell's mode key (the stand-in's SetMode argument). */
export enum RobotKeyMode {
  AUTO = 'AUTO',
  T1 = 'T1',
  T2 = 'T2',
}

registerEnumType(TrainerControl, {
  name: 'TrainerControl',
  description: "A control of a stand-in trainer's operator panel, as `operateTrainer` presses it. PLC_* for the PLC trainer, ROBOT_* for the robot cell.",
  valuesConfig: {
    PLC_START: { description: 'START push button → coil PANEL.START_PB. `on`: true pressed, false released; or `holdMs` to press and release.' },
    PLC_STOP: { description: 'STOP push button → coil PANEL.STOP_PB. `on` or `holdMs` as PLC_START.' },
    PLC_RESET: { description: 'RESET push button → coil PANEL.RESET_PB. `on` or `holdMs` as PLC_START.' },
    PLC_ESTOP: { description: 'E-stop mushroom → coil PANEL.ESTOP. `on`: true pushed in, false pulled out.' },
    PLC_ISOLATOR: { description: 'Main isolator → coil PANEL.ISOLATOR_ON. `on`: true on, false isolated.' },
    PLC_GUARD_DOOR: { description: 'Guard door → coil PANEL.GUARD_CLOSED. `on`: true closed, false open.' },
    PLC_AUTO_MODE: { description: 'AUTO/MANUAL selector → coil PANEL.MODE_AUTO. `on`: true AUTO, false MANUAL.' },
    PLC_CLEAR_JAM: { description: 'Remove the jammed box by hand → coil PANEL.CLEAR_JAM (one shot). Unsafe with the isolator on.' },
    ROBOT_REQUEST_ACCESS: { description: 'Request access to the cell → method RequestAccess (the door unlocks once the robot has stopped).' },
    ROBOT_DOOR: { description: 'A person opens or closes the safety door → variable Operator.OpenDoor. `on`: true open, false closed.' },
    ROBOT_LIGHT_CURTAIN: { description: 'A person breaks the light curtain → Operator.BreakLightCurtain. `on`: true broken, false clear.' },
    ROBOT_IN_CELL: { description: 'A person is inside the cell → Operator.InCell. `on`: true inside, false outside.' },
    ROBOT_ESTOP: { description: 'E-stop button → Operator.Estop. `on`: true pushed in, false released.' },
    ROBOT_KEY_SWITCH: { description: 'Mode key switch → method SetMode(`mode`). Refused by the cell while the program runs.' },
    ROBOT_ENABLING_DEVICE: { description: 'Enabling device in its middle position → Operator.EnablingDevice. `on`: true held, false let go.' },
    ROBOT_JOG: {
      description: 'Jog axis 1 → Operator.Jog. `speed` in mm/s (−1000…1000, sign = direction, 0 stops); moves only in T1/T2 with the enabling device held.',
    },
    ROBOT_START_PROGRAM: { description: 'Start or resume the program → method StartProgram.' },
    ROBOT_STOP_PROGRAM: { description: 'Controlled stop → method Stop.' },
    ROBOT_RESET_FAULT: { description: 'Reset stops and faults whose cause is gone → method ResetFault.' },
  },
});
registerEnumType(RobotKeyMode, { name: 'RobotKeyMode', description: "Positions of the robot cell's mode key: AUTO, T1 (reduced speed 250 mm/s), T2." });

@InputType({ description: "Operate one control of a stand-in trainer's panel during a running session." })
export class OperateTrainerInput {
  @Field(() => ID, { description: 'Global id of the running TrainingSession whose station to operate.' }) sessionId!: string;
  @Field(() => TrainerControl, { description: 'The control (see each value for what it drives and which field it takes).' }) control!: TrainerControl;
  @Field(() => Boolean, { nullable: true, description: 'Buttons and switches: pressed / on / closed … as the control says.' }) on?: boolean | null;
  @Field(() => Float, { nullable: true, description: 'ROBOT_JOG: speed in mm/s, −1000…1000.' }) speed?: number | null;
  @Field(() => RobotKeyMode, { nullable: true, description: 'ROBOT_KEY_SWITCH: the key position.' }) mode?: RobotKeyMode | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Push buttons (PLC_START, PLC_STOP, PLC_RESET): press, hold this many ms (1–2000), release, in one request.',
  })
  holdMs?: number | null;
}

@ObjectType('TrainerAction', { description: 'One protocol action sent to the stand-in: a write of a coil/register/variable, or an OPC UA method call.' })
export class TrainerActionNode {
  @Field({ description: '`write` or `call`.' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'For `write`: the tag written (e.g. PANEL.START_PB).' }) tag!: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'For `write`: the value written.' }) value!: unknown;
  @Field(() => String, { nullable: true, description: 'For `call`: the method called (e.g. RequestAccess).' }) method!: string | null;
  @Field(() => [GraphQLJSON], { nullable: true, description: 'For `call`: its arguments.' }) args!: unknown[] | null;
  @Field(() => Int, { description: 'Delay before this action, ms (the hold of a press).' }) delayMs!: number;
}

/** API shape of a delivered control step. */
export function toTrainerActionNode(step: ControlStep): TrainerActionNode {
  const a = step.action;
  return Object.assign(new TrainerActionNode(), {
    kind: a.kind,
    tag: a.kind === 'write' ? a.tag : null,
    value: a.kind === 'write' ? a.value : null,
    method: a.kind === 'call' ? a.method : null,
    args: a.kind === 'call' ? [...a.args] : null,
    delayMs: step.delayMs,
  });
}

@ObjectType({
  description:
    'What `operateTrainer` returns: the session and the protocol actions the stand-in took, or the rules broken in `userErrors` (then nothing was sent, or the trainer refused).',
})
export class OperateTrainerPayload {
  @Field(() => TrainingSessionNode, { nullable: true, description: 'The session; null when there are userErrors.' }) session!: TrainingSessionNode | null;
  @Field(() => [TrainerActionNode], { nullable: true, description: 'What was sent to the stand-in, in order; null when there are userErrors.' })
  actions!: TrainerActionNode[] | null;
  @Field(() => [LabUserError], { description: 'Rules the request broke, or the trainer’s refusal (CONTROL_REFUSED); empty on success.' })
  userErrors!: InstanceType<typeof LabUserError>[];
}
