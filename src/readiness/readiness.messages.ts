import type { LocalizedText } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules of the readiness context (readiness, policies, clearance, credentials). */
export enum ReadinessErrorCode {
  STUDENT_NOT_FOUND = 'STUDENT_NOT_FOUND',
  WORKPLACE_NOT_FOUND = 'WORKPLACE_NOT_FOUND',
  HAZARD_CATEGORY_NOT_FOUND = 'HAZARD_CATEGORY_NOT_FOUND',
  DATE_OUT_OF_RANGE = 'DATE_OUT_OF_RANGE',
  TOO_MANY_CHECKS = 'TOO_MANY_CHECKS',
  POLICY_EDIT_NOT_ALLOWED = 'POLICY_EDIT_NOT_ALLOWED',
  UNKNOWN_EXERCISE = 'UNKNOWN_EXERCISE',
  INVALID_SCORE = 'INVALID_SCORE',
  INVALID_VALIDITY = 'INVALID_VALIDITY',
  INVALID_REFRESHER = 'INVALID_REFRESHER',
  DUPLICATE_EXERCISE = 'DUPLICATE_EXERCISE',
  POLICY_UNSATISFIABLE = 'POLICY_UNSATISFIABLE',
  CONCURRENT_CHANGE = 'CONCURRENT_CHANGE',
  INSTRUCTOR_NOT_AT_ORGANIZATION = 'INSTRUCTOR_NOT_AT_ORGANIZATION',
  EVIDENCE_REQUIRED = 'EVIDENCE_REQUIRED',
  MANUAL_NOT_ALLOWED = 'MANUAL_NOT_ALLOWED',
  EARNED_IN_FUTURE = 'EARNED_IN_FUTURE',
  REASON_REQUIRED = 'REASON_REQUIRED',
  NOTHING_TO_REVOKE = 'NOTHING_TO_REVOKE',
  NOT_ALLOWED_TO_REVOKE = 'NOT_ALLOWED_TO_REVOKE',
  NOT_AN_ISSUER = 'NOT_AN_ISSUER',
  NOT_CLEARED = 'NOT_CLEARED',
  NO_VALID_READINESS = 'NO_VALID_READINESS',
  CREDENTIAL_NOT_FOUND = 'CREDENTIAL_NOT_FOUND',
  ALREADY_REVOKED = 'ALREADY_REVOKED',
}

/** A readiness rule violation. */
export type ReadinessViolation = RuleViolation<ReadinessErrorCode>;

