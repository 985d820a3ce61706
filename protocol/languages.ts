/** The official languages every user-facing string exists in. */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Picks a supported language from a BCP 47 tag such as `fr-CA`; English otherwise. */
export function languageFromTag(tag: string | null | undefined): Language {
  return tag?.trim().toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** A string in both official languages. */
export type Bilingual = Record<Language, string>;
