/**
 * Report commands (supervisors and managers: `requires` says so, and the service checks the role
 * again): a summary of a range of hours from the hourly rollup (protocol/reports.ts).
 */
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import { AGENT_COMMAND_RATES } from '../domain/rate-policies.js';
import type { Services } from '../services/index.js';
import type { AgentCommandTable } from './agent-namespace.js';

export type ReportCommand = Extract<keyof AgentClientEvents, `reports:${string}`>;

export function reportCommands(services: Services): Pick<AgentCommandTable, ReportCommand> {
  return {
    'reports:summary': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['reports:summary'],
      run: async (agent, query) => ({
        summary: await services.reports.summary(agent, {
          from: Date.parse(query.from),
          to: Date.parse(query.to),
          groupBy: query.groupBy,
          timeZone: query.timeZone,
          targetSeconds: query.targetSeconds,
          siteId: query.siteId,
          language: query.language,
          queueId: query.queueId,
        }),
      }),
    },
  };
}
