import type { Localized } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules of the logbook context (practice plans, work assignments, the diary). */
export enum LogbookErrorCode {
  NOT_A_PARTY = 'NOT_A_PARTY',
  NOT_THE_HEI = 'NOT_THE_HEI',
  NOT_THE_STUDENT = 'NOT_THE_STUDENT',
  NOT_THE_MENTOR = 'NOT_THE_MENTOR',
  NOT_THE_CURATOR = 'NOT_THE_CURATOR',
  REVIEW_NOT_HELD = 'REVIEW_NOT_HELD',
  REVIEW_SIGNED = 'REVIEW_SIGNED',
  ALREADY_SIGNED_BY_PARTY = 'ALREADY_SIGNED_BY_PARTY',
  PLACEMENT_NOT_STARTED = 'PLACEMENT_NOT_STARTED',
  PROGRAM_NOT_OF_HEI = 'PROGRAM_NOT_OF_HEI',
  INVALID_CREDITS = 'INVALID_CREDITS',
  INVALID_HOURS = 'INVALID_HOURS',
  DAY_LIMIT_EXCEEDED = 'DAY_LIMIT_EXCEEDED',
  OUTSIDE_PLACEMENT_PERIOD = 'OUTSIDE_PLACEMENT_PERIOD',
  DATE_IN_FUTURE = 'DATE_IN_FUTURE',
  DAY_OFF = 'DAY_OFF',
  TEXT_REQUIRED = 'TEXT_REQUIRED',
  COMPETENCY_NOT_IN_PROGRAM = 'COMPETENCY_NOT_IN_PROGRAM',
  ASSIGNMENT_NOT_OF_PLACEMENT = 'ASSIGNMENT_NOT_OF_PLACEMENT',
  ENTRY_SIGNED = 'ENTRY_SIGNED',
  ENTRY_NOT_SUBMITTED = 'ENTRY_NOT_SUBMITTED',
  CORRECTS_NOT_SIGNED = 'CORRECTS_NOT_SIGNED',
  COMMENT_REQUIRED = 'COMMENT_REQUIRED',
  CONCURRENT_CHANGE = 'CONCURRENT_CHANGE',
  ATTACHMENT_TOO_LARGE = 'ATTACHMENT_TOO_LARGE',
  ATTACHMENT_TYPE_REFUSED = 'ATTACHMENT_TYPE_REFUSED',
}

/** A logbook rule violation. */
export type LogbookViolation = RuleViolation<LogbookErrorCode>;

