/**
 * The supervision view's console commands (supervisors and managers: `requires` says so, and the
 * service checks the role again). They belong to one connection: subscribing joins the supervision
 * room, and watching a chat read-only joins its watchers' room, at most WATCHED_CHATS_MAX chats per
 * connection. Watching assigns nothing: the supervisor is in a room, not in the conversation.
 */
import type { Socket } from 'socket.io';
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import { WATCHED_CHATS_MAX } from '../../protocol/limits.js';
import { AppError } from '../domain/app-error.js';
import { AGENT_COMMAND_RATES } from '../domain/rate-policies.js';
import type { Services } from '../services/index.js';
import { supervisedAgentView, supervisionSnapshotView } from '../services/views.js';
import type { AgentCommandTable } from './agent-namespace.js';
import { rooms } from './rooms.js';

export type SupervisionCommand = Extract<keyof AgentClientEvents, `supervision:${string}` | 'agent:set-limit'>;

/** The commands of one console connection; `watching` holds the chats it watches (gone with it). */
export function supervisionCommands(services: Services, socket: Socket, watching: Set<string>): Pick<AgentCommandTable, SupervisionCommand> {
  return {
    'supervision:subscribe': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['supervision:subscribe'],
      run: async (agent) => {
        // Joined before reading, so that no change falls between the picture and the updates
        // (one seen in both is applied by `at`, and changes nothing the second time).
        await socket.join(rooms.supervision());
        const { picture, at } = await services.supervision.snapshot(agent);
        return { supervision: supervisionSnapshotView(picture, at) };
      },
    },
    'supervision:chats': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['supervision:chats'],
      run: async (agent, of) => {
        const { chats, total } = await services.supervision.chats(agent, of);
        return { chats: await services.views.agentConversations(chats), total };
      },
    },
    'supervision:watch': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['supervision:watch'],
      run: async (agent, { conversationId }) => {
        if (!watching.has(conversationId) && watching.size >= WATCHED_CHATS_MAX) {
          throw new AppError('at_capacity', `You can watch ${WATCHED_CHATS_MAX} chats at once; close one first.`);
        }
        const conversation = await services.supervision.watchable(agent, conversationId);
        watching.add(conversationId);
        await socket.join(rooms.watching(conversationId));
        return { conversation: await services.views.agentConversation(conversation) };
      },
    },
    'supervision:unwatch': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['supervision:unwatch'],
      run: async (_agent, { conversationId }) => {
        watching.delete(conversationId);
        await socket.leave(rooms.watching(conversationId));
        return {};
      },
    },
    'agent:set-limit': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['agent:set-limit'],
      run: async (agent, { agentId, maxConcurrentChats }) => ({
        agent: supervisedAgentView(await services.supervision.setLimit(agent, agentId, maxConcurrentChats), services.clock.now()),
      }),
    },
  };
}
