import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { graphql, request } from '../../graphql';
import { defineMessages, useLocalized, useT } from '../../i18n/i18n';
import { useSigned } from '../../session';
import { ErrorList, type FieldError } from '../../ui/form';
import { RequestFailed, useQuery } from '../../ui/request-state';
import { useRunView, useSessionEvents } from '../classroom/live-session';

const MySession = graphql(`
  query TrainerMySession($studentId: ID!) {
    trainingSessions(first: 1, filter: { studentId: $studentId, statuses: [RUNNING] }) {
      nodes {
        id
        status
        liveValues
        station {
          code
          kind
          standIn
          controls
        }
        exercise {
          title {
            kk
            ru
            en
          }
          instructions {
            kk
            ru
            en
          }
          steps {
            stepId
            title {
              kk
              ru
              en
            }
          }
        }
      }
    }
  }
`);

const Operate = graphql(`
  mutation TrainerOperate($input: OperateTrainerInput!) {
    operateTrainer(input: $input) {
      userErrors {
        code
        field
        message
        localizedMessage {
          kk
          ru
          en
        }
      }
    }
  }
`);

const m = defineMessages({
  none: {
    kk: 'Сізде қазір жүріп жатқан сеанс жоқ. Нұсқаушы оны бастағанда панель осында пайда болады.',
    ru: 'Сейчас у вас нет идущего сеанса. Панель появится здесь, когда инструктор его начнёт.',
    en: 'You have no running session. The panel appears here when your instructor starts one.',
  },
  notStandIn: {
    kk: 'Бұл нақты стенд: оны өз пультінен басқарыңыз.',
    ru: 'Это реальный стенд: управляйте им со своего пульта.',
    en: 'This is a real trainer: operate it at its own panel.',
  },
  instructions: { kk: 'Нұсқаулық', ru: 'Инструкция', en: 'Instructions' },
  steps: { kk: 'Қадамдар', ru: 'Шаги', en: 'Steps' },
  panel: { kk: 'Оператор пульті', ru: 'Пульт оператора', en: 'Operator panel' },
  plant: { kk: 'Қондырғы', ru: 'Установка', en: 'Plant' },
  ended: { kk: 'Сеанс аяқталды: {v}', ru: 'Сеанс завершён: {v}', en: 'The session ended: {v}' },
  start: { kk: 'ІСКЕ ҚОСУ', ru: 'ПУСК', en: 'START' },
  stop: { kk: 'ТОҚТАТУ', ru: 'СТОП', en: 'STOP' },
  reset: { kk: 'ҚАЛПЫНА КЕЛТІРУ', ru: 'СБРОС', en: 'RESET' },
  estop: { kk: 'Апаттық тоқтату', ru: 'Аварийный стоп', en: 'Emergency stop' },
  isolator: { kk: 'Басты ажыратқыш', ru: 'Главный выключатель', en: 'Main isolator' },
  guard: { kk: 'Қорғаныс есігі жабық', ru: 'Защитная дверь закрыта', en: 'Guard door closed' },
  auto: { kk: 'Режим: автомат', ru: 'Режим: автомат', en: 'Mode: AUTO' },
  clearJam: { kk: 'Кептелуді қолмен алу', ru: 'Убрать затор вручную', en: 'Clear the jam by hand' },
  green: { kk: 'жасыл', ru: 'зелёный', en: 'green' },
  amber: { kk: 'сары', ru: 'жёлтый', en: 'amber' },
  red: { kk: 'қызыл', ru: 'красный', en: 'red' },
  buzzer: { kk: 'Дабыл', ru: 'Зуммер', en: 'Buzzer' },
  on: { kk: 'қосулы', ru: 'вкл', en: 'on' },
  off: { kk: 'өшірулі', ru: 'выкл', en: 'off' },
  conveyor: {
    kk: 'Конвейер: {speed} мм/с, қораптар {boxes}, ақау коды {fault}',
    ru: 'Конвейер: {speed} мм/с, коробок {boxes}, код неисправности {fault}',
    en: 'Conveyor: {speed} mm/s, boxes {boxes}, fault code {fault}',
  },
  entryEye: { kk: 'Кіріс датчигі', ru: 'Входной датчик', en: 'Entry eye' },
  exitEye: { kk: 'Шығыс датчигі', ru: 'Выходной датчик', en: 'Exit eye' },
  reject: { kk: 'Цилиндр', ru: 'Цилиндр', en: 'Reject cylinder' },
  motor: { kk: 'Қозғалтқыш', ru: 'Двигатель', en: 'Motor' },
  access: { kk: 'Кіруді сұрау', ru: 'Запросить доступ', en: 'Request access' },
  door: { kk: 'Есік ашық', ru: 'Дверь открыта', en: 'Door open' },
  curtain: { kk: 'Жарық пердесі бұзылған', ru: 'Световая завеса перекрыта', en: 'Light curtain broken' },
  inCell: { kk: 'Ұяшық ішінде', ru: 'Внутри ячейки', en: 'Inside the cell' },
  key: { kk: 'Режим кілті', ru: 'Ключ режима', en: 'Mode key' },
  enabling: { kk: 'Рұқсат беру құрылғысы (ұстаңыз)', ru: 'Разрешающее устройство (удерживайте)', en: 'Enabling device (hold)' },
  jogMinus: { kk: 'Жылжыту −', ru: 'Толчок −', en: 'Jog −' },
  jogPlus: { kk: 'Жылжыту +', ru: 'Толчок +', en: 'Jog +' },
  startProgram: { kk: 'Бағдарламаны бастау', ru: 'Запустить программу', en: 'Start program' },
  stopProgram: { kk: 'Тоқтату', ru: 'Остановить', en: 'Stop' },
  resetFault: { kk: 'Ақауды қалпына келтіру', ru: 'Сбросить неисправность', en: 'Reset fault' },
  robot: { kk: 'Робот: {mode}, {state}; білікшелер {joints}', ru: 'Робот: {mode}, {state}; оси {joints}', en: 'Robot: {mode}, {state}; axes {joints}' },
  gripper: { kk: 'Қысқыш: {closed}, бөлшек {part}', ru: 'Захват: {closed}, деталь {part}', en: 'Gripper: {closed}, part {part}' },
  cell: {
    kk: 'Есік жабық {closed}, құлыпталған {locked}, перде бос {clear}, рұқсат {granted}',
    ru: 'Дверь закрыта {closed}, заблокирована {locked}, завеса свободна {clear}, доступ {granted}',
    en: 'Door closed {closed}, locked {locked}, curtain clear {clear}, access {granted}',
  },
  yes: { kk: 'иә', ru: 'да', en: 'yes' },
  no: { kk: 'жоқ', ru: 'нет', en: 'no' },
  active: { kk: 'орындалуда', ru: 'выполняется', en: 'in progress' },
  done: { kk: 'орындалды', ru: 'выполнено', en: 'done' },
  'timed-out': { kk: 'уақыты өтті', ru: 'время вышло', en: 'timed out' },
  pending: { kk: 'күтуде', ru: 'ожидает', en: 'waiting' },
});

