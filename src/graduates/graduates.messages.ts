import type { Localized } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules of the graduates context (graduation, employment checks, satisfaction surveys). */
export enum GraduatesErrorCode {
  NOT_AN_HEI = 'NOT_AN_HEI',
  PROGRAM_NOT_AT_HEI = 'PROGRAM_NOT_AT_HEI',
  STUDENT_NOT_AT_HEI = 'STUDENT_NOT_AT_HEI',
  ALREADY_GRADUATED = 'ALREADY_GRADUATED',
  DATE_IN_FUTURE = 'DATE_IN_FUTURE',
  QUALIFICATION_REQUIRED = 'QUALIFICATION_REQUIRED',
  GRADUATION_NOT_FOUND = 'GRADUATION_NOT_FOUND',
  CHECK_BEFORE_GRADUATION = 'CHECK_BEFORE_GRADUATION',
  FOLLOW_UP_ENDED = 'FOLLOW_UP_ENDED',
  EMPLOYER_REQUIRED = 'EMPLOYER_REQUIRED',
  NOT_AN_EMPLOYER = 'NOT_AN_EMPLOYER',
  PROGRAM_NOT_FOUND = 'PROGRAM_NOT_FOUND',
  UNKNOWN_COMPETENCE_AREA = 'UNKNOWN_COMPETENCE_AREA',
  SCORE_OUT_OF_RANGE = 'SCORE_OUT_OF_RANGE',
  SCORES_REQUIRED = 'SCORES_REQUIRED',
  NO_GRADUATES_HOSTED = 'NO_GRADUATES_HOSTED',
  SURVEY_TAKEN = 'SURVEY_TAKEN',
}

export type GraduatesViolation = RuleViolation<GraduatesErrorCode>;

/** kk/ru/en text of every graduates rule, keyed by code. */
export const GRADUATES_MESSAGES: Record<GraduatesErrorCode, Localized> = {
  NOT_AN_HEI: { kk: 'Мұны тек оқу орны жасайды.', ru: 'Это делает только учебное заведение.', en: 'Only an HEI does this.' },
  PROGRAM_NOT_AT_HEI: {
    kk: 'Бағдарлама сіздің оқу орныңыздікі емес.',
    ru: 'Программа не принадлежит вашему учебному заведению.',
    en: 'The programme is not one of your HEI.',
  },
  STUDENT_NOT_AT_HEI: {
    kk: 'Бұл адам сіздің оқу орныңыздың студенті емес.',
    ru: 'Этот человек не является студентом вашего учебного заведения.',
    en: 'This person is not a student of your HEI.',
  },
  ALREADY_GRADUATED: {
    kk: 'Түлек бұл бағдарлама бойынша бітіргені тіркелген.',
    ru: 'Выпуск по этой программе уже записан.',
    en: 'The graduation from this programme is already recorded.',
  },
  DATE_IN_FUTURE: { kk: 'Күн болашақта болмауы керек.', ru: 'Дата не может быть в будущем.', en: 'The date may not be in the future.' },
  QUALIFICATION_REQUIRED: { kk: 'Біліктілікті көрсетіңіз.', ru: 'Укажите присвоенную квалификацию.', en: 'State the qualification awarded.' },
  GRADUATION_NOT_FOUND: { kk: 'Түлек табылмады.', ru: 'Выпускник не найден.', en: 'No such graduation.' },
  CHECK_BEFORE_GRADUATION: {
    kk: 'Тексеру бітіру күнінен бұрын болмайды.',
    ru: 'Проверка не может быть раньше выпуска.',
    en: 'A check cannot come before graduation.',
  },
  FOLLOW_UP_ENDED: {
    kk: 'Түлектің жұмысқа орналасуын бақылау үш жылдан кейін аяқталды.',
    ru: 'Мониторинг трудоустройства выпускника завершён: прошло три года после выпуска.',
    en: "The follow-up of this graduate's employment ended three years after graduation.",
  },
  EMPLOYER_REQUIRED: {
    kk: 'Жұмыс істейтін түлек үшін жұмыс берушіні көрсетіңіз.',
    ru: 'Для работающего выпускника укажите работодателя.',
    en: 'Name the employer of an employed graduate.',
  },
  NOT_AN_EMPLOYER: { kk: 'Мұны тек жұмыс беруші жасайды.', ru: 'Это делает только работодатель.', en: 'Only an employer does this.' },
  PROGRAM_NOT_FOUND: { kk: 'Бағдарлама табылмады.', ru: 'Программа не найдена.', en: 'No such programme.' },
  UNKNOWN_COMPETENCE_AREA: {
    kk: 'Мұндай құзыреттілік саласы жоқ.',
    ru: 'Такой области компетенций нет.',
    en: 'There is no such competence area.',
  },
  SCORE_OUT_OF_RANGE: { kk: 'Баға 1-ден 5-ке дейін.', ru: 'Оценка — от 1 до 5.', en: 'A score is from 1 to 5.' },
  SCORES_REQUIRED: {
    kk: 'Кемінде бір салаға баға қойыңыз, әр салаға бір рет.',
    ru: 'Оцените хотя бы одну область, каждую один раз.',
    en: 'Score at least one area, each area once.',
  },
  NO_GRADUATES_HOSTED: {
    kk: 'Сіздің кәсіпорныңызда бұл бағдарламаның студенттері практикадан өтпеген.',
    ru: 'Студенты этой программы не проходили практику на вашем предприятии.',
    en: 'No student of this programme was placed at your enterprise.',
  },
  SURVEY_TAKEN: {
    kk: 'Бұл жылға осы бағдарлама бойынша сауалнама толтырылған.',
    ru: 'Анкета по этой программе за этот год уже заполнена.',
    en: 'You already answered the survey on this programme for this year.',
  },
};

/** A {@link GraduatesViolation} with its text. */
export function graduatesViolation(field: string[], code: GraduatesErrorCode): GraduatesViolation {
  return violation(field, code, GRADUATES_MESSAGES[code]);
}
