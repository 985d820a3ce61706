/**
 * The agents who are available now, as routing sees them (their queues, languages, connection,
 * open chats and limits), read from the store in one go. Shared by assignment (who gets a chat)
 * and waits (how many chats a queue's agents can hold), so that both count the same people.
 */
import type { Agent } from '../domain/entities.js';
import { idleSince, type RoutingAgent } from '../domain/routing.js';
import type { Store } from '../stores/store.js';

/** An available agent's account, and what routing knows of them now. */
export interface AvailableAgent {
  agent: Agent;
  routing: RoutingAgent;
}

/** Every agent whose status is available, with their open chats counted (four reads, whatever their number). */
export async function readAvailableAgents(store: Store): Promise<AvailableAgent[]> {
  const [agents, presences, lastAssignments] = await Promise.all([store.agents.list(), store.presence.list(), store.presence.lastAssignments()]);
  const presenceOf = new Map(presences.map((presence) => [presence.agentId, presence]));
  // A deactivated account takes nothing, even in the moment before its presence says offline.
  const available = agents.filter((agent) => agent.active && presenceOf.get(agent.id)?.status === 'available');
  if (available.length === 0) return [];
  const active = await store.conversations.countActiveByAgent(available.map((agent) => agent.id));
  return available.map((agent) => {
    const presence = presenceOf.get(agent.id)!;
    return {
      agent,
      routing: {
        id: agent.id,
        queueIds: agent.queueIds,
        languages: agent.languages,
        status: presence.status,
        connected: presence.disconnectedAt === null,
        activeChats: active.get(agent.id) ?? 0,
        maxChats: agent.maxConcurrentChats,
        idleSince: idleSince(presence.since, lastAssignments.get(agent.id)),
      },
    };
  });
}
