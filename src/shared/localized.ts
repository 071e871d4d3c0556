/**
 * Text meant for people, in Kazakh, Russian and English: the one type of it everywhere (entities
 * store it as one JSONB value, rule messages return it, the lab runtime's exercise titles use it).
 * The GraphQL object type of the same schema name is `LocalizedTextType` in src/graphql.
 */
export interface LocalizedText {
  kk: string;
  ru: string;
  en: string;
}

/** @deprecated The old name of {@link LocalizedText}, kept only so branches in flight still compile. */
export type Localized = LocalizedText;

/** The languages DualHub speaks to people in. */
export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Picks the caller's language from an Accept-Language header; English when none matches. */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  const wanted = (acceptLanguage ?? '').split(',').map((part) => part.trim().slice(0, 2).toLowerCase());
  return wanted.find((lang): lang is Language => (LANGUAGES as readonly string[]).includes(lang)) ?? 'en';
}
