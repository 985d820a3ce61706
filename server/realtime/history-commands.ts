/**
 * Conversation history commands (supervisors and managers: `requires` says so, and the service
 * checks the role again): a paged search of closed conversations, and one opened read-only.
 */
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import type { HistoryEntryView } from '../../protocol/history.js';
import { MESSAGES_PAGE_MAX } from '../../protocol/limits.js';
import { AppError } from '../domain/app-error.js';
import type { Conversation } from '../domain/entities.js';
import { referenceOf } from '../domain/history.js';
import { AGENT_COMMAND_RATES } from '../domain/rate-policies.js';
import type { Services } from '../services/index.js';
import { messageView, noteView } from '../services/views.js';
import type { ClosedEntry } from '../stores/store.js';
import type { AgentCommandTable } from './agent-namespace.js';

export type HistoryCommand = Extract<keyof AgentClientEvents, `history:${string}`>;

export function encodeHistoryCursor(entry: ClosedEntry): string {
  return `${entry.closedAt}:${entry.id}`;
}

export function decodeHistoryCursor(cursor: string): ClosedEntry {
  const at = cursor.indexOf(':');
  const closedAt = Number(cursor.slice(0, at));
  if (at < 1 || !Number.isSafeInteger(closedAt)) throw new AppError('invalid_payload', 'Not a cursor.');
  return { closedAt, id: cursor.slice(at + 1) };
}

export function historyCommands(services: Services): Pick<AgentCommandTable, HistoryCommand> {
  return {
    'history:search': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['history:search'],
      run: async (agent, search) => {
        const page = await services.history.search(agent, {
          from: Date.parse(search.from),
          to: Date.parse(search.to),
          ...(search.siteId === undefined ? {} : { siteId: search.siteId }),
          ...(search.queueId === undefined ? {} : { queueId: search.queueId }),
          ...(search.agentId === undefined ? {} : { agentId: search.agentId }),
          ...(search.outcome === undefined ? {} : { outcome: search.outcome }),
          ...(search.reference === undefined ? {} : { reference: search.reference }),
          after: search.cursor === undefined ? null : decodeHistoryCursor(search.cursor),
        });
        const agentIds = [...new Set(page.conversations.flatMap((c) => (c.agentId === null ? [] : [c.agentId])))];
        const agents = await Promise.all(agentIds.map((id) => services.store.agents.get(id)));
        const names = new Map(agents.flatMap((a) => (a === null ? [] : [[a.id, a.displayName] as const])));
        return {
          conversations: page.conversations.map((c) => historyEntryView(c, names)),
          next: page.next === null ? null : encodeHistoryCursor(page.next),
        };
      },
    },
    'history:open': {
      requires: 'supervisor',
      rate: AGENT_COMMAND_RATES['history:open'],
      run: async (agent, { conversationId }) => {
        const opened = await services.history.open(agent, conversationId, MESSAGES_PAGE_MAX);
        return {
          conversation: await services.views.agentConversation(opened.conversation),
          messages: opened.messages.map((message) => messageView(message, 'agent')),
          hasMore: opened.hasMore,
          notes: opened.notes.map(noteView),
        };
      },
    },
  };
}

function historyEntryView(conversation: Conversation, names: ReadonlyMap<string, string>): HistoryEntryView {
  return {
    id: conversation.id,
    reference: referenceOf(conversation),
    siteId: conversation.siteId,
    queueId: conversation.queueId,
    language: conversation.language,
    agentId: conversation.agentId,
    agentName: conversation.agentId === null ? null : (names.get(conversation.agentId) ?? null),
    createdAt: new Date(conversation.createdAt).toISOString(),
    closedAt: new Date(conversation.closedAt ?? conversation.createdAt).toISOString(),
    closeReason: conversation.closeReason,
    outcome: conversation.wrapUp?.outcome ?? null,
    transfers: conversation.transfers,
  };
}
