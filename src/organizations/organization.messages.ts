import type { Localized } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules about registering and deactivating organisations. */
export enum OrganizationErrorCode {
  NOT_COORDINATOR = 'NOT_COORDINATOR',
  NOT_YOUR_REGION = 'NOT_YOUR_REGION',
  KIND_NOT_REGISTRABLE = 'KIND_NOT_REGISTRABLE',
  BIN_INVALID = 'BIN_INVALID',
  BIN_CHECKSUM = 'BIN_CHECKSUM',
  BIN_TAKEN = 'BIN_TAKEN',
  NAME_REQUIRED = 'NAME_REQUIRED',
  HEI_TYPE_REQUIRED = 'HEI_TYPE_REQUIRED',
  INDUSTRY_REQUIRED = 'INDUSTRY_REQUIRED',
  UNKNOWN_INDUSTRY = 'UNKNOWN_INDUSTRY',
  ORGANIZATION_NOT_FOUND = 'ORGANIZATION_NOT_FOUND',
  ALREADY_INACTIVE = 'ALREADY_INACTIVE',
  REASON_REQUIRED = 'REASON_REQUIRED',
  ACT_NUMBER_REQUIRED = 'ACT_NUMBER_REQUIRED',
  ACT_DATE_INVALID = 'ACT_DATE_INVALID',
}

/** A rule violation of the organisations context. */
export type OrganizationViolation = RuleViolation<OrganizationErrorCode>;

/** kk/ru/en text of every organisation rule, keyed by code. */
export const ORGANIZATION_MESSAGES: Record<OrganizationErrorCode, Localized> = {
  NOT_COORDINATOR: {
    kk: 'Ұйымдарды тек өңірлік үйлестіруші тіркейді.',
    ru: 'Организации регистрирует только региональный координатор.',
    en: 'Only the regional coordinator registers organisations.',
  },
  NOT_YOUR_REGION: { kk: 'Тек өз өңіріңіздің ұйымдары.', ru: 'Только организации своего региона.', en: 'Only organisations of your own region.' },
  KIND_NOT_REGISTRABLE: {
    kk: 'Тек кәсіпорындар, оқу орындары және салалық кеңестер тіркеледі.',
    ru: 'Регистрируются только предприятия, учебные заведения и отраслевые советы.',
    en: 'Only employers, HEIs and colleges, and industry councils can be registered.',
  },
  BIN_INVALID: { kk: 'БСН 12 цифрдан тұрады.', ru: 'БИН состоит из 12 цифр.', en: 'A BIN is 12 digits.' },
  BIN_CHECKSUM: {
    kk: 'БСН бақылау саны сәйкес келмейді: қатені тексеріңіз.',
    ru: 'Контрольная цифра БИН не сходится: проверьте номер.',
    en: 'The BIN check digit does not match: check the number.',
  },
  BIN_TAKEN: {
    kk: 'Бұл БСН-мен ұйым тіркелген.',
    ru: 'Организация с этим БИН уже зарегистрирована.',
    en: 'An organisation with this BIN is already registered.',
  },
  NAME_REQUIRED: {
    kk: 'Атауы қазақ, орыс және ағылшын тілдерінде керек.',
    ru: 'Нужно название на казахском, русском и английском.',
    en: 'The name is needed in Kazakh, Russian and English.',
  },
  HEI_TYPE_REQUIRED: {
    kk: 'Оқу орнының түрін көрсетіңіз: университет немесе колледж.',
    ru: 'Укажите тип: университет или колледж.',
    en: 'State whether the HEI is a university or a college.',
  },
  INDUSTRY_REQUIRED: {
    kk: 'Кәсіпорын мен салалық кеңес үшін саланы (ЭҚЖЖ бөлімі) көрсетіңіз.',
    ru: 'Для предприятия и отраслевого совета укажите отрасль (секцию ОКЭД).',
    en: 'Employers and industry councils need an industry (OKED section).',
  },
  UNKNOWN_INDUSTRY: { kk: 'Мұндай ЭҚЖЖ бөлімі жоқ.', ru: 'Такой секции ОКЭД нет.', en: 'No such OKED section.' },
  ORGANIZATION_NOT_FOUND: { kk: 'Ұйым табылмады.', ru: 'Организация не найдена.', en: 'Organisation not found.' },
  ALREADY_INACTIVE: { kk: 'Ұйым бұрын белсенді емес.', ru: 'Организация уже деактивирована.', en: 'The organisation is already inactive.' },
  REASON_REQUIRED: { kk: 'Себебін көрсетіңіз.', ru: 'Укажите причину.', en: 'State the reason.' },
  ACT_NUMBER_REQUIRED: { kk: 'Акт нөмірін көрсетіңіз.', ru: 'Укажите номер акта.', en: 'Give the act number.' },
  ACT_DATE_INVALID: {
    kk: 'Акт күні ЖЖЖЖ-АА-КК пішімінде және болашақта емес.',
    ru: 'Дата акта — в формате ГГГГ-ММ-ДД и не в будущем.',
    en: 'The act date must be YYYY-MM-DD and not in the future.',
  },
};

