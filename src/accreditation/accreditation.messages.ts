import type { Localized } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules of the accreditation context. */
export enum AccreditationErrorCode {
  NOT_AN_HEI = 'NOT_AN_HEI',
  NOT_AN_AGENCY = 'NOT_AN_AGENCY',
  PROGRAM_NOT_AT_HEI = 'PROGRAM_NOT_AT_HEI',
  AGENCY_NOT_FOUND = 'AGENCY_NOT_FOUND',
  REQUEST_OPEN = 'REQUEST_OPEN',
  REQUEST_NOT_FOUND = 'REQUEST_NOT_FOUND',
  STANDARD_REQUIRED = 'STANDARD_REQUIRED',
  VALIDITY_REQUIRED = 'VALIDITY_REQUIRED',
  VALIDITY_INVALID = 'VALIDITY_INVALID',
  CONDITIONS_REQUIRED = 'CONDITIONS_REQUIRED',
  CONDITIONS_NOT_ALLOWED = 'CONDITIONS_NOT_ALLOWED',
  CONDITION_DUE_OUTSIDE = 'CONDITION_DUE_OUTSIDE',
  CONDITION_NOT_FOUND = 'CONDITION_NOT_FOUND',
  ALREADY_FULFILLED = 'ALREADY_FULFILLED',
  DATE_IN_FUTURE = 'DATE_IN_FUTURE',
  EVIDENCE_REQUIRED = 'EVIDENCE_REQUIRED',
}

export type AccreditationViolation = RuleViolation<AccreditationErrorCode>;

/** kk/ru/en text of every accreditation rule, keyed by code. */
export const ACCREDITATION_MESSAGES: Record<AccreditationErrorCode, Localized> = {
  NOT_AN_HEI: { kk: 'Мұны тек оқу орны жасайды.', ru: 'Это делает только учебное заведение.', en: 'Only an HEI does this.' },
  NOT_AN_AGENCY: {
    kk: 'Мұны тек аккредиттеу агенттігі жасайды.',
    ru: 'Это делает только аккредитационное агентство.',
    en: 'Only an accreditation agency does this.',
  },
  PROGRAM_NOT_AT_HEI: {
    kk: 'Бағдарлама сіздің оқу орныңыздікі емес.',
    ru: 'Программа не принадлежит вашему учебному заведению.',
    en: 'The programme is not one of your HEI.',
  },
  AGENCY_NOT_FOUND: { kk: 'Аккредиттеу агенттігі табылмады.', ru: 'Аккредитационное агентство не найдено.', en: 'No such accreditation agency.' },
  REQUEST_OPEN: {
    kk: 'Бұл агенттікке осы бағдарлама бойынша өтініш бар.',
    ru: 'Заявка этому агентству по этой программе уже подана.',
    en: 'This programme already has a request with this agency.',
  },
  REQUEST_NOT_FOUND: {
    kk: 'Оқу орны бұл бағдарламаны сіздің агенттікке аккредиттеуге сұрамаған.',
    ru: 'Учебное заведение не запрашивало у вашего агентства аккредитацию этой программы.',
    en: 'The HEI has not asked your agency to accredit this programme.',
  },
  STANDARD_REQUIRED: {
    kk: 'Қолданылған стандартты көрсетіңіз.',
    ru: 'Укажите применённый стандарт.',
    en: 'Name the standard used (e.g. ESG-based criteria of IQAA).',
  },
  VALIDITY_REQUIRED: {
    kk: 'Аккредиттеудің басталу және аяқталу күнін көрсетіңіз.',
    ru: 'Укажите срок действия аккредитации.',
    en: 'An accreditation needs valid-from and valid-until dates.',
  },
  VALIDITY_INVALID: {
    kk: 'Мерзім жарамсыз: аяқталуы басталуынан кейін, ең көбі 7 жыл.',
    ru: 'Неверный срок: окончание после начала, не более 7 лет.',
    en: 'Invalid validity: until after from, at most 7 years.',
  },
  CONDITIONS_REQUIRED: {
    kk: 'Шартты аккредиттеу кемінде бір шартты қажет етеді.',
    ru: 'Аккредитация с условиями требует хотя бы одно условие.',
    en: 'An accreditation with conditions needs at least one condition.',
  },
  CONDITIONS_NOT_ALLOWED: {
    kk: 'Шарттар тек шартты аккредиттеуде болады.',
    ru: 'Условия бывают только у аккредитации с условиями.',
    en: 'Only an accreditation with conditions has conditions.',
  },
  CONDITION_DUE_OUTSIDE: {
    kk: 'Шарттың мерзімі аккредиттеу мерзімінің ішінде болуы керек.',
    ru: 'Срок условия должен быть в пределах срока аккредитации.',
    en: "A condition's due date must fall within the accreditation's validity.",
  },
  CONDITION_NOT_FOUND: { kk: 'Шарт табылмады.', ru: 'Условие не найдено.', en: 'No such condition.' },
  ALREADY_FULFILLED: { kk: 'Шарт орындалған деп белгіленген.', ru: 'Условие уже отмечено выполненным.', en: 'The condition is already fulfilled.' },
  DATE_IN_FUTURE: { kk: 'Күн болашақта болмауы керек.', ru: 'Дата не может быть в будущем.', en: 'The date may not be in the future.' },
  EVIDENCE_REQUIRED: {
    kk: 'Орындалу дәлелін сипаттаңыз.',
    ru: 'Опишите подтверждение выполнения.',
    en: 'Describe the evidence of fulfilment.',
  },
};

/** An {@link AccreditationViolation} with its text. */
export function accreditationViolation(field: string[], code: AccreditationErrorCode): AccreditationViolation {
  return violation(field, code, ACCREDITATION_MESSAGES[code]);
}
