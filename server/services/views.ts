/**
 * Presenters: turn stored records into the wire shapes of `protocol/models.ts`. The boundary to the
 * clients: nothing leaves the server except through here (no token hashes, no password hashes).
 */
import type {
  AgentConversation,
  AgentProfile,
  Message,
  Topic,
  VisitorConversation,
} from '../../protocol/models.js';
import type { Agent, AgentPresence, ChatMessage, Conversation, Site } from '../domain/entities.js';
import { queuePositions } from '../domain/queue-order.js';
import type { Store } from '../stores/store.js';

const iso = (time: number): string => new Date(time).toISOString();
const isoOrNull = (time: number | null): string | null => (time === null ? null : iso(time));

/** A message as a console (`agent`) or the citizen's chat app (`visitor`) receives it. */
export function messageView(message: ChatMessage, audience: 'agent' | 'visitor'): Message {
  return {
    id: message.id,
    conversationId: message.conversationId,
    seq: message.seq,
    clientId: message.clientId,
    author: {
      kind: message.author.kind,
      name: message.author.name,
      // Citizens see the agent's name, not the account behind it.
      agentId: audience === 'agent' ? message.author.agentId : null,
    },
    text: message.text,
    sentAt: iso(message.sentAt),
  };
}

export function agentProfileView(agent: Agent, presence: AgentPresence | null): AgentProfile {
  return {
    id: agent.id,
    email: agent.email,
    displayName: agent.displayName,
    role: agent.role,
    status: presence?.status ?? 'offline',
    maxConcurrentChats: agent.maxConcurrentChats,
  };
}

export function topicViews(site: Site): Topic[] {
  return site.topics.map((topic) => ({ id: topic.id, label: topic.label }));
}

/** Builds conversation views, looking up what they show beside the record (names, topics, positions). */
export class ViewBuilder {
  constructor(private readonly store: Store) {}

  async visitorConversation(conversation: Conversation, positions?: ReadonlyMap<string, number>): Promise<VisitorConversation> {
    const [position, agent, lastSeq] = await Promise.all([
      this.positionOf(conversation, positions),
      conversation.agentId === null ? null : this.store.agents.get(conversation.agentId),
      this.store.messages.lastSeq(conversation.id),
    ]);
    return {
      id: conversation.id,
      status: conversation.status,
      topicId: conversation.topicId,
      language: conversation.language,
      visitorName: conversation.visitorName,
      queuePosition: position,
      agentName: agent?.displayName ?? null,
      closedBy: conversation.closedBy,
      closeReason: conversation.closeReason,
      startedAt: iso(conversation.createdAt),
      lastSeq,
      version: conversation.version,
    };
  }

  async agentConversation(conversation: Conversation, positions?: ReadonlyMap<string, number>): Promise<AgentConversation> {
    const [position, agent, lastSeq, site] = await Promise.all([
      this.positionOf(conversation, positions),
      conversation.agentId === null ? null : this.store.agents.get(conversation.agentId),
      this.store.messages.lastSeq(conversation.id),
      this.store.sites.get(conversation.siteId),
    ]);
    const topic = site?.topics.find((candidate) => candidate.id === conversation.topicId);
    return {
      id: conversation.id,
      siteId: conversation.siteId,
      status: conversation.status,
      topicId: conversation.topicId,
      topicLabel: topic?.label ?? { en: conversation.topicId, fr: conversation.topicId },
      language: conversation.language,
      visitorName: conversation.visitorName,
      pageUrl: conversation.pageUrl,
      pageTitle: conversation.pageTitle,
      queuedAt: iso(conversation.queuedAt),
      queuePosition: position,
      agentId: conversation.agentId,
      agentName: agent?.displayName ?? null,
      assignedAt: isoOrNull(conversation.assignedAt),
      closedAt: isoOrNull(conversation.closedAt),
      closedBy: conversation.closedBy,
      closeReason: conversation.closeReason,
      lastSeq,
      version: conversation.version,
    };
  }

  /** Views of many conversations; `queue` (all queued, as listed by the store) saves a lookup per item. */
  async agentConversations(conversations: readonly Conversation[], queue?: readonly Conversation[]): Promise<AgentConversation[]> {
    const positions = queuePositions(queue ?? (await this.store.conversations.listQueued()));
    return Promise.all(conversations.map((conversation) => this.agentConversation(conversation, positions)));
  }

  private async positionOf(conversation: Conversation, positions?: ReadonlyMap<string, number>): Promise<number | null> {
    if (conversation.status !== 'queued') return null;
    const known = positions ?? queuePositions(await this.store.conversations.listQueued());
    return known.get(conversation.id) ?? null;
  }
}
