import { useState, type FormEvent } from 'react';
import { graphql, GraphQLRequestError, request, type ResultOf } from '../../graphql';
import { activeLang, defineMessages, useLocalized, useT } from '../../i18n/i18n';
import { useRoute } from '../../router';
import { BarChart } from '../../ui/bar-chart';
import { DataTable, SelectField, type Column } from '../../ui/data-table';
import { useFormat } from '../../ui/format';
import { TextField } from '../../ui/form';
import { RequestFailed, useQuery } from '../../ui/request-state';

const Definitions = graphql(`
  query IndicatorDefinitions {
    indicatorDefinitions {
      code
      materialized
      filters
      name {
        kk
        ru
        en
      }
      definition {
        kk
        ru
        en
      }
      columns {
        name
        type
        definition {
          kk
          ru
          en
        }
      }
      threshold {
        column
        value
        definition {
          kk
          ru
          en
        }
      }
    }
  }
`);

const Indicator = graphql(`
  query Indicator($code: String!, $filter: IndicatorFilterInput, $limit: Int) {
    indicator(code: $code, filter: $filter, limit: $limit) {
      rows
      truncated
      refreshedAt
    }
  }
`);

const m = defineMessages({
  intro: {
    kk: 'Дуалды оқытудың өңірлік көрсеткіштері, PostgreSQL-де сіздің ұйымыңыз көре алатын жолдар бойынша есептелген. Толық кестені CSV немесе XLSX етіп жүктеп алыңыз.',
    ru: 'Региональные показатели дуального обучения, вычисленные в PostgreSQL по строкам, которые видит ваша организация. Полную таблицу можно скачать в CSV или XLSX.',
    en: 'The regional indicators of dual training, computed in PostgreSQL over the rows your organisation may see. Download the whole table as CSV or XLSX.',
  },
  indicator: { kk: 'Көрсеткіш', ru: 'Показатель', en: 'Indicator' },
  region: { kk: 'Өңір коды (міндетті емес)', ru: 'Код региона (необязательно)', en: 'Region code (optional)' },
  fromYear: { kk: 'Бастап (жыл)', ru: 'С года', en: 'From year' },
  toYear: { kk: 'Дейін (жыл)', ru: 'По год', en: 'To year' },
  show: { kk: 'Көрсету', ru: 'Показать', en: 'Show' },
  table: { kk: 'Кесте', ru: 'Таблица', en: 'Table' },
  chart: { kk: 'Диаграмма', ru: 'Диаграмма', en: 'Chart' },
  chartOf: { kk: '{name}: диаграмма', ru: '{name}: диаграмма', en: '{name}: chart' },
  columns: { kk: 'Бағандар', ru: 'Столбцы', en: 'Columns' },
  download: { kk: 'Жүктеп алу', ru: 'Скачать', en: 'Download' },
  csv: { kk: 'CSV жүктеп алу', ru: 'Скачать CSV', en: 'Download CSV' },
  xlsx: { kk: 'XLSX жүктеп алу', ru: 'Скачать XLSX', en: 'Download XLSX' },
  downloaded: { kk: '{file} жүктелді.', ru: 'Файл {file} скачан.', en: '{file} downloaded.' },
  truncated: {
    kk: 'Алғашқы {n} жол көрсетілген; толығы жүктелетін файлда.',
    ru: 'Показаны первые {n} строк; полностью — в скачиваемом файле.',
    en: 'The first {n} rows are shown; the download has them all.',
  },
  refreshed: { kk: 'Жаңартылған: {when}', ru: 'Обновлено: {when}', en: 'Refreshed: {when}' },
  live: { kk: 'Тікелей есептеледі.', ru: 'Вычисляется на лету.', en: 'Computed live.' },
  threshold: { kk: 'Шегі: {value}', ru: 'Порог: {value}', en: 'Threshold: {value}' },
  yes: { kk: 'иә', ru: 'да', en: 'yes' },
  no: { kk: 'жоқ', ru: 'нет', en: 'no' },
});

