/**
 * Business hours: open or closed at fixed instants (around daylight saving changes in North America,
 * Europe and a half-hour zone, on holidays, near the last admission), and properties over random
 * hours and instants: open means the next opening is now; a closed instant's next opening is open,
 * and nothing between is; never open on a holiday.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEEKDAYS, type BusinessHours, type OpeningPeriod } from '../../protocol/hours.js';
import { availability, hoursProblems, instantOfWallTime, nextOpening } from '../../server/domain/business-hours.js';
import { demoHours } from '../../server/services/seed.js';

const at = (iso: string): number => Date.parse(iso);
const weekdays = (periods: OpeningPeriod[]) => ({ mon: periods, tue: periods, wed: periods, thu: periods, fri: periods });

/** A Toronto office: weekdays 8:30 to 16:30, no new chat in the last 15 minutes. */
const toronto: BusinessHours = {
  timeZone: 'America/Toronto',
  weekly: weekdays([{ opens: '08:30', closes: '16:30' }]),
  holidays: ['2026-12-25'],
  lastAdmissionMinutes: 15,
};

describe('availability', () => {
  it('is always open without hours', () => {
    expect(availability(null, at('2026-12-25T03:00:00Z'))).toEqual({ open: true, closesAt: null, lastAdmissionAt: null });
  });

  it('opens and closes in local time, Eastern Standard Time (UTC−5)', () => {
    // Monday 2 November 2026, 8:29 and 8:30 in Toronto (13:29Z, 13:30Z).
    expect(availability(toronto, at('2026-11-02T13:29:59Z'))).toEqual({
      open: false,
      reason: 'outside_hours',
      nextOpening: at('2026-11-02T13:30:00Z'),
    });
    expect(availability(toronto, at('2026-11-02T13:30:00Z'))).toEqual({
      open: true,
      closesAt: at('2026-11-02T21:30:00Z'),
      lastAdmissionAt: at('2026-11-02T21:15:00Z'),
    });
  });

  it('takes no new chat in the last admission minutes, and says when it opens again', () => {
    expect(availability(toronto, at('2026-11-02T21:14:59Z')).open).toBe(true);
    expect(availability(toronto, at('2026-11-02T21:15:00Z'))).toEqual({
      open: false,
      reason: 'after_last_admission',
      nextOpening: at('2026-11-03T13:30:00Z'),
    });
    expect(availability(toronto, at('2026-11-02T21:30:00Z'))).toMatchObject({ open: false, reason: 'outside_hours' });
  });

  it('finds Monday’s opening from Friday evening across the spring-forward weekend (EST → EDT)', () => {
    // Friday 6 March 2026, 17:00 EST; clocks go forward on Sunday 8 March; Monday opens at 8:30 EDT = 12:30Z.
    expect(availability(toronto, at('2026-03-06T22:00:00Z'))).toEqual({
      open: false,
      reason: 'outside_hours',
      nextOpening: at('2026-03-09T12:30:00Z'),
    });
    expect(availability(toronto, at('2026-03-09T12:30:00Z')).open).toBe(true);
    expect(availability(toronto, at('2026-03-09T12:29:00Z')).open).toBe(false);
  });

  it('finds Monday’s opening across the fall-back weekend (EDT → EST)', () => {
    // Friday 30 October 2026, 17:00 EDT; clocks go back on Sunday 1 November; Monday opens at 8:30 EST = 13:30Z.
    expect(nextOpening(toronto, at('2026-10-30T21:00:00Z'))).toBe(at('2026-11-02T13:30:00Z'));
  });

  it('closes a holiday all day and opens on the next working day', () => {
    // Friday 25 December 2026, noon in Toronto.
    expect(availability(toronto, at('2026-12-25T17:00:00Z'))).toEqual({
      open: false,
      reason: 'holiday',
      nextOpening: at('2026-12-28T13:30:00Z'),
    });
  });

  it('counts the last admission back from the end of a stretch that runs past midnight', () => {
    const evenings: BusinessHours = {
      timeZone: 'Europe/Paris',
      weekly: { mon: [{ opens: '20:00', closes: '24:00' }], tue: [{ opens: '00:00', closes: '01:00' }] },
      holidays: [],
      lastAdmissionMinutes: 30,
    };
    // Monday 2 November 2026, 23:55 in Paris (UTC+1): open, the stretch ends Tuesday 01:00 (00:00Z).
    expect(availability(evenings, at('2026-11-02T22:55:00Z'))).toEqual({
      open: true,
      closesAt: at('2026-11-03T00:00:00Z'),
      lastAdmissionAt: at('2026-11-02T23:30:00Z'),
    });
    expect(availability(evenings, at('2026-11-02T23:31:00Z'))).toMatchObject({ open: false, reason: 'after_last_admission' });
  });

  it('opens a period that a spring-forward skips when the clock jumps past its start', () => {
    // Paris, Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST at 01:00Z. Opening 02:30 starts at the jump.
    const sundayNight: BusinessHours = { timeZone: 'Europe/Paris', weekly: { sun: [{ opens: '02:30', closes: '05:00' }] }, holidays: [], lastAdmissionMinutes: 0 };
    expect(nextOpening(sundayNight, at('2026-03-28T12:00:00Z'))).toBe(at('2026-03-29T01:00:00Z'));
    expect(availability(sundayNight, at('2026-03-29T00:59:59Z')).open).toBe(false);
    expect(availability(sundayNight, at('2026-03-29T01:00:00Z'))).toEqual({ open: true, closesAt: at('2026-03-29T03:00:00Z'), lastAdmissionAt: at('2026-03-29T03:00:00Z') });
  });

  it('opens a repeated wall time at its first occurrence when clocks fall back', () => {
    // Toronto, Sunday 1 November 2026: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(instantOfWallTime('America/Toronto', '2026-11-01', 90)).toBe(at('2026-11-01T05:30:00Z'));
  });

  it('counts a half-hour daylight saving change in real minutes (Lord Howe Island)', () => {
    // Lord Howe goes from UTC+10:30 to UTC+11 on Sunday 4 October 2026 at 02:00 local.
    const lordHowe: BusinessHours = { timeZone: 'Australia/Lord_Howe', weekly: { sun: [{ opens: '00:00', closes: '04:00' }] }, holidays: [], lastAdmissionMinutes: 60 };
    const open = availability(lordHowe, at('2026-10-03T14:00:00Z')); // 00:30 local
    expect(open).toEqual({ open: true, closesAt: at('2026-10-03T17:00:00Z'), lastAdmissionAt: at('2026-10-03T16:00:00Z') });
  });

  it('never opens when no day has hours, and says so', () => {
    expect(availability({ timeZone: 'UTC', weekly: {}, holidays: [], lastAdmissionMinutes: 0 }, at('2026-11-02T12:00:00Z'))).toEqual({
      open: false,
      reason: 'outside_hours',
      nextOpening: null,
    });
  });

  it('is open around the clock with every day 00:00–24:00, with no closing time', () => {
    const always: BusinessHours = { timeZone: 'America/Toronto', weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, [{ opens: '00:00', closes: '24:00' }]])), holidays: [], lastAdmissionMinutes: 15 };
    expect(availability(always, at('2026-03-08T07:00:00Z'))).toEqual({ open: true, closesAt: null, lastAdmissionAt: null });
  });
});

