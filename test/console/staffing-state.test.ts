import { describe, expect, it } from 'vitest';
import { emptyRow, hoursShown, parsePeriods, periodsText, planFromForm, rowsOf, settingsForm, stepHeadline } from '../../agent-console/src/staffing-state.js';
import type { HourProjectionView, ProjectedStepView } from '../../protocol/staffing.js';

describe('planned hours as text', () => {
  it('reads what people type, in English and French habits', () => {
    expect(parsePeriods('')).toEqual([]);
    expect(parsePeriods('9-17')).toEqual([{ opens: '09:00', closes: '17:00' }]);
    expect(parsePeriods('09:00–12:00, 13:00–17:30')).toEqual([
      { opens: '09:00', closes: '12:00' },
      { opens: '13:00', closes: '17:30' },
    ]);
    expect(parsePeriods('9 h 30 - 17 h')).toEqual([{ opens: '09:30', closes: '17:00' }]);
    expect(parsePeriods('8h à 16h')).toEqual([{ opens: '08:00', closes: '16:00' }]);
  });

  it('refuses what it cannot read, or a period that ends before it starts', () => {
    expect(parsePeriods('morning')).toBeNull();
    expect(parsePeriods('17-9')).toBeNull();
    expect(parsePeriods('9-25')).toBeNull();
  });

  it('writes periods back as it reads them', () => {
    const periods = [{ opens: '09:00', closes: '12:00' }, { opens: '13:00', closes: '17:00' }];
    expect(parsePeriods(periodsText(periods))).toEqual(periods);
  });
});

describe('the plan form', () => {
  const settings = { serviceLevel: 0.8, answerWithinSeconds: 60, maxOccupancy: 0.85, shrinkage: 0.3 };

  it('turns rows and percentages into the plan to send', () => {
    const rows = rowsOf([{ agentId: 'a', displayName: 'Alex', weekly: { mon: [{ opens: '09:00', closes: '17:00' }] } }]);
    rows[0]!.days.tue = '10-14';
    const plan = planFromForm(rows, settingsForm(settings));
    expect(plan).toEqual({ agents: [{ agentId: 'a', weekly: { mon: [{ opens: '09:00', closes: '17:00' }], tue: [{ opens: '10:00', closes: '14:00' }] } }], settings });
  });

  it('names every field it cannot send', () => {
    const rows = [emptyRow('a', 'Alex')];
    rows[0]!.days.wed = 'all day';
    const plan = planFromForm(rows, { serviceLevel: '100', answerWithinSeconds: '1.5', maxOccupancy: '', shrinkage: '30' });
    expect(plan).toEqual({ problems: [{ field: 'serviceLevel' }, { field: 'answerWithinSeconds' }, { field: 'maxOccupancy' }, { agentId: 'a', day: 'wed' }] });
  });
});

describe('what a step says', () => {
  const hour = (at: number, needed: number | null, scheduled: number): HourProjectionView => ({
    hour: at,
    arrivalsPerHour: needed === null ? null : needed * 3,
    low: null,
    high: null,
    agentsNeeded: needed,
    agentsNeededHigh: needed === null ? null : needed + 1,
    slotModelAgents: null,
    fullTimeEquivalents: null,
    scheduled,
  });
  const step = (hours: HourProjectionView[], peak: HourProjectionView | null): ProjectedStepView => ({ share: 25, applyAt: null, changeId: null, weekday: 'mon', hours, peak });

  it('names the busiest hour, the agents it needs and those planned', () => {
    const peak = hour(10, 4, 2);
    expect(stepHeadline(step([hour(9, 2, 2), peak], peak))).toEqual({ kind: 'projected', needed: 4, neededHigh: 5, hour: 10, scheduled: 2, short: true });
  });

  it('says when nothing was observed to project from', () => {
    expect(stepHeadline(step([hour(9, null, 1)], null))).toEqual({ kind: 'unobserved' });
  });

  it('shows the hours observed or planned', () => {
    expect(hoursShown(step([hour(8, null, 0), hour(9, null, 1), hour(10, 3, 0)], null)).map((h) => h.hour)).toEqual([9, 10]);
  });
});
