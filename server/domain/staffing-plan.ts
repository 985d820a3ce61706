/**
 * The staffing projection on the Rollout page: how many agents widening the soft launch will take,
 * hour by hour of the week, beside how many are planned. Pure: the observed hours, the plan and the
 * settings are passed in; the Erlang C and slot-model maths are staffing.ts.
 *
 * Method (README.md, "Staffing projection"):
 * 1. Demand is learned per local weekday and hour (the site's time zone) from the hours in which chat
 *    was offered: chats started, and the share of visitors the rollout offered chat to then. Demand
 *    scales with the share (chats = visitors × share × chat rate), so the hours observed at different
 *    shares pool as chats ÷ Σ share, the demand at a share of 1.
 * 2. At a target share, arrivals = that × target, with a 95 % Poisson interval from the observed count.
 * 3. Agents by Erlang C on agent-time per chat (handle time ÷ measured concurrency) for the
 *    manager's service level and occupancy cap, also for the interval's upper end; the slot model
 *    beside it; shrinkage turns agents on the floor into full-time equivalents.
 */
import { WEEKDAYS, type OpeningPeriod, type Weekday } from '../../protocol/hours.js';
import { STAFFING_PERIODS_PER_DAY_MAX, STAFFING_PLAN_AGENTS_MAX } from '../../protocol/staffing.js';
import { localWallClock, minutesOf, spansOf } from './business-hours.js';
import { agentsNeeded, fullTimeEquivalents, projectDemand, slotModelAgents } from './staffing.js';

/** What the manager sets the projection against. */
export interface StaffingSettings {
  /** The share of chats to answer within `answerWithinSeconds`, 0 < level < 1. */
  serviceLevel: number;
  answerWithinSeconds: number;
  /** The busiest an agent may be on average, 0 < occupancy ≤ 1. */
  maxOccupancy: number;
  /** The share of paid time off the floor (breaks, training, leave), 0 ≤ shrinkage < 1. */
  shrinkage: number;
}

export const DEFAULT_STAFFING_SETTINGS: StaffingSettings = {
  serviceLevel: 0.8,
  answerWithinSeconds: 60,
  maxOccupancy: 0.85,
  shrinkage: 0.3,
};

/** One agent's planned hours on a site, per weekday, in the site's local time. */
export interface PlannedAgent {
  agentId: string;
  weekly: Partial<Record<Weekday, OpeningPeriod[]>>;
}

/** A site's staffing plan: the agents' planned hours and the projection's settings. */
export interface StaffingPlan {
  siteId: string;
  agents: PlannedAgent[];
  settings: StaffingSettings;
  /** Moves with each save (compare-and-set). 0: never saved. */
  version: number;
  updatedAt: number | null;
  updatedBy: string | null;
}


export function emptyStaffingPlan(siteId: string): StaffingPlan {
  return { siteId, agents: [], settings: { ...DEFAULT_STAFFING_SETTINGS }, version: 0, updatedAt: null, updatedBy: null };
}

/** What is wrong with a plan, in words for a manager; empty when it can be saved. */
export function staffingPlanProblems(plan: Pick<StaffingPlan, 'agents' | 'settings'>, knownAgentIds: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const { serviceLevel, answerWithinSeconds, maxOccupancy, shrinkage } = plan.settings;
  if (!(serviceLevel > 0 && serviceLevel < 1)) problems.push('The service level must be above 0 % and below 100 %.');
  if (!(Number.isInteger(answerWithinSeconds) && answerWithinSeconds >= 1 && answerWithinSeconds <= 3600)) {
    problems.push('The answer time must be whole seconds from 1 to 3,600.');
  }
  if (!(maxOccupancy > 0 && maxOccupancy <= 1)) problems.push('The occupancy cap must be above 0 % and at most 100 %.');
  if (!(shrinkage >= 0 && shrinkage < 1)) problems.push('Shrinkage must be from 0 % to below 100 %.');
  if (plan.agents.length > STAFFING_PLAN_AGENTS_MAX) problems.push(`A plan holds at most ${STAFFING_PLAN_AGENTS_MAX} agents.`);
  const seen = new Set<string>();
  for (const agent of plan.agents) {
    if (seen.has(agent.agentId)) problems.push(`Agent ${agent.agentId} is listed twice.`);
    seen.add(agent.agentId);
    if (!knownAgentIds.has(agent.agentId)) problems.push(`Agent ${agent.agentId} is not an active account.`);
    for (const [day, periods] of Object.entries(agent.weekly)) {
      if (!(WEEKDAYS as readonly string[]).includes(day)) problems.push(`"${day}" is not a weekday.`);
      if ((periods ?? []).length > STAFFING_PERIODS_PER_DAY_MAX) problems.push(`At most ${STAFFING_PERIODS_PER_DAY_MAX} periods a day.`);
      for (const period of periods ?? []) {
        const opens = minutesOf(period.opens);
        const closes = minutesOf(period.closes);
        if (!(opens < closes)) problems.push(`${agent.agentId}, ${day}: "${period.opens}–${period.closes}" must start before it ends (HH:MM).`);
      }
    }
  }
  return problems;
}

