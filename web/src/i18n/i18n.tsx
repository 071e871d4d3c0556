import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** The languages of every text for people: Kazakh, Russian, English. */
export const LANGUAGES = ['kk', 'ru', 'en'] as const;
/** One of {@link LANGUAGES}. */
export type Lang = (typeof LANGUAGES)[number];
/** A text in the three languages (the API's `LocalizedText` has the same shape). */
export interface LocalizedText {
  kk: string;
  ru: string;
  en: string;
}

/**
 * A page's (or a part's) text table, keyed by code: `defineMessages({ title: { kk, ru, en } })`.
 * A key without one of the three languages does not compile.
 */
export function defineMessages<K extends string>(table: Record<K, LocalizedText>): Record<K, LocalizedText> {
  return table;
}

const STORAGE_KEY = 'dualhub.lang';

function initialLang(): Lang {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Lang;
  for (const l of globalThis.navigator?.languages ?? []) {
    const base = l.slice(0, 2).toLowerCase();
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Lang;
  }
  return 'en';
}

let currentLang: Lang = initialLang();
/** The language in use now, for code outside React (the GraphQL client's Accept-Language). */
export const activeLang = (): Lang => currentLang;

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
}
const I18nContext = createContext<I18n>({ lang: currentLang, setLang: () => undefined });

/** Holds the chosen language (remembered in localStorage) and keeps `<html lang>` in step. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(currentLang);
  const setLang = useCallback((next: Lang) => {
    currentLang = next;
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The language and its setter. */
export const useLang = () => useContext(I18nContext);

/**
 * A translator for one table: `const t = useT(messages); t('title')`. `{name}` placeholders are
 * filled from `params`.
 */
export function useT<K extends string>(table: Record<K, LocalizedText>) {
  const { lang } = useLang();
  return useCallback((key: K, params?: Record<string, string | number>) => fill(table[key][lang], params), [lang, table]);
}

/** Picks the person's language from a LocalizedText (API values such as organisation names). */
export function useLocalized() {
  const { lang } = useLang();
  return useCallback((text: LocalizedText | null | undefined) => (text ? text[lang] || text.en : ''), [lang]);
}

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