type Setting = { on?: boolean; speed?: number; mode?: 'AUTO' | 'T1' | 'T2'; holdMs?: number };

/** Student: the virtual panel of the stand-in they are running a session on, drawn from live state. */
export default function TrainerPage() {
  const t = useT(m);
  const name = useLocalized();
  const me = useSigned().graph.person?.id ?? '';
  const [tick, setTick] = useState(0);
  const q = useQuery(() => request(MySession, { studentId: me }), [me, tick]);
  const session = q.data?.trainingSessions.nodes[0] ?? null;
  const { events, status, version } = useSessionEvents(session?.id ?? null);
  const view = useRunView(events, version);
  const values = { ...((session?.liveValues as Record<string, unknown> | null) ?? {}), ...view.values };
  const [errors, setErrors] = useState<FieldError[]>([]);
  // With no running session, look again every few seconds (the instructor is about to start one).
  useEffect(() => {
    if (session && status === 'RUNNING') return;
    const timer = setInterval(() => setTick((n) => n + 1), 3000);
    return () => clearInterval(timer);
  }, [session?.id, status]);

  // One action at a time, in the order pressed: a quick press and release must reach the stand-in as press, then release.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const operate = (control: string, setting: Setting): Promise<void> => {
    if (!session) return Promise.resolve();
    const sessionId = session.id;
    queue.current = queue.current
      .then(() => request(Operate, { input: { sessionId, control: control as never, ...setting } }))
      .then((res) => setErrors(res.operateTrainer.userErrors as FieldError[]))
      .catch(() => undefined);
    return queue.current;
  };

  if (q.error) return <RequestFailed error={q.error} />;
  if (!session) return <p data-testid="no-session">{t('none')}</p>;
  if (!session.station?.standIn) return <p>{t('notStandIn')}</p>;
  const has = (c: string) => session.station!.controls.includes(c as never);
  const yes = (v: unknown) => (v ? t('yes') : t('no'));

  return (
    <>
      <p>
        <strong>{name(session.exercise.title)}</strong> · {session.station.code}
      </p>
      {status !== 'RUNNING' ? (
        <p role="status" data-testid="trainer-ended" data-status={status}>
          {t('ended', { v: status })}
        </p>
      ) : null}
      <section aria-labelledby="instr-title">
        <h2 id="instr-title">{t('instructions')}</h2>
        <p>{name(session.exercise.instructions)}</p>
        <ol className="steps">
          {session.exercise.steps.map((s) => {
            const state = view.steps[s.stepId] ?? 'pending';
            return (
              <li key={s.stepId} className={`step ${state}`} data-step={s.stepId} data-state={state}>
                {name(s.title)} — {t(state)}
              </li>
            );
          })}
        </ol>
      </section>
      <ErrorList errors={errors} />
      {session.station.kind === 'PLC_TRAINER' ? (
        <section aria-labelledby="panel-title" className="trainer-panel" data-testid="plc-panel">
          <h2 id="panel-title">{t('panel')}</h2>
          <div className="panel-row">
            <Lamp label={t('green')} on={values.LAMP_GREEN} colour="green" />
            <Lamp label={t('amber')} on={values.LAMP_AMBER} colour="amber" />
            <Lamp label={t('red')} on={values.LAMP_RED} colour="red" />
            <Lamp label={t('buzzer')} on={values.BUZZER} colour="buzzer" />
          </div>
          <div className="panel-row">
            {has('PLC_START') ? <HoldButton label={t('start')} control="PLC_START" operate={operate} className="pb start" /> : null}
            {has('PLC_STOP') ? <HoldButton label={t('stop')} control="PLC_STOP" operate={operate} className="pb stop" /> : null}
            {has('PLC_RESET') ? <HoldButton label={t('reset')} control="PLC_RESET" operate={operate} className="pb reset" /> : null}
          </div>
          <div className="panel-row">
            <Toggle label={t('estop')} control="PLC_ESTOP" value={values['PANEL.ESTOP'] ?? values.ESTOP_PRESSED} operate={operate} className="estop" />
            <Toggle label={t('isolator')} control="PLC_ISOLATOR" value={values['PANEL.ISOLATOR_ON'] ?? values.ISOLATOR_ON} operate={operate} />
            <Toggle label={t('guard')} control="PLC_GUARD_DOOR" value={values['PANEL.GUARD_CLOSED'] ?? values.GUARD_CLOSED} operate={operate} />
            <Toggle label={t('auto')} control="PLC_AUTO_MODE" value={values['PANEL.MODE_AUTO'] ?? values.MODE_AUTO} operate={operate} />
            {has('PLC_CLEAR_JAM') ? (
              <button type="button" onClick={() => void operate('PLC_CLEAR_JAM', {})}>
                {t('clearJam')}
              </button>
            ) : null}
          </div>
          <h3>{t('plant')}</h3>
          <Conveyor values={values} labels={{ entry: t('entryEye'), exit: t('exitEye'), reject: t('reject'), motor: t('motor') }} />
          <p data-testid="conveyor-state">
            {t('conveyor', { speed: String(values.CONVEYOR_SPEED ?? 0), boxes: String(values.BOX_COUNT ?? 0), fault: String(values.FAULT_CODE ?? 0) })}
          </p>
        </section>
      ) : (
        <section aria-labelledby="panel-title" className="trainer-panel" data-testid="robot-panel">
          <h2 id="panel-title">{t('panel')}</h2>
          <div className="panel-row">
            <button type="button" onClick={() => void operate('ROBOT_REQUEST_ACCESS', {})}>
              {t('access')}
            </button>
            <Toggle label={t('door')} control="ROBOT_DOOR" value={values['OPERATOR.OPEN_DOOR']} operate={operate} />
            <Toggle label={t('curtain')} control="ROBOT_LIGHT_CURTAIN" value={values['OPERATOR.BREAK_LIGHT_CURTAIN']} operate={operate} />
            <Toggle label={t('inCell')} control="ROBOT_IN_CELL" value={values['OPERATOR.IN_CELL']} operate={operate} />
            <Toggle label={t('estop')} control="ROBOT_ESTOP" value={values['OPERATOR.ESTOP']} operate={operate} className="estop" />
          </div>
          <div className="panel-row">
            <label className="field narrow">
              <span>{t('key')}</span>
              <select
                value={String(values.KEY_SWITCH ?? values['ROBOT.MODE'] ?? 'AUTO')}
                onChange={(e) => void operate('ROBOT_KEY_SWITCH', { mode: e.target.value as 'AUTO' })}
              >
                {['AUTO', 'T1', 'T2'].map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            <HoldButton label={t('enabling')} control="ROBOT_ENABLING_DEVICE" operate={operate} className="pb" />
            <HoldButton label={t('jogMinus')} control="ROBOT_JOG" operate={operate} className="pb" speed={-100} />
            <HoldButton label={t('jogPlus')} control="ROBOT_JOG" operate={operate} className="pb" speed={100} />
          </div>
          <div className="panel-row">
            <button type="button" onClick={() => void operate('ROBOT_START_PROGRAM', {})}>
              {t('startProgram')}
            </button>
            <button type="button" onClick={() => void operate('ROBOT_STOP_PROGRAM', {})}>
              {t('stopProgram')}
            </button>
            <button type="button" onClick={() => void operate('ROBOT_RESET_FAULT', {})}>
              {t('resetFault')}
            </button>
          </div>
          <h3>{t('plant')}</h3>
          <p data-testid="robot-state">
            {t('robot', {
              mode: String(values['ROBOT.MODE'] ?? '—'),
              state: String(values['ROBOT.PROGRAM_STATE'] ?? '—'),
              joints: [1, 2, 3, 4, 5, 6].map((j) => `${j}: ${Number(values[`ROBOT.JOINT_${j}`] ?? 0).toFixed(1)}°`).join(', '),
            })}
          </p>
          <p>{t('gripper', { closed: yes(values['GRIPPER.CLOSED']), part: yes(values['GRIPPER.PART_PRESENT']) })}</p>
          <p>
            {t('cell', {
              closed: yes(values['DOOR.CLOSED']),
              locked: yes(values['DOOR.LOCKED']),
              clear: yes(values['LIGHT_CURTAIN.CLEAR']),
              granted: yes(values['ACCESS.GRANTED']),
            })}
          </p>
        </section>
      )}
    </>
  );
}

