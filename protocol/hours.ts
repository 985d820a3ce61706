/**
 * Business hours and why chat may be unavailable: shapes shared by the server (which decides) and
 * the chat app (which shows them). Free of any schema library so the widget can import it as values.
 */
import type { Bilingual } from './languages.js';

/** Days of the week, Monday first (ISO 8601). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening on a day, in the site's local time: `opens` and `closes` as `HH:MM`, `24:00` for midnight at the end. */
export interface OpeningPeriod {
  opens: string;
  closes: string;
}

/**
 * When chat is open on a site, in its own time zone. A day missing from `weekly` (or with no
 * periods) is closed; a holiday (a local date, `YYYY-MM-DD`) is closed all day; no new chat starts
 * in the last `lastAdmissionMinutes` before closing.
 */
export interface BusinessHours {
  /** An IANA time zone, such as `America/Toronto`. */
  timeZone: string;
  weekly: Partial<Record<Weekday, OpeningPeriod[]>>;
  holidays: string[];
  lastAdmissionMinutes: number;
}

/** Why a chat cannot start now. */
export const UNAVAILABLE_REASONS = [
  /** The site's chat is switched off. */
  'chat_disabled',
  /** Outside the weekly hours. */
  'outside_hours',
  /** Today is one of the site's holidays. */
  'holiday',
  /** Open, but too close to closing for a new chat. */
  'after_last_admission',
  /** Open, but no agent who serves this topic in this language is signed in. */
  'nobody_available',
  /** The soft launch does not offer chat (or this topic) to this visitor on this page now. */
  'not_offered',
  /** The capacity guard is closed: the wait is too long for a new chat now. */
  'busy',
] as const;
export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number];

/** How a citizen can reach the service other than by chat. */
export const OTHER_WAY_KINDS = ['phone', 'tty', 'in_person', 'web_form'] as const;
export type OtherWayKind = (typeof OTHER_WAY_KINDS)[number];

/** Another way to reach the service: what to show (`text`) and, if it is a link, where it goes (`tel:`, `https:`). */
export interface OtherWay {
  kind: OtherWayKind;
  text: Bilingual;
  href: Bilingual | null;
}

/** A page where citizens can help themselves, in each language. */
export interface SelfServiceLink {
  label: Bilingual;
  url: Bilingual;
}
