import type { Localized } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules of the assessment context (production exam, commission, admission). */
export enum AssessmentErrorCode {
  NOT_THE_HEI = 'NOT_THE_HEI',
  PROGRAM_NOT_OF_HEI = 'PROGRAM_NOT_OF_HEI',
  NOT_AN_EMPLOYER = 'NOT_AN_EMPLOYER',
  MATERIALS_TOO_LATE = 'MATERIALS_TOO_LATE',
  TEXT_REQUIRED = 'TEXT_REQUIRED',
  COMMISSION_UNBALANCED = 'COMMISSION_UNBALANCED',
  MEMBER_NOT_AT_ORGANIZATION = 'MEMBER_NOT_AT_ORGANIZATION',
  PLACEMENT_NOT_OF_EXAM = 'PLACEMENT_NOT_OF_EXAM',
  NOT_ADMISSIBLE = 'NOT_ADMISSIBLE',
  COUNCIL_AFTER_EXAM = 'COUNCIL_AFTER_EXAM',
  NOT_ADMITTED = 'NOT_ADMITTED',
  NOT_ON_COMMISSION = 'NOT_ON_COMMISSION',
  EXAM_NOT_HELD_YET = 'EXAM_NOT_HELD_YET',
  INVALID_SCORE = 'INVALID_SCORE',
  RESULT_ALREADY_RECORDED = 'RESULT_ALREADY_RECORDED',
  SCALE_MISSING = 'SCALE_MISSING',
  ALREADY_REVOKED = 'ALREADY_REVOKED',
  STUDENT_NOT_OF_HEI = 'STUDENT_NOT_OF_HEI',
  DISCIPLINE_OR_MODULE = 'DISCIPLINE_OR_MODULE',
  EXAMINER_NOT_AT_HEI = 'EXAMINER_NOT_AT_HEI',
  MENTOR_ONLY_FOR_PRACTICE = 'MENTOR_ONLY_FOR_PRACTICE',
  NOT_THE_STUDENTS_MENTOR = 'NOT_THE_STUDENTS_MENTOR',
  DATE_IN_FUTURE = 'DATE_IN_FUTURE',
}

/** An assessment rule violation. */
export type AssessmentViolation = RuleViolation<AssessmentErrorCode>;

