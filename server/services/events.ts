/**
 * Domain events: what happened, published by services and turned into socket emits by the
 * broadcaster (the only code that emits to rooms). Services never touch Socket.IO.
 */
import type { RolloutPolicy } from '../domain/rollout-policy.js';
import type { Language } from '../../protocol/languages.js';
import type { QueueWait } from '../../protocol/models.js';
import type { ChannelAlternative, SatisfactionScore } from '../../protocol/survey.js';
import type { Agent, AgentPresence, ChatMessage, Conversation, ConversationNote, InboxItem, Queue, Site } from '../domain/entities.js';
import type { SupervisionDiff } from '../domain/supervision.js';
import type { QueueMove } from '../stores/store.js';

export type DomainEvent =
  /**
   * A conversation was opened, accepted, closed or given back to the queue; `left` and `joined`
   * say how it moved out of and into queues (as the store recorded it, with each queue's revision).
   */
  | {
      type: 'conversation.changed';
      conversation: Conversation;
      previous: Conversation | null;
      left: QueueMove | null;
      joined: QueueMove | null;
    }
  | { type: 'message.created'; conversation: Conversation; message: ChatMessage }
  | { type: 'agent.presence-changed'; presence: AgentPresence }
  /** An account's settings changed (a supervisor set its chat limit): its consoles and routing hear it. */
  | { type: 'agent.changed'; agent: Agent }
  /** Queues or agents changed as the supervision view shows them (see supervision-service.ts), as read at `at`. */
  | { type: 'supervision.changed'; change: SupervisionDiff; at: number }
  /**
   * An account's sessions ended (deactivated, demoted, or its password changed), on every node:
   * its console connections close, but for those of `exceptSessionId` (the session that changed
   * its own password).
   */
  | { type: 'account.sessions-ended'; agentId: string; exceptSessionId: string | null }
  /** A console session ended (signed out or expired); its connections must close. */
  | { type: 'session.ended'; sessionId: string; reason: 'signed_out' | 'session_expired' }
  /** A citizen left a message (`created`), or an agent marked one answered. */
  | { type: 'inbox.item-changed'; item: InboxItem; created: boolean }
  /** What a queue's wait depends on changed (see wait-service.ts); the citizens waiting in it hear it. */
  | { type: 'queue.wait-changed'; queueId: string; wait: QueueWait }
  /** One side of an active chat is typing, or stopped: told to the other side only, never stored. */
  | { type: 'typing.changed'; conversation: Conversation; by: 'visitor' | 'agent'; typing: boolean }
  /** A note was added to a conversation (by `authorId`, or by the service itself when null): agents only. */
  | { type: 'note.created'; conversation: Conversation; note: ConversationNote; authorId: string | null }
  /** A site's rollout policy was replaced (on this node; other nodes see it within their cache time). */
  | { type: 'rollout.policy-changed'; policy: RolloutPolicy }
  /** A site's rollout policy, changes or schedule changed (rollout-governance-service.ts): Rollout pages hear it. */
  | { type: 'rollout.state-changed'; siteId: string; at: number }
  /** A manager created or changed a site (site-admin-service.ts); every node reads sites from the store. */
  | { type: 'site.changed'; site: Site }
  /** A manager created or changed a queue (its members change through `agent.changed`). */
  | { type: 'queue.changed'; queue: Queue }
  /**
   * A citizen answered the survey after their chat (survey-service.ts), once per conversation: for
   * reports (satisfaction, and the channel they would have used: net-new versus shifted contacts).
   * No personal data: the chat's site, queue, topic, language, whether an agent answered it, and
   * the answers. Shape documented in ARCHITECTURE.md, "After the chat".
   */
  | {
      type: 'survey.answered';
      conversationId: string;
      siteId: string;
      queueId: string;
      topicId: string;
      language: Language;
      /** Whether an agent took the chat (false for one that ended waiting). */
      answered: boolean;
      satisfaction: SatisfactionScore | null;
      alternative: ChannelAlternative | null;
      /** When the chat closed, and when the survey was answered (epoch ms). */
      closedAt: number;
      at: number;
    };

export type DomainEventListener = (event: DomainEvent) => void;

/** In-process publish/subscribe. Listeners run synchronously, in subscription order. */
export class EventBus {
  private readonly listeners = new Set<DomainEventListener>();

  subscribe(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: DomainEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
