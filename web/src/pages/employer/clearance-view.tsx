import { defineMessages, useLocalized, useT } from '../../i18n/i18n';
import type { ResultOf } from '../../graphql';
import { graphql } from '../../graphql';
import { useFormat } from '../../ui/format';

/** The fields a clearance is shown with; spread into any query that asks for a `Clearance`. */
export const ClearanceFields = graphql(`
  fragment ClearanceFields on Clearance {
    status
    at
    validUntil
    missingCategories
    categories {
      code
      status
      validUntil
      name {
        kk
        ru
        en
      }
    }
  }
`);

const m = defineMessages({
  CLEARED: { kk: 'РҰҚСАТ БЕРІЛДІ', ru: 'ДОПУЩЕН', en: 'CLEARED' },
  NOT_CLEARED: { kk: 'РҰҚСАТ ЖОҚ', ru: 'НЕ ДОПУЩЕН', en: 'NOT CLEARED' },
  validUntil: { kk: 'Жарамды: {date} дейін', ru: 'Действует до {date}', en: 'Valid until {date}' },
  missingTitle: { kk: 'Жетіспейтіні', ru: 'Чего не хватает', en: 'What is missing' },
  coveredTitle: { kk: 'Бар', ru: 'Есть', en: 'Covered' },
  category: { kk: 'Қауіп санаты', ru: 'Категория опасности', en: 'Hazard category' },
  state: { kk: 'Күйі', ru: 'Состояние', en: 'State' },
  until: { kk: 'Мерзімі', ru: 'Срок', en: 'Valid until' },
  COVERED: { kk: 'бар', ru: 'есть', en: 'covered' },
  EXPIRED: { kk: 'мерзімі өтті', ru: 'истёк', en: 'expired' },
  MISSING: { kk: 'жоқ', ru: 'нет', en: 'missing' },
  REVOKED: { kk: 'кері қайтарылды', ru: 'отозван', en: 'revoked' },
  noHazards: { kk: 'Жұмыс орнында қауіп санаттары жоқ.', ru: 'У рабочего места нет категорий опасности.', en: 'The workplace has no hazard categories.' },
});

type Clearance = ResultOf<typeof ClearanceFields>;

/** CLEARED, or the list of what is missing (with the expiry date of what ran out). */
export function ClearanceView({ clearance }: { clearance: Clearance }) {
  const t = useT(m);
  const name = useLocalized();
  const { date } = useFormat();
  const missing = clearance.categories.filter((c) => c.status !== 'COVERED');
  const covered = clearance.categories.filter((c) => c.status === 'COVERED');
  const table = (rows: typeof missing, caption: string, testId: string) => (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('category')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col">{t('until')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.code} data-category={c.code}>
              <td>{name(c.name)}</td>
              <td>{t(c.status)}</td>
              <td>{date(c.validUntil)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <div className="result" data-testid="clearance-result" data-status={clearance.status}>
      <p>
        <span className={`status ${clearance.status === 'CLEARED' ? 'ok' : 'bad'}`} role="status">
          {t(clearance.status)}
        </span>{' '}
        {clearance.status === 'CLEARED' && clearance.validUntil ? t('validUntil', { date: date(clearance.validUntil) }) : null}
      </p>
      {clearance.categories.length === 0 ? <p>{t('noHazards')}</p> : null}
      {missing.length ? table(missing, t('missingTitle'), 'clearance-missing') : null}
      {covered.length ? table(covered, t('coveredTitle'), 'clearance-covered') : null}
    </div>
  );
}
