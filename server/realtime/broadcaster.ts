/**
 * The only code that emits to rooms: turns domain events into socket events for the visitor and
 * agent namespaces. Events are handled strictly in the order they were published (a promise
 * chain), so a client never sees "closed" before "assigned" even though building a view is async.
 */
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
        return this.conversationChanged(event);
      case 'agent.presence-changed': {
        const agent = await this.services.store.agents.get(event.presence.agentId);
        if (agent !== null) {
          this.agents.to(rooms.agent(agent.id)).emit('agent:updated', agentProfileView(agent, event.presence));
        }
        return;
      }
      case 'queue.wait-changed':
        // One message per queue to everyone waiting in it; each turns it into their own wait.
        this.visitors.to(rooms.queue(event.queueId)).emit('queue:wait', { queueId: event.queueId, ...event.wait });
        return;
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

  /**
   * A conversation changed: its citizen and the agents holding it (or who just lost it) hear the new
   * state; if it left or joined a queue, everyone following that queue hears one delta, built from
   * what the event carries (no reads per waiting chat, whatever the queue's length).
   */
  private async conversationChanged(event: Extract<DomainEvent, { type: 'conversation.changed' }>): Promise<void> {
    const { conversation, previous, left, joined } = event;
    const citizen = rooms.visitorOf(conversation.id);
    const place = joined?.position == null ? undefined : { position: joined.position, revision: joined.revision, key: joined.key };
    this.visitors.to(citizen).emit('conversation:updated', await this.services.views.visitorConversation(conversation, place));

    if (left !== null) {
      this.visitors.in(citizen).socketsLeave(rooms.queue(left.queueId));
      const change = { queueId: left.queueId, revision: left.revision };
      this.visitors.to(rooms.queue(left.queueId)).emit('queue:changed', { ...change, kind: 'left', key: left.key });
      this.agents.to(rooms.queue(left.queueId)).emit('queue:changed', { ...change, kind: 'left', id: conversation.id, version: conversation.version });
    }
    if (joined !== null) {
      const change = { queueId: joined.queueId, revision: joined.revision };
      // Others in the queue hear of it first; then the citizen follows the queue from this revision on.
      this.visitors.to(rooms.queue(joined.queueId)).emit('queue:changed', { ...change, kind: 'joined', key: joined.key });
      this.visitors.in(citizen).socketsJoin(rooms.queue(joined.queueId));
      const entry = await this.services.views.queueEntry(conversation);
      this.agents.to(rooms.queue(joined.queueId)).emit('queue:changed', { ...change, kind: 'joined', entry });
    }

    const agentIds = new Set([conversation.agentId, previous?.agentId].filter((id): id is string => id != null));
    if (agentIds.size === 0) return;
    const view = await this.services.views.agentConversation(conversation);
    for (const agentId of agentIds) this.agents.to(rooms.agent(agentId)).emit('conversation:updated', view);
  }
}
