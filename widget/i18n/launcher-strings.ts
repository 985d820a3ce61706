/**
 * The few strings the loader draws on the host page. Apart from the chat app's catalogue so the
 * loader (budget: 2 KB gzipped) carries only these.
 */
import type { Language } from '../../protocol/languages.js';

export interface LauncherStrings {
  launcher: string;
  /** The launcher's name while the panel is open. */
  launcherOpen: string;
  /** Said after the launcher's name when messages arrived with the panel closed: `{n}` is the count. */
  unread: string;
  frameTitle: string;
}

export const LAUNCHER_STRINGS: Record<Language, LauncherStrings> = {
  en: {
    launcher: 'Chat with us',
    launcherOpen: 'Hide chat',
    unread: '{n} new',
    frameTitle: 'Chat with an agent',
  },
  fr: {
    launcher: 'Clavarder avec nous',
    launcherOpen: 'Masquer le clavardage',
    unread: '{n} nouveau(x)',
    frameTitle: 'Clavarder avec un agent',
  },
};
