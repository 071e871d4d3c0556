import { useState } from 'react';
import { graphql, request } from '../../graphql';
import { defineMessages, useLocalized, useT } from '../../i18n/i18n';
import { hrefOf } from '../../router';
import { useFormat } from '../../ui/format';
import { RequestFailed, useQuery } from '../../ui/request-state';

const Placements = graphql(`
  query EmployerPlacements($within: Int!) {
    placements(first: 100) {
      totalCount
      nodes {
        id
        code
        status
        startDate
        endDate
        clearanceExpiresAt
        student {
          fullName
        }
        workplace {
          code
          site {
            kk
            ru
            en
          }
        }
        clearance {
          status
          missingCategories
        }
      }
    }
    expiringClearances(within: $within, first: 100) {
      nodes {
        id
        code
        endDate
        clearanceExpiresAt
        student {
          fullName
        }
        workplace {
          code
        }
      }
    }
  }
`);

const m = defineMessages({
  all: { kk: 'Барлық практикалар ({count})', ru: 'Все практики ({count})', en: 'All placements ({count})' },
  expiring: { kk: 'Мерзімі бітетін рұқсаттар', ru: 'Истекающие допуски', en: 'Expiring clearances' },
  within: { kk: 'Күн ішінде', ru: 'В течение дней', en: 'Within days' },
  none: { kk: 'Жоқ.', ru: 'Нет.', en: 'None.' },
  code: { kk: 'Код', ru: 'Код', en: 'Code' },
  student: { kk: 'Студент', ru: 'Студент', en: 'Student' },
  workplace: { kk: 'Жұмыс орны', ru: 'Рабочее место', en: 'Workplace' },
  period: { kk: 'Мерзімі', ru: 'Период', en: 'Period' },
  status: { kk: 'Күйі', ru: 'Статус', en: 'Status' },
  clearance: { kk: 'Рұқсат', ru: 'Допуск', en: 'Clearance' },
  clearanceUntil: { kk: 'Рұқсат мерзімі', ru: 'Допуск до', en: 'Clearance until' },
  ends: { kk: 'Аяқталуы', ru: 'Окончание', en: 'Ends' },
  CLEARED: { kk: 'бар', ru: 'допущен', en: 'cleared' },
  NOT_CLEARED: { kk: 'жоқ', ru: 'не допущен', en: 'not cleared' },
  PLANNED: { kk: 'жоспарланған', ru: 'запланирована', en: 'planned' },
  CONFIRMED: { kk: 'расталған', ru: 'подтверждена', en: 'confirmed' },
  ACTIVE: { kk: 'белсенді', ru: 'идёт', en: 'active' },
  SUSPENDED: { kk: 'тоқтатылған', ru: 'приостановлена', en: 'suspended' },
  COMPLETED: { kk: 'аяқталған', ru: 'завершена', en: 'completed' },
  CANCELLED: { kk: 'болдырылмаған', ru: 'отменена', en: 'cancelled' },
  checkLink: { kk: 'тексеру', ru: 'проверить', en: 'check' },
});

/** Employer: their placements with clearance status, and the clearances running out soon. */
export default function PlacementsPage() {
  const t = useT(m);
  const name = useLocalized();
  const { date } = useFormat();
  const [within, setWithin] = useState(30);
  const q = useQuery(() => request(Placements, { within }), [within]);
  const nodes = q.data?.placements.nodes ?? [];
  const expiring = q.data?.expiringClearances.nodes ?? [];
  return (
    <>
      <RequestFailed error={q.error} />
      <section aria-labelledby="expiring-title">
        <h2 id="expiring-title">{t('expiring')}</h2>
        <label className="field narrow">
          <span>{t('within')}</span>
          <select value={within} onChange={(e) => setWithin(Number(e.target.value))}>
            {[7, 30, 90, 365].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        {expiring.length === 0 && !q.loading ? <p>{t('none')}</p> : null}
        {expiring.length ? (
          <div className="table-wrap">
            <table data-testid="expiring-clearances">
              <thead>
                <tr>
                  <th scope="col">{t('code')}</th>
                  <th scope="col">{t('student')}</th>
                  <th scope="col">{t('workplace')}</th>
                  <th scope="col">{t('clearanceUntil')}</th>
                  <th scope="col">{t('ends')}</th>
                </tr>
              </thead>
              <tbody>
                {expiring.map((p) => (
                  <tr key={p.id}>
                    <td>{p.code}</td>
                    <td>{p.student?.fullName ?? '—'}</td>
                    <td>{p.workplace?.code ?? '—'}</td>
                    <td>
                      <span className="status warn">{date(p.clearanceExpiresAt)}</span>
                    </td>
                    <td>{date(p.endDate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="all-title">
        <h2 id="all-title">{t('all', { count: q.data?.placements.totalCount ?? 0 })}</h2>
        <div className="table-wrap">
          <table data-testid="placements">
            <thead>
              <tr>
                <th scope="col">{t('code')}</th>
                <th scope="col">{t('student')}</th>
                <th scope="col">{t('workplace')}</th>
                <th scope="col">{t('period')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('clearance')}</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((p) => (
                <tr key={p.id} data-code={p.code}>
                  <td>{p.code}</td>
                  <td>{p.student?.fullName ?? '—'}</td>
                  <td>{name(p.workplace?.site) || p.workplace?.code}</td>
                  <td>
                    {date(p.startDate)} – {date(p.endDate)}
                  </td>
                  <td>{t(p.status)}</td>
                  <td>
                    <span className={`status ${p.clearance.status === 'CLEARED' ? 'ok' : 'bad'}`}>{t(p.clearance.status)}</span>{' '}
                    {p.clearance.status === 'CLEARED' && p.clearanceExpiresAt ? date(p.clearanceExpiresAt) : null}{' '}
                    <a href={hrefOf('clearance', { q: p.code })}>{t('checkLink')}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
