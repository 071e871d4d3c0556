import type { LocalizedText } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';
import { type CreditTotals, MAX_DISCIPLINE_CREDITS, MAX_EMPLOYER_SHARE_PERCENT } from './program.rules';

/** Codes of the rules about educational programmes. */
export enum ProgramErrorCode {
  /** Only an HEI runs programmes. */
  NOT_AN_HEI = 'NOT_AN_HEI',
  /** The programme belongs to another HEI: only its owner changes it. */
  NOT_YOUR_PROGRAM = 'NOT_YOUR_PROGRAM',
  /** The code is already used (programme code in the HEI, module/discipline/competency code in the programme). */
  DUPLICATE_CODE = 'DUPLICATE_CODE',
  /** No such employer (an organisation of kind EMPLOYER). */
  EMPLOYER_NOT_FOUND = 'EMPLOYER_NOT_FOUND',
  /** The module is not one of this programme's modules. */
  MODULE_NOT_FOUND = 'MODULE_NOT_FOUND',
  /** Credits must be a whole number from 1 to 60. */
  INVALID_CREDITS = 'INVALID_CREDITS',
  /** The change would make the employer-adapted part exceed 30 % of the programme's credits. */
  EMPLOYER_SHARE_EXCEEDED = 'EMPLOYER_SHARE_EXCEEDED',
}

/** What each code's text is made from (codes without parameters take none). */
export interface ProgramMessageParams {
  /** Which kind of thing already has `code` (programme in the HEI; module, discipline, competency in the programme; outcome in the competency). */
  DUPLICATE_CODE: { what: keyof typeof NOUN; code: string };
  /** The share the change would reach, formatted (e.g. `31.7 %`), and the credit totals behind it. */
  EMPLOYER_SHARE_EXCEEDED: { share: string; totals: CreditTotals };
}

type ParamsOf<C extends ProgramErrorCode> = C extends keyof ProgramMessageParams ? ProgramMessageParams[C] : Record<string, never>;

/** The kind of thing a DUPLICATE_CODE is about, as the sentence names it. */
const NOUN = {
  program: { kk: 'бағдарлама', ru: 'Программа', en: 'A programme' },
  module: { kk: 'модуль', ru: 'Модуль', en: 'A module' },
  discipline: { kk: 'пән', ru: 'Дисциплина', en: 'A discipline' },
  competency: { kk: 'құзырет', ru: 'Компетенция', en: 'A competency' },
  outcome: { kk: 'оқыту нәтижесі', ru: 'Результат обучения', en: 'A learning outcome' },
} satisfies Record<string, LocalizedText>;

/** The kk/ru/en text of every programme rule code: a code without its text does not compile. */
export const PROGRAM_MESSAGES: { readonly [C in ProgramErrorCode]: (p: ParamsOf<C>) => LocalizedText } = {
  NOT_AN_HEI: () => ({
    kk: 'Білім беру бағдарламасын тек жоғары оқу орны немесе колледж жасай алады.',
    ru: 'Образовательную программу может создать только вуз или колледж.',
    en: 'Only a university or college may create an educational programme.',
  }),
  NOT_YOUR_PROGRAM: () => ({
    kk: 'Бұл бағдарлама басқа білім беру ұйымына тиесілі: оны тек өз ұйымы өзгерте алады.',
    ru: 'Эта программа принадлежит другой организации образования: изменять её может только она сама.',
    en: 'This programme belongs to another HEI: only that HEI may change it.',
  }),
  DUPLICATE_CODE: ({ what, code }) => ({
    kk: `«${code}» коды бар ${NOUN[what].kk} бұрыннан бар.`,
    ru: `${NOUN[what].ru} с кодом «${code}» уже существует.`,
    en: `${NOUN[what].en} with code "${code}" already exists.`,
  }),
  EMPLOYER_NOT_FOUND: () => ({
    kk: 'Жұмыс беруші табылмады.',
    ru: 'Работодатель не найден.',
    en: 'Employer not found.',
  }),
  MODULE_NOT_FOUND: () => ({
    kk: 'Модуль осы бағдарламада жоқ.',
    ru: 'Такого модуля в этой программе нет.',
    en: 'The module is not part of this programme.',
  }),
  INVALID_CREDITS: () => ({
    kk: `Кредит саны 1-ден ${MAX_DISCIPLINE_CREDITS}-қа дейінгі бүтін сан болуы тиіс.`,
    ru: `Число кредитов должно быть целым, от 1 до ${MAX_DISCIPLINE_CREDITS}.`,
    en: `Credits must be a whole number from 1 to ${MAX_DISCIPLINE_CREDITS}.`,
  }),
  EMPLOYER_SHARE_EXCEEDED: ({ share, totals }) => ({
    kk: `Жұмыс беруші талаптарына бейімделген пәндердің үлесі ${share} болар еді (${totals.adapted} / ${totals.total} кредит); рұқсат етілген шегі — ${MAX_EMPLOYER_SHARE_PERCENT} %.`,
    ru: `Доля дисциплин, адаптированных под требования работодателя, достигла бы ${share} (${totals.adapted} из ${totals.total} кредитов); допускается не более ${MAX_EMPLOYER_SHARE_PERCENT} %.`,
    en: `The employer-adapted share would reach ${share} of the programme's credits (${totals.adapted} of ${totals.total}); at most ${MAX_EMPLOYER_SHARE_PERCENT} % is allowed.`,
  }),
};

/** A refusal with the code's text in kk/ru/en, made from the code's parameters. */
export function programViolation<C extends ProgramErrorCode>(
  field: string[],
  code: C,
  ...params: C extends keyof ProgramMessageParams ? [ProgramMessageParams[C]] : []
): RuleViolation<ProgramErrorCode> {
  const text = PROGRAM_MESSAGES[code] as (p: unknown) => LocalizedText;
  return violation(field, code, text(params[0] ?? {}));
}
