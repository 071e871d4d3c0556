import type { LocalizedText } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the lab's rules. */
export enum LabErrorCode {
  STATION_NOT_FOUND = 'STATION_NOT_FOUND',
  STATION_BUSY = 'STATION_BUSY',
  WRONG_STATION_KIND = 'WRONG_STATION_KIND',
  STUDENT_NOT_FOUND = 'STUDENT_NOT_FOUND',
  EXERCISE_NOT_FOUND = 'EXERCISE_NOT_FOUND',
  NOT_YOUR_LAB = 'NOT_YOUR_LAB',
  RUNTIME_UNAVAILABLE = 'RUNTIME_UNAVAILABLE',
  SESSION_NOT_FOUND = 'SESSION_NOT_FOUND',
  SESSION_NOT_RUNNING = 'SESSION_NOT_RUNNING',
  STATION_CODE_TAKEN = 'STATION_CODE_TAKEN',
  ADDRESS_INCOMPLETE = 'ADDRESS_INCOMPLETE',
  TAG_MAP_INVALID = 'TAG_MAP_INVALID',
  NOT_A_LAB = 'NOT_A_LAB',
  /** `passwordSecret` names no secret your organisation registered. */
  SECRET_NOT_FOUND = 'SECRET_NOT_FOUND',
  /** A secret's name must be 1–100 characters of letters, digits, `.`, `_`, `-`. */
  SECRET_NAME_INVALID = 'SECRET_NAME_INVALID',
  /** A secret's value must be 1–1024 characters. */
  SECRET_VALUE_INVALID = 'SECRET_VALUE_INVALID',
  /** Another request set a secret of this name at the same moment: try again. */
  SECRET_CHANGED_CONCURRENTLY = 'SECRET_CHANGED_CONCURRENTLY',
  /** `passwordEnv` (deprecated) is no longer taken from API input: name a secret with `passwordSecret`. */
  PASSWORD_ENV_REFUSED = 'PASSWORD_ENV_REFUSED',
  /** Another lab registered a station at this address first. */
  ADDRESS_TAKEN = 'ADDRESS_TAKEN',
  /** The address is outside the lab network allow-list (`LAB_ALLOWED_HOSTS`). */
  ADDRESS_NOT_ALLOWED = 'ADDRESS_NOT_ALLOWED',
  /** Only a software stand-in's panel can be operated through the API; a real trainer is operated at its own panel. */
  NOT_A_STAND_IN = 'NOT_A_STAND_IN',
  /** Only the session's student, or an instructor of its lab, may operate its trainer. */
  NOT_YOUR_SESSION = 'NOT_YOUR_SESSION',
  /** The control belongs to the other kind of trainer. */
  CONTROL_NOT_FOR_STATION = 'CONTROL_NOT_FOR_STATION',
  /** A value the control needs is missing or out of range (see the control's description). */
  CONTROL_VALUE_INVALID = 'CONTROL_VALUE_INVALID',
  /** The station's tag map lacks the coil, variable or method the control drives. */
  CONTROL_NOT_IN_TAG_MAP = 'CONTROL_NOT_IN_TAG_MAP',
  /** The trainer refused the write or the method call (e.g. BadInvalidState); its answer is in the message. */
  CONTROL_REFUSED = 'CONTROL_REFUSED',
  /** The session runs on another runtime (another API process or a lab agent), which holds the link to the station. */
  SESSION_NOT_RUN_HERE = 'SESSION_NOT_RUN_HERE',
}

/** What each code's text is made from (codes without parameters take none). */
export interface LabMessageParams {
  /** Which address is incomplete: host + port (Modbus TCP) or the opc.tcp:// endpoint (OPC UA). */
  ADDRESS_INCOMPLETE: { protocol: 'MODBUS_TCP' | 'OPC_UA' };
  /** Why the tag map was refused (paths and reasons). */
  TAG_MAP_INVALID: { reason: string };
  /** The host (or resolved address) that is not allowed. */
  ADDRESS_NOT_ALLOWED: { host: string };
  /** The tag or method missing from the tag map. */
  CONTROL_NOT_IN_TAG_MAP: { name: string };
  /** The trainer's answer (status name or Modbus exception). */
  CONTROL_REFUSED: { reason: string };
}

