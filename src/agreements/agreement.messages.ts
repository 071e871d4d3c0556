import type { LocalizedText } from '../shared/localized';
import { type RuleViolation, violation } from '../shared/rule-violation';

/** Codes of the rules about agreements. */
export enum AgreementErrorCode {
  NUMBER_TAKEN = 'NUMBER_TAKEN',
  INVALID_PERIOD = 'INVALID_PERIOD',
  NOT_A_PARTY = 'NOT_A_PARTY',
  HEI_REQUIRED = 'HEI_REQUIRED',
  EMPLOYER_REQUIRED = 'EMPLOYER_REQUIRED',
  STUDENT_REQUIRED = 'STUDENT_REQUIRED',
  STUDENT_NOT_ALLOWED = 'STUDENT_NOT_ALLOWED',
  STUDENT_NOT_AT_HEI = 'STUDENT_NOT_AT_HEI',
  INVALID_REMUNERATION = 'INVALID_REMUNERATION',
  ALREADY_SIGNED = 'ALREADY_SIGNED',
  AGREEMENT_TERMINATED = 'AGREEMENT_TERMINATED',
  REASON_REQUIRED = 'REASON_REQUIRED',
  /** A party named is a deactivated organisation: it cannot enter new agreements. */
  ORGANIZATION_INACTIVE = 'ORGANIZATION_INACTIVE',
}

/** What each code's text is made from (codes without parameters take none). */
export interface AgreementMessageParams {
  /** What the caller, not a party, tried: draft the agreement, sign for a party, terminate it. */
  NOT_A_PARTY: { action: 'draft' | 'sign' | 'terminate' };
  /** `draft`: a network-interaction contract names no student; `sign`: a student does not sign this kind. */
  STUDENT_NOT_ALLOWED: { action: 'draft' | 'sign' };
}

type ParamsOf<C extends AgreementErrorCode> = C extends keyof AgreementMessageParams ? AgreementMessageParams[C] : Record<string, never>;

/** The kk/ru/en text of every agreement rule code: a code without its text does not compile. */
export const AGREEMENT_MESSAGES: { readonly [C in AgreementErrorCode]: (p: ParamsOf<C>) => LocalizedText } = {
  ORGANIZATION_INACTIVE: () => ({
    kk: 'Тарап деактивацияланған ұйым: ол жаңа келісімге тарап бола алмайды.',
    ru: 'Сторона — деактивированная организация: она не может быть стороной нового договора.',
    en: 'This party is a deactivated organisation: it cannot be a party to a new agreement.',
  }),
  HEI_REQUIRED: () => ({
    kk: 'Бірінші тарап жоғары оқу орны немесе колледж болуы керек.',
    ru: 'Первой стороной должен быть вуз или колледж.',
    en: 'The first party must be a university or college.',
  }),
  EMPLOYER_REQUIRED: () => ({
    kk: 'Екінші тарап кәсіпорын болуы керек.',
    ru: 'Второй стороной должно быть предприятие.',
    en: 'The second party must be an employer.',
  }),
  NOT_A_PARTY: ({ action }) =>
    ({
      draft: {
        kk: 'Тек өзіңіз тарап болып табылатын келісімді жасай аласыз.',
        ru: 'Составлять можно только договор, стороной которого вы являетесь.',
        en: 'You may draft only an agreement your organisation is a party to.',
      },
      sign: {
        kk: 'Бұл тарап үшін тек оның өз ұйымы қол қоя алады.',
        ru: 'За эту сторону может подписать только её организация.',
        en: 'Only that party’s own organisation may sign for it.',
      },
      terminate: {
        kk: 'Келісімді тек оның тараптары бұза алады.',
        ru: 'Расторгнуть договор могут только его стороны.',
        en: 'Only a party may terminate the agreement.',
      },
    })[action],
  INVALID_PERIOD: () => ({
    kk: 'Қолданылу мерзімінің соңы басынан бұрын болмауы керек.',
    ru: 'Окончание срока действия не может быть раньше его начала.',
    en: 'The validity cannot end before it begins.',
  }),
  INVALID_REMUNERATION: () => ({
    kk: 'Төлем сомасы теріс емес бүтін сан болуы керек.',
    ru: 'Сумма вознаграждения должна быть целым неотрицательным числом.',
    en: 'The remuneration must be a whole, non-negative amount.',
  }),
  STUDENT_REQUIRED: () => ({
    kk: 'Үшжақты келісімде білім алушы көрсетілуі керек.',
    ru: 'В трёхстороннем договоре должен быть указан обучающийся.',
    en: 'A tripartite agreement names the student.',
  }),
  STUDENT_NOT_ALLOWED: ({ action }) =>
    ({
      draft: {
        kk: 'Желілік өзара іс-қимыл шарты білім алушыны атамайды.',
        ru: 'Договор о сетевом взаимодействии не называет обучающегося.',
        en: 'A network-interaction contract does not name a student.',
      },
      sign: {
        kk: 'Бұл келісімге білім алушы қол қоймайды.',
        ru: 'Этот договор обучающийся не подписывает.',
        en: 'A student does not sign this kind of agreement.',
      },
    })[action],
  STUDENT_NOT_AT_HEI: () => ({
    kk: 'Бұл адам осы оқу орнының білім алушысы емес.',
    ru: 'Этот человек не является обучающимся этого учебного заведения.',
    en: 'This person is not a student of this HEI.',
  }),
  NUMBER_TAKEN: () => ({
    kk: 'Бұл нөмірмен келісім тіркелген.',
    ru: 'Договор с этим номером уже зарегистрирован.',
    en: 'An agreement with this number is already registered.',
  }),
  ALREADY_SIGNED: () => ({
    kk: 'Бұл тарап бұрын қол қойған.',
    ru: 'Эта сторона уже подписала договор.',
    en: 'This party has already signed.',
  }),
  REASON_REQUIRED: () => ({
    kk: 'Бұзу себебін көрсетіңіз.',
    ru: 'Укажите причину расторжения.',
    en: 'State the reason for termination.',
  }),
  AGREEMENT_TERMINATED: () => ({
    kk: 'Келісім бұзылған.',
    ru: 'Договор расторгнут.',
    en: 'The agreement has been terminated.',
  }),
};

/** A refusal with the code's text in kk/ru/en, made from the code's parameters. */
export function agreementViolation<C extends AgreementErrorCode>(
  field: string[],
  code: C,
  ...params: C extends keyof AgreementMessageParams ? [AgreementMessageParams[C]] : []
): RuleViolation<AgreementErrorCode> {
  const text = AGREEMENT_MESSAGES[code] as (p: unknown) => LocalizedText;
  return violation(field, code, text(params[0] ?? {}));
}
