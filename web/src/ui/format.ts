import { useCallback } from 'react';
import { useLang, type Lang } from '../i18n/i18n';

const LOCALE: Record<Lang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

/** Dates, date-times and numbers in the person's language (a `YYYY-MM-DD` or ISO date-time string in). */
export function useFormat() {
  const { lang } = useLang();
  const date = useCallback(
    (value: string | null | undefined) => (value ? new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium' }).format(new Date(value)) : '—'),
    [lang],
  );
  const dateTime = useCallback(
    (value: string | null | undefined) =>
      value ? new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value)) : '—',
    [lang],
  );
  const number = useCallback((value: number | null | undefined) => (value == null ? '—' : new Intl.NumberFormat(LOCALE[lang]).format(value)), [lang]);
  return { date, dateTime, number };
}