/** A lamp of the stack light (or the buzzer): its state in words too, not by colour alone. */
function Lamp({ label, on, colour }: { label: string; on: unknown; colour: string }) {
  const t = useT(m);
  return (
    <span className={`lamp ${colour} ${on ? 'lit' : ''}`} data-lamp={colour} data-on={on ? 'true' : 'false'}>
      {label}: {on ? t('on') : t('off')}
    </span>
  );
}

/**
 * A momentary push button: held while the pointer is down (press on down, release on up), or a
 * press of 300 ms from the keyboard (Enter / Space).
 */
function HoldButton({
  label,
  control,
  operate,
  className,
  speed,
}: {
  label: string;
  control: string;
  operate: (c: string, s: Setting) => Promise<void>;
  className?: string;
  speed?: number;
}) {
  const held = useRef(false);
  const down = () => {
    if (held.current) return;
    held.current = true;
    void operate(control, speed !== undefined ? { speed } : { on: true });
  };
  const up = () => {
    if (!held.current) return;
    held.current = false;
    void operate(control, speed !== undefined ? { speed: 0 } : { on: false });
  };
  const key = (e: KeyboardEvent) => {
    if ((e.key === 'Enter' || e.key === ' ') && !e.repeat) {
      e.preventDefault();
      if (speed !== undefined || control === 'ROBOT_ENABLING_DEVICE') down();
      else void operate(control, { holdMs: 300 });
    }
  };
  const keyUp = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') up();
  };
  return (
    <button
      type="button"
      className={className}
      data-control={control}
      onPointerDown={down}
      onPointerUp={up}
      onPointerLeave={up}
      onKeyDown={key}
      onKeyUp={keyUp}
    >
      {label}
    </button>
  );
}

