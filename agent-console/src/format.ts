/** Dates and durations in the console's language, through `Intl`. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Clock time, such as "2:05 p.m." or "14 h 05". */
export function formatTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** Date and time, for the `title` of a time whose day may not be today. */
export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * A wait such as "3 minutes" or "1 hr, 5 min". Under a minute it returns null so the caller can
 * say "less than a minute" in words: counting seconds would make the list twitch for no benefit.
 */
export function formatDuration(ms: number, locale: string): string | null {
  if (ms < MINUTE) return null;
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (hours === 0) {
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(minutes);
  }
  const parts = [new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short' }).format(hours)];
  if (minutes > 0) {
    parts.push(new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(minutes));
  }
  return new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format(parts);
}

/** Milliseconds between an ISO time and `now`, never negative (clocks drift). */
export function elapsedSince(iso: string, now: number): number {
  return Math.max(0, now - Date.parse(iso));
}