type Definition = ResultOf<typeof Definitions>['indicatorDefinitions'][number];
type Row = Record<string, unknown>;
/** Rows shown on the page (the export has every row). */
const PAGE_ROWS = 200;
/** Groups drawn in the chart (the table has every shown row). */
const CHART_GROUPS = 24;
const FILTER_FIELDS = ['region', 'fromYear', 'toYear'] as const;
type FilterForm = Record<(typeof FILTER_FIELDS)[number], string>;

/** The filter of the form as the API takes it: only the filters this indicator takes, blanks left out. */
function filterOf(definition: Definition | undefined, form: FilterForm) {
  const takes = (name: string) => definition?.filters.includes(name) ?? false;
  return {
    region: takes('region') && form.region.trim() ? form.region.trim().toUpperCase() : undefined,
    fromYear: takes('fromYear') && form.fromYear.trim() ? Number(form.fromYear) : undefined,
    toYear: takes('toYear') && form.toYear.trim() ? Number(form.toYear) : undefined,
  };
}

/**
 * Downloads `/exports/indicators/<code>.<format>` with the session cookie. A fetch (not a link)
 * because a cookie-authenticated export must carry the x-dualhub-csrf header; the file is then
 * handed to the browser as a blob with the server's file name.
 */
async function download(code: string, format: 'csv' | 'xlsx', filter: Record<string, string | number | undefined>): Promise<string> {
  const query = new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])));
  const response = await fetch(`/exports/indicators/${code}.${format}${query.toString() ? `?${query}` : ''}`, {
    credentials: 'same-origin',
    headers: { 'x-dualhub-csrf': '1', 'accept-language': activeLang() },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { errors?: { message: string; extensions?: { code?: string } }[] };
    throw new GraphQLRequestError(body.errors ?? [{ message: `HTTP ${response.status}` }], response.status);
  }
  const file = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${code.toLowerCase()}.${format}`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = file;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return file;
}

/** Coordinator / industry council / authority: every regional indicator as a table and a chart, with CSV/XLSX download. */
export default function IndicatorsPage() {
  const t = useT(m);
  const name = useLocalized();
  const { number, date } = useFormat();
  const route = useRoute();
  const definitions = useQuery(() => request(Definitions), []);
  const all = definitions.data?.indicatorDefinitions ?? [];
  const [picked, setPicked] = useState(route.params.get('code') ?? '');
  const definition = all.find((d) => d.code === picked) ?? all[0];
  const [form, setForm] = useState<FilterForm>({ region: '', fromYear: '', toYear: '' });
  const [applied, setApplied] = useState<FilterForm>(form);
  const filter = filterOf(definition, applied);
  const table = useQuery(
    () => (definition ? request(Indicator, { code: definition.code, filter, limit: PAGE_ROWS }) : Promise.resolve(null)),
    [definition?.code, JSON.stringify(filter)],
  );
  const [exported, setExported] = useState<{ file?: string; error?: unknown }>({});

  const rows = (table.data?.indicator.rows ?? []) as Row[];
  // Row ids (uuids) mean nothing to a person: the table shows the rest; the export has every column.
  const shown = (definition?.columns ?? []).filter((c) => c.type !== 'id');
  // A year is a label, not a quantity: no digit grouping.
  const counted = (c: { name: string; type: string }) => (c.type === 'int' || c.type === 'number') && c.name !== 'year';
  const cell = (c: { name: string; type: string }, value: unknown) =>
    value == null ? '—' : counted(c) ? number(Number(value)) : c.type === 'boolean' ? t(value ? 'yes' : 'no') : String(value);
  const columns: Column<Row>[] = shown.map((c) => ({
    key: c.name,
    header: name(c.definition).replace(/\.$/, ''),
    numeric: counted(c),
    cell: (r) => cell(c, r[c.name]),
  }));
  // The chart: one group per row (its text columns and year as the label), one bar per count or share.
  // Shares and rates ('number') and counts ('int') are on different scales: chart the shares when
  // the indicator has any (its threshold is one), else the counts.
  const shares = shown.filter((c) => c.type === 'number');
  const values = shares.length ? shares : shown.filter(counted);
  const labels = shown.filter((c) => (c.type === 'text' || c.name === 'year') && c.name !== 'region');
  const chart = {
    values,
    groups: rows.slice(0, CHART_GROUPS).map((r) => ({ label: labels.map((c) => String(r[c.name] ?? '—')), values: values.map((c) => Number(r[c.name] ?? 0)) })),
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(form);
  };
  const save = async (format: 'csv' | 'xlsx') => {
    if (!definition) return;
    setExported({});
    try {
      setExported({ file: await download(definition.code, format, filterOf(definition, applied)) });
    } catch (error) {
      setExported({ error });
    }
  };

  if (!definition) return <RequestFailed error={definitions.error} />;
  const threshold = definition.threshold && chart.values.some((c) => c.name === definition.threshold!.column) ? definition.threshold : undefined;
  return (
    <>
      <p>{t('intro')}</p>
      <form onSubmit={submit} className="row" noValidate data-testid="indicator-filters">
        <SelectField
          label={t('indicator')}
          name="indicator"
          value={definition.code}
          onChange={(e) => setPicked(e.target.value)}
          options={all.map((d) => ({ value: d.code, text: name(d.name) }))}
        />
        {FILTER_FIELDS.filter((f) => definition.filters.includes(f)).map((f) => (
          <TextField
            key={f}
            label={t(f)}
            name={f}
            inputMode={f === 'region' ? undefined : 'numeric'}
            value={form[f]}
            onChange={(e) => setForm({ ...form, [f]: e.target.value })}
          />
        ))}
        <div className="field">
          <button type="submit">{t('show')}</button>
        </div>
      </form>

      <section aria-labelledby="indicator-title" data-testid="indicator" data-code={definition.code}>
        <h2 id="indicator-title">{name(definition.name)}</h2>
        <p data-testid="indicator-definition">{name(definition.definition)}</p>
        <p className="hint">
          {table.data?.indicator.refreshedAt ? t('refreshed', { when: date(table.data.indicator.refreshedAt) }) : definition.materialized ? null : t('live')}{' '}
          {definition.threshold ? t('threshold', { value: number(definition.threshold.value) }) + ` — ${name(definition.threshold.definition)}` : null}
        </p>
        <div className="row" role="group" aria-label={t('download')}>
          <button type="button" onClick={() => void save('csv')}>
            {t('csv')}
          </button>
          <button type="button" onClick={() => void save('xlsx')}>
            {t('xlsx')}
          </button>
        </div>
        <div aria-live="polite" data-testid="export-status">
          {exported.file ? <p className="hint">{t('downloaded', { file: exported.file })}</p> : null}
        </div>
        <RequestFailed error={exported.error} />

        <h3>{t('table')}</h3>
        {table.data?.indicator.truncated ? <p className="hint">{t('truncated', { n: PAGE_ROWS })}</p> : null}
        <DataTable testId="indicator-table" status={table} rows={rows} rowKey={(_, i) => String(i)} columns={columns} />

        {rows.length && chart.values.length ? (
          <>
            <h3>{t('chart')}</h3>
            <BarChart
              title={t('chartOf', { name: name(definition.name) })}
              series={chart.values.map((c) => name(c.definition).replace(/\.$/, ''))}
              groups={chart.groups}
              threshold={threshold ? { value: threshold.value, label: t('threshold', { value: number(threshold.value) }) } : undefined}
            />
          </>
        ) : null}

        <h3>{t('columns')}</h3>
        <dl className="definitions" data-testid="indicator-columns">
          {definition.columns.map((c) => (
            <div key={c.name}>
              <dt>
                <code>{c.name}</code>
              </dt>
              <dd>{name(c.definition)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
