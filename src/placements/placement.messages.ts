import type { LocalizedText } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules about placements. */
export enum PlacementErrorCode {
  INVALID_PERIOD = 'INVALID_PERIOD',
  INVALID_TIME_MODEL = 'INVALID_TIME_MODEL',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  NOT_A_PARTY = 'NOT_A_PARTY',
  CODE_TAKEN = 'CODE_TAKEN',
  STUDENT_NOT_AT_HEI = 'STUDENT_NOT_AT_HEI',
  STUDENT_ALREADY_PLACED = 'STUDENT_ALREADY_PLACED',
  WORKPLACE_NOT_AT_EMPLOYER = 'WORKPLACE_NOT_AT_EMPLOYER',
  AGREEMENT_MISMATCH = 'AGREEMENT_MISMATCH',
  AGREEMENT_DOES_NOT_COVER_PERIOD = 'AGREEMENT_DOES_NOT_COVER_PERIOD',
  AGREEMENT_NOT_SIGNED = 'AGREEMENT_NOT_SIGNED',
  AGREEMENT_TERMINATED = 'AGREEMENT_TERMINATED',
  MENTOR_REQUIRED = 'MENTOR_REQUIRED',
  MENTOR_NOT_AT_HOST = 'MENTOR_NOT_AT_HOST',
  CURATOR_NOT_AT_HEI = 'CURATOR_NOT_AT_HEI',
  REASON_REQUIRED = 'REASON_REQUIRED',
  /** The mentor has no valid pedagogical training on the day that matters (the mentoring context checks it). */
  MENTOR_NOT_TRAINED = 'MENTOR_NOT_TRAINED',
  /** The student is not enrolled in a programme of the HEI (for an intake up to the placement's start year); the enrolment context checks it. */
  STUDENT_NOT_ENROLLED = 'STUDENT_NOT_ENROLLED',
  /** The HEI or the employer named is a deactivated organisation: it cannot be a party to a new placement. */
  ORGANIZATION_INACTIVE = 'ORGANIZATION_INACTIVE',
  /** Reserved for the readiness gate: the student is not cleared for the workplace's hazards. */
  CLEARANCE_MISSING = 'CLEARANCE_MISSING',
}

/** What each code's text is made from (codes without parameters take none). */
export interface PlacementMessageParams {
  /** Without `period`: the dates are out of order; with it: activation outside the placement's period. */
  INVALID_PERIOD: { period?: { start: string; end: string } };
  INVALID_TRANSITION: { from: string; to: string };
  /** `overlap`: another placement overlaps the period; `active`: another one is ACTIVE. */
  STUDENT_ALREADY_PLACED: { kind: 'overlap' | 'active' };
  AGREEMENT_DOES_NOT_COVER_PERIOD: { validFrom: string; validTo: string };
  /** The parties that have not signed, e.g. `EMPLOYER, STUDENT`. */
  AGREEMENT_NOT_SIGNED: { missing: string };
  /** The start date and the hazard categories the student is not cleared for. */
  /** The day checked and, if any, the day the latest training was valid until. */
  MENTOR_NOT_TRAINED: { day: string; latest?: string };
  /** The placement's start year: an enrolment of a later intake does not count. */
  STUDENT_NOT_ENROLLED: { year: number };
  CLEARANCE_MISSING: { date: string; categories: readonly { code: string; name: LocalizedText }[] };
}

type ParamsOf<C extends PlacementErrorCode> = C extends keyof PlacementMessageParams ? PlacementMessageParams[C] : Record<string, never>;

