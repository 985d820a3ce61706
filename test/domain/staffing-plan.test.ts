import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STAFFING_SETTINGS,
  demandProfile,
  localWeekday,
  projectDay,
  projectHour,
  scheduledAgents,
  staffingPlanProblems,
  type OfferedHour,
  type PlannedAgent,
} from '../../server/domain/staffing-plan.js';

const ZONE = 'America/Toronto';
const HOUR = 3_600_000;
/** Monday 2026-11-02 10:00 in Toronto (EST, UTC−5). */
const MONDAY_10 = Date.parse('2026-11-02T15:00:00Z');
const WEEK = 7 * 24 * HOUR;

/** `weeks` Mondays at 10:00, `chats` each, at `share`. */
const mondays = (weeks: number, chats: number, share: number): OfferedHour[] =>
  Array.from({ length: weeks }, (_, week) => ({ start: MONDAY_10 + week * WEEK, chats, share }));

/** The worked example: 14-minute chats at a measured concurrency of 1.6 (8.75 agent-minutes each). */
const WORK = { handleSeconds: 14 * 60, concurrency: 1.6 };
const plan = (agents: PlannedAgent[] = []) => ({ agents, settings: { ...DEFAULT_STAFFING_SETTINGS } });

describe('demandProfile', () => {
  it('pools hours by local weekday and hour in the site’s zone', () => {
    const profile = demandProfile(mondays(4, 15, 0.25), ZONE);
    expect(profile[0]![10]).toEqual({ chats: 60, hours: 4, shareHours: 1 });
    expect(profile[0]![15]).toEqual({ chats: 0, hours: 0, shareHours: 0 });
  });

  it('follows daylight saving: 10:00 local is 14:00 UTC in summer and 15:00 UTC in winter', () => {
    const summer = Date.parse('2026-06-01T14:00:00Z'); // a Monday, EDT
    const profile = demandProfile([{ start: summer, chats: 3, share: 1 }, { start: MONDAY_10, chats: 5, share: 1 }], ZONE);
    expect(profile[0]![10]!.chats).toBe(8);
  });

  it('skips hours offered to nobody: they say nothing about demand', () => {
    const profile = demandProfile([{ start: MONDAY_10, chats: 0, share: 0 }], ZONE);
    expect(profile[0]![10]!.hours).toBe(0);
  });
});

describe('projectHour', () => {
  it('gives the worked example: 15 chats an hour at 25 % → 4 agents now, 7 at 50 %, 12 at 100 %', () => {
    const profile = demandProfile(mondays(4, 15, 0.25), ZONE);
    const at = (share: number) => projectHour(profile, 'mon', 10, share, WORK, plan());
    expect(at(0.25).arrivalsPerHour).toBeCloseTo(15);
    expect(at(0.25).agentsNeeded).toBe(4);
    expect(at(0.5).agentsNeeded).toBe(7);
    expect(at(1).agentsNeeded).toBe(12);
  });

  it('pools hours seen at different shares as demand at a share of one', () => {
    // 10 chats at 20 % and 30 chats at 60 %: both say 50 an hour at 100 %.
    const profile = demandProfile([{ start: MONDAY_10, chats: 10, share: 0.2 }, { start: MONDAY_10 + WEEK, chats: 30, share: 0.6 }], ZONE);
    expect(projectHour(profile, 'mon', 10, 1, WORK, plan()).arrivalsPerHour).toBeCloseTo(50);
  });

  it('brackets the expectation with an interval that narrows as hours are observed', () => {
    const few = projectHour(demandProfile(mondays(1, 15, 0.25), ZONE), 'mon', 10, 0.5, WORK, plan());
    const many = projectHour(demandProfile(mondays(12, 15, 0.25), ZONE), 'mon', 10, 0.5, WORK, plan());
    for (const hour of [few, many]) {
      expect(hour.low!).toBeLessThan(hour.arrivalsPerHour!);
      expect(hour.high!).toBeGreaterThan(hour.arrivalsPerHour!);
      expect(hour.agentsNeededHigh!).toBeGreaterThanOrEqual(hour.agentsNeeded!);
    }
    expect(many.high! - many.low!).toBeLessThan(few.high! - few.low!);
  });

  it('gives the slot model beside Erlang C, and full-time equivalents after shrinkage', () => {
    const hour = projectHour(demandProfile(mondays(4, 15, 0.25), ZONE), 'mon', 10, 1, WORK, plan());
    // 60 chats an hour × 14 minutes = 14 chats open at once ÷ 1.6 each → 8.75 → 9.
    expect(hour.slotModelAgents).toBe(9);
    expect(hour.fullTimeEquivalents).toBeCloseTo(12 / 0.7);
  });

  it('says nothing of an hour never observed', () => {
    const hour = projectHour(demandProfile(mondays(4, 15, 0.25), ZONE), 'tue', 10, 1, WORK, plan());
    expect(hour.arrivalsPerHour).toBeNull();
    expect(hour.agentsNeeded).toBeNull();
  });
});

