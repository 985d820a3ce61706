/** Business hours, days and dates in the citizen's language and the site's time zone, through `Intl`. */
import type { Language } from '../../protocol/languages.js';
import type { HoursView } from '../../protocol/models.js';
import type { LaterStrings } from '../i18n/chat-later.js';
import { format } from '../i18n/format.js';

const localeOf = (language: Language): string => (language === 'fr' ? 'fr-CA' : 'en-CA');
const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The zone's name, such as "Eastern Time" or "heure de l’Est"; the IANA name if `Intl` has none. */
export function zoneName(timeZone: string, language: Language): string {
  const part = new Intl.DateTimeFormat(localeOf(language), { timeZone, timeZoneName: 'longGeneric' })
    .formatToParts(Date.now())
    .find((candidate) => candidate.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** Monday (0) to Sunday (6), capitalized: "Monday", "Lundi". */
export function dayName(index: number, language: Language): string {
  // 1 January 2024 was a Monday.
  return capitalized(new Intl.DateTimeFormat(localeOf(language), { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + index)));
}

/** `HH:MM` as the language writes a time of day: "8:30 a.m.", "8 h 30"; `24:00` is midnight. */
function timeOfDay(time: string, language: Language, t: LaterStrings): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  if (hours === 24) return t.midnight;
  return new Intl.DateTimeFormat(localeOf(language), { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(Date.UTC(2000, 0, 1, hours, minutes));
}

/** One day's hours in words: "8:30 a.m. to 4:30 p.m.", "Open 24 hours", "Closed". */
export function dayHours(periods: HoursView['days'][number]['periods'], language: Language, t: LaterStrings): string {
  if (periods.length === 0) return t.closedDay;
  if (periods.length === 1 && periods[0]!.opens === '00:00' && periods[0]!.closes === '24:00') return t.allDay;
  return periods
    .map((period) => format(t.period, { opens: timeOfDay(period.opens, language, t), closes: timeOfDay(period.closes, language, t) }))
    .join(', ');
}

/** An instant in the site's zone, with the day: "Tuesday, November 3 at 8:30 a.m. EST". */
export function openingText(iso: string, timeZone: string, language: Language): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  })
    .formatToParts(Date.parse(iso))
    // Some locales pad the hour here ("08 h 30") though not in a time alone ("8 h 30").
    .map((part) => (part.type === 'hour' ? String(Number(part.value)) : part.value))
    .join('');
}

/** Local dates (`YYYY-MM-DD`) as a list: "December 25 and December 28". */
export function dateList(dates: readonly string[], language: Language): string {
  const day = new Intl.DateTimeFormat(localeOf(language), { month: 'long', day: 'numeric', timeZone: 'UTC' });
  return new Intl.ListFormat(localeOf(language), { type: 'conjunction' }).format(dates.map((date) => day.format(Date.parse(`${date}T00:00:00Z`))));
}
