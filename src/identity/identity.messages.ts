import type { Localized } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules of signing in (invitations, passwords, sessions). */
export enum IdentityErrorCode {
  INVALID_EMAIL = 'INVALID_EMAIL',
  FULL_NAME_REQUIRED = 'FULL_NAME_REQUIRED',
  ORGANIZATION_NOT_FOUND = 'ORGANIZATION_NOT_FOUND',
  NOT_YOUR_ORGANIZATION = 'NOT_YOUR_ORGANIZATION',
  INVITATION_NOT_FOUND = 'INVITATION_NOT_FOUND',
  INVITATION_EXPIRED = 'INVITATION_EXPIRED',
  INVITATION_USED = 'INVITATION_USED',
  PASSWORD_TOO_SHORT = 'PASSWORD_TOO_SHORT',
  PASSWORD_TOO_LONG = 'PASSWORD_TOO_LONG',
  PASSWORD_TOO_COMMON = 'PASSWORD_TOO_COMMON',
  SIGN_IN_FAILED = 'SIGN_IN_FAILED',
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  MEMBERSHIP_NOT_FOUND = 'MEMBERSHIP_NOT_FOUND',
  SESSION_NOT_FOUND = 'SESSION_NOT_FOUND',
  TOTP_REQUIRED = 'TOTP_REQUIRED',
  TOTP_INVALID = 'TOTP_INVALID',
  /** The organisation has been deactivated: nobody is invited into it or signs in to act for it. */
  ORGANIZATION_INACTIVE = 'ORGANIZATION_INACTIVE',
}

/** An identity rule violation. */
export type IdentityViolation = RuleViolation<IdentityErrorCode>;

const TEXT: Record<IdentityErrorCode, Localized> = {
  INVALID_EMAIL: { kk: 'Электрондық пошта мекенжайы дұрыс емес.', ru: 'Неверный адрес электронной почты.', en: 'This is not a valid e-mail address.' },
  FULL_NAME_REQUIRED: { kk: 'Толық аты-жөнін жазыңыз.', ru: 'Укажите полное имя.', en: 'Give the full name.' },
  ORGANIZATION_NOT_FOUND: { kk: 'Ұйым табылмады.', ru: 'Организация не найдена.', en: 'Organisation not found.' },
  NOT_YOUR_ORGANIZATION: {
    kk: 'Тек өз ұйымыңызға шақыра аласыз.',
    ru: 'Приглашать можно только в свою организацию.',
    en: 'You may invite people only to your own organisation (the coordinator: to those of its region).',
  },
  INVITATION_NOT_FOUND: { kk: 'Шақыру сілтемесі жарамсыз.', ru: 'Ссылка приглашения недействительна.', en: 'The invitation link is not valid.' },
  INVITATION_EXPIRED: { kk: 'Шақыру мерзімі өтіп кетті.', ru: 'Срок приглашения истёк.', en: 'The invitation has expired; ask for a new one.' },
  INVITATION_USED: { kk: 'Шақыру бұрын пайдаланылған.', ru: 'Приглашение уже использовано.', en: 'The invitation has already been used.' },
  PASSWORD_TOO_SHORT: {
    kk: 'Құпиясөз кемінде 12 таңбадан тұруы керек.',
    ru: 'Пароль должен быть не короче 12 символов.',
    en: 'The password must be at least 12 characters long.',
  },
  PASSWORD_TOO_LONG: {
    kk: 'Құпиясөз тым ұзын (256 таңбадан аспауы керек).',
    ru: 'Пароль слишком длинный (не более 256 символов).',
    en: 'The password is too long (at most 256 characters).',
  },
  PASSWORD_TOO_COMMON: {
    kk: 'Бұл құпиясөз тым кең тараған; басқасын таңдаңыз.',
    ru: 'Этот пароль слишком распространён; выберите другой.',
    en: 'This password is too common; choose another.',
  },
  SIGN_IN_FAILED: {
    kk: 'Электрондық пошта немесе құпиясөз қате.',
    ru: 'Неверный адрес электронной почты или пароль.',
    en: 'The e-mail address or the password is wrong.',
  },
  TOO_MANY_ATTEMPTS: {
    kk: 'Сәтсіз әрекеттер тым көп; кейінірек қайталаңыз.',
    ru: 'Слишком много неудачных попыток; повторите позже.',
    en: 'Too many failed attempts; try again later.',
  },
  MEMBERSHIP_NOT_FOUND: { kk: 'Мүшелік табылмады.', ru: 'Членство не найдено.', en: 'You have no such membership.' },
  SESSION_NOT_FOUND: { kk: 'Сеанс табылмады.', ru: 'Сеанс не найден.', en: 'Session not found.' },
  TOTP_REQUIRED: {
    kk: 'Аутентификатор қосымшасындағы 6 таңбалы кодты енгізіңіз.',
    ru: 'Введите 6-значный код из приложения-аутентификатора.',
    en: 'Enter the 6-digit code from your authenticator app.',
  },
  TOTP_INVALID: { kk: 'Код қате немесе мерзімі өтті.', ru: 'Код неверен или устарел.', en: 'The code is wrong or has expired.' },
  ORGANIZATION_INACTIVE: {
    kk: 'Ұйым деактивацияланған: оған шақыруға да, оның атынан кіруге де болмайды.',
    ru: 'Организация деактивирована: в неё нельзя пригласить и нельзя войти от её имени.',
    en: 'The organisation has been deactivated: nobody is invited into it or signs in to act for it.',
  },
};

/** The violation of `code` on `field`, with its kk/ru/en text. */
export function identityViolation(field: string[], code: IdentityErrorCode): IdentityViolation {
  return violation(field, code, TEXT[code]);
}
