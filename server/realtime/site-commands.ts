/**
 * Site and queue administration of one console connection (`admin:sites:*`, `admin:queues:*`),
 * managers only: `requires` says so, and the service checks the role again. Answers are bounded by
 * SITES_MAX and QUEUES_MAX (and each site's own bounds, protocol/admin.ts).
 */
import type { Socket } from 'socket.io';
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import { AGENT_COMMAND_RATES } from '../domain/rate-policies.js';
import type { Services } from '../services/index.js';
import { queueAdminView, siteAdminView } from '../services/views.js';
import type { AgentCommandTable } from './agent-namespace.js';

export type SiteCommand = Extract<keyof AgentClientEvents, `admin:sites:${string}` | `admin:queues:${string}`>;

export function siteCommands(services: Services, socket: Pick<Socket, 'handshake'>): Pick<AgentCommandTable, SiteCommand> {
  return {
    'admin:sites:list': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:sites:list'],
      run: async (agent) => ({ sites: (await services.siteAdmin.listSites(agent)).map(siteAdminView) }),
    },
    'admin:sites:create': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:sites:create'],
      run: async (agent, input) => ({ site: siteAdminView(await services.siteAdmin.createSite(agent, input)) }),
    },
    'admin:sites:update': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:sites:update'],
      run: async (agent, { siteId, ...change }) => ({ site: siteAdminView(await services.siteAdmin.updateSite(agent, siteId, change)) }),
    },
    'admin:sites:check-origin': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:sites:check-origin'],
      // The chat host this console reached: an origin that is the chat host itself is `'self'`.
      run: async (agent, request) => ({ check: await services.siteAdmin.checkOrigin(agent, { ...request, chatHost: socket.handshake.headers.host }) }),
    },
    'admin:queues:list': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:queues:list'],
      run: async (agent) => ({ queues: (await services.siteAdmin.listQueues(agent)).map(queueAdminView) }),
    },
    'admin:queues:create': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:queues:create'],
      run: async (agent, input) => ({ queue: queueAdminView(await services.siteAdmin.createQueue(agent, input)) }),
    },
    'admin:queues:update': {
      requires: 'manager',
      rate: AGENT_COMMAND_RATES['admin:queues:update'],
      run: async (agent, { queueId, ...change }) => ({ queue: queueAdminView(await services.siteAdmin.updateQueue(agent, queueId, change)) }),
    },
  };
}