/** The kk/ru/en text of every code: a code without its text does not compile. */
export const LOGBOOK_MESSAGES: Record<LogbookErrorCode, Localized> = {
  NOT_A_PARTY: {
    kk: 'Мұны тек орналастырудың оқу орны немесе кәсіпорны жасай алады.',
    ru: 'Это может сделать только учебное заведение или предприятие этой практики.',
    en: 'Only the placement’s HEI or employer may do this.',
  },
  NOT_THE_HEI: {
    kk: 'Мұны тек орналастырудың оқу орны жасай алады.',
    ru: 'Это может сделать только учебное заведение практики.',
    en: 'Only the placement’s HEI may do this.',
  },
  NOT_THE_STUDENT: {
    kk: 'Бұл адам осы орналастырудың білім алушысы емес.',
    ru: 'Этот человек не обучающийся этой практики.',
    en: 'This person is not the student of this placement.',
  },
  NOT_THE_MENTOR: {
    kk: 'Мұны тек орналастырудың тәлімгері кәсіпорын кілтімен жасай алады.',
    ru: 'Это может сделать только наставник этой практики, с ключом предприятия.',
    en: 'Only the placement’s mentor may do this, with the employer’s key.',
  },
  NOT_THE_CURATOR: {
    kk: 'Мұны тек орналастырудың кураторы оқу орнының кілтімен жасай алады.',
    ru: 'Это может сделать только куратор этой практики, с ключом учебного заведения.',
    en: 'Only the placement’s curator may do this, with the HEI’s key.',
  },
  REVIEW_NOT_HELD: { kk: 'Алдымен шолудың өткенін тіркеңіз.', ru: 'Сначала запишите проведение обзора.', en: 'Record the review as held first.' },
  REVIEW_SIGNED: {
    kk: 'Шолуға қол қойыла бастады: жазба өзгертілмейді.',
    ru: 'Обзор уже подписывается: запись не меняется.',
    en: 'The review is being signed: its record no longer changes.',
  },
  ALREADY_SIGNED_BY_PARTY: { kk: 'Бұл тарап бұрын қол қойған.', ru: 'Эта сторона уже подписала.', en: 'This party has already signed.' },
  PLACEMENT_NOT_STARTED: {
    kk: 'Күнделік тек басталған орналастыруда жүргізіледі.',
    ru: 'Дневник ведётся только по начавшейся практике.',
    en: 'The logbook is kept only for a placement that has started.',
  },
  PROGRAM_NOT_OF_HEI: {
    kk: 'Бағдарлама осы оқу орнына тиесілі емес.',
    ru: 'Программа не принадлежит этому учебному заведению.',
    en: 'The programme does not belong to this HEI.',
  },
  INVALID_CREDITS: { kk: 'Кредит саны 1-ден 60-қа дейін.', ru: 'Число кредитов — от 1 до 60.', en: 'Practice credits must be 1–60.' },
  INVALID_HOURS: { kk: 'Сағат 0-ден көп болуы керек.', ru: 'Часы должны быть больше нуля.', en: 'Hours must be more than zero.' },
  DAY_LIMIT_EXCEEDED: { kk: 'Күндік шектен асады.', ru: 'Превышен дневной предел.', en: 'This exceeds the daily limit.' },
  OUTSIDE_PLACEMENT_PERIOD: { kk: 'Күн орналастыру кезеңінен тыс.', ru: 'Дата вне периода практики.', en: 'The date lies outside the placement period.' },
  DATE_IN_FUTURE: { kk: 'Болашақ күнге жазба жасалмайды.', ru: 'Нельзя записывать будущий день.', en: 'An entry cannot be for a day in the future.' },
  DAY_OFF: {
    kk: 'Бұл аптада кәсіпорындағы күндер саны таусылды.',
    ru: 'Дни на предприятии на этой неделе исчерпаны.',
    en: 'The days at the enterprise for this week are used up.',
  },
  TEXT_REQUIRED: { kk: 'Мәтінді толтырыңыз.', ru: 'Заполните текст.', en: 'This text is required.' },
  COMPETENCY_NOT_IN_PROGRAM: {
    kk: 'Құзыреттілік орналастырудың бағдарламасына жатпайды (немесе практика жоспары жоқ).',
    ru: 'Компетенция не относится к программе практики (или нет плана практики).',
    en: 'The competency is not one of the placement’s programme (or there is no practice plan).',
  },
  ASSIGNMENT_NOT_OF_PLACEMENT: {
    kk: 'Тапсырма осы орналастыруға жатпайды.',
    ru: 'Задание не относится к этой практике.',
    en: 'The work assignment is not one of this placement.',
  },
  ATTACHMENT_TOO_LARGE: {
    kk: 'Файл тым үлкен: ештеңе сақталмады.',
    ru: 'Файл слишком большой: ничего не сохранено.',
    en: 'The file is too large: nothing was stored.',
  },
  ATTACHMENT_TYPE_REFUSED: {
    kk: 'Тек фото (JPEG, PNG) немесе PDF қабылданады (мазмұны бойынша тексеріледі): ештеңе сақталмады.',
    ru: 'Принимаются только фото (JPEG, PNG) и PDF (проверяется содержимое, не имя): ничего не сохранено.',
    en: 'Only a photo (JPEG, PNG) or a PDF is accepted, judged by its content, not its name: nothing was stored.',
  },
  ENTRY_SIGNED: {
    kk: 'Қол қойылған жазба өзгертілмейді: оған сілтейтін түзету жазбасын жасаңыз.',
    ru: 'Подписанная запись не меняется: создайте запись-исправление со ссылкой на неё.',
    en: 'A signed entry cannot change: record a correction that references it.',
  },
  ENTRY_NOT_SUBMITTED: { kk: 'Жазба тексеруді күтпейді.', ru: 'Запись не ожидает проверки.', en: 'The entry is not waiting for the mentor.' },
  CORRECTS_NOT_SIGNED: {
    kk: 'Тек қол қойылған жазба түзетіледі; қол қойылмағанын өңдеңіз.',
    ru: 'Исправляется только подписанная запись; неподписанную отредактируйте.',
    en: 'Only a signed entry of this placement is corrected; edit an unsigned one instead.',
  },
  COMMENT_REQUIRED: { kk: 'Түсініктеме жазыңыз.', ru: 'Напишите комментарий.', en: 'A comment is required.' },
  CONCURRENT_CHANGE: {
    kk: 'Жазбаны басқа біреу дәл қазір өзгертті (мысалы, қол қойды); қайта жүктеңіз.',
    ru: 'Запись только что изменил кто-то другой (например, подписал); обновите данные.',
    en: 'Someone else changed the entry just now (e.g. signed it off); reload it.',
  },
};

/** A violation with the context's standard text, optionally followed by details (dates, limits). */
export function logbookViolation(field: string[], code: LogbookErrorCode, details?: Localized): LogbookViolation {
  const base = LOGBOOK_MESSAGES[code];
  const message = details ? { kk: `${base.kk} ${details.kk}`, ru: `${base.ru} ${details.ru}`, en: `${base.en} ${details.en}` } : base;
  return violation(field, code, message);
}

/** The same details in every language (dates, numbers). */
export function same(text: string): Localized {
  return { kk: text, ru: text, en: text };
}
