import type { Localized } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules of the mentoring context (mentors' pedagogical training). */
export enum MentoringErrorCode {
  NOT_THE_EMPLOYER = 'NOT_THE_EMPLOYER',
  NOT_A_MENTOR = 'NOT_A_MENTOR',
  INVALID_HOURS = 'INVALID_HOURS',
  INVALID_VALIDITY = 'INVALID_VALIDITY',
  COMPLETED_IN_FUTURE = 'COMPLETED_IN_FUTURE',
  TEXT_REQUIRED = 'TEXT_REQUIRED',
  INVALID_WINDOW = 'INVALID_WINDOW',
}

/** A mentoring rule violation. */
export type MentoringViolation = RuleViolation<MentoringErrorCode>;

/** The kk/ru/en text of every code: a code without its text does not compile. */
export const MENTORING_MESSAGES: Record<MentoringErrorCode, Localized> = {
  NOT_THE_EMPLOYER: {
    kk: 'Тәлімгердің оқуын тек оның жұмыс берушісі тіркей алады.',
    ru: 'Обучение наставника может записать только его работодатель.',
    en: "Only the mentor's employer may record the mentor's training.",
  },
  NOT_A_MENTOR: {
    kk: 'Бұл адам осы кәсіпорынның тәлімгері емес.',
    ru: 'Этот человек не является наставником этого предприятия.',
    en: 'This person is not a mentor of this employer.',
  },
  INVALID_HOURS: { kk: 'Сағат саны 1-ден 2000-ға дейін.', ru: 'Число часов — от 1 до 2000.', en: 'Hours must be 1–2000.' },
  INVALID_VALIDITY: {
    kk: 'Жарамдылық мерзімі аяқталған күннен кейін болуы керек.',
    ru: 'Срок действия должен заканчиваться после даты окончания курса.',
    en: 'The training must stay valid past the day it was completed.',
  },
  COMPLETED_IN_FUTURE: {
    kk: 'Аяқталған күн болашақта болмайды.',
    ru: 'Дата окончания не может быть в будущем.',
    en: 'The completion day cannot be in the future.',
  },
  TEXT_REQUIRED: { kk: 'Мәтінді толтырыңыз.', ru: 'Заполните текст.', en: 'This text is required.' },
  INVALID_WINDOW: { kk: 'Күн саны 0-ден 3650-ге дейін.', ru: 'Число дней — от 0 до 3650.', en: 'The number of days must be 0–3650.' },
};

/** A violation with the context's standard text, optionally followed by details (e.g. dates). */
export function mentoringViolation(field: string[], code: MentoringErrorCode, details?: Localized): MentoringViolation {
  const base = MENTORING_MESSAGES[code];
  const message = details ? { kk: `${base.kk} ${details.kk}`, ru: `${base.ru} ${details.ru}`, en: `${base.en} ${details.en}` } : base;
  return violation(field, code, message);
}
