/**
 * Every string of the chat app, in English (chat-en.ts) and French (chat-fr.ts). Typed by the
 * English entry, so a string missing in French fails the type check. `{name}`-style holes are
 * filled by `format`. The chat app imports only the types from here and loads each language's
 * module on its own (widget/app/catalogue.ts); tests and scripts read both here.
 */
import type { ErrorCode } from '../../protocol/error-codes.js';
import type { Language } from '../../protocol/languages.js';
import { en, enErrors } from './chat-en.js';
import { fr, frErrors } from './chat-fr.js';
import { enLater, frLater, type LaterStrings } from './chat-later.js';

export { format } from './format.js';

export type ChatStrings = Record<keyof typeof en, string>;
/** What a person is told for each error code (`fallback` for one without its own words). */
export type ErrorStrings = Partial<Record<ErrorCode, string>> & { fallback: string };
/** One language's strings: what the chat app loads. */
export interface Catalogue {
  strings: ChatStrings;
  errors: ErrorStrings;
}

/** Every string, those of the parts loaded later included (for tests and scripts). */
export const CHAT_STRINGS: Record<Language, ChatStrings & LaterStrings> = { en: { ...en, ...enLater }, fr: { ...fr, ...frLater } };

/** What a person is told for each error code; never the server's own message. */
export const ERROR_STRINGS: Record<Language, ErrorStrings> = { en: enErrors, fr: frErrors };
