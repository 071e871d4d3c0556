/** Text meant for people, in Kazakh, Russian and English. Stored as one JSONB value. */
export interface Localized {
  kk: string;
  ru: string;
  en: string;
}

/** The languages DualHub speaks to people in. */
export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Picks the caller's language from an Accept-Language header; English when none matches. */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.trim().slice(0, 2).toLowerCase());
  return (wanted.find((lang): lang is Language => (LANGUAGES as readonly string[]).includes(lang)) ?? 'en');
}
