/**
 * The PLC trainer's register map: the one place that says which tag lives at which Modbus
 * address. The Modbus server, the scan cycle, the CLI, the README and `tagmap.json` all read it.
 */

/** Text for people, in Kazakh, Russian and English. */
export interface LocalizedText {
  kk: string;
  ru: string;
  en: string;
}

/** Modbus data area, as the tag map names it. */
export type ModbusArea = 'coil' | 'discreteInput' | 'inputRegister' | 'holdingRegister';

/** One named point of the trainer. */
export interface PlcTag {
  /** Signal name; a contract with the lab runtime and the exercises. */
  name: string;
  area: ModbusArea;
  /** Zero-based address as sent on the wire. */
  address: number;
  type: 'bool' | 'uint16' | 'int16';
  access: 'read' | 'readwrite';
  /** Engineering value = raw × scale (only where not 1). */
  scale?: number;
  unit?: string;
  description: LocalizedText;
  /** Advances by itself every scan (the scan counter): the lab runtime reads it but records no change of it. */
  heartbeat?: boolean;
}

/** Size of each area: reads must stay inside it, otherwise exception 02. */
export const AREA_SIZE: Readonly<Record<ModbusArea, number>> = {
  coil: 32,
  discreteInput: 16,
  inputRegister: 16,
  holdingRegister: 32,
};

const t = (kk: string, ru: string, en: string): LocalizedText => ({ kk, ru, en });
const di = (name: string, address: number, description: LocalizedText): PlcTag => ({
  name,
  area: 'discreteInput',
  address,
  type: 'bool',
  access: 'read',
  description,
});
const coil = (name: string, address: number, description: LocalizedText): PlcTag => ({
  name,
  area: 'coil',
  address,
  type: 'bool',
  access: 'readwrite',
  description,
});
const ir = (name: string, address: number, description: LocalizedText, extra: Partial<PlcTag> = {}): PlcTag => ({
  name,
  area: 'inputRegister',
  address,
  type: 'uint16',
  access: 'read',
  description,
  ...extra,
});
const hr = (name: string, address: number, description: LocalizedText, extra: Partial<PlcTag> = {}): PlcTag => ({
  name,
  area: 'holdingRegister',
  address,
  type: 'uint16',
  access: 'readwrite',
  description,
  ...extra,
});

