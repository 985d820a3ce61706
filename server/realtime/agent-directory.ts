/**
 * Which agents have a console connected, asked of every node through the adapter (the presence
 * sweep, and a console's reconnect grace).
 *
 * Each node answers from its own sockets with agent ids only, as visitor-directory.ts does for
 * citizens. `fetchSockets` would ship every console's whole handshake through Redis on each sweep,
 * its headers with it: the signed session cookie, which must never be written to Redis. With one
 * node (the in-memory adapter), only local sockets are looked at.
 */
import type { ConnectionDirectory } from '../services/presence-service.js';
import type { AgentNamespace } from './agent-namespace.js';
import { rooms } from './rooms.js';

/** A question one node asks the others (Socket.IO server-side events, carried by the adapter). */
export interface AgentServerSideEvents {
  /** Which of these agents (every one, for null) have a console connected to your node? Answered with their ids. */
  'agent-presence:ask': (only: string[] | null, answer: (agentIds: string[]) => void) => void;
}

/** Answers other nodes' questions from this node's sockets, and asks them in turn. */
export function agentDirectory(namespace: AgentNamespace): ConnectionDirectory {
  const local = (only: readonly string[] | null): string[] => {
    if (only !== null) return only.filter((id) => (namespace.adapter.rooms.get(rooms.agent(id))?.size ?? 0) > 0);
    const ids = new Set<string>();
    for (const socket of namespace.sockets.values()) if (socket.data.agentId != null) ids.add(socket.data.agentId);
    return [...ids];
  };
  namespace.on('agent-presence:ask', (only, answer) => {
    // Another node's question (it came through Redis): answered with agent ids only.
    answer(local(Array.isArray(only) ? only.filter((id): id is string => typeof id === 'string') : null));
  });

  const ask = async (only: string[] | null): Promise<Set<string>> => {
    const found = new Set(local(only));
    if ((await namespace.adapter.serverCount()) > 1) {
      // Rejects when a node does not answer in time: the caller tries again later rather than
      // take silence for absence (an agent's chats are not taken away on a missed answer).
      for (const ids of await namespace.serverSideEmitWithAck('agent-presence:ask', only)) for (const id of ids) found.add(id);
    }
    return found;
  };

  return {
    isConnected: async (agentId) => local([agentId]).length > 0 || (await ask([agentId])).has(agentId),
    connectedAgentIds: () => ask(null),
  };
}
