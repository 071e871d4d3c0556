import { useState, type FormEvent } from 'react';
import { graphql, GraphQLRequestError, request, type ResultOf } from '../../graphql';
import { defineMessages, useT } from '../../i18n/i18n';
import { BarChart } from '../../ui/bar-chart';
import { DataTable } from '../../ui/data-table';
import { useFormat } from '../../ui/format';
import { ErrorList, TextField, type FieldError } from '../../ui/form';
import { useQuery } from '../../ui/request-state';

const Pipeline = graphql(`
  query Pipeline($input: PipelineInput) {
    pipeline(input: $input) {
      year
      demand
      agreedOrder
      approvedOrder
      acceptedOrder
      budgetPlaces
      dualPlaces
    }
  }
`);

const m = defineMessages({
  intro: {
    kk: 'Жұмыс берушілердің сұранысынан қабылдаудың бақылау сандарына дейін, жылдар бойынша.',
    ru: 'От заявленной работодателями потребности до контрольных цифр приёма, по годам.',
    en: "From employers' stated demand to admission control figures, per year.",
  },
  fromYear: { kk: 'Бастап (жыл)', ru: 'С года', en: 'From year' },
  toYear: { kk: 'Дейін (жыл)', ru: 'По год', en: 'To year' },
  industry: { kk: 'ЭҚЖЖ бөлімі (міндетті емес)', ru: 'Раздел ОКЭД (необязательно)', en: 'OKED section (optional)' },
  qualification: { kk: 'Біліктілік коды (міндетті емес)', ru: 'Код квалификации (необязательно)', en: 'Qualification code (optional)' },
  show: { kk: 'Көрсету', ru: 'Показать', en: 'Show' },
  year: { kk: 'Жыл', ru: 'Год', en: 'Year' },
  demand: { kk: 'Сұраныс', ru: 'Потребность', en: 'Demand' },
  agreedOrder: { kk: 'Келісілген тапсырыс', ru: 'Согласованный заказ', en: 'Agreed order' },
  approvedOrder: { kk: 'Бекітілген тапсырыс', ru: 'Утверждённый заказ', en: 'Approved order' },
  acceptedOrder: { kk: 'ЖОО қабылдаған', ru: 'Принято вузами', en: 'Accepted by HEIs' },
  budgetPlaces: { kk: 'Бюджет орындары', ru: 'Бюджетные места', en: 'Budget places' },
  dualPlaces: { kk: 'Оның ішінде дуалды', ru: 'Из них дуальных', en: 'Of them dual' },
  chart: { kk: 'Жылдар бойынша диаграмма', ru: 'Диаграмма по годам', en: 'Chart by year' },
  table: { kk: 'Кесте', ru: 'Таблица', en: 'Table' },
  indicators: { kk: 'Өңірлік көрсеткіштер', ru: 'Региональные показатели', en: 'Regional indicators' },
});

type Row = ResultOf<typeof Pipeline>['pipeline'][number];
const SERIES = ['demand', 'agreedOrder', 'approvedOrder', 'acceptedOrder', 'budgetPlaces'] as const;
/** Coordinator / industry council / authority: the pipeline from demand to admission. */
export default function PipelinePage() {
  const t = useT(m);
  const { number } = useFormat();
  const thisYear = new Date().getFullYear();
  const [form, setForm] = useState({ fromYear: String(thisYear), toYear: String(thisYear + 5), industry: '', qualificationCode: '' });
  const [input, setInput] = useState(form);
  const q = useQuery(
    () =>
      request(Pipeline, {
        input: {
          fromYear: Number(input.fromYear) || null,
          toYear: Number(input.toYear) || null,
          industry: input.industry.trim() || null,
          qualificationCode: input.qualificationCode.trim() || null,
        },
      }),
    [input],
  );
  // The API refuses a bad range as BAD_USER_INPUT naming the field: show it next to that field.
  const fieldErrors: FieldError[] =
    q.error instanceof GraphQLRequestError
      ? q.error.errors.map((e) => ({ code: e.extensions?.code ?? 'ERROR', field: e.extensions?.field ?? ['input'], message: e.message }))
      : [];
  const on = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setInput(form);
  };
  const rows = q.data?.pipeline ?? [];
  const leaf = (k: string) => fieldErrors.filter((e) => e.field?.[e.field.length - 1] === k);
  return (
    <>
      <p>{t('intro')}</p>
      <form onSubmit={submit} className="row" noValidate>
        <TextField label={t('fromYear')} name="fromYear" inputMode="numeric" value={form.fromYear} onChange={on('fromYear')} errors={leaf('fromYear')} />
        <TextField label={t('toYear')} name="toYear" inputMode="numeric" value={form.toYear} onChange={on('toYear')} errors={leaf('toYear')} />
        <TextField label={t('industry')} name="industry" value={form.industry} onChange={on('industry')} errors={leaf('industry')} />
        <TextField
          label={t('qualification')}
          name="qualificationCode"
          value={form.qualificationCode}
          onChange={on('qualificationCode')}
          errors={leaf('qualificationCode')}
        />
        <div className="field">
          <button type="submit">{t('show')}</button>
        </div>
      </form>
      {fieldErrors.length ? (
        <ErrorList errors={fieldErrors.filter((e) => !['fromYear', 'toYear', 'industry', 'qualificationCode'].includes(e.field?.at(-1) ?? ''))} />
      ) : null}
      <section aria-labelledby="pipeline-table-title">
        <h2 id="pipeline-table-title">{t('table')}</h2>
        <DataTable
          testId="pipeline"
          status={q.error instanceof GraphQLRequestError ? { loading: q.loading } : q}
          rows={rows}
          rowKey={(r) => String(r.year)}
          columns={[
            { key: 'year', header: t('year'), rowHeader: true, cell: (r: Row) => r.year },
            ...[...SERIES, 'dualPlaces' as const].map((k) => ({ key: k, header: t(k), numeric: true, cell: (r: Row) => number(r[k]) })),
          ]}
        />
      </section>
      {rows.length ? (
        <section aria-labelledby="pipeline-chart-h">
          <h2 id="pipeline-chart-h">{t('chart')}</h2>
          <BarChart
            title={t('chart')}
            series={SERIES.map((k) => t(k))}
            groups={rows.map((r) => ({ label: String(r.year), values: SERIES.map((k) => r[k]) }))}
          />
        </section>
      ) : null}
    </>
  );
}
