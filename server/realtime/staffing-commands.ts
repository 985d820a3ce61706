/**
 * The staffing projection's commands (protocol/staffing.ts): supervisors and managers read the
 * projection, managers save the plan. `requires` holds the least role; the service checks again.
 */
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import { AGENT_COMMAND_RATES } from '../domain/rate-policies.js';
import type { Services } from '../services/index.js';
import { staffingPlanView, staffingProjectionView } from '../services/staffing-views.js';
import type { AgentCommandTable } from './agent-namespace.js';

export type StaffingCommand = Extract<keyof AgentClientEvents, 'staffing:projection' | 'staffing:save-plan'>;

export function staffingCommands(services: Services): Pick<AgentCommandTable, StaffingCommand> {
  const { staffing, store } = services;
  return {
    'staffing:projection': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['staffing:projection'],
      run: async (agent, { siteId, targetShare, language, page }) => ({
        projection: await staffingProjectionView(store, await staffing.projection(agent, siteId, targetShare, { language, page })),
      }),
    },
    'staffing:save-plan': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['staffing:save-plan'],
      run: async (agent, { siteId, version, agents, settings }) => ({ plan: await staffingPlanView(store, await staffing.savePlan(agent, siteId, { version, agents, settings })) }),
    },
  };
}
