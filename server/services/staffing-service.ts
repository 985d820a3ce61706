/**
 * The staffing projection on the Rollout page (issue #11; README.md, "Staffing projection"): each
 * site's plan (agents' planned hours per weekday, the service level, occupancy cap and shrinkage),
 * saved by managers and audited, and the projection that reads the demand observed at the shares
 * offered so far and says how many agents the next step takes beside how many are planned.
 *
 * The observed demand comes through `DemandHistory` (the reports' hourly rollup), so this service
 * never scans conversations. The method is server/domain/staffing-plan.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Weekday } from '../../protocol/hours.js';
import type { Language } from '../../protocol/languages.js';
import { AppError } from '../domain/app-error.js';
import type { Agent } from '../domain/entities.js';
import { hasRole } from '../domain/roles.js';
import type { RolloutChange } from '../domain/rollout-changes.js';
import {
  demandProfile,
  emptyStaffingPlan,
  localWeekday,
  projectDay,
  staffingPlanProblems,
  type ChatWork,
  type HourProjection,
  type OfferedHour,
  type PlannedAgent,
  type StaffingPlan,
  type StaffingSettings,
} from '../domain/staffing-plan.js';
import type { Store } from '../stores/store.js';
import type { AuditRecorder } from './account-service.js';
import type { Clock } from './clock.js';
import type { RolloutService } from './rollout-service.js';

/** What the reports observed on a site: the hours chat was offered in, and the work a chat took. */
export interface DemandHistory {
  /**
   * Every hour from `from` to `to` (UTC hour starts) in which chat was offered in the segment (a
   * language, a page group, or both; the whole site when empty), with the chats started and the
   * share in force; and the page groups seen on the site over the period (to choose a segment from).
   */
  offeredHours(siteId: string, from: number, to: number, segment: DemandSegment): Promise<{ hours: OfferedHour[]; pages: string[] }>;
  /** Handle time and concurrency measured over the period; null when no chat was answered. */
  chatWork(siteId: string, from: number, to: number): Promise<ChatWork | null>;
}

/** Part of a site's demand: one language, one page group (the first segment of the path, `/benefits`), or both. */
export interface DemandSegment {
  language?: Language | undefined;
  page?: string | undefined;
}

/** How far back demand is learned from: eight weeks (each weekday-hour seen up to eight times). */
export const STAFFING_LOOKBACK_MS = 56 * 86_400_000;
/** Before any chat is measured, a chat is assumed to take this long at this concurrency (stated as assumed on the page). */
export const ASSUMED_CHAT_WORK: ChatWork = { handleSeconds: 600, concurrency: 1 };
/** Steps of the schedule projected at most. */
const STEPS_SHOWN = 5;
/** Where a site without hours is projected: the deployment's default zone. */
const DEFAULT_TIME_ZONE = 'America/Toronto';

/** One share projected: when (null: the share in force now), on which local weekday, each hour and the busiest one. */
export interface ProjectedStep {
  share: number;
  applyAt: number | null;
  changeId: string | null;
  weekday: Weekday;
  hours: HourProjection[];
  peak: HourProjection | null;
}

export interface StaffingProjection {
  siteId: string;
  timeZone: string;
  /** The share offered now (0–100). */
  currentShare: number;
  plan: StaffingPlan;
  work: ChatWork;
  workMeasured: boolean;
  /** The part of the site's demand projected (the whole site when empty), and the page groups seen, to choose from. */
  segment: DemandSegment;
  pages: string[];
  /** Offered hours the demand was learned from, over `lookbackDays`. */
  observedHours: number;
  observedChats: number;
  lookbackDays: number;
  /** Now, the pending steps of the schedule (by time), and the share the manager asked about, if any. */
  steps: ProjectedStep[];
  at: number;
}

const REPLACE_ATTEMPTS = 3;

