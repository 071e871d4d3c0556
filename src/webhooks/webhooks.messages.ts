import type { Localized } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules about webhook endpoints and deliveries. */
export enum WebhookErrorCode {
  INVALID_URL = 'INVALID_URL',
  HTTPS_REQUIRED = 'HTTPS_REQUIRED',
  PRIVATE_ADDRESS = 'PRIVATE_ADDRESS',
  UNKNOWN_EVENT_TYPE = 'UNKNOWN_EVENT_TYPE',
  NO_EVENT_TYPES = 'NO_EVENT_TYPES',
}

/** The kk/ru/en text of every webhook rule code: a code without its text does not compile. */
const TEXT: Record<WebhookErrorCode, Localized> = {
  INVALID_URL: {
    kk: 'Мекенжай жарамсыз: http(s)://хост/жол түріндегі URL керек, логин мен фрагментсіз.',
    ru: 'Неверный адрес: нужен URL вида http(s)://хост/путь без логина и фрагмента.',
    en: 'Not a valid endpoint URL: use http(s)://host/path without credentials or fragment.',
  },
  HTTPS_REQUIRED: {
    kk: 'Вебхуктар тек HTTPS арқылы жіберіледі.',
    ru: 'Вебхуки отправляются только по HTTPS.',
    en: 'Webhooks are sent over HTTPS only.',
  },
  PRIVATE_ADDRESS: {
    kk: 'Хост жеке, кері немесе резервтелген мекенжайға шешіледі; оған жіберуге болмайды.',
    ru: 'Хост разрешается в частный, петлевой или зарезервированный адрес; отправка туда запрещена.',
    en: 'The host resolves to a private, loopback or reserved address, which webhooks may not be sent to.',
  },
  UNKNOWN_EVENT_TYPE: {
    kk: 'Белгісіз оқиға түрі: webhookEventTypes тізімінен таңдаңыз.',
    ru: 'Неизвестный тип события: выберите из списка webhookEventTypes.',
    en: 'Unknown event type: choose from webhookEventTypes.',
  },
  NO_EVENT_TYPES: {
    kk: 'Кемінде бір оқиға түрін таңдаңыз.',
    ru: 'Выберите хотя бы один тип события.',
    en: 'Choose at least one event type.',
  },
};

/** A webhook rule violation with its text. */
export function webhookViolation(field: string[], code: WebhookErrorCode): RuleViolation<WebhookErrorCode> {
  return violation(field, code, TEXT[code]);
}