/** Every tag of the PLC trainer, in address order per area. */
export const PLC_TAGS: readonly PlcTag[] = [
  di('START_PB', 0, t('«Іске қосу» батырмасы басулы', 'Кнопка «Пуск» нажата', 'Start push button pressed')),
  di('STOP_PB', 1, t('«Тоқтату» батырмасы басулы', 'Кнопка «Стоп» нажата', 'Stop push button pressed')),
  di('RESET_PB', 2, t('«Қалпына келтіру» батырмасы басулы', 'Кнопка «Сброс» нажата', 'Reset push button pressed')),
  di('MODE_AUTO', 3, t('Режим ауыстырғышы: автомат', 'Переключатель режима: автомат', 'Mode selector in auto (false = manual)')),
  di('ESTOP_PRESSED', 4, t('Апаттық тоқтату басулы', 'Аварийный стоп нажат', 'Emergency stop latched down')),
  di('ISOLATOR_ON', 5, t('Басты ажыратқыш қосулы', 'Главный выключатель включён', 'Main isolator closed (false = isolated, locked out)')),
  di('GUARD_CLOSED', 6, t('Қорғаныс есігі жабық (ажыратқыш)', 'Защитная дверь закрыта (концевик)', 'Guard door interlock switch reports closed')),
  di('ENTRY_EYE', 7, t('Кіріс фотодатчигі жабық', 'Входной фотодатчик перекрыт', 'Entry photo-eye blocked by a box')),
  di('EXIT_EYE', 8, t('Шығыс фотодатчигі жабық', 'Выходной фотодатчик перекрыт', 'Exit photo-eye blocked by a box')),
  di('MOTOR_RUNNING', 9, t('Қозғалтқыш жұмыс істеп тұр', 'Двигатель работает', 'Motor running (contactor auxiliary contact)')),
  di('OVERLOAD_TRIPPED', 10, t('Асқын жүктеме релесі іске қосылды', 'Сработало тепловое реле', 'Motor overload relay tripped')),
  di('CYL_RETRACTED', 11, t('Цилиндр тартылған', 'Цилиндр втянут', 'Reject cylinder retracted end switch')),
  di('CYL_EXTENDED', 12, t('Цилиндр шығарылған', 'Цилиндр выдвинут', 'Reject cylinder extended end switch')),
  di('SAFETY_OK', 13, t('Қауіпсіздік релесі қалыпты', 'Реле безопасности в норме', 'E-stop/guard safety relay healthy and reset')),

  coil('MOTOR_CONTACTOR', 0, t('Қозғалтқыш контакторы', 'Контактор двигателя', 'Motor contactor coil')),
  coil('REJECT_CYL', 1, t('Жарамсызды шығару цилиндрі', 'Цилиндр отбраковки', 'Reject cylinder valve')),
  coil('LAMP_GREEN', 2, t('Жасыл шам', 'Зелёная лампа', 'Stack light green')),
  coil('LAMP_AMBER', 3, t('Сары шам', 'Жёлтая лампа', 'Stack light amber')),
  coil('LAMP_RED', 4, t('Қызыл шам', 'Красная лампа', 'Stack light red')),
  coil('BUZZER', 5, t('Дыбыстық дабыл', 'Зуммер', 'Buzzer')),
  coil('PANEL.START_PB', 16, t('Пульт: «Іске қосу» (1 басу, 0 жіберу)', 'Пульт: «Пуск» (1 нажать, 0 отпустить)', 'Panel: start button (1 press, 0 release)')),
  coil('PANEL.STOP_PB', 17, t('Пульт: «Тоқтату»', 'Пульт: «Стоп»', 'Panel: stop button (1 press, 0 release)')),
  coil('PANEL.RESET_PB', 18, t('Пульт: «Қалпына келтіру»', 'Пульт: «Сброс»', 'Panel: reset button (1 press, 0 release)')),
  coil('PANEL.MODE_AUTO', 19, t('Пульт: автомат режимі', 'Пульт: режим автомат', 'Panel: mode selector (1 auto, 0 manual)')),
  coil('PANEL.ESTOP', 20, t('Пульт: апаттық тоқтату (1 басылған)', 'Пульт: аварийный стоп (1 нажат)', 'Panel: e-stop mushroom (1 pushed in, 0 pulled out)')),
  coil('PANEL.ISOLATOR_ON', 21, t('Басты ажыратқыш (1 қосу)', 'Главный выключатель (1 включить)', 'Main isolator (1 on, 0 isolated)')),
  coil('PANEL.GUARD_CLOSED', 22, t('Қорғаныс есігі (1 жабу)', 'Защитная дверь (1 закрыть)', 'Guard door (1 closed, 0 open)')),
  coil('PANEL.CLEAR_JAM', 23, t('Кептелген қорапты қолмен алу', 'Убрать застрявшую коробку вручную', 'Remove the jammed box by hand (write 1; reads back 0)')),

  ir('BOX_COUNT', 0, t('Шығыс датчигінен өткен қораптар', 'Коробок прошло выходной датчик', 'Boxes past the exit eye')),
  ir('MOTOR_CURRENT', 1, t('Қозғалтқыш тогы', 'Ток двигателя', 'Motor current'), { scale: 0.1, unit: 'A' }),
  ir('CONVEYOR_SPEED', 2, t('Конвейер жылдамдығы', 'Скорость конвейера', 'Conveyor speed'), { unit: 'mm/s' }),
  ir(
    'FAULT_CODE',
    3,
    t(
      'Ақау коды (0 жоқ, 1 асқын жүктеме, 2 кептелу, 3 апаттық тоқтату, 4 есік ашық)',
      'Код неисправности (0 нет, 1 перегрузка, 2 затор, 3 аварийный стоп, 4 дверь открыта)',
      'Fault code (0 none, 1 overload, 2 jam, 3 e-stop, 4 guard open)',
    ),
  ),
  ir('JAMMED', 4, t('Конвейер кептелген (0/1)', 'Затор на конвейере (0/1)', 'A box is jammed (0/1)')),
  ir('UNSAFE_ACTS', 5, t('Қауіпті әрекеттер саны', 'Число опасных действий', 'Unsafe acts recorded (jam cleared without isolation)')),
  ir('SCAN_COUNT', 6, t('Цикл саны (төменгі 16 бит)', 'Число циклов (младшие 16 бит)', 'Scan count (low 16 bits)'), { heartbeat: true }),

  hr('SPEED_SETPOINT', 0, t('Жылдамдық тапсырмасы', 'Уставка скорости', 'Conveyor speed setpoint (0..1000)'), { unit: 'mm/s' }),
  hr(
    'FAULT.ENTRY_EYE',
    10,
    t(
      'Ақау: кіріс датчигі (0 жоқ, 1 өшіп қалған, 2 қосылып қалған)',
      'Неисправность: входной датчик (0 нет, 1 залип выкл, 2 залип вкл)',
      'Fault: entry eye (0 none, 1 stuck off, 2 stuck on)',
    ),
  ),
  hr('FAULT.EXIT_EYE', 11, t('Ақау: шығыс датчигі', 'Неисправность: выходной датчик', 'Fault: exit eye (0 none, 1 stuck off, 2 stuck on)')),
  hr('FAULT.OVERLOAD', 12, t('Ақау: асқын жүктеме (1 қазір)', 'Неисправность: перегрузка (1 сейчас)', 'Fault: trip the overload now (write 1; reads back 0)')),
  hr('FAULT.JAM', 13, t('Ақау: қорапты кептеу (1 қазір)', 'Неисправность: затор (1 сейчас)', 'Fault: jam a box now (write 1; reads back 0)')),
  hr(
    'FAULT.GUARD_SWITCH',
    14,
    t('Ақау: есік ажыратқышы әрдайым «жабық»', 'Неисправность: концевик двери всегда «закрыто»', 'Fault: guard switch reports closed regardless (1 on)'),
  ),
  hr(
    'FAULT.COMM_DROP_S',
    15,
    t('Ақау: N секунд жауап бермеу', 'Неисправность: не отвечать N секунд', 'Fault: stop answering for N s (reads back the seconds left)'),
    { unit: 's' },
  ),
  hr('FAULT.SLOW_MS', 16, t('Ақау: әр жауапты N мс кешіктіру', 'Неисправность: задержка ответа N мс', 'Fault: delay each response by N ms (0..5000)'), {
    unit: 'ms',
  }),
];

/** Looks a tag up by name; throws for an unknown name (a programming error). */
export function plcTag(name: string): PlcTag {
  const tag = PLC_TAGS.find((x) => x.name === name);
  if (!tag) throw new Error(`unknown PLC trainer tag ${name}`);
  return tag;
}

/** The machine-readable tag map the lab runtime imports (the content of `tagmap.json`). */
export function plcTagMap(): { stationKind: 'PLC_TRAINER'; protocol: 'MODBUS_TCP'; tags: PlcTag[] } {
  return { stationKind: 'PLC_TRAINER', protocol: 'MODBUS_TCP', tags: PLC_TAGS.map((x) => ({ ...x })) };
}

/** Instructor-style 1-based reference (00001 coils, 10001 inputs, 30001 input regs, 40001 holding regs). */
export function oneBasedReference(tag: Pick<PlcTag, 'area' | 'address'>): string {
  const prefix = { coil: 0, discreteInput: 1, inputRegister: 3, holdingRegister: 4 }[tag.area];
  return `${prefix}${String(tag.address + 1).padStart(4, '0')}`;
}
