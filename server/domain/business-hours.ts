/**
 * Whether chat is open at an instant, by a site's business hours in its own time zone: weekly
 * periods, holidays (local dates), and a last admission before closing. Pure: the time is passed
 * in, and local time comes from `Intl` with the site's IANA zone, so daylight saving changes are the
 * zone database's business, not ours (no time-zone library).
 *
 * Rules: a period is open from `opens` (inclusive) to `closes` (exclusive), in local wall time.
 * Periods that touch or overlap, on one day or across midnight (`24:00` then `00:00`), form one
 * stretch; the last admission counts back from the end of the stretch, in real minutes. A holiday
 * closes its whole local day. A wall time that a spring-forward skips opens when the clock jumps
 * past it; one that a fall-back repeats opens at its first occurrence.
 */
import { WEEKDAYS, type BusinessHours, type OpeningPeriod, type UnavailableReason, type Weekday } from '../../protocol/hours.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
/** How far ahead the next opening is looked for: a year of holidays and then some. */
const SEARCH_DAYS = 400;

/** Chat is open (until `closesAt`, taking new chats until `lastAdmissionAt`; null: open around the clock), or closed and why. */
export type Availability =
  | { open: true; closesAt: number | null; lastAdmissionAt: number | null }
  | { open: false; reason: Extract<UnavailableReason, 'outside_hours' | 'holiday' | 'after_last_admission'>; nextOpening: number | null };

/** A local wall time: the date, its weekday (0 = Monday) and the minute of the day (with fractions). */
export interface WallClock {
  date: string;
  weekday: number;
  minute: number;
}

/** A period in minutes of the day. */
interface Span {
  opens: number;
  closes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local wall time at `instant`, as if it were UTC, in milliseconds (seconds precision, plus the instant's milliseconds). */
function wallMs(timeZone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const millis = ((instant % 1000) + 1000) % 1000;
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) + millis;
}

/** The local wall time at `instant` in `timeZone`. */
export function localWallClock(timeZone: string, instant: number): WallClock {
  const wall = wallMs(timeZone, instant);
  const midnight = Math.floor(wall / DAY_MS) * DAY_MS;
  return { date: isoDate(midnight), weekday: (new Date(midnight).getUTCDay() + 6) % 7, minute: (wall - midnight) / MINUTE_MS };
}

const isoDate = (utcMidnight: number): string => new Date(utcMidnight).toISOString().slice(0, 10);
const dateMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const addDays = (date: string, days: number): string => isoDate(dateMs(date) + days * DAY_MS);
const weekdayOf = (date: string): Weekday => WEEKDAYS[(new Date(dateMs(date)).getUTCDay() + 6) % 7]!;

/**
 * The first instant whose local wall time is at or after `minute` of `date`: the one instant that
 * shows that wall time, the earlier of two when a fall-back repeats it, or the moment a
 * spring-forward jumps past it.
 */
export function instantOfWallTime(timeZone: string, date: string, minute: number): number {
  const target = dateMs(date) + minute * MINUTE_MS;
  // The zone's offsets a day either side: real zones change at most once in between.
  const candidates = [DAY_MS, -DAY_MS].map((shift) => target - (wallMs(timeZone, target + shift) - (target + shift)));
  const exact = candidates.filter((candidate) => wallMs(timeZone, candidate) === target);
  if (exact.length > 0) return Math.min(...exact);
  // Skipped by a spring-forward: find the jump by bisection between the two readings.
  let low = Math.min(...candidates);
  let high = Math.max(...candidates);
  if (wallMs(timeZone, high) < target) return high;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (wallMs(timeZone, middle) >= target) high = middle;
    else low = middle;
  }
  return high;
}

/** Minutes from `HH:MM`; `24:00` is the end of the day. */
export function minutesOf(time: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(time);
  if (match === null) return Number.NaN;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= DAY_MINUTES ? minutes : Number.NaN;
}

/** A day's periods in minutes, sorted, with touching or overlapping ones merged. */
export function spansOf(periods: readonly OpeningPeriod[] | undefined): Span[] {
  const sorted = (periods ?? [])
    .map((period) => ({ opens: minutesOf(period.opens), closes: minutesOf(period.closes) }))
    .filter((span) => span.opens < span.closes)
    .sort((a, b) => a.opens - b.opens);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.opens <= last.closes) last.closes = Math.max(last.closes, span.closes);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * What is wrong with a set of hours, in words for an operator; empty when they are usable. For
 * whatever sets a site's hours (the demo's are checked by its tests; administration screens are to
 * come): `availability` trusts its input, and an unknown zone would make it throw.
 */