/** A latching switch, shown with its state (`aria-pressed`). */
function Toggle({
  label,
  control,
  value,
  operate,
  className,
}: {
  label: string;
  control: string;
  value: unknown;
  operate: (c: string, s: Setting) => Promise<void>;
  className?: string;
}) {
  const on = value === true;
  return (
    <button type="button" aria-pressed={on} className={`toggle ${className ?? ''}`} data-control={control} onClick={() => void operate(control, { on: !on })}>
      {label}
    </button>
  );
}

/** The conveyor with its photo-eyes (150 and 1850 mm of 2000) and the reject cylinder (1000 mm), as SVG. */
function Conveyor({ values, labels }: { values: Record<string, unknown>; labels: { entry: string; exit: string; reject: string; motor: string } }): ReactNode {
  const x = (mm: number) => 20 + (mm / 2000) * 560;
  const eye = (mm: number, blocked: unknown, label: string) => (
    <g>
      <circle cx={x(mm)} cy={30} r={8} className={blocked ? 'eye blocked' : 'eye'} />
      {blocked ? <rect x={x(mm) - 28} y={46} width={56} height={28} className="box" /> : null}
      <text x={x(mm)} y={16} textAnchor="middle">
        {label}
      </text>
    </g>
  );
  return (
    <svg viewBox="0 0 600 120" className="conveyor" role="img" aria-label={labels.motor} data-running={values.MOTOR_RUNNING ? 'true' : 'false'}>
      <rect x={20} y={74} width={560} height={14} className={values.MOTOR_RUNNING ? 'belt running' : 'belt'} />
      {eye(150, values.ENTRY_EYE, labels.entry)}
      {eye(1850, values.EXIT_EYE, labels.exit)}
      <rect x={x(1000) - 6} y={values.CYL_EXTENDED ? 70 : 96} width={12} height={20} className="cylinder" />
      <text x={x(1000)} y={116} textAnchor="middle">
        {labels.reject}
      </text>
    </svg>
  );
}
