import type { Localized } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules of the demand context (demand, agreed and consolidated orders, control figures). */
export enum DemandErrorCode {
  NOT_AN_EMPLOYER = 'NOT_AN_EMPLOYER',
  NOT_AN_INDUSTRY_COUNCIL = 'NOT_AN_INDUSTRY_COUNCIL',
  NOT_THE_COORDINATOR = 'NOT_THE_COORDINATOR',
  NOT_THE_AUTHORITY = 'NOT_THE_AUTHORITY',
  NOT_THE_EXECUTOR = 'NOT_THE_EXECUTOR',
  ORGANIZATION_INACTIVE = 'ORGANIZATION_INACTIVE',
  UNKNOWN_QUALIFICATION = 'UNKNOWN_QUALIFICATION',
  QUALIFICATION_NOT_IN_INDUSTRY = 'QUALIFICATION_NOT_IN_INDUSTRY',
  YEAR_OUT_OF_RANGE = 'YEAR_OUT_OF_RANGE',
  NEGATIVE_COUNT = 'NEGATIVE_COUNT',
  COUNTS_LENGTH = 'COUNTS_LENGTH',
  DUAL_PLACES_WITHOUT_OFFER = 'DUAL_PLACES_WITHOUT_OFFER',
  DEMAND_NOT_FOUND = 'DEMAND_NOT_FOUND',
  DEMAND_IMMUTABLE = 'DEMAND_IMMUTABLE',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  SUPERSEDES_NOT_SUBMITTED = 'SUPERSEDES_NOT_SUBMITTED',
  REQUIREMENTS_REQUIRED = 'REQUIREMENTS_REQUIRED',
  DUPLICATE_LINE = 'DUPLICATE_LINE',
  LINES_REQUIRED = 'LINES_REQUIRED',
  ORDER_EXISTS = 'ORDER_EXISTS',
  ORDER_NOT_FOUND = 'ORDER_NOT_FOUND',
  LINE_NOT_FOUND = 'LINE_NOT_FOUND',
  EXCEEDS_DEMAND = 'EXCEEDS_DEMAND',
  EXECUTOR_NOT_AN_HEI = 'EXECUTOR_NOT_AN_HEI',
  EXECUTOR_MISSING = 'EXECUTOR_MISSING',
  LINES_NOT_AGREED = 'LINES_NOT_AGREED',
  NOTHING_TO_AGREE = 'NOTHING_TO_AGREE',
  APPROVAL_NUMBER_REQUIRED = 'APPROVAL_NUMBER_REQUIRED',
  DATE_INVALID = 'DATE_INVALID',
  ALREADY_DECIDED = 'ALREADY_DECIDED',
  REASON_REQUIRED = 'REASON_REQUIRED',
  PROGRAM_NOT_AT_HEI = 'PROGRAM_NOT_AT_HEI',
  DUAL_ABOVE_BUDGET = 'DUAL_ABOVE_BUDGET',
  EXCEEDS_ORDER = 'EXCEEDS_ORDER',
}

/** A rule violation of the demand context. */
export type DemandViolation = RuleViolation<DemandErrorCode>;

