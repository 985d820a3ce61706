/**
 * How a chat message reaches both sides on every node: one adapter message per chat message.
 *
 * A chat message goes to two namespaces (the citizen's `/visitor` room and the consoles' `/agent`
 * rooms). Emitting to each through the adapter would write it to Redis twice and have every
 * other node read and decode it twice. Instead the node that stored it sends the message once to
 * the other nodes (a server-side event of the agent namespace), and each node, this one included,
 * emits the two views to its own sockets only (`local`). With one node there is no adapter
 * message at all.
 *
 * Order: the server-side event travels in the same adapter stream, in publish order, as the
 * node's other broadcasts (a chat closing, say), and each node handles that stream in order, so
 * a console never hears "closed" before the last message. Measured with `npm run bench`: see
 * README, "Performance".
 */
import type { ChatMessage } from '../domain/entities.js';
import { messageView } from '../services/views.js';
import type { AgentNamespace } from './agent-namespace.js';
import { rooms } from './rooms.js';
import type { VisitorNamespace } from './visitor-namespace.js';

/** A chat message as it travels between nodes, with whom it is for. */
export interface MessageDelivery {
  conversationId: string;
  /** The consoles that hear it: these agents' (the chat's holder) and the chat's watchers. */
  agentIds: string[];
  message: ChatMessage;
}

/** Server-side events of the agent namespace that carry chat messages between nodes. */
export interface MessageFanoutEvents {
  'message:fanout': (delivery: MessageDelivery) => void;
}

/** The console rooms that hear of a conversation: its agents' and its watchers'. */
export function consoleRoomsOf(conversationId: string, agentIds: ReadonlyArray<string | null | undefined>): string[] {
  const agents = [...new Set(agentIds.filter((id): id is string => id != null))];
  return [...agents.map(rooms.agent), rooms.watching(conversationId)];
}

export class MessageFanout {
  constructor(
    private readonly visitors: VisitorNamespace,
    private readonly agents: AgentNamespace,
    /** True when nodes share a Redis adapter; a single node only emits locally. */
    private readonly clustered: boolean,
  ) {
    // Another node's message (it came through Redis, which only our nodes write to).
    agents.on('message:fanout', (delivery) => {
      if (typeof delivery?.conversationId === 'string' && Array.isArray(delivery.agentIds)) this.deliverHere(delivery);
    });
  }

  /** Sends a stored message to both sides, on this node and on every other. */
  send(delivery: MessageDelivery): void {
    this.deliverHere(delivery);
    if (this.clustered) this.agents.serverSideEmit('message:fanout', delivery);
  }

  private deliverHere({ conversationId, agentIds, message }: MessageDelivery): void {
    this.visitors.local.to(rooms.visitorOf(conversationId)).emit('message:created', messageView(message, 'visitor'));
    // One emit: a console in both an agent's room and the watchers' room hears it once.
    this.agents.local.to(consoleRoomsOf(conversationId, agentIds)).emit('message:created', messageView(message, 'agent'));
  }
}