/** The kk/ru/en text of every placement rule code: a code without its text does not compile. */
export const PLACEMENT_MESSAGES: { readonly [C in PlacementErrorCode]: (p: ParamsOf<C>) => LocalizedText } = {
  INVALID_PERIOD: ({ period }) =>
    period
      ? {
          kk: `Орналастыру тек өз кезеңінде (${period.start} – ${period.end}) басталады.`,
          ru: `Практика может начаться только в свой период (${period.start} – ${period.end}).`,
          en: `A placement can start only within its period (${period.start} – ${period.end}).`,
        }
      : {
          kk: 'Кезеңнің соңы басынан бұрын болмауы керек (күндер ЖЖЖЖ-АА-КК пішімінде).',
          ru: 'Окончание периода не может быть раньше начала (даты в формате ГГГГ-ММ-ДД).',
          en: 'The period cannot end before it starts (dates as YYYY-MM-DD).',
        },
  INVALID_TIME_MODEL: () => ({
    kk: 'Аптасына күн саны 1-ден 5-ке дейін болуы керек; блоктық модельде көрсетілмейді.',
    ru: 'Число дней в неделю — от 1 до 5; для блочной модели не указывается.',
    en: 'Days per week must be 1–5 for DAYS_PER_WEEK and absent for BLOCK.',
  }),
  INVALID_TRANSITION: ({ from, to }) => ({
    kk: `${from} күйінен ${to} күйіне өту мүмкін емес.`,
    ru: `Переход из состояния ${from} в ${to} невозможен.`,
    en: `A placement cannot go from ${from} to ${to}.`,
  }),
  NOT_A_PARTY: () => ({
    kk: 'Мұны тек орналастырудың оқу орны немесе кәсіпорны жасай алады.',
    ru: 'Это может сделать только учебное заведение или предприятие этой практики.',
    en: 'Only the placement’s HEI or employer may do this.',
  }),
  CODE_TAKEN: () => ({ kk: 'Бұл код бос емес.', ru: 'Этот код уже занят.', en: 'This placement code is already taken.' }),
  STUDENT_NOT_AT_HEI: () => ({
    kk: 'Бұл адам осы оқу орнының білім алушысы емес.',
    ru: 'Этот человек не является обучающимся этого учебного заведения.',
    en: 'This person is not a student of this HEI.',
  }),
  STUDENT_ALREADY_PLACED: ({ kind }) =>
    kind === 'overlap'
      ? {
          kk: 'Білім алушының осы кезеңмен қиылысатын басқа орналастыруы бар.',
          ru: 'У обучающегося уже есть другая практика, пересекающаяся с этим периодом.',
          en: 'The student already has another placement overlapping this period.',
        }
      : {
          kk: 'Білім алушының басқа белсенді орналастыруы бар: бір уақытта тек біреуі болады.',
          ru: 'У обучающегося уже есть активная практика: одновременно может быть только одна.',
          en: 'The student already has an active placement; only one may be active at a time.',
        },
  WORKPLACE_NOT_AT_EMPLOYER: () => ({
    kk: 'Жұмыс орны осы кәсіпорынға тиесілі емес.',
    ru: 'Рабочее место не принадлежит этому предприятию.',
    en: 'The workplace does not belong to this employer.',
  }),
  AGREEMENT_MISMATCH: () => ({
    kk: 'Келісім осы оқу орны мен кәсіпорынды (үшжақты болса — осы білім алушыны) атамайды.',
    ru: 'Договор не называет это учебное заведение и предприятие (для трёхстороннего — этого обучающегося).',
    en: 'The agreement does not name this HEI and employer (and, if tripartite, this student).',
  }),
  AGREEMENT_DOES_NOT_COVER_PERIOD: ({ validFrom, validTo }) => ({
    kk: `Кезең келісімнің қолданылу мерзімінен (${validFrom} – ${validTo}) шығады.`,
    ru: `Период выходит за срок действия договора (${validFrom} – ${validTo}).`,
    en: `The period lies outside the agreement's validity (${validFrom} – ${validTo}).`,
  }),
  AGREEMENT_NOT_SIGNED: ({ missing }) => ({
    kk: `Келісімге барлық тараптар қол қоймаған (қол қоймағандар: ${missing}); орналастыру басталмайды.`,
    ru: `Договор подписан не всеми сторонами (не подписали: ${missing}); практика не может начаться.`,
    en: `The agreement is not signed by every party (missing: ${missing}); the placement cannot start.`,
  }),
  AGREEMENT_TERMINATED: () => ({ kk: 'Келісім бұзылған.', ru: 'Договор расторгнут.', en: 'The agreement has been terminated.' }),
  MENTOR_REQUIRED: () => ({
    kk: 'Белсенді орналастыруда дәл бір тәлімгер болуы керек: алдымен тәлімгер тағайындаңыз.',
    ru: 'У активной практики должен быть ровно один наставник: сначала назначьте наставника.',
    en: 'An active placement has exactly one mentor: assign a mentor first.',
  }),
  MENTOR_NOT_AT_HOST: () => ({
    kk: 'Тәлімгер қабылдаушы кәсіпорынның тәлімгер рөліндегі қызметкері болуы керек.',
    ru: 'Наставник должен быть сотрудником принимающего предприятия с ролью наставника.',
    en: 'The mentor must be an employee of the host employer with the mentor role.',
  }),
  CURATOR_NOT_AT_HEI: () => ({
    kk: 'Куратор осы оқу орнының кураторы болуы керек.',
    ru: 'Куратор должен быть куратором этого учебного заведения.',
    en: 'The curator must be a curator of this HEI.',
  }),
  REASON_REQUIRED: () => ({ kk: 'Себебін көрсетіңіз.', ru: 'Укажите причину.', en: 'State the reason.' }),
  ORGANIZATION_INACTIVE: () => ({
    kk: 'Тарап деактивацияланған ұйым: ол жаңа орналастыруға тарап бола алмайды.',
    ru: 'Сторона — деактивированная организация: она не может быть стороной новой практики.',
    en: 'This party is a deactivated organisation: it cannot be a party to a new placement.',
  }),
  STUDENT_NOT_ENROLLED: ({ year }) => ({
    kk: `Білім алушы (studentId) осы оқу орнының бағдарламасына (${year} жылға дейінгі қабылдауға) қабылданбаған; орналастыруды тек оқуға қабылданған білім алушыға жоспарлауға болады.`,
    ru: `Обучающийся (studentId) не зачислен на программу этого учебного заведения (набор не позже ${year} года); практику можно планировать только зачисленному обучающемуся.`,
    en: `The student (studentId) is not enrolled in a programme of this HEI (an intake in ${year} or earlier); a placement can be planned only for an enrolled student.`,
  }),
  MENTOR_NOT_TRAINED: ({ day, latest }) => ({
    kk: `Тәлімгердің ${day} күні жарамды педагогикалық дайындығы жоқ.${latest ? ` Соңғы оқуы ${latest} дейін жарамды.` : ' Оқуы тіркелмеген.'}`,
    ru: `У наставника нет действующей педагогической подготовки на ${day}.${latest ? ` Последнее обучение действительно до ${latest}.` : ' Обучение не записано.'}`,
    en: `The mentor has no valid pedagogical training on ${day}.${latest ? ` The latest training is valid until ${latest}.` : ' No training is recorded.'}`,
  }),
  CLEARANCE_MISSING: ({ date, categories }) => {
    const list = (lang: keyof LocalizedText) => categories.map((c) => `${c.code} (${c.name[lang]})`).join(', ');
    return {
      kk: `Білім алушының ${date} күнгі рұқсаты жоқ; жетіспейтін қауіп санаттары: ${list('kk')}.`,
      ru: `У обучающегося нет допуска на ${date}; не хватает категорий опасности: ${list('ru')}.`,
      en: `The student is not cleared on ${date}; missing hazard categories: ${list('en')}.`,
    };
  },
};

/** A placement rule violation at `field`, with its code's text made from `params`. */
export function placementViolation<C extends PlacementErrorCode>(
  field: string[],
  code: C,
  ...params: C extends keyof PlacementMessageParams ? [PlacementMessageParams[C]] : []
): RuleViolation<PlacementErrorCode> {
  const text = PLACEMENT_MESSAGES[code] as (p: unknown) => LocalizedText;
  return violation(field, code, text(params[0] ?? {}));
}