/** The kk/ru/en text of every code: a code without its text does not compile. */
export const ASSESSMENT_MESSAGES: Record<AssessmentErrorCode, Localized> = {
  NOT_THE_HEI: {
    kk: 'Мұны тек бағдарламаның оқу орны жасай алады.',
    ru: 'Это может сделать только учебное заведение программы.',
    en: 'Only the programme’s HEI may do this.',
  },
  PROGRAM_NOT_OF_HEI: {
    kk: 'Бағдарлама сіздің оқу орныңыздікі емес.',
    ru: 'Программа не принадлежит вашему учебному заведению.',
    en: 'The programme does not belong to your HEI.',
  },
  NOT_AN_EMPLOYER: { kk: 'Кәсіпорын көрсетіңіз.', ru: 'Укажите предприятие.', en: 'The co-drafting organisation must be an employer.' },
  MATERIALS_TOO_LATE: {
    kk: 'Бақылау-өлшеу материалдары емтиханнан кемінде бір ай бұрын бекітілуі керек.',
    ru: 'Контрольно-измерительные материалы должны быть утверждены не позднее чем за месяц до экзамена.',
    en: 'The control and measuring materials must be approved at least one month before the exam.',
  },
  TEXT_REQUIRED: { kk: 'Мәтінді толтырыңыз.', ru: 'Заполните текст.', en: 'This text is required.' },
  COMMISSION_UNBALANCED: {
    kk: 'Комиссия 50% кәсіпорын өкілдерінен және 50% үшінші тарап сарапшыларынан тұруы керек (студенттің өз оқу орнынан мүше үшінші тарап емес).',
    ru: 'Комиссия — 50 % представителей предприятия и 50 % сторонних экспертов (член от вуза самого студента сторонним не считается).',
    en: 'The commission must be 50 % enterprise representatives and 50 % third-party experts (a member from the students’ own HEI is not third-party).',
  },
  MEMBER_NOT_AT_ORGANIZATION: {
    kk: 'Мүше бұл ұйымда жұмыс істемейді.',
    ru: 'Член комиссии не состоит в этой организации.',
    en: 'The member does not belong to that organisation.',
  },
  PLACEMENT_NOT_OF_EXAM: {
    kk: 'Орналастыру осы оқу орны мен кәсіпорынға жатпайды.',
    ru: 'Практика не относится к этому вузу и предприятию.',
    en: 'The placement is not one of this exam’s HEI and enterprise.',
  },
  NOT_ADMISSIBLE: {
    kk: 'Қол қойылған сағаттар талап етілгеннен аз: тек тіркелген ерекшелікпен рұқсат етіледі.',
    ru: 'Подписанных часов меньше требуемого: допуск только с записанным исключением.',
    en: 'Signed logbook hours are below the required total: admission needs a recorded exception.',
  },
  COUNCIL_AFTER_EXAM: { kk: 'Кеңес емтиханға дейін өтуі керек.', ru: 'Совет должен пройти до экзамена.', en: 'The council must meet before the exam.' },
  NOT_ADMITTED: {
    kk: 'Студент емтиханға кеңестің шешімімен жіберілмеген: тек жіберілген студенттер емтихан тапсырады.',
    ru: 'Студент не допущен к экзамену решением совета: экзаменуются только допущенные.',
    en: 'The student was not admitted to this exam by the council: only admitted students can be examined.',
  },
  NOT_ON_COMMISSION: {
    kk: 'Нәтижені тек осы емтихан комиссиясының мүшесі жаза алады.',
    ru: 'Результат записывает только член комиссии этого экзамена.',
    en: 'Only a member of this exam’s commission may record its results.',
  },
  EXAM_NOT_HELD_YET: {
    kk: 'Емтихан әлі өткен жоқ.',
    ru: 'Экзамен ещё не состоялся.',
    en: 'The exam has not been held yet.',
  },
  INVALID_SCORE: {
    kk: 'Балл 0-ден 100-ге дейінгі бүтін сан болуы керек.',
    ru: 'Балл — целое число от 0 до 100.',
    en: 'A score is a whole number from 0 to 100.',
  },
  RESULT_ALREADY_RECORDED: {
    kk: 'Бұл студенттің нәтижесі жазылған: ол өзгертілмейді.',
    ru: 'Результат этого студента уже записан и не меняется.',
    en: 'This student’s result is already recorded and never changes.',
  },
  SCALE_MISSING: {
    kk: 'Бағалау шкаласында бұл балға жолақ жоқ.',
    ru: 'В шкале оценивания нет диапазона для этого балла.',
    en: 'The grading scale has no band for this score.',
  },
  ALREADY_REVOKED: { kk: 'Сертификат бұрын кері қайтарылған.', ru: 'Сертификат уже отозван.', en: 'The certificate is already revoked.' },
  STUDENT_NOT_OF_HEI: {
    kk: 'Бұл сіздің оқу орныңыздың студенті емес.',
    ru: 'Это не студент вашего учебного заведения.',
    en: 'The person is not a student of your HEI.',
  },
  DISCIPLINE_OR_MODULE: {
    kk: 'Бағдарламаның бір пәнін немесе бір модулін көрсетіңіз.',
    ru: 'Укажите одну дисциплину или один модуль программы.',
    en: 'Name exactly one discipline or one module of the programme.',
  },
  EXAMINER_NOT_AT_HEI: {
    kk: 'Емтихан алушы оқу орнының қызметкері болуы керек.',
    ru: 'Экзаменатор должен состоять в учебном заведении.',
    en: 'The examiner must be a member of the HEI.',
  },
  MENTOR_ONLY_FOR_PRACTICE: {
    kk: 'Тәлімгерлер тек практика пәндері мен модульдерінің бақылауына қатысады.',
    ru: 'Наставники участвуют только в контроле практик (дисциплин и модулей практики).',
    en: 'Mentors take part only in the control of practice disciplines and modules.',
  },
  NOT_THE_STUDENTS_MENTOR: {
    kk: 'Бұл адам студенттің практикасындағы тәлімгер емес.',
    ru: 'Этот человек не наставник студента ни на одной практике.',
    en: 'The person is not the mentor of any of the student’s placements.',
  },
  DATE_IN_FUTURE: { kk: 'Күн болашақта болмауы керек.', ru: 'Дата не может быть в будущем.', en: 'The day may not be in the future.' },
};

/** A violation with the context's standard text, optionally followed by details (dates, counts). */
export function assessmentViolation(field: string[], code: AssessmentErrorCode, details?: Localized): AssessmentViolation {
  const base = ASSESSMENT_MESSAGES[code];
  const message = details ? { kk: `${base.kk} ${details.kk}`, ru: `${base.ru} ${details.ru}`, en: `${base.en} ${details.en}` } : base;
  return violation(field, code, message);
}

/** The same details in every language (dates, counts). */
export function same(text: string): Localized {
  return { kk: text, ru: text, en: text };
}
