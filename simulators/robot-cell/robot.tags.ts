/**
 * The robot cell's signal names and node ids: the contract with the lab runtime. The OPC UA
 * address space, the CLI, the README and `tagmap.json` all come from this list.
 */
import type { LocalizedText } from '../plc-trainer/plc.registers';

/** Namespace URI of the cell's nodes (namespace index 1 on this server). */
export const ROBOT_CELL_NAMESPACE = 'urn:dualhub:robot-cell';

/** One variable of the cell. */
export interface RobotTag {
  /** Upper-case dotted signal name, e.g. `ROBOT.MOVING`. */
  name: string;
  /** String node id, e.g. `ns=1;s=Robot.Moving`. */
  nodeId: string;
  type: 'bool' | 'double' | 'string' | 'int';
  access: 'read' | 'readwrite';
  unit?: string;
  description: LocalizedText;
}

/** One method of the cell. */
export interface RobotMethod {
  name: string;
  objectId: string;
  methodId: string;
  inputs: { name: string; type: 'string' }[];
  description: LocalizedText;
}

const t = (kk: string, ru: string, en: string): LocalizedText => ({ kk, ru, en });
const tag = (name: string, path: string, type: RobotTag['type'], description: LocalizedText, extra: Partial<RobotTag> = {}): RobotTag => ({
  name,
  nodeId: `ns=1;s=${path}`,
  type,
  access: 'read',
  description,
  ...extra,
});

/** Every variable of the cell. */
export const ROBOT_TAGS: readonly RobotTag[] = [
  tag('ROBOT.MODE', 'Robot.Mode', 'string', t('Жұмыс режимі (AUTO, T1, T2)', 'Режим работы (AUTO, T1, T2)', 'Operating mode (AUTO, T1, T2)')),
  tag('ROBOT.MOVING', 'Robot.Moving', 'bool', t('Робот қозғалуда', 'Робот движется', 'Robot is moving')),
  tag('ROBOT.TCP_SPEED', 'Robot.TcpSpeed', 'double', t('Құрал нүктесінің жылдамдығы', 'Скорость TCP', 'Tool centre point speed'), { unit: 'mm/s' }),
  tag('ROBOT.PROGRAM_STATE', 'Robot.ProgramState', 'string', t('Бағдарлама күйі', 'Состояние программы', 'Program state (IDLE, RUNNING, STOPPED, FAULT)')),
  tag('ROBOT.PROTECTIVE_STOP', 'Robot.ProtectiveStop', 'bool', t('Қорғаныштық тоқтату', 'Защитный останов', 'Protective stop active')),
  tag('ROBOT.EMERGENCY_STOP', 'Robot.EmergencyStop', 'bool', t('Апаттық тоқтату', 'Аварийный останов', 'Emergency stop active')),
  ...[1, 2, 3, 4, 5, 6].map((n) =>
    tag(`ROBOT.JOINT_${n}`, `Robot.Joint${n}`, 'double', t(`${n}-ось бұрышы`, `Угол оси ${n}`, `Axis ${n} position`), { unit: 'deg' }),
  ),
  tag('ROBOT.CYCLE_COUNT', 'Robot.CycleCount', 'int', t('Аяқталған циклдар', 'Завершённые циклы', 'Completed pick-and-place cycles')),
  tag('ROBOT.FAULT', 'Robot.Fault', 'string', t('Ақау коды (бос — жоқ)', 'Код неисправности (пусто — нет)', 'Active fault code, empty when none')),
  tag('GRIPPER.CLOSED', 'Gripper.Closed', 'bool', t('Ұстағыш жабық', 'Захват закрыт', 'Gripper closed')),
  tag('GRIPPER.PART_PRESENT', 'Gripper.PartPresent', 'bool', t('Ұстағышта бөлшек бар', 'Деталь в захвате', 'Part in the gripper')),
  tag(
    'DOOR.CLOSED',
    'Door.Closed',
    'bool',
    t('Есік жабық (блоктау ажыратқышы)', 'Дверь закрыта (концевик блокировки)', 'Safety door interlock switch reports closed'),
  ),
  tag('DOOR.LOCKED', 'Door.Locked', 'bool', t('Есік құлыпталған', 'Дверь заблокирована', 'Guard locking engaged')),
  tag('LIGHT_CURTAIN.CLEAR', 'LightCurtain.Clear', 'bool', t('Жарық шымылдығы бос', 'Световая завеса свободна', 'Light curtain clear (nobody in the field)')),
  tag('ACCESS.REQUESTED', 'Access.Requested', 'bool', t('Кіруге сұраныс', 'Запрошен доступ', 'Access requested')),
  tag('ACCESS.GRANTED', 'Access.Granted', 'bool', t('Кіруге рұқсат', 'Доступ разрешён', 'Access granted (door unlocked)')),
  tag('KEY_SWITCH', 'KeySwitch', 'string', t('Режим кілті', 'Ключ режима', 'Mode key switch position (AUTO, T1, T2)')),
  tag('TRANSFER.PART_PRESENT', 'Transfer.PartPresent', 'bool', t('Беру станциясында бөлшек бар', 'Деталь на станции передачи', 'Part on the transfer station')),
  tag(
    'OPERATOR.OPEN_DOOR',
    'Operator.OpenDoor',
    'bool',
    t('Адам есікті ашады', 'Человек открывает дверь', 'A person opens the door (a locked door stays closed)'),
    { access: 'readwrite' },
  ),
  tag('OPERATOR.IN_CELL', 'Operator.InCell', 'bool', t('Адам ұяшық ішінде', 'Человек в ячейке', 'A person is inside the cell'), { access: 'readwrite' }),
  tag(
    'OPERATOR.BREAK_LIGHT_CURTAIN',
    'Operator.BreakLightCurtain',
    'bool',
    t('Адам жарық шымылдығын кеседі', 'Человек пересекает завесу', 'A person breaks the light curtain'),
    { access: 'readwrite' },
  ),
  tag(
    'OPERATOR.ESTOP',
    'Operator.Estop',
    'bool',
    t('Апаттық тоқтату батырмасы басулы', 'Нажата кнопка аварийного останова', 'Emergency stop button pushed in'),
    { access: 'readwrite' },
  ),
  tag(
    'OPERATOR.ENABLING_DEVICE',
    'Operator.EnablingDevice',
    'bool',
    t('Рұқсат беру батырмасы ұсталған', 'Кнопка разрешения удерживается', 'Enabling device held in the middle position'),
    { access: 'readwrite' },
  ),
  tag(
    'OPERATOR.JOG',
    'Operator.Jog',
    'double',
    t('Сұралған қолмен жылжыту жылдамдығы', 'Запрошенная скорость толчкового режима', 'Requested jog speed (sign = direction)'),
    { access: 'readwrite', unit: 'mm/s' },
  ),
];