describe('hoursProblems', () => {
  it('names an unknown zone, a backwards period, a bad date and a bad last admission', () => {
    expect(hoursProblems(toronto)).toEqual([]);
    for (const setting of ['always', 'office', 'closed'] as const) expect(hoursProblems(demoHours(setting)), setting).toEqual([]);
    const problems = hoursProblems({
      timeZone: 'Mars/Olympus_Mons',
      weekly: { mon: [{ opens: '17:00', closes: '09:00' }] },
      holidays: ['2026-02-30'],
      lastAdmissionMinutes: -1,
    });
    expect(problems).toHaveLength(4);
  });
});

const ZONES = ['America/Toronto', 'America/St_Johns', 'Europe/Paris', 'Australia/Lord_Howe', 'Pacific/Auckland', 'UTC'];
const time = fc.integer({ min: 0, max: 96 }).map((quarter) => `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`);
const period = fc.tuple(time, time).filter(([a, b]) => a < b).map(([opens, closes]) => ({ opens, closes }));
const START_2026 = at('2026-01-01T00:00:00Z');
const YEAR_MS = 365 * 86_400_000;
const hoursArbitrary: fc.Arbitrary<BusinessHours> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  weekly: fc.record(Object.fromEntries(WEEKDAYS.map((day) => [day, fc.array(period, { maxLength: 3 })])), { requiredKeys: [] }),
  holidays: fc.array(fc.integer({ min: 0, max: 364 }).map((day) => new Date(START_2026 + day * 86_400_000).toISOString().slice(0, 10)), { maxLength: 20 }),
  lastAdmissionMinutes: fc.integer({ min: 0, max: 120 }),
});
const instant = fc.integer({ min: START_2026, max: START_2026 + YEAR_MS });
const localDate = (timeZone: string, t: number) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);

describe('availability, for any hours and instant', () => {
  it('is open exactly when the next opening is now', () => {
    fc.assert(
      fc.property(hoursArbitrary, instant, (hours, now) => {
        expect(availability(hours, now).open).toBe(nextOpening(hours, now) === now);
      }),
      { numRuns: 200 },
    );
  });

  it('opens at the next opening, and stays closed until then', () => {
    fc.assert(
      fc.property(hoursArbitrary, instant, fc.double({ min: 0, max: 1, noNaN: true }), (hours, now, fraction) => {
        const state = availability(hours, now);
        if (state.open || state.nextOpening === null) return;
        expect(state.nextOpening).toBeGreaterThan(now);
        expect(availability(hours, state.nextOpening).open).toBe(true);
        const between = Math.floor(now + (state.nextOpening - now) * fraction);
        if (between < state.nextOpening) expect(availability(hours, between).open).toBe(false);
        expect(availability(hours, state.nextOpening - 1).open).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('is never open on a holiday', () => {
    fc.assert(
      fc.property(hoursArbitrary, instant, (hours, now) => {
        const holiday = localDate(hours.timeZone, now);
        const state = availability({ ...hours, holidays: [...hours.holidays, holiday] }, now);
        expect(state).toMatchObject({ open: false, reason: 'holiday' });
      }),
      { numRuns: 200 },
    );
  });
});
