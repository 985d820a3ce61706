/**
 * The only code that emits to rooms: turns domain events into socket events for the visitor and
 * agent namespaces. Each event's views are prepared as soon as it is published (their store
 * reads run side by side with other events'), but the emits go out strictly in the order the
 * events were published (a promise chain), so a client never sees "closed" before "assigned".
 */
import type { VisitorQueueChange } from '../../protocol/visitor-events.js';
import type { DomainEvent } from '../services/events.js';
import type { Services } from '../services/index.js';
import { accountView, agentProfileView, noteView, supervisionChangeView } from '../services/views.js';
import { hasRole } from '../domain/roles.js';
import type { AgentNamespace } from './agent-namespace.js';
import { consoleRoomsOf, type MessageFanout } from './message-fanout.js';
import { rooms } from './rooms.js';
import type { VisitorNamespace } from './visitor-namespace.js';

export interface BroadcasterLogger {
  error(details: object, message: string): void;
}

/** The emits of one event, ready to go: no awaiting left inside. */
type Emits = () => void;

/**
 * How long a queue's changes are gathered before citizens waiting in it hear them, in one message:
 * a thousand chats leaving a queue in a second would otherwise send each of a thousand waiting
 * citizens a thousand messages. Consoles hear each change at once (they are few).
 */
export const VISITOR_QUEUE_BATCH_MS = 250;

