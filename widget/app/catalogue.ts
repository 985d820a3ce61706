/**
 * The strings this frame holds. A page ships with its own language's catalogue (fr.html with the
 * French one, index.html with the English one: see start-en.ts, start-fr.ts); the other language
 * is a chunk loaded when the citizen switches, or a resumed chat speaks it, and fetched ahead once
 * the page is idle so that the switch does not wait on the network.
 */
import type { Language } from '../../protocol/languages.js';
import type { Catalogue, ChatStrings, ErrorStrings } from '../i18n/chat-strings.js';

/** Filled by `hold`: only a language held is ever shown (ChatApp waits for `loadCatalogue`). */
export const CHAT_STRINGS = {} as Record<Language, ChatStrings>;
export const ERROR_STRINGS = {} as Record<Language, ErrorStrings>;

export function hold(language: Language, catalogue: Catalogue): void {
  CHAT_STRINGS[language] = catalogue.strings;
  ERROR_STRINGS[language] = catalogue.errors;
}

export const isHeld = (language: Language): boolean => language in CHAT_STRINGS;

const loaders: Record<Language, () => Promise<{ catalogue: Catalogue }>> = {
  en: () => import('../i18n/chat-en.js'),
  fr: () => import('../i18n/chat-fr.js'),
};

const loading: Partial<Record<Language, Promise<void>>> = {};
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Loads a language's strings (once; tried three times before it fails, and afresh after). */
export function loadCatalogue(language: Language): Promise<void> {
  if (isHeld(language)) return Promise.resolve();
  return (loading[language] ??= (async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        hold(language, (await loaders[language]()).catalogue);
        return;
      } catch (error) {
        if (attempt === 3) {
          delete loading[language];
          throw error;
        }
        await delay(attempt * 1000);
      }
    }
  })());
}
