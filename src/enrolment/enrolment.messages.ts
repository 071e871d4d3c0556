import type { Localized } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules of the enrolment context (dual groups, applications, enrolment). */
export enum EnrolmentErrorCode {
  NOT_AN_HEI = 'NOT_AN_HEI',
  PROGRAM_NOT_AT_HEI = 'PROGRAM_NOT_AT_HEI',
  CURATOR_NOT_AT_HEI = 'CURATOR_NOT_AT_HEI',
  YEAR_OUT_OF_RANGE = 'YEAR_OUT_OF_RANGE',
  INVALID_PLACES = 'INVALID_PLACES',
  INVALID_SCORE = 'INVALID_SCORE',
  CODE_TAKEN = 'CODE_TAKEN',
  GROUP_NOT_FOUND = 'GROUP_NOT_FOUND',
  STUDENT_NOT_FOUND = 'STUDENT_NOT_FOUND',
  DOCUMENTS_REQUIRED = 'DOCUMENTS_REQUIRED',
  ALREADY_APPLIED = 'ALREADY_APPLIED',
  OVERLAPPING_INTAKE = 'OVERLAPPING_INTAKE',
  APPLICATION_NOT_FOUND = 'APPLICATION_NOT_FOUND',
  ALREADY_DECIDED = 'ALREADY_DECIDED',
  GROUP_FULL = 'GROUP_FULL',
  SCORE_BELOW_MINIMUM = 'SCORE_BELOW_MINIMUM',
  REASON_REQUIRED = 'REASON_REQUIRED',
  /** The HEI has been deactivated: it forms no new dual groups. */
  ORGANIZATION_INACTIVE = 'ORGANIZATION_INACTIVE',
}

export type EnrolmentViolation = RuleViolation<EnrolmentErrorCode>;

/** kk/ru/en text of every enrolment rule, keyed by code. */
export const ENROLMENT_MESSAGES: Record<EnrolmentErrorCode, Localized> = {
  NOT_AN_HEI: { kk: 'Мұны тек оқу орны жасайды.', ru: 'Это делает только учебное заведение.', en: 'Only an HEI does this.' },
  PROGRAM_NOT_AT_HEI: {
    kk: 'Бағдарлама сіздің оқу орныңыздікі емес.',
    ru: 'Программа не принадлежит вашему учебному заведению.',
    en: 'The programme is not one of your HEI.',
  },
  CURATOR_NOT_AT_HEI: {
    kk: 'Куратор сіздің оқу орныңыздың кураторы емес.',
    ru: 'Куратор не является куратором вашего учебного заведения.',
    en: 'The curator is not a curator of your HEI.',
  },
  YEAR_OUT_OF_RANGE: {
    kk: 'Қабылдау жылы биылдан бес жылға дейін.',
    ru: 'Год набора — от текущего до текущего плюс пять.',
    en: 'The intake year must lie between this year and five years ahead.',
  },
  INVALID_PLACES: { kk: 'Орын саны 1-ден 500-ге дейін.', ru: 'Число мест — от 1 до 500.', en: 'Places must be 1–500.' },
  INVALID_SCORE: { kk: 'Балл 0-ден 1000-ға дейін.', ru: 'Балл — от 0 до 1000.', en: 'A score must be 0–1000.' },
  CODE_TAKEN: { kk: 'Бұл топ коды бар.', ru: 'Группа с таким кодом уже есть.', en: 'A group with this code already exists.' },
  GROUP_NOT_FOUND: { kk: 'Топ табылмады.', ru: 'Группа не найдена.', en: 'Group not found.' },
  STUDENT_NOT_FOUND: { kk: 'Білім алушы табылмады.', ru: 'Обучающийся не найден.', en: 'Student not found.' },
  DOCUMENTS_REQUIRED: {
    kk: 'Құжат керек (мысалы, 11-сынып аттестаты немесе шәкірттік шарт).',
    ru: 'Нужен документ (например, аттестат 11 класса или договор ученичества).',
    en: 'A document is needed (e.g. the 11th-grade certificate or an apprenticeship contract).',
  },
  ALREADY_APPLIED: {
    kk: 'Білім алушы бұл топқа өтініш берген.',
    ru: 'Обучающийся уже подал заявление в эту группу.',
    en: 'The student has already applied to this group.',
  },
  OVERLAPPING_INTAKE: {
    kk: 'Білім алушы осы қабылдау жылы басқа топқа қабылданған.',
    ru: 'Обучающийся уже зачислен в другую группу этого года набора.',
    en: 'The student is already accepted into another group of the same intake year.',
  },
  APPLICATION_NOT_FOUND: { kk: 'Өтініш табылмады.', ru: 'Заявление не найдено.', en: 'Application not found.' },
  ALREADY_DECIDED: { kk: 'Өтініш бойынша шешім бар.', ru: 'По заявлению уже принято решение.', en: 'The application is already decided.' },
  GROUP_FULL: { kk: 'Топта бос орын жоқ.', ru: 'В группе нет свободных мест.', en: 'The group has no places left.' },
  SCORE_BELOW_MINIMUM: { kk: 'Балл топтың ең төменгі балынан төмен.', ru: 'Балл ниже минимального для группы.', en: "The score is below the group's minimum." },
  REASON_REQUIRED: { kk: 'Себебін көрсетіңіз.', ru: 'Укажите причину.', en: 'State the reason.' },
  ORGANIZATION_INACTIVE: {
    kk: 'Оқу орны деактивацияланған: жаңа топ құрылмайды.',
    ru: 'Учебное заведение деактивировано: новые группы не формируются.',
    en: 'The HEI has been deactivated: it forms no new groups.',
  },
};

export function enrolmentViolation(field: string[], code: EnrolmentErrorCode): EnrolmentViolation {
  return violation(field, code, ENROLMENT_MESSAGES[code]);
}
