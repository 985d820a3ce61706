/**
 * The console's language: chosen by the agent, remembered in localStorage, reflected in
 * `<html lang>`, and handed to components through a context with its string catalogue.
 */
import { createContext, useContext } from 'react';
import { languageFromTag, type Language } from '../../protocol/languages.js';
import { catalogues, type Strings } from './i18n.js';

const STORAGE_KEY = 'agent-console.language';

export interface LanguageContextValue {
  language: Language;
  strings: Strings;
  /** BCP 47 locale for `Intl`: Canadian English and French, the audience of this console. */
  locale: string;
  setLanguage: (language: Language) => void;
}

export function localeOf(language: Language): string {
  return language === 'fr' ? 'fr-CA' : 'en-CA';
}

/** The saved choice, else the browser's preferred language. */
export function initialLanguage(): Language {
  let saved: string | null = null;
  try {
    saved = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled by policy; the browser's language is then a fine default.
  }
  if (saved === 'en' || saved === 'fr') return saved;
  return languageFromTag(navigator.language);
}

/** Remembers the choice and applies it to the document (screen readers read `lang`). */
export function applyLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered across reloads, but the switch still works for this page.
  }
  document.documentElement.lang = language;
}

export const LanguageContext = createContext<LanguageContextValue>({
  language: 'en',
  strings: catalogues.en,
  locale: localeOf('en'),
  setLanguage: () => {},
});

/** The current language, its strings and a way to change it. */
export function useLanguage(): LanguageContextValue {
  return useContext(LanguageContext);
}
