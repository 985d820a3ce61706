/**
 * The strings of the chat app's parts loaded later, in both languages: imported by those parts
 * only (ClosedView, EndedNotice and what they draw), so that a page's first download carries just
 * what the start form and the conversation need (chat-en.ts, chat-fr.ts). Both languages come
 * together: a part is loaded once, and the citizen may switch language while it shows.
 */
import type { Language } from '../../protocol/languages.js';
import type { ChatStrings } from './chat-strings.js';
import { enLater } from './chat-later-en.js';
import { frLater } from './chat-later-fr.js';

export { enLater, frLater };

export type LaterStrings = Record<keyof typeof enLater, string>;

export const LATER_STRINGS: Record<Language, LaterStrings> = { en: enLater, fr: frLater };

/** What a part loaded later reads: the page's strings, with the later ones in the same language. */
export type PartStrings = ChatStrings & LaterStrings;

export const withLater = (t: ChatStrings, language: Language): PartStrings => ({ ...t, ...LATER_STRINGS[language] });