/** A violation with the context's text. */
export function organizationViolation(field: string[], code: OrganizationErrorCode): OrganizationViolation {
  return violation(field, code, ORGANIZATION_MESSAGES[code]);
}

/** Codes of the rules about people and memberships. */
export enum PersonErrorCode {
  ORGANIZATION_NOT_FOUND = 'ORGANIZATION_NOT_FOUND',
  NOT_YOUR_ORGANIZATION = 'NOT_YOUR_ORGANIZATION',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
}

/** kk/ru/en text of every person rule, keyed by code. */
export const PERSON_MESSAGES: Record<PersonErrorCode, Localized> = {
  ORGANIZATION_NOT_FOUND: ORGANIZATION_MESSAGES.ORGANIZATION_NOT_FOUND,
  NOT_YOUR_ORGANIZATION: {
    kk: 'Тек өз ұйымыңызға адам қоса аласыз.',
    ru: 'Добавлять людей можно только в свою организацию.',
    en: 'You may add people only to your own organisation.',
  },
  EMAIL_TAKEN: {
    kk: 'Бұл электрондық пошта тіркелген.',
    ru: 'Этот адрес электронной почты уже зарегистрирован.',
    en: 'This e-mail address is already registered.',
  },
};

/** A person rule violation with its text. */
export function personViolation(field: string[], code: PersonErrorCode): RuleViolation<PersonErrorCode> {
  return violation(field, code, PERSON_MESSAGES[code]);
}

/** Codes of the rules around API keys. */
export enum ApiKeyErrorCode {
  ORGANIZATION_NOT_FOUND = 'ORGANIZATION_NOT_FOUND',
  NOT_YOUR_ORGANIZATION = 'NOT_YOUR_ORGANIZATION',
  ALREADY_REVOKED = 'ALREADY_REVOKED',
  LABEL_REQUIRED = 'LABEL_REQUIRED',
  /** The organisation has been deactivated: no new key is issued for it. */
  ORGANIZATION_INACTIVE = 'ORGANIZATION_INACTIVE',
}

/** kk/ru/en text of every API-key rule, keyed by code. */
export const API_KEY_MESSAGES: Record<ApiKeyErrorCode, Localized> = {
  ORGANIZATION_NOT_FOUND: ORGANIZATION_MESSAGES.ORGANIZATION_NOT_FOUND,
  NOT_YOUR_ORGANIZATION: {
    kk: 'Тек өз ұйымыңызға кілт бере аласыз.',
    ru: 'Ключи можно выдавать только своей организации.',
    en: 'You may issue keys only for your own organisation.',
  },
  ALREADY_REVOKED: { kk: 'Кілт бұрын кері қайтарылған.', ru: 'Ключ уже отозван.', en: 'The key is already revoked.' },
  LABEL_REQUIRED: { kk: 'Кілттің атауын жазыңыз.', ru: 'Укажите название ключа.', en: 'Give the key a label.' },
  ORGANIZATION_INACTIVE: {
    kk: 'Ұйым белсенді емес (деактивацияланған): оған кілт берілмейді.',
    ru: 'Организация деактивирована: ключи для неё не выдаются.',
    en: 'The organisation has been deactivated: no key is issued for it.',
  },
};

/** An API-key rule violation with its text. */
export function apiKeyViolation(field: string[], code: ApiKeyErrorCode): RuleViolation<ApiKeyErrorCode> {
  return violation(field, code, API_KEY_MESSAGES[code]);
}