type ParamsOf<C extends LabErrorCode> = C extends keyof LabMessageParams ? LabMessageParams[C] : Record<string, never>;

/** The kk/ru/en text of every lab rule code: a code without its text does not compile. */
export const LAB_MESSAGES: { readonly [C in LabErrorCode]: (p: ParamsOf<C>) => LocalizedText } = {
  STATION_NOT_FOUND: () => ({ kk: 'Стенд табылмады.', ru: 'Стенд не найден.', en: 'Station not found.' }),
  STATION_BUSY: () => ({ kk: 'Стендте басқа сеанс жүріп жатыр.', ru: 'На стенде уже идёт другой сеанс.', en: 'Another session is running on this station.' }),
  WRONG_STATION_KIND: () => ({
    kk: 'Бұл жаттығу басқа түрдегі стендке арналған.',
    ru: 'Это упражнение предназначено для стенда другого типа.',
    en: 'This exercise needs a station of another kind.',
  }),
  STUDENT_NOT_FOUND: () => ({ kk: 'Студент табылмады.', ru: 'Студент не найден.', en: 'Student not found.' }),
  EXERCISE_NOT_FOUND: () => ({ kk: 'Жаттығу табылмады.', ru: 'Упражнение не найдено.', en: 'Exercise not found.' }),
  NOT_YOUR_LAB: () => ({
    kk: 'Сеансты тек стенд тиесілі зертхана іске қоса алады.',
    ru: 'Сеанс может запустить только лаборатория, которой принадлежит стенд.',
    en: 'Only the lab that owns the station may start sessions on it.',
  }),
  RUNTIME_UNAVAILABLE: () => ({
    kk: 'Зертханалық орындау ортасы қосылмаған.',
    ru: 'Среда выполнения лаборатории не запущена.',
    en: 'No lab runtime is running for this station.',
  }),
  SESSION_NOT_FOUND: () => ({ kk: 'Сеанс табылмады.', ru: 'Сеанс не найден.', en: 'Session not found.' }),
  SESSION_NOT_RUNNING: () => ({ kk: 'Сеанс аяқталған.', ru: 'Сеанс уже завершён.', en: 'The session has already ended.' }),
  STATION_CODE_TAKEN: () => ({ kk: 'Бұл код бос емес.', ru: 'Этот код уже занят.', en: 'This station code is already taken.' }),
  ADDRESS_INCOMPLETE: ({ protocol }) =>
    protocol === 'MODBUS_TCP'
      ? {
          kk: 'Modbus TCP стенді үшін хост пен портты көрсетіңіз.',
          ru: 'Для стенда Modbus TCP укажите хост и порт.',
          en: 'A Modbus TCP station needs a host and a port.',
        }
      : {
          kk: 'OPC UA стенді үшін opc.tcp:// мекенжайын көрсетіңіз.',
          ru: 'Для стенда OPC UA укажите адрес opc.tcp://.',
          en: 'An OPC UA station needs an opc.tcp:// endpoint URL.',
        },
  TAG_MAP_INVALID: ({ reason }) => ({
    kk: `Сигналдар картасы жарамсыз: ${reason}`,
    ru: `Карта сигналов недействительна: ${reason}`,
    en: `The tag map is not valid: ${reason}`,
  }),
  NOT_A_LAB: () => ({
    kk: 'Зертхана тек ЖОО немесе оқу орталығы бола алады.',
    ru: 'Лабораторией может быть только вуз или учебный центр.',
    en: 'A lab belongs to an HEI or a training centre.',
  }),
  SECRET_NAME_INVALID: () => ({
    kk: 'Құпия атауы 1–100 таңбадан тұруы керек: әріптер, сандар, «.», «_», «-».',
    ru: 'Имя секрета — от 1 до 100 символов: буквы, цифры, «.», «_», «-».',
    en: 'A secret name is 1–100 characters of letters, digits, ".", "_", "-".',
  }),
  SECRET_VALUE_INVALID: () => ({
    kk: 'Құпия мәні 1–1024 таңбадан тұруы керек.',
    ru: 'Значение секрета — от 1 до 1024 символов.',
    en: 'A secret value is 1–1024 characters.',
  }),
  SECRET_CHANGED_CONCURRENTLY: () => ({
    kk: 'Осы атаумен құпия дәл қазір басқа сұраныспен орнатылды: қайталап көріңіз.',
    ru: 'Секрет с этим именем только что задан другим запросом: повторите попытку.',
    en: 'Another request set a secret of this name at the same moment: try again.',
  }),
  SECRET_NOT_FOUND: () => ({
    kk: 'Ұйымыңызда мұндай атпен құпия тіркелмеген.',
    ru: 'У вашей организации нет секрета с таким именем.',
    en: 'Your organisation has registered no secret with this name.',
  }),
  PASSWORD_ENV_REFUSED: () => ({
    kk: 'passwordEnv енді қабылданбайды: ұйымыңыздың құпиясын passwordSecret арқылы атаңыз.',
    ru: 'passwordEnv больше не принимается: укажите секрет вашей организации в passwordSecret.',
    en: 'passwordEnv is no longer accepted: name a secret of your organisation in passwordSecret.',
  }),
  ADDRESS_TAKEN: () => ({
    kk: 'Бұл мекенжайдағы стендті басқа зертхана тіркеген.',
    ru: 'Стенд по этому адресу уже зарегистрирован другой лабораторией.',
    en: 'Another lab has registered a station at this address.',
  }),
  ADDRESS_NOT_ALLOWED: ({ host }) => ({
    kk: `${host} мекенжайы зертхана желісінің рұқсат тізімінде жоқ.`,
    ru: `Адрес ${host} не входит в разрешённый список сети лабораторий.`,
    en: `The address ${host} is not in the lab network allow-list.`,
  }),
  NOT_A_STAND_IN: () => ({
    kk: 'Браузерден тек бағдарламалық стенд-имитаторды басқаруға болады; нақты стенд өз пультінен басқарылады.',
    ru: 'Из браузера можно управлять только программным стендом-имитатором; реальный стенд управляется со своего пульта.',
    en: 'Only a software stand-in can be operated from the browser; a real trainer is operated at its own panel.',
  }),
  NOT_YOUR_SESSION: () => ({
    kk: 'Бұл сеанстың стендін тек оның студенті немесе зертхана нұсқаушысы басқара алады.',
    ru: 'Стендом этого сеанса может управлять только его студент или инструктор лаборатории.',
    en: "Only the session's student or an instructor of its lab may operate this trainer.",
  }),
  CONTROL_NOT_FOR_STATION: () => ({
    kk: 'Бұл басқару элементі басқа түрдегі стендке тиесілі.',
    ru: 'Этот элемент управления относится к стенду другого типа.',
    en: 'This control belongs to the other kind of trainer.',
  }),
  CONTROL_VALUE_INVALID: () => ({
    kk: 'Басқару элементінің мәні жоқ немесе рұқсат етілген ауқымнан тыс.',
    ru: 'Значение для элемента управления не задано или вне допустимого диапазона.',
    en: 'The value for this control is missing or out of range.',
  }),
  CONTROL_NOT_IN_TAG_MAP: ({ name }) => ({
    kk: `Стендтің тег картасында ${name} жоқ.`,
    ru: `В карте тегов стенда нет ${name}.`,
    en: `The station's tag map has no ${name}.`,
  }),
  CONTROL_REFUSED: ({ reason }) => ({
    kk: `Стенд әрекетті қабылдамады: ${reason}.`,
    ru: `Стенд отклонил действие: ${reason}.`,
    en: `The trainer refused the action: ${reason}.`,
  }),
  SESSION_NOT_RUN_HERE: () => ({
    kk: 'Бұл сеанс басқа орындау ортасында жүріп жатыр; стендті сол жерден басқарыңыз.',
    ru: 'Этот сеанс выполняется в другой среде исполнения; управляйте стендом через неё.',
    en: 'This session runs on another runtime, which holds the link to the station.',
  }),
};

/** A lab rule violation at `field`, with its code's text made from `params`. */
export function labViolation<C extends LabErrorCode>(
  field: string[],
  code: C,
  ...params: C extends keyof LabMessageParams ? [LabMessageParams[C]] : []
): RuleViolation<LabErrorCode> {
  const text = LAB_MESSAGES[code] as (p: unknown) => LocalizedText;
  return violation(field, code, text(params[0] ?? {}));
}