/** How many of the plan's agents are planned to work through the whole of `hour` (0–23) on `weekday`. */
export function scheduledAgents(plan: Pick<StaffingPlan, 'agents'>, weekday: Weekday, hour: number): number {
  const from = hour * 60;
  const to = from + 60;
  return plan.agents.filter((agent) => spansOf(agent.weekly[weekday]).some((span) => span.opens <= from && span.closes >= to)).length;
}

/** An hour in which chat was offered: when it started (UTC ms), chats started in it, and the share offered then (0 < share ≤ 1). */
export interface OfferedHour {
  start: number;
  chats: number;
  share: number;
}

/** Per local weekday (Monday first) and hour: the observed chats, the hours observed, and Σ share over them. */
export interface DemandCell {
  chats: number;
  hours: number;
  shareHours: number;
}
export type DemandProfile = DemandCell[][];

/** Pools the offered hours by local weekday and hour in `timeZone`; hours offered to nobody are skipped (they teach nothing). */
export function demandProfile(hours: readonly OfferedHour[], timeZone: string): DemandProfile {
  const profile: DemandProfile = WEEKDAYS.map(() => Array.from({ length: 24 }, () => ({ chats: 0, hours: 0, shareHours: 0 })));
  for (const hour of hours) {
    if (!(hour.share > 0 && hour.share <= 1)) continue;
    // The middle of the hour: its local hour is unambiguous even in zones offset by a half hour.
    const clock = localWallClock(timeZone, hour.start + 30 * 60_000);
    const cell = profile[clock.weekday]![Math.floor(clock.minute / 60)]!;
    cell.chats += hour.chats;
    cell.hours += 1;
    cell.shareHours += hour.share;
  }
  return profile;
}

/** Agent-time per chat and what the projection scales from. */
export interface ChatWork {
  /** The chat's length from answer to close, on average, in seconds. */
  handleSeconds: number;
  /** Chats an agent held at once, on average (≥ 1). */
  concurrency: number;
}

export interface HourProjection {
  weekday: Weekday;
  hour: number;
  /** Chats an hour expected at the target share, and a 95 % interval; null when this hour was never observed. */
  arrivalsPerHour: number | null;
  low: number | null;
  high: number | null;
  /** Erlang C agents for the settings, at the expected demand and at the interval's upper end. */
  agentsNeeded: number | null;
  agentsNeededHigh: number | null;
  /** The slot model (chats open at once ÷ concurrency): a floor, ignoring waits and bursts. */
  slotModelAgents: number | null;
  /** `agentsNeeded` as full-time equivalents after shrinkage. */
  fullTimeEquivalents: number | null;
  scheduled: number;
}

/** One hour of the week at `targetShare` (0–1). */
export function projectHour(
  profile: DemandProfile,
  weekday: Weekday,
  hour: number,
  targetShare: number,
  work: ChatWork,
  plan: Pick<StaffingPlan, 'agents' | 'settings'>,
): HourProjection {
  const cell = profile[WEEKDAYS.indexOf(weekday)]![hour]!;
  const scheduled = scheduledAgents(plan, weekday, hour);
  if (cell.hours === 0) {
    return { weekday, hour, arrivalsPerHour: null, low: null, high: null, agentsNeeded: null, agentsNeededHigh: null, slotModelAgents: null, fullTimeEquivalents: null, scheduled };
  }
  // Pooled: cell.hours hours at an average share of shareHours ÷ hours.
  const demand = projectDemand({ chats: cell.chats, hours: cell.hours, share: cell.shareHours / cell.hours }, targetShare);
  const concurrency = Math.max(1, work.concurrency);
  const agentSeconds = work.handleSeconds / concurrency;
  const { serviceLevel, answerWithinSeconds, maxOccupancy, shrinkage } = plan.settings;
  const needed = (arrivalsPerHour: number) => agentsNeeded({ arrivalsPerHour, handleSeconds: agentSeconds, answerWithinSeconds, serviceLevel, maxOccupancy });
  const agents = needed(demand.arrivalsPerHour);
  return {
    weekday,
    hour,
    arrivalsPerHour: demand.arrivalsPerHour,
    low: demand.low,
    high: demand.high,
    agentsNeeded: agents,
    agentsNeededHigh: needed(demand.high),
    slotModelAgents: slotModelAgents(demand.arrivalsPerHour, work.handleSeconds, concurrency),
    fullTimeEquivalents: fullTimeEquivalents(agents, shrinkage),
    scheduled,
  };
}

/** Every hour of `weekday` at `targetShare`, and its busiest hour (the most agents needed; the earliest of equals), if any was observed. */
export function projectDay(
  profile: DemandProfile,
  weekday: Weekday,
  targetShare: number,
  work: ChatWork,
  plan: Pick<StaffingPlan, 'agents' | 'settings'>,
): { hours: HourProjection[]; peak: HourProjection | null } {
  const hours = Array.from({ length: 24 }, (_, hour) => projectHour(profile, weekday, hour, targetShare, work, plan));
  let peak: HourProjection | null = null;
  for (const hour of hours) {
    if (hour.agentsNeeded !== null && (peak === null || hour.agentsNeeded > peak.agentsNeeded!)) peak = hour;
  }
  return { hours, peak };
}

/** The local weekday of an instant in `timeZone` (for "widening on Monday"). */
export function localWeekday(timeZone: string, instant: number): Weekday {
  return WEEKDAYS[localWallClock(timeZone, instant).weekday]!;
}