const TEXT: Record<ReadinessErrorCode, LocalizedText> = {
  STUDENT_NOT_FOUND: { kk: 'Білім алушы табылмады.', ru: 'Обучающийся не найден.', en: 'Student not found.' },
  WORKPLACE_NOT_FOUND: { kk: 'Жұмыс орны табылмады.', ru: 'Рабочее место не найдено.', en: 'Workplace not found.' },
  HAZARD_CATEGORY_NOT_FOUND: { kk: 'Қауіп санаты табылмады.', ru: 'Категория опасности не найдена.', en: 'Hazard category not found.' },
  DATE_OUT_OF_RANGE: {
    kk: 'Күн 2000–2099 жылдар аралығында болуы керек.',
    ru: 'Дата должна лежать в пределах 2000–2099 годов.',
    en: 'The date must lie within the years 2000–2099.',
  },
  TOO_MANY_CHECKS: { kk: 'Бір сұрауда 50-ден көп тексеру болмайды.', ru: 'В одном запросе не более 50 проверок.', en: 'At most 50 checks per request.' },
  POLICY_EDIT_NOT_ALLOWED: {
    kk: 'Саясатты тек өңірлік үйлестіруші немесе салалық кеңес өзгерте алады.',
    ru: 'Политику может менять только региональный координатор или отраслевой совет.',
    en: 'Only the regional coordinator or the industry council may change a policy.',
  },
  UNKNOWN_EXERCISE: { kk: 'Мұндай жаттығу каталогта жоқ.', ru: 'Такого упражнения нет в каталоге.', en: 'No such exercise in the catalogue.' },
  INVALID_SCORE: { kk: 'Ең төменгі балл 0-ден 100-ге дейін.', ru: 'Минимальный балл — от 0 до 100.', en: 'The minimum score must be 0–100.' },
  INVALID_VALIDITY: { kk: 'Жарамдылық мерзімі 1-ден 3650 күнге дейін.', ru: 'Срок действия — от 1 до 3650 дней.', en: 'Validity must be 1–3650 days.' },
  INVALID_REFRESHER: {
    kk: 'Қайталау ережесінде жаттығулар болуы керек, ал терезе 1–365 күн және жарамдылық мерзімінен қысқа.',
    ru: 'В правиле повторения нужны упражнения, а окно — 1–365 дней и короче срока действия.',
    en: 'A refresher rule needs exercises and a window of 1–365 days, shorter than the validity.',
  },
  DUPLICATE_EXERCISE: { kk: 'Жаттығу екі рет аталған.', ru: 'Упражнение указано дважды.', en: 'An exercise is listed twice.' },
  POLICY_UNSATISFIABLE: {
    kk: 'Жаттығусыз саясат қолмен тіркеуге рұқсат беруі керек, әйтпесе оны орындау мүмкін емес.',
    ru: 'Политика без упражнений должна допускать ручную запись, иначе её нельзя выполнить.',
    en: 'A policy without exercises must allow manual readiness, or nobody could meet it.',
  },
  CONCURRENT_CHANGE: {
    kk: 'Саясатты басқа біреу дәл қазір өзгертті; қайта жүктеп, қайталаңыз.',
    ru: 'Политику только что изменил кто-то другой; обновите данные и повторите.',
    en: 'Someone else changed the policy just now; reload and try again.',
  },
  INSTRUCTOR_NOT_AT_ORGANIZATION: {
    kk: 'Нұсқаушы сіздің ұйымыңыздың нұсқаушысы, тәлімгері немесе қауіпсіздік маманы болуы керек.',
    ru: 'Инструктор должен быть инструктором, наставником или специалистом по охране труда вашей организации.',
    en: 'The instructor must be a lab instructor, mentor or safety officer of your organisation.',
  },
  EVIDENCE_REQUIRED: { kk: 'Дәлелді сипаттаңыз.', ru: 'Опишите подтверждение.', en: 'Describe the evidence.' },
  MANUAL_NOT_ALLOWED: {
    kk: 'Бұл санаттың саясаты қолмен тіркеуге рұқсат бермейді: тек тренажер.',
    ru: 'Политика этой категории не допускает ручную запись: только тренажёр.',
    en: 'The policy of this category does not allow manual readiness: simulator only.',
  },
  EARNED_IN_FUTURE: { kk: 'Оқу күні болашақта болмайды.', ru: 'Дата обучения не может быть в будущем.', en: 'The training date cannot be in the future.' },
  REASON_REQUIRED: { kk: 'Себебін көрсетіңіз.', ru: 'Укажите причину.', en: 'State the reason.' },
  NOTHING_TO_REVOKE: {
    kk: 'Бұл санатта жарамды дайындық жоқ.',
    ru: 'В этой категории нет действующей готовности.',
    en: 'There is no valid readiness in this category.',
  },
  NOT_ALLOWED_TO_REVOKE: {
    kk: 'Бұл дайындықты тек оны тіркеген ұйым, студенттің жоғары оқу орны немесе өңірлік үйлестіруші кері қайтара алады; жұмыс беруші — студент онда белсенді практикада болғанда және өз жазбасын ғана.',
    ru: 'Отозвать эту готовность может только организация, которая её записала, вуз студента или региональный координатор; работодатель — только свою запись и только пока студент проходит у него активную практику.',
    en: "Only the organisation that recorded this readiness, the student's HEI or the regional coordinator may revoke it; an employer only its own record, and only while the student is ACTIVE on a placement there.",
  },
  NOT_AN_ISSUER: {
    kk: 'Куәлікті тек білім алушының оқу орны немесе өңірлік үйлестіруші бере алады.',
    ru: 'Удостоверение может выдать только учебное заведение обучающегося или региональный координатор.',
    en: "Only the student's HEI or the regional coordinator may issue a credential.",
  },
  NOT_CLEARED: {
    kk: 'Білім алушының бұл жұмыс орнына рұқсаты жоқ.',
    ru: 'Обучающийся не допущен к этому рабочему месту.',
    en: 'The student is not cleared for this workplace.',
  },
  NO_VALID_READINESS: {
    kk: 'Білім алушының жарамды дайындығы жоқ.',
    ru: 'У обучающегося нет действующей готовности.',
    en: 'The student has no valid readiness.',
  },
  CREDENTIAL_NOT_FOUND: { kk: 'Куәлік табылмады.', ru: 'Удостоверение не найдено.', en: 'Credential not found.' },
  ALREADY_REVOKED: { kk: 'Куәлік бұрын кері қайтарылған.', ru: 'Удостоверение уже отозвано.', en: 'The credential is already revoked.' },
};

/**
 * A violation with the context's standard text, optionally followed by `detail`: a
 * language-neutral parameter such as an exercise id or a list of category codes, the same in
 * every language (so callers never write kk/ru/en themselves).
 */
export function readinessViolation(field: string[], code: ReadinessErrorCode, detail?: string): ReadinessViolation {
  const base = TEXT[code];
  const message = detail ? { kk: `${base.kk} ${detail}`, ru: `${base.ru} ${detail}`, en: `${base.en} ${detail}` } : base;
  return violation(field, code, message);
}