const m = (name: string, objectPath: string, description: LocalizedText, inputs: RobotMethod['inputs'] = []): RobotMethod => ({
  name,
  objectId: `ns=1;s=${objectPath}`,
  methodId: `ns=1;s=${objectPath}.${name}`,
  inputs,
  description,
});

/** Every method of the cell. */
export const ROBOT_METHODS: readonly RobotMethod[] = [
  m('StartProgram', 'Robot', t('Бағдарламаны бастау', 'Запустить программу', 'Start or resume the program')),
  m('Stop', 'Robot', t('Тоқтату', 'Остановить', 'Controlled stop')),
  m('ResetFault', 'Robot', t('Ақауды қалпына келтіру', 'Сбросить неисправность', 'Reset stops and faults whose cause is gone')),
  m('SetMode', 'Robot', t('Режимді таңдау', 'Выбрать режим', 'Turn the mode key (AUTO, T1, T2)'), [{ name: 'mode', type: 'string' }]),
  m('RequestAccess', 'Cell', t('Ұяшыққа кіруді сұрау', 'Запросить доступ в ячейку', 'Request access: the door unlocks once the robot has stopped')),
];

/** The machine-readable tag map the lab runtime imports (the content of `tagmap.json`). */
export function robotTagMap() {
  return {
    stationKind: 'ROBOT_CELL' as const,
    protocol: 'OPC_UA' as const,
    namespaceUri: ROBOT_CELL_NAMESPACE,
    tags: ROBOT_TAGS.map((x) => ({ ...x })),
    methods: ROBOT_METHODS.map((x) => ({ ...x })),
  };
}

/** The string part of a node id (`ns=1;s=Robot.Moving` → `Robot.Moving`). */
export function nodePath(nodeId: string): string {
  return nodeId.replace(/^ns=1;s=/, '');
}
