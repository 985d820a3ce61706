/**
 * A site's privacy settings (README.md, "Privacy"): which identifiers are taken out of messages
 * besides those always taken out, the collection notice citizens read before and during a chat,
 * and the quick exit. Free of any schema library, so the chat app may import it as values.
 */
import type { Bilingual } from './languages.js';

/** What server/domain/redaction.ts removes; the first three always, the others when a site asks. */
export const REDACTION_KINDS = ['sin', 'card', 'health', 'phone', 'email', 'postal'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** The marker left where an identifier of `kind` was: language-neutral, rendered by each reader. */
export const redactionMarker = (kind: RedactionKind): string => `[redacted:${kind}]`;

/** Finds the markers in a stored message's text (the chat app renders them and explains them). */
export const REDACTION_MARKER = /\[redacted:(sin|card|health|phone|email|postal)\]/g;

/** The kinds a site removes as well (agents often need them, so each is off unless the site says). */
export interface SiteRedaction {
  phone: boolean;
  email: boolean;
  postalCode: boolean;
}

export const DEFAULT_SITE_REDACTION: SiteRedaction = { phone: false, email: false, postalCode: false };

/**
 * A collection notice a government privacy office accepts: under what authority the information is
 * collected, what for, how long it is kept, the personal information bank (or the equivalent the
 * jurisdiction uses) it is described in, whom to ask, and the full notice.
 */
export interface PrivacyNotice {
  legalAuthority: Bilingual;
  purpose: Bilingual;
  retention: Bilingual;
  personalInformationBank: Bilingual;
  contact: Bilingual;
  /** The full notice, an https link per language. */
  fullNoticeUrl: Bilingual;
}

export const PRIVACY_NOTICE_FIELDS = ['legalAuthority', 'purpose', 'retention', 'personalInformationBank', 'contact', 'fullNoticeUrl'] as const satisfies ReadonlyArray<keyof PrivacyNotice>;

/** Characters each of a notice's texts may hold (a legal authority cites acts and sections). */
export const PRIVACY_NOTICE_TEXT_MAX = 1000;

/**
 * A quick exit for people at risk: a visible button and Escape twice within
 * QUICK_EXIT_ESCAPE_WINDOW_MS leave the page for `url` (https) and clear the chat from the tab.
 */
export interface SiteQuickExit {
  enabled: boolean;
  url: string;
}

/** A neutral page that says nothing about what the person was reading. */
export const DEFAULT_QUICK_EXIT_URL = 'https://www.google.ca/';
export const DEFAULT_QUICK_EXIT: SiteQuickExit = { enabled: false, url: DEFAULT_QUICK_EXIT_URL };
export const QUICK_EXIT_ESCAPE_WINDOW_MS = 1000;

/** Whether `url` is an address a quick exit may leave for: https, no user or password. */
export function isQuickExitUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 500 || !url.startsWith('https://')) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