export class StaffingService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly rollout: RolloutService,
    private readonly demand: DemandHistory,
    private readonly audit: AuditRecorder,
  ) {}

  /** The site's plan (an empty one with the default settings when none was saved). Supervisors and managers. */
  async plan(actor: Agent, siteId: string): Promise<StaffingPlan> {
    assertRole(actor, 'supervisor');
    await this.siteOf(siteId);
    return (await this.store.staffingPlans.get(siteId)) ?? emptyStaffingPlan(siteId);
  }

  /** Replaces the plan's agents and settings (managers), if it is still at `version`; audited. */
  async savePlan(actor: Agent, siteId: string, input: { agents: PlannedAgent[]; settings: StaffingSettings; version: number }): Promise<StaffingPlan> {
    assertRole(actor, 'manager');
    await this.siteOf(siteId);
    const active = new Set((await this.store.agents.list()).filter((agent) => agent.active).map((agent) => agent.id));
    const problems = staffingPlanProblems(input, active);
    if (problems.length > 0) throw new AppError('invalid_payload', problems.join(' '));
    const before = (await this.store.staffingPlans.get(siteId)) ?? emptyStaffingPlan(siteId);
    if (before.version !== input.version) throw new AppError('conflict', 'This plan changed while you edited it; look at it again and retry.');
    if (isDeepStrictEqual({ agents: before.agents, settings: before.settings }, { agents: input.agents, settings: input.settings })) return before;
    const after: StaffingPlan = { siteId, agents: input.agents, settings: input.settings, version: before.version + 1, updatedAt: this.clock.now(), updatedBy: actor.id };
    for (let attempt = 0; attempt < REPLACE_ATTEMPTS; attempt++) {
      if (await this.store.staffingPlans.save(after, before.version)) {
        await this.audit.record({ actor: actor.id, action: 'staffing.plan-updated', target: `site:${siteId}`, before: planAuditView(before), after: planAuditView(after), reason: null, approver: null });
        return after;
      }
    }
    throw new AppError('conflict', 'This plan changed while you edited it; look at it again and retry.');
  }

  /**
   * Agents needed now, at each pending step of the schedule, and at `targetShare` (0–100) if asked,
   * each on the local weekday it applies (today for now and for the asked share).
   */
  async projection(actor: Agent, siteId: string, targetShare?: number, segment: DemandSegment = {}): Promise<StaffingProjection> {
    assertRole(actor, 'supervisor');
    const site = await this.siteOf(siteId);
    const now = this.clock.now();
    const from = now - STAFFING_LOOKBACK_MS;
    const [policy, plan, { hours, pages }, measured, pending] = await Promise.all([
      this.rollout.policyOf(site),
      this.store.staffingPlans.get(siteId),
      this.demand.offeredHours(siteId, from, now, segment),
      this.demand.chatWork(siteId, from, now),
      this.store.rolloutChanges.pending(siteId, STEPS_SHOWN * 4),
    ]);
    const timeZone = site.hours?.timeZone ?? DEFAULT_TIME_ZONE;
    const thePlan = plan ?? emptyStaffingPlan(siteId);
    const work = measured ?? ASSUMED_CHAT_WORK;
    const profile = demandProfile(hours, timeZone);
    const step = (share: number, applyAt: number | null, changeId: string | null): ProjectedStep => {
      const weekday = localWeekday(timeZone, applyAt ?? now);
      return { share, applyAt, changeId, weekday, ...projectDay(profile, weekday, share / 100, work, thePlan) };
    };
    const steps = [step(policy.chat.enabled ? policy.chat.share : 0, null, null), ...scheduledSteps(pending).map((change) => step(change.after.chat.share, change.applyAt, change.id))];
    if (targetShare !== undefined) steps.push(step(targetShare, null, null));
    return {
      siteId,
      timeZone,
      currentShare: policy.chat.enabled ? policy.chat.share : 0,
      plan: thePlan,
      work,
      workMeasured: measured !== null,
      segment,
      pages,
      observedHours: hours.length,
      observedChats: hours.reduce((sum, hour) => sum + hour.chats, 0),
      lookbackDays: STAFFING_LOOKBACK_MS / 86_400_000,
      steps,
      at: now,
    };
  }

  private async siteOf(siteId: string) {
    const site = await this.store.sites.get(siteId);
    if (site === null) throw new AppError('not_found', `There is no site "${siteId}".`);
    return site;
  }
}

/** Pending changes that widen or narrow chat at a set time, soonest first (at most STEPS_SHOWN). */
function scheduledSteps(pending: readonly RolloutChange[]): RolloutChange[] {
  return pending
    .filter((change) => change.applyAt !== null && change.after.chat.share !== change.before.chat.share)
    .sort((a, b) => a.applyAt! - b.applyAt!)
    .slice(0, STEPS_SHOWN);
}

/** What the audit log keeps of a plan: its content, not its bookkeeping. */
function planAuditView(plan: StaffingPlan): object {
  return { agents: plan.agents, settings: plan.settings };
}

function assertRole(actor: Agent, role: 'supervisor' | 'manager'): void {
  if (!hasRole(actor.role, role)) throw new AppError('forbidden', role === 'manager' ? 'Only managers change the staffing plan.' : 'Only supervisors and managers see the staffing projection.');
}

