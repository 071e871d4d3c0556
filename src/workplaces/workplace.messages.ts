import type { LocalizedText } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules about workplaces. */
export enum WorkplaceErrorCode {
  NOT_AN_EMPLOYER = 'NOT_AN_EMPLOYER',
  NOT_YOUR_ORGANIZATION = 'NOT_YOUR_ORGANIZATION',
  CODE_TAKEN = 'CODE_TAKEN',
  UNKNOWN_HAZARD_CATEGORY = 'UNKNOWN_HAZARD_CATEGORY',
}

/** What each code's text is made from (codes without parameters take none). */
export interface WorkplaceMessageParams {
  /** What the caller tried on another employer's workplace: add one, or change one. */
  NOT_YOUR_ORGANIZATION: { action: 'add' | 'change' };
  /** The hazard category codes that do not exist. */
  UNKNOWN_HAZARD_CATEGORY: { codes: readonly string[] };
}

type ParamsOf<C extends WorkplaceErrorCode> = C extends keyof WorkplaceMessageParams ? WorkplaceMessageParams[C] : Record<string, never>;

/** The kk/ru/en text of every workplace rule code: a code without its text does not compile. */
export const WORKPLACE_MESSAGES: { readonly [C in WorkplaceErrorCode]: (p: ParamsOf<C>) => LocalizedText } = {
  NOT_AN_EMPLOYER: () => ({
    kk: 'Жұмыс орны тек кәсіпорынға тиесілі бола алады.',
    ru: 'Рабочее место может принадлежать только предприятию.',
    en: 'A workplace can belong only to an employer.',
  }),
  NOT_YOUR_ORGANIZATION: ({ action }) =>
    action === 'add'
      ? {
          kk: 'Тек өз кәсіпорныңыздың жұмыс орындарын қоса аласыз.',
          ru: 'Добавлять можно только рабочие места своего предприятия.',
          en: 'You may add workplaces only to your own enterprise.',
        }
      : {
          kk: 'Тек өз кәсіпорныңыздың жұмыс орындарын өзгерте аласыз.',
          ru: 'Изменять можно только рабочие места своего предприятия.',
          en: 'You may change only the workplaces of your own enterprise.',
        },
  CODE_TAKEN: () => ({ kk: 'Бұл код бос емес.', ru: 'Этот код уже занят.', en: 'This workplace code is already taken.' }),
  UNKNOWN_HAZARD_CATEGORY: ({ codes }) => ({
    kk: `Белгісіз қауіп санаттары: ${codes.join(', ')}.`,
    ru: `Неизвестные категории опасности: ${codes.join(', ')}.`,
    en: `Unknown hazard categories: ${codes.join(', ')}.`,
  }),
};

/** A refusal with the code's text in kk/ru/en, made from the code's parameters. */
export function workplaceViolation<C extends WorkplaceErrorCode>(
  field: string[],
  code: C,
  ...params: C extends keyof WorkplaceMessageParams ? [WorkplaceMessageParams[C]] : []
): RuleViolation<WorkplaceErrorCode> {
  const text = WORKPLACE_MESSAGES[code] as (p: unknown) => LocalizedText;
  return violation(field, code, text(params[0] ?? {}));
}
