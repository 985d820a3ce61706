/** Wire shapes of the staffing projection (protocol/staffing.ts): times as ISO 8601, agents with their names as they are now. */
import type { HourProjectionView, StaffingPlanView, StaffingProjectionView } from '../../protocol/staffing.js';
import type { HourProjection, StaffingPlan } from '../domain/staffing-plan.js';
import type { Store } from '../stores/store.js';
import type { StaffingProjection } from './staffing-service.js';

const iso = (at: number | null): string | null => (at === null ? null : new Date(at).toISOString());

export async function staffingPlanView(store: Store, plan: StaffingPlan): Promise<StaffingPlanView> {
  const names = new Map((await store.agents.list()).map((agent) => [agent.id, agent.displayName]));
  return {
    siteId: plan.siteId,
    agents: plan.agents.map((agent) => ({ agentId: agent.agentId, displayName: names.get(agent.agentId) ?? null, weekly: agent.weekly })),
    settings: { ...plan.settings },
    version: plan.version,
    updatedAt: iso(plan.updatedAt),
  };
}

function hourView({ weekday: _weekday, ...hour }: HourProjection): HourProjectionView {
  return hour;
}

export async function staffingProjectionView(store: Store, projection: StaffingProjection): Promise<StaffingProjectionView> {
  return {
    siteId: projection.siteId,
    timeZone: projection.timeZone,
    currentShare: projection.currentShare,
    plan: await staffingPlanView(store, projection.plan),
    handleSeconds: projection.work.handleSeconds,
    concurrency: projection.work.concurrency,
    workMeasured: projection.workMeasured,
    segment: { language: projection.segment.language ?? null, page: projection.segment.page ?? null },
    pages: projection.pages,
    observedHours: projection.observedHours,
    observedChats: projection.observedChats,
    lookbackDays: projection.lookbackDays,
    steps: projection.steps.map((step) => ({
      share: step.share,
      applyAt: iso(step.applyAt),
      changeId: step.changeId,
      weekday: step.weekday,
      hours: step.hours.map(hourView),
      peak: step.peak === null ? null : hourView(step.peak),
    })),
    at: iso(projection.at)!,
  };
}
