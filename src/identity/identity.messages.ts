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
  OIDC_NOT_CONFIGURED = 'OIDC_NOT_CONFIGURED',
  OIDC_LOGIN_EXPIRED = 'OIDC_LOGIN_EXPIRED',
  OIDC_STATE_MISMATCH = 'OIDC_STATE_MISMATCH',
  OIDC_NONCE_MISMATCH = 'OIDC_NONCE_MISMATCH',
  OIDC_PROVIDER_ERROR = 'OIDC_PROVIDER_ERROR',
  OIDC_EMAIL_NOT_VERIFIED = 'OIDC_EMAIL_NOT_VERIFIED',
  OIDC_UNKNOWN_PERSON = 'OIDC_UNKNOWN_PERSON',
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
  OIDC_NOT_CONFIGURED: {
    kk: 'Бұл ұйым үшін бірыңғай кіру (OpenID Connect) бапталмаған.',
    ru: 'Для этой организации единый вход (OpenID Connect) не настроен.',
    en: 'Single sign-on (OpenID Connect) is not configured for this organisation.',
  },
  OIDC_LOGIN_EXPIRED: {
    kk: 'Кіру әрекеті табылмады немесе мерзімі өтті; қайтадан бастаңыз.',
    ru: 'Попытка входа не найдена или устарела; начните заново.',
    en: 'This sign-in was not started in this browser or has expired; start again.',
  },
  OIDC_STATE_MISMATCH: {
    kk: 'Жауап осы кіру әрекетіне сәйкес келмейді (state); қайтадан бастаңыз.',
    ru: 'Ответ не соответствует этой попытке входа (state); начните заново.',
    en: 'The answer does not belong to this sign-in (state mismatch); start again.',
  },
  OIDC_NONCE_MISMATCH: {
    kk: 'Сәйкестендіру токені осы кіру әрекетіне берілмеген (nonce); қайтадан бастаңыз.',
    ru: 'Токен идентификации выдан не для этой попытки входа (nonce); начните заново.',
    en: 'The identity token was not issued for this sign-in (nonce mismatch); start again.',
  },
  OIDC_PROVIDER_ERROR: {
    kk: 'Ұйымның кіру қызметі кіруді растамады.',
    ru: 'Служба входа организации не подтвердила вход.',
    en: "The organisation's sign-in service did not confirm the sign-in.",
  },
  OIDC_EMAIL_NOT_VERIFIED: {
    kk: 'Кіру қызметі электрондық пошта мекенжайыңыз расталғанын хабарламады.',
    ru: 'Служба входа не подтвердила ваш адрес электронной почты.',
    en: 'The sign-in service did not say that your e-mail address is verified.',
  },
  OIDC_UNKNOWN_PERSON: {
    kk: 'Бұл электрондық пошта бойынша осы ұйымға шақыру немесе мүшелік жоқ; ұйым әкімшісінен шақыру сұраңыз.',
    ru: 'Для этого адреса нет приглашения или членства в этой организации; попросите приглашение у администратора организации.',
    en: 'No invitation or membership of this organisation for this e-mail address; ask its administrator for an invitation.',
  },
};

/** The violation of `code` on `field`, with its kk/ru/en text. */
export function identityViolation(field: string[], code: IdentityErrorCode): IdentityViolation {
  return violation(field, code, TEXT[code]);
}