/** kk/ru/en text of every rule of the demand context, keyed by code. */
export const DEMAND_MESSAGES: Record<DemandErrorCode, Localized> = {
  NOT_AN_EMPLOYER: {
    kk: 'Кадрлық қажеттілікті тек кәсіпорын береді.',
    ru: 'Потребность в кадрах подаёт только предприятие.',
    en: 'Only an employer states workforce demand.',
  },
  NOT_AN_INDUSTRY_COUNCIL: { kk: 'Мұны тек салалық кеңес жасайды.', ru: 'Это делает только отраслевой совет.', en: 'Only an industry council does this.' },
  NOT_THE_COORDINATOR: {
    kk: 'Мұны тек өңірлік үйлестіруші жасайды.',
    ru: 'Это делает только региональный координатор.',
    en: 'Only the regional coordinator does this.',
  },
  NOT_THE_AUTHORITY: {
    kk: 'Мұны тек өңірдің білім басқармасы жасайды.',
    ru: 'Это делает только управление образования региона.',
    en: "Only the region's education authority does this.",
  },
  NOT_THE_EXECUTOR: {
    kk: 'Бұл жол сіздің оқу орныңызға орналастырылмаған.',
    ru: 'Эта строка не размещена в вашем учебном заведении.',
    en: 'This line is not placed with your HEI.',
  },
  ORGANIZATION_INACTIVE: { kk: 'Ұйым белсенді емес.', ru: 'Организация деактивирована.', en: 'The organisation is inactive.' },
  UNKNOWN_QUALIFICATION: { kk: 'Мұндай біліктілік коды жоқ.', ru: 'Такого кода квалификации нет.', en: 'No such qualification code.' },
  QUALIFICATION_NOT_IN_INDUSTRY: {
    kk: 'Бұл біліктілік сіздің салаңызға жатпайды.',
    ru: 'Эта квалификация не относится к вашей отрасли.',
    en: 'This qualification does not belong to your industry.',
  },
  YEAR_OUT_OF_RANGE: {
    kk: 'Жыл биылдан бастап бес жыл ішінде болуы керек.',
    ru: 'Год — от текущего до текущего плюс пять.',
    en: 'The year must lie between this year and five years ahead.',
  },
  NEGATIVE_COUNT: {
    kk: 'Сан бүтін және теріс емес болуы керек.',
    ru: 'Число должно быть целым и неотрицательным.',
    en: 'A count must be a whole, non-negative number.',
  },
  COUNTS_LENGTH: {
    kk: 'Алты сан керек: биылғы жыл және келесі бес жыл.',
    ru: 'Нужно шесть чисел: текущий год и пять следующих.',
    en: 'Six counts are needed: this year and each of the next five.',
  },
  DUAL_PLACES_WITHOUT_OFFER: {
    kk: 'Дуалды орындар саны тек ұсыныс болғанда көрсетіледі.',
    ru: 'Число дуальных мест указывается, только если они предлагаются.',
    en: 'Dual-training places are given only when the employer offers them.',
  },
  DEMAND_NOT_FOUND: { kk: 'Өтінім табылмады.', ru: 'Заявка не найдена.', en: 'Demand not found.' },
  DEMAND_IMMUTABLE: {
    kk: 'Жіберілген өтінім өзгермейді: түзету үшін жаңа нұсқа жасаңыз.',
    ru: 'Поданная заявка не меняется: для исправления создайте новую версию.',
    en: 'A submitted demand cannot change: create a new version that supersedes it.',
  },
  INVALID_TRANSITION: {
    kk: 'Бұл күйден бұл әрекет мүмкін емес.',
    ru: 'Из этого статуса это действие невозможно.',
    en: 'This action is not possible in the current status.',
  },
  SUPERSEDES_NOT_SUBMITTED: {
    kk: 'Тек өз жіберілген өтініміңізді түзете аласыз.',
    ru: 'Исправить можно только свою поданную заявку.',
    en: 'Only your own submitted demand can be superseded.',
  },
  REQUIREMENTS_REQUIRED: { kk: 'Біліктілік талаптарын жазыңыз.', ru: 'Укажите квалификационные требования.', en: 'State the qualification requirements.' },
  DUPLICATE_LINE: { kk: 'Біліктілік пен жыл екі рет аталған.', ru: 'Квалификация и год указаны дважды.', en: 'A qualification and year are listed twice.' },
  LINES_REQUIRED: { kk: 'Кемінде бір жол керек.', ru: 'Нужна хотя бы одна строка.', en: 'At least one line is needed.' },
  ORDER_EXISTS: {
    kk: 'Бұл өңір мен жылға тапсырыс бар.',
    ru: 'Заказ на этот регион и год уже есть.',
    en: 'There is already an order for this region and year.',
  },
  ORDER_NOT_FOUND: { kk: 'Тапсырыс табылмады.', ru: 'Заказ не найден.', en: 'Order not found.' },
  LINE_NOT_FOUND: { kk: 'Тапсырыс жолы табылмады.', ru: 'Строка заказа не найдена.', en: 'Order line not found.' },
  EXCEEDS_DEMAND: {
    kk: 'Сан жіберілген қажеттіліктен асады: негіздемені жазыңыз.',
    ru: 'Число превышает поданную потребность: укажите обоснование.',
    en: 'The count exceeds the submitted demand: record a justification.',
  },
  EXECUTOR_NOT_AN_HEI: {
    kk: 'Орындаушы белсенді ЖОО немесе колледж болуы керек.',
    ru: 'Исполнитель — действующий вуз или колледж.',
    en: 'The executor must be an active HEI or college.',
  },
  EXECUTOR_MISSING: {
    kk: 'Әр жолда орындаушы болуы керек.',
    ru: 'У каждой строки должен быть исполнитель.',
    en: 'Every line needs an executor before approval.',
  },
  LINES_NOT_AGREED: {
    kk: 'Барлық жолдар салалық кеңестермен келісілмеген.',
    ru: 'Не все строки согласованы отраслевыми советами.',
    en: 'Not every line is agreed by its industry council.',
  },
  NOTHING_TO_AGREE: {
    kk: 'Сіздің салаңыздың келісілмеген жолдары жоқ.',
    ru: 'Несогласованных строк вашей отрасли нет.',
    en: 'There are no lines of your industry left to agree.',
  },
  APPROVAL_NUMBER_REQUIRED: { kk: 'Бұйрық нөмірін көрсетіңіз.', ru: 'Укажите номер приказа.', en: 'Give the number of the approving order.' },
  DATE_INVALID: {
    kk: 'Күн ЖЖЖЖ-АА-КК пішімінде және болашақта емес.',
    ru: 'Дата — в формате ГГГГ-ММ-ДД и не в будущем.',
    en: 'The date must be YYYY-MM-DD and not in the future.',
  },
  ALREADY_DECIDED: { kk: 'Бұл жол бойынша шешім бар.', ru: 'По этой строке решение уже принято.', en: 'This line is already decided.' },
  REASON_REQUIRED: { kk: 'Себебін көрсетіңіз.', ru: 'Укажите причину.', en: 'State the reason.' },
  PROGRAM_NOT_AT_HEI: {
    kk: 'Бағдарлама осы оқу орнынікі емес.',
    ru: 'Программа не принадлежит этому учебному заведению.',
    en: 'The programme does not belong to this HEI.',
  },
  DUAL_ABOVE_BUDGET: {
    kk: 'Дуалды орындар бюджеттік орындардың бөлігі.',
    ru: 'Дуальные места — часть бюджетных мест.',
    en: 'Dual-training places are part of the budget places and cannot exceed them.',
  },
  EXCEEDS_ORDER: {
    kk: 'Орындар бекітілген тапсырыстан асады: негіздемені жазыңыз.',
    ru: 'Места превышают утверждённый заказ: укажите обоснование.',
    en: "The places exceed the approved order's count: record a justification.",
  },
};

/** A violation with the context's text. */
export function demandViolation(field: string[], code: DemandErrorCode): DemandViolation {
  return violation(field, code, DEMAND_MESSAGES[code]);
}
