/**
 * The only code that emits to rooms: turns domain events into socket events for the visitor and
 * agent namespaces. Events are handled strictly in the order they were published (a promise
 * chain), so a client never sees "closed" before "assigned" even though building a view is async.
 */
import type { Conversation } from '../domain/entities.js';
import { queuePositions } from '../domain/queue-order.js';
import type { DomainEvent } from '../services/events.js';
import type { Services } from '../services/index.js';
import { agentProfileView, messageView } from '../services/views.js';
import type { AgentNamespace } from './agent-namespace.js';
import { rooms } from './rooms.js';
import type { VisitorNamespace } from './visitor-namespace.js';

export interface BroadcasterLogger {
  error(details: object, message: string): void;
}

export class Broadcaster {
  private chain: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly services: Services,
    private readonly visitors: VisitorNamespace,
    private readonly agents: AgentNamespace,
    private readonly logger: BroadcasterLogger,
  ) {
    this.unsubscribe = services.events.subscribe((event) => {
      this.chain = this.chain.then(() =>
        this.handle(event).catch((error: unknown) =>
          this.logger.error({ err: error, event: event.type }, 'could not broadcast an event'),
        ),
      );
    });
  }

  /** Resolves once every event published so far, and any published meanwhile, has been sent. */
  async drain(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  stop(): void {
    this.unsubscribe();
  }

  private async handle(event: DomainEvent): Promise<void> {
    switch (event.type) {
      case 'message.created': {
        this.visitors.to(rooms.visitorOf(event.conversation.id)).emit('message:created', messageView(event.message, 'visitor'));
        if (event.conversation.agentId !== null) {
          this.agents.to(rooms.agent(event.conversation.agentId)).emit('message:created', messageView(event.message, 'agent'));
        }
        return;
      }
      case 'conversation.changed':
        return this.conversationChanged(event.conversation, event.previous);
      case 'queue.changed':
        return this.queueChanged(event.queue);
      case 'agent.presence-changed': {
        const agent = await this.services.store.agents.get(event.presence.agentId);
        if (agent !== null) {
          this.agents.to(rooms.agent(agent.id)).emit('agent:updated', agentProfileView(agent, event.presence));
        }
        return;
      }
      case 'session.ended': {
        const room = rooms.session(event.sessionId);
        this.agents.to(room).emit('session:ended', { code: event.reason });
        // On the next turn, so that the acknowledgement of the command that found the session
        // expired goes out first; `false` sends a disconnect packet after them, not a cut line.
        setImmediate(() => this.agents.in(room).disconnectSockets(false));
        return;
      }
    }
  }

  private async conversationChanged(conversation: Conversation, previous: Conversation | null): Promise<void> {
    // Queued conversations get their view (with position) from queueChanged, which follows.
    if (conversation.status !== 'queued') {
      const view = await this.services.views.visitorConversation(conversation);
      this.visitors.to(rooms.visitorOf(conversation.id)).emit('conversation:updated', view);
    }
    const agentIds = new Set([conversation.agentId, previous?.agentId].filter((id): id is string => id != null));
    if (agentIds.size === 0) return;
    const view = await this.services.views.agentConversation(conversation);
    for (const agentId of agentIds) this.agents.to(rooms.agent(agentId)).emit('conversation:updated', view);
  }

  private async queueChanged(queue: Conversation[]): Promise<void> {
    const positions = queuePositions(queue);
    const agentViews = await Promise.all(queue.map((conversation) => this.services.views.agentConversation(conversation, positions)));
    this.agents.to(rooms.queueWatchers()).emit('queue:updated', agentViews);
    // Everyone waiting hears their (possibly new) place in the queue.
    await Promise.all(
      queue.map(async (conversation) => {
        const view = await this.services.views.visitorConversation(conversation, positions);
        this.visitors.to(rooms.visitorOf(conversation.id)).emit('conversation:updated', view);
      }),
    );
  }
}
