import { useState } from 'react';
import { graphql, request, type ResultOf } from '../../graphql';
import { defineMessages, useLocalized, useT } from '../../i18n/i18n';
import { hrefOf } from '../../router';
import { useFormat } from '../../ui/format';
import { DataTable, SelectField } from '../../ui/data-table';
import { useQuery } from '../../ui/request-state';

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

type Placement = ResultOf<typeof Placements>['placements']['nodes'][number];
type Expiring = ResultOf<typeof Placements>['expiringClearances']['nodes'][number];

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
      <section aria-labelledby="expiring-title">
        <h2 id="expiring-title">{t('expiring')}</h2>
        <SelectField
          label={t('within')}
          value={String(within)}
          onChange={(e) => setWithin(Number(e.target.value))}
          options={[7, 30, 90, 365].map((d) => ({ value: String(d), text: String(d) }))}
        />
        <DataTable
          testId="expiring-clearances"
          status={q}
          rows={expiring}
          rowKey={(p) => p.id}
          columns={[
            { key: 'code', header: t('code'), cell: (p: Expiring) => p.code },
            { key: 'student', header: t('student'), cell: (p: Expiring) => p.student?.fullName ?? '—' },
            { key: 'workplace', header: t('workplace'), cell: (p: Expiring) => p.workplace?.code ?? '—' },
            { key: 'clearanceUntil', header: t('clearanceUntil'), cell: (p: Expiring) => <span className="status warn">{date(p.clearanceExpiresAt)}</span> },
            { key: 'ends', header: t('ends'), cell: (p: Expiring) => date(p.endDate) },
          ]}
        />
      </section>
      <section aria-labelledby="all-title">
        <h2 id="all-title">{t('all', { count: q.data?.placements.totalCount ?? 0 })}</h2>
        <DataTable
          testId="placements"
          status={{ loading: q.loading }}
          rows={nodes}
          rowKey={(p) => p.id}
          rowData={(p) => ({ code: p.code })}
          columns={[
            { key: 'code', header: t('code'), cell: (p: Placement) => p.code },
            { key: 'student', header: t('student'), cell: (p: Placement) => p.student?.fullName ?? '—' },
            { key: 'workplace', header: t('workplace'), cell: (p: Placement) => name(p.workplace?.site) || p.workplace?.code },
            {
              key: 'period',
              header: t('period'),
              cell: (p: Placement) => (
                <>
                  {date(p.startDate)} – {date(p.endDate)}
                </>
              ),
            },
            { key: 'status', header: t('status'), cell: (p: Placement) => t(p.status) },
            {
              key: 'clearance',
              header: t('clearance'),
              cell: (p: Placement) => (
                <>
                  <span className={`status ${p.clearance.status === 'CLEARED' ? 'ok' : 'bad'}`}>{t(p.clearance.status)}</span>{' '}
                  {p.clearance.status === 'CLEARED' && p.clearanceExpiresAt ? date(p.clearanceExpiresAt) : null}{' '}
                  <a href={hrefOf('clearance', { q: p.code })}>{t('checkLink')}</a>
                </>
              ),
            },
          ]}
        />
      </section>
    </>
  );
}
