import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';
import { defineMessages, useT } from '../i18n/i18n';
import { shellMessages } from './messages';
import { RequestFailed } from './request-state';

const m = defineMessages({
  loading: shellMessages.loading,
  none: { kk: 'Жоқ.', ru: 'Нет.', en: 'None.' },
});

/** One column of a {@link DataTable}: its header and how a row fills its cell. */
export interface Column<R> {
  /** Stable key of the column (React key; `data-column` of its cells). */
  key: string;
  /** Header text in the person's language. */
  header: ReactNode;
  /** The cell of one row. */
  cell(row: R): ReactNode;
  /** Right-aligned number column (`.num`). */
  numeric?: boolean;
  /** The cell names its row (`<th scope="row">`); at most one column should. */
  rowHeader?: boolean;
}

/** What a page's request is doing (the shape `useQuery` returns). */
export interface RequestStatus {
  loading?: boolean;
  error?: unknown;
}

/**
 * A list as a table with the request state around it: the failure (in the person's language)
 * where the rows would be, "Loading…" before the first answer, "None." for an empty answer, and
 * otherwise a scrollable `<table>` with `<th scope>` headers. Rows carry `data-*` from `rowData`.
 */
export function DataTable<R>({
  columns,
  rows,
  rowKey,
  status = {},
  testId,
  caption,
  empty,
  rowData,
}: {
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey(row: R, index: number): string;
  status?: RequestStatus;
  /** `data-testid` of the `<table>`. */
  testId?: string;
  /** A visible caption (the table's accessible name). */
  caption?: ReactNode;
  /** Text for an empty list; default "None.". */
  empty?: ReactNode;
  /** `data-*` attributes of a row (without the prefix), e.g. `{ code: p.code }`. */
  rowData?(row: R): Record<string, string>;
}) {
  const t = useT(m);
  if (status.error) return <RequestFailed error={status.error} />;
  if (!rows.length)
    return (
      <p className="hint" data-testid={testId ? `${testId}-empty` : undefined}>
        {status.loading ? t('loading') : (empty ?? t('none'))}
      </p>
    );
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.key} className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)} {...dataAttributes(rowData?.(row))}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th scope="row" key={c.key} data-column={c.key} className={c.numeric ? 'num' : undefined}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={c.key} data-column={c.key} className={c.numeric ? 'num' : undefined}>
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function dataAttributes(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
}

/** A labelled `<select>` for a list's filter, its options given as value → text. */
export function SelectField({
  label,
  options,
  ...select
}: { label: string; options: readonly { value: string; text: string }[] } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="field narrow">
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}