export class Broadcaster {
  private chain: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  /** Changes waiting to go to the citizens of each queue. */
  private readonly visitorQueueChanges = new Map<string, VisitorQueueChange[]>();
  private visitorQueueTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly services: Services,
    private readonly visitors: VisitorNamespace,
    private readonly agents: AgentNamespace,
    private readonly messages: MessageFanout,
    private readonly logger: BroadcasterLogger,
  ) {
    this.unsubscribe = services.events.subscribe((event) => {
      const prepared = this.prepare(event);
      // Awaited in the chain below; this only keeps an early failure from counting as unhandled.
      prepared.catch(() => {});
      this.chain = this.chain.then(async () => {
        try {
          (await prepared)();
        } catch (error) {
          this.logger.error({ err: error, event: event.type }, 'could not broadcast an event');
        }
      });
    });
  }

  /** Resolves once every event published so far, and any published meanwhile, has been sent. */
  async drain(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
    this.flushVisitorQueueChanges();
  }

  stop(): void {
    this.unsubscribe();
    this.flushVisitorQueueChanges();
  }

  /** Gathers a change for the citizens waiting in its queue (see VISITOR_QUEUE_BATCH_MS). */
  private tellWaitingCitizens(queueId: string, change: VisitorQueueChange): void {
    const changes = this.visitorQueueChanges.get(queueId);
    if (changes === undefined) this.visitorQueueChanges.set(queueId, [change]);
    else changes.push(change);
    this.visitorQueueTimer ??= setTimeout(() => this.flushVisitorQueueChanges(), VISITOR_QUEUE_BATCH_MS);
  }

  private flushVisitorQueueChanges(): void {
    clearTimeout(this.visitorQueueTimer);
    this.visitorQueueTimer = undefined;
    for (const [queueId, changes] of this.visitorQueueChanges) this.visitors.to(rooms.queue(queueId)).emit('queue:changed', { queueId, changes });
    this.visitorQueueChanges.clear();
  }

  private async prepare(event: DomainEvent): Promise<Emits> {
    switch (event.type) {
      case 'message.created': {
        const { conversation, message } = event;
        // The citizen, the agent holding it and supervisors watching it, on every node: one
        // adapter message for both sides (message-fanout.ts).
        const agentIds = conversation.agentId === null ? [] : [conversation.agentId];
        return () => this.messages.send({ conversationId: conversation.id, agentIds, message });
      }
      case 'conversation.changed':
        return this.conversationChanged(event);
      case 'agent.presence-changed': {
        const agent = await this.services.store.agents.get(event.presence.agentId);
        return () => {
          if (agent !== null) this.agents.to(rooms.agent(agent.id)).emit('agent:updated', agentProfileView(agent, event.presence));
        };
      }
      case 'agent.changed': {
        // The account changed (its limit, languages, queues, role): every console of that agent, on
        // any node, redraws it and follows the queues and inbox its account now gives it.
        const { agent } = event;
        const [presence, queues, pickable, inbox] = await Promise.all([
          this.services.store.presence.get(agent.id),
          this.services.store.queues.list(),
          this.services.conversations.pickableQueueIds(agent),
          this.services.inbox.visibleQueueIds(agent),
        ]);
        const followed = [...queues.map((queue) => rooms.queue(queue.id)), ...queues.map((queue) => rooms.inbox(queue.id)), rooms.inboxAll()];
        const follows = [...pickable.map(rooms.queue), ...(inbox === null ? [rooms.inboxAll()] : inbox.map(rooms.inbox))];
        const manager = agent.active && hasRole(agent.role, 'manager');
        return () => {
          const consoles = this.agents.in(rooms.agent(agent.id));
          if (agent.active) {
            consoles.socketsLeave(followed.filter((room) => !follows.includes(room)));
            consoles.socketsJoin(follows);
          }
          if (manager) consoles.socketsJoin(rooms.managers());
          else consoles.socketsLeave(rooms.managers());
          this.agents.to(rooms.agent(agent.id)).emit('agent:updated', agentProfileView(agent, presence));
          // Managers' Accounts pages keep up (a public name proposed or decided, any other change).
          this.agents.to(rooms.managers()).emit('admin:account-changed', accountView(agent));
        };
      }
      case 'account.sessions-ended': {
        // Deactivated, demoted, or its password changed: its consoles close on every node (the
        // adapter carries the disconnect), but for the session that changed its own password.
        const consoles = () => {
          const all = this.agents.in(rooms.agent(event.agentId));
          return event.exceptSessionId === null ? all : all.except(rooms.session(event.exceptSessionId));
        };
        return () => {
          consoles().emit('session:ended', { code: 'signed_out' });
          setImmediate(() => consoles().disconnectSockets(false));
        };
      }
      case 'supervision.changed': {
        // Only what changed, once a second at most from each node, to the consoles that subscribed.
        const change = supervisionChangeView(event.change, event.at);
        return () => this.agents.to(rooms.supervision()).emit('supervision:changed', change);
      }
      case 'queue.wait-changed':
        // One message per queue to everyone waiting in it; each turns it into their own wait.
        return () => this.visitors.to(rooms.queue(event.queueId)).emit('queue:wait', { queueId: event.queueId, ...event.wait });
      case 'session.ended': {
        const room = rooms.session(event.sessionId);
        return () => {
          this.agents.to(room).emit('session:ended', { code: event.reason });
          // On the next turn, so that the acknowledgement of the command that found the session
          // expired goes out first; `false` sends a disconnect packet after them, not a cut line.
          setImmediate(() => this.agents.in(room).disconnectSockets(false));
        };
      }
      case 'inbox.item-changed': {
        const [view] = await this.services.views.inboxItems([event.item]);
        // A console in both rooms (a supervisor who also serves the queue) hears it once.
        return () => this.agents.to([rooms.inbox(event.item.queueId), rooms.inboxAll()]).emit(event.created ? 'inbox:item-created' : 'inbox:item-updated', view!);
      }
      case 'typing.changed': {
        const { conversation, by, typing } = event;
        // Volatile: dropped rather than queued for a connection that cannot take it now; the next
        // signal, or the receiver's expiry, makes up for it. Only the other side hears it.
        return () => {
          if (by === 'agent') this.visitors.to(rooms.visitorOf(conversation.id)).volatile.emit('typing:changed', { typing });
          else if (conversation.agentId !== null) {
            this.agents.to(rooms.agent(conversation.agentId)).volatile.emit('typing:changed', { conversationId: conversation.id, typing });
          }
        };
      }
      case 'note.created': {
        // Consoles only: the agent holding the chat, the note's author (a supervisor, say) and
        // supervisors watching it. No visitor room is ever named here.
        const view = noteView(event.note);
        return () => this.agents.to(consoleRoomsOf(event.conversation.id, [event.conversation.agentId, event.authorId])).emit('note:created', view);
      }
      case 'rollout.policy-changed':
      case 'site.changed':
      case 'queue.changed':
      // For reports (they subscribe to the bus); the conversation's own change was told as `conversation.changed`.
      case 'survey.answered':
        // Read from the store where needed (the offer keeps a site at most a second), not pushed to any socket.
        return () => {};
      case 'rollout.state-changed': {
        // A nudge, on every node (the adapter carries it): each Rollout page asks `rollout:state` again.
        const change = { siteId: event.siteId, at: new Date(event.at).toISOString() };
        return () => this.agents.to(rooms.rollout()).emit('rollout:changed', change);
      }
    }
  }

  /**
   * A conversation changed: its citizen, the agents holding it (or who just lost it) and the
   * supervisors watching it hear the new state; if it left or joined a queue, everyone following that queue hears one delta, built from
   * what the event carries (no reads per waiting chat, whatever the queue's length).
   */
  private async conversationChanged(event: Extract<DomainEvent, { type: 'conversation.changed' }>): Promise<Emits> {
    const { conversation, previous, left, joined } = event;
    const citizen = rooms.visitorOf(conversation.id);
    const place = joined?.position == null ? undefined : { position: joined.position, revision: joined.revision, key: joined.key };
    // Built even when no agent holds it: supervisors may be watching it, on any node.
    const [visitorView, entry, agentView] = await Promise.all([
      this.services.views.visitorConversation(conversation, place),
      joined === null ? null : this.services.views.queueEntry(conversation),
      this.services.views.agentConversation(conversation, place),
    ]);
    return () => {
      this.visitors.to(citizen).emit('conversation:updated', visitorView);
      if (left !== null) {
        this.visitors.in(citizen).socketsLeave(rooms.queue(left.queueId));
        const change = { queueId: left.queueId, revision: left.revision };
        this.tellWaitingCitizens(left.queueId, { revision: left.revision, kind: 'left', key: left.key });
        this.agents.to(rooms.queue(left.queueId)).emit('queue:changed', { ...change, kind: 'left', id: conversation.id, version: conversation.version });
      }
      if (joined !== null && entry !== null) {
        const change = { queueId: joined.queueId, revision: joined.revision };
        // The citizen follows the queue from this revision on (its own change counts as seen).
        this.tellWaitingCitizens(joined.queueId, { revision: joined.revision, kind: 'joined', key: joined.key });
        this.visitors.in(citizen).socketsJoin(rooms.queue(joined.queueId));
        this.agents.to(rooms.queue(joined.queueId)).emit('queue:changed', { ...change, kind: 'joined', entry });
      }
      // The agents holding it (or who just lost it) and supervisors watching it, each console once.
      this.agents.to(consoleRoomsOf(conversation.id, [conversation.agentId, previous?.agentId])).emit('conversation:updated', agentView);
    };
  }
}