export function hoursProblems(hours: BusinessHours): string[] {
  const problems: string[] = [];
  try {
    formatterFor(hours.timeZone);
  } catch {
    problems.push(`"${hours.timeZone}" is not a known time zone.`);
  }
  for (const [day, periods] of Object.entries(hours.weekly)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) problems.push(`"${day}" is not a day of the week.`);
    for (const period of periods ?? []) {
      const opens = minutesOf(period.opens);
      const closes = minutesOf(period.closes);
      if (!(opens < DAY_MINUTES && opens < closes)) problems.push(`${day} ${period.opens}–${period.closes} is not a period of one day.`);
    }
  }
  for (const holiday of hours.holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday) || isoDate(dateMs(holiday)) !== holiday) problems.push(`"${holiday}" is not a date.`);
  }
  if (!Number.isInteger(hours.lastAdmissionMinutes) || hours.lastAdmissionMinutes < 0 || hours.lastAdmissionMinutes > DAY_MINUTES) {
    problems.push('The last admission must be 0 to 1440 minutes before closing.');
  }
  return problems;
}

/** Whether chat is open at `now` by these hours (`null`: no hours set, always open), and if not, why and when it opens. */
export function availability(hours: BusinessHours | null, now: number): Availability {
  if (hours === null) return { open: true, closesAt: null, lastAdmissionAt: null };
  const schedule = new Schedule(hours);
  const state = schedule.stateAt(now);
  if (state.open) return state;
  return { open: false, reason: state.reason, nextOpening: schedule.nextOpeningAfter(now) };
}

/** `now` when chat is open, else the next instant it opens; null when it never opens again (within a year and a month). */
export function nextOpening(hours: BusinessHours | null, now: number): number | null {
  const state = availability(hours, now);
  return state.open ? now : state.nextOpening;
}

/** Holidays from the local date at `now` to `days` later, in order. */
export function upcomingHolidays(hours: BusinessHours, now: number, days: number): string[] {
  const today = localWallClock(hours.timeZone, now).date;
  const last = addDays(today, days);
  return [...new Set(hours.holidays)].filter((date) => date >= today && date <= last).sort();
}

/** A day's periods as `HH:MM`, sorted and merged, as the chat app shows them. */
export function periodsOf(periods: readonly OpeningPeriod[] | undefined): OpeningPeriod[] {
  const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return spansOf(periods).map((span) => ({ opens: hhmm(span.opens), closes: hhmm(span.closes) }));
}

/** One set of hours, with its days' periods and holidays ready to look up. */
class Schedule {
  private readonly holidays: ReadonlySet<string>;
  private readonly days: ReadonlyMap<Weekday, Span[]>;
  private readonly lastAdmissionMs: number;

  constructor(private readonly hours: BusinessHours) {
    this.holidays = new Set(hours.holidays);
    this.days = new Map(WEEKDAYS.map((day) => [day, spansOf(hours.weekly[day])]));
    this.lastAdmissionMs = hours.lastAdmissionMinutes * MINUTE_MS;
  }

  /** Open or closed at `now`, without looking for the next opening. */
  stateAt(now: number): Availability | { open: false; reason: 'outside_hours' | 'holiday' | 'after_last_admission' } {
    const wall = localWallClock(this.hours.timeZone, now);
    if (this.holidays.has(wall.date)) return { open: false, reason: 'holiday' };
    const span = this.spansOn(wall.date).find((candidate) => candidate.opens <= wall.minute && wall.minute < candidate.closes);
    if (span === undefined) return { open: false, reason: 'outside_hours' };
    const closesAt = this.stretchEnd(wall.date, span);
    const lastAdmissionAt = closesAt === null ? null : closesAt - this.lastAdmissionMs;
    if (lastAdmissionAt !== null && now >= lastAdmissionAt) return { open: false, reason: 'after_last_admission' };
    return { open: true, closesAt, lastAdmissionAt };
  }

  /** The first instant after `now` at which a period starts and chat is open. */
  nextOpeningAfter(now: number): number | null {
    const today = localWallClock(this.hours.timeZone, now).date;
    for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
      const date = addDays(today, offset);
      for (const span of this.spansOn(date)) {
        const opens = instantOfWallTime(this.hours.timeZone, date, span.opens);
        if (opens > now && this.stateAt(opens).open) return opens;
      }
    }
    return null;
  }

  private spansOn(date: string): Span[] {
    return this.holidays.has(date) ? [] : (this.days.get(weekdayOf(date)) ?? []);
  }

  /** When the stretch of opening that `span` (on `date`) belongs to ends; null when it never does (open around the clock). */
  private stretchEnd(date: string, span: Span): number | null {
    let day = date;
    let closes = span.closes;
    for (let step = 0; step <= 7; step++) {
      if (closes < DAY_MINUTES) return instantOfWallTime(this.hours.timeZone, day, closes);
      day = addDays(day, 1);
      const first = this.spansOn(day)[0];
      if (first === undefined || first.opens > 0) return instantOfWallTime(this.hours.timeZone, day, 0);
      closes = first.closes;
    }
    return null;
  }
}
