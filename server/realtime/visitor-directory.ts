/**
 * Which conversations have a citizen connected, asked of every node through the adapter.
 *
 * Each node answers from its own sockets with conversation ids only (agent-directory.ts does the
 * same for consoles). `fetchSockets` would ship every citizen socket's whole handshake through
 * Redis on every sweep: thousands of them, and their tokens (the handshake's `auth`) with them,
 * which must never cross Redis. With one node (the in-memory adapter), only local sockets are looked at.
 */
import type { VisitorDirectory } from '../services/visitor-presence-service.js';
import { rooms } from './rooms.js';
import type { VisitorNamespace } from './visitor-namespace.js';

/** A question one node asks the others (Socket.IO server-side events, carried by the adapter). */
export interface VisitorServerSideEvents {
  /**
   * Which of these conversations (every one, for null) have a citizen's connection on your node?
   * Answered with their ids.
   */
  'visitor-presence:ask': (only: string[] | null, answer: (conversationIds: string[]) => void) => void;
}

/** Answers other nodes' questions from this node's sockets, and asks them in turn. */
export function visitorDirectory(namespace: VisitorNamespace): VisitorDirectory {
  const local = (only: readonly string[] | null): string[] => {
    if (only !== null) return only.filter((id) => (namespace.adapter.rooms.get(rooms.visitorOf(id))?.size ?? 0) > 0);
    const ids = new Set<string>();
    for (const socket of namespace.sockets.values()) if (socket.data.conversationId != null) ids.add(socket.data.conversationId);
    return [...ids];
  };
  namespace.on('visitor-presence:ask', (only, answer) => {
    // Another node's question (it came through Redis): answered with conversation ids only.
    answer(local(Array.isArray(only) ? only.filter((id): id is string => typeof id === 'string') : null));
  });

  const ask = async (only: string[] | null): Promise<Set<string>> => {
    const found = new Set(local(only));
    if ((await namespace.adapter.serverCount()) > 1) {
      // Rejects when a node does not answer in time (one that just died is still counted for a
      // few seconds): the caller tries again later rather than take silence for absence.
      for (const ids of await namespace.serverSideEmitWithAck('visitor-presence:ask', only)) for (const id of ids) found.add(id);
    }
    return found;
  };

  return {
    isConnected: async (conversationId) => local([conversationId]).length > 0 || (await ask([conversationId])).has(conversationId),
    connectedAmong: (conversationIds) => ask([...conversationIds]),
    connectedConversationIds: () => ask(null),
  };
}