describe('scheduledAgents and projectDay', () => {
  const agents: PlannedAgent[] = [
    { agentId: 'a', weekly: { mon: [{ opens: '09:00', closes: '17:00' }] } },
    { agentId: 'b', weekly: { mon: [{ opens: '10:00', closes: '12:00' }, { opens: '13:00', closes: '15:00' }] } },
    { agentId: 'c', weekly: { tue: [{ opens: '09:00', closes: '17:00' }] } },
  ];

  it('counts the agents planned through the whole hour', () => {
    expect(scheduledAgents({ agents }, 'mon', 10)).toBe(2);
    expect(scheduledAgents({ agents }, 'mon', 12)).toBe(1);
    expect(scheduledAgents({ agents }, 'mon', 8)).toBe(0);
    expect(scheduledAgents({ agents }, 'tue', 16)).toBe(1);
  });

  it('finds the day’s busiest hour and what is planned for it', () => {
    const hours = [...mondays(4, 15, 0.25), ...mondays(4, 3, 0.25).map((hour) => ({ ...hour, start: hour.start + 3 * HOUR }))];
    const day = projectDay(demandProfile(hours, ZONE), 'mon', 0.25, WORK, plan(agents));
    expect(day.peak?.hour).toBe(10);
    expect(day.peak?.agentsNeeded).toBe(4);
    expect(day.peak?.scheduled).toBe(2);
    expect(day.hours[13]!.agentsNeeded).toBeLessThan(4);
  });

  it('names the local weekday of an instant', () => {
    expect(localWeekday(ZONE, MONDAY_10)).toBe('mon');
    expect(localWeekday(ZONE, Date.parse('2026-11-03T03:00:00Z'))).toBe('mon'); // 22:00 Monday in Toronto
  });
});

describe('staffingPlanProblems', () => {
  const known = new Set(['a']);

  it('accepts a sound plan', () => {
    expect(staffingPlanProblems(plan([{ agentId: 'a', weekly: { mon: [{ opens: '09:00', closes: '17:00' }] } }]), known)).toEqual([]);
  });

  it('names each problem', () => {
    const problems = staffingPlanProblems(
      {
        agents: [
          { agentId: 'a', weekly: { mon: [{ opens: '17:00', closes: '09:00' }] } },
          { agentId: 'a', weekly: {} },
          { agentId: 'ghost', weekly: {} },
        ],
        settings: { serviceLevel: 1, answerWithinSeconds: 0, maxOccupancy: 0, shrinkage: 1 },
      },
      known,
    );
    expect(problems.join('\n')).toMatch(/service level/);
    expect(problems.join('\n')).toMatch(/answer time/);
    expect(problems.join('\n')).toMatch(/occupancy/);
    expect(problems.join('\n')).toMatch(/Shrinkage/);
    expect(problems.join('\n')).toMatch(/listed twice/);
    expect(problems.join('\n')).toMatch(/ghost is not an active account/);
    expect(problems.join('\n')).toMatch(/must start before it ends/);
  });
});
