/**
 * Presenters: turn stored records into the wire shapes of `protocol/models.ts`. The boundary to the
 * clients: nothing leaves the server except through here (no token hashes, no password hashes).
 */
import type { AccountView, PasswordLinkView } from '../../protocol/accounts.js';
import type { QueueAdminView, SiteAdminView } from '../../protocol/admin.js';
import { DEFAULT_QUICK_EXIT, DEFAULT_SITE_REDACTION } from '../../protocol/privacy.js';
import type {
  CannedAnswer as CannedAnswerView,
  Note,
  TransferAgentTarget,
  TransferQueueTarget,
  WrapUpOutcome as WrapUpOutcomeView,
} from '../../protocol/agent-tools.js';
import type { Bilingual } from '../../protocol/languages.js';
import type {
  AgentConversation,
  AgentProfile,
  InboxItemView,
  IdleWarning,
  Message,
  QueueEntry,
  QueueWait,
  Topic,
  VisitorConversation,
  WrapUpView,
} from '../../protocol/models.js';
import type { SupervisedAgent, SupervisedQueue, SupervisionChange, SupervisionSnapshot } from '../../protocol/supervision.js';
import { estimateWait } from '../../protocol/wait-estimate.js';
import type {
  Agent,
  AgentPresence,
  CannedAnswer,
  ChatMessage,
  Conversation,
  ConversationNote,
  InboxItem,
  Queue,
  Site,
  WrapUp,
  WrapUpOutcome,
} from '../domain/entities.js';
import type { QueueWithMembers } from './site-admin-service.js';
import { queueScore } from '../domain/queue-order.js';
import type { AgentSummary, QueueSummary, SupervisionDiff, SupervisionPicture } from '../domain/supervision.js';
import { citizenTransferState } from '../domain/transfer.js';
import type { QueuePlace, Store } from '../stores/store.js';
import { citizenAgentName, publicNameOf } from '../domain/public-name.js';
import type { PublicNameView } from '../../protocol/public-name.js';
import type { Clock } from './clock.js';

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
      // Citizens see the public name the agent had when writing (or none: "an agent"), never the
      // account's display name nor the account behind it.
      name: audience === 'visitor' && message.author.kind === 'agent' ? (message.author.publicName ?? null) : message.author.name,
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
    awayReason: presence?.status === 'away' ? (presence.awayReason ?? null) : null,
    languages: agent.languages,
    publicName: publicNameView(agent),
  };
}

/** An account's public name and latest proposal, as its owner and managers see them. */
export function publicNameView(agent: Agent): PublicNameView {
  const state = publicNameOf(agent);
  const request = state.request;
  return {
    approved: state.approved,
    request:
      request === null
        ? null
        : { name: request.name, status: request.status, proposedAt: iso(request.proposedAt), decidedAt: isoOrNull(request.decidedAt) },
  };
}

export function topicViews(site: Site): Topic[] {
  return site.topics.map((topic) => ({ id: topic.id, label: topic.label }));
}

/** A waiting chat as consoles list it, from the record and its site's topic label. */
export function queueEntryView(conversation: Conversation, site: Site | null): QueueEntry {
  return {
    id: conversation.id,
    siteId: conversation.siteId,
    queueId: conversation.queueId,
    topicId: conversation.topicId,
    topicLabel: topicLabelOf(conversation, site),
    language: conversation.language,
    visitorName: conversation.visitorName,
    pageUrl: conversation.pageUrl,
    pageTitle: conversation.pageTitle,
    queuedAt: iso(conversation.queuedAt),
    requeued: conversation.queuePriority > 0,
    key: queueScore(conversation),
    version: conversation.version,
  };
}

/** A left message as the console's inbox shows it, with its topic's label and who answered it. */
export function inboxItemView(item: InboxItem, site: Site | null, answeredByName: string | null): InboxItemView {
  return {
    id: item.id,
    reference: item.reference,
    siteId: item.siteId,
    queueId: item.queueId,
    topicId: item.topicId,
    topicLabel: topicLabelOf(item, site),
    language: item.language,
    visitorName: item.visitorName,
    email: item.email,
    phone: item.phone,
    text: item.text,
    pageUrl: item.pageUrl,
    createdAt: iso(item.createdAt),
    status: item.status,
    answeredAt: isoOrNull(item.answeredAt),
    answeredByName,
    answerNote: item.answerNote,
  };
}

function topicLabelOf(conversation: Pick<Conversation, 'topicId'>, site: Site | null): Bilingual {
  const topic = site?.topics.find((candidate) => candidate.id === conversation.topicId);
  return topic?.label ?? { en: conversation.topicId, fr: conversation.topicId };
}

/** Where views read a queue's wait inputs (the wait service). */
export interface WaitReader {
  waitOf(queueId: string): Promise<QueueWait>;
}

/**
 * A note as consoles receive it. Notes are for agents only: no visitor view exists, and nothing
 * that goes to a citizen is built from a note (test/realtime/agent-tools.test.ts listens for it).
 */
export function noteView(note: ConversationNote): Note {
  const common = { id: note.id, conversationId: note.conversationId, createdAt: iso(note.createdAt) };
  switch (note.kind) {
    case 'agent':
      return { kind: 'agent', ...common, agentId: note.agentId, authorName: note.authorName, text: note.text };
    case 'language-switched':
      return { kind: 'language-switched', ...common, from: note.from, to: note.to };
    case 'transferred':
      return {
        kind: 'transferred',
        ...common,
        byAgentId: note.byAgentId,
        byName: note.byName,
        fromAgentId: note.fromAgentId,
        fromName: note.fromName,
        to: note.to.kind === 'agent' ? { kind: 'agent', agentId: note.to.agentId, name: note.to.name } : { kind: 'queue', queueId: note.to.queueId, name: note.to.name },
        text: note.text,
      };
  }
}

export function wrapUpOutcomeView(outcome: WrapUpOutcome): WrapUpOutcomeView {
  return { id: outcome.id, label: outcome.label };
}

/** An agent a chat may be transferred to: their name and how busy they are, nothing more. */
export function transferAgentTargetView(agent: Agent, activeChats: number): TransferAgentTarget {
  return { id: agent.id, displayName: agent.displayName, activeChats, maxChats: agent.maxConcurrentChats };
}

export function transferQueueTargetView(queue: Queue): TransferQueueTarget {
  return { id: queue.id, name: queue.name, mode: queue.mode };
}

function wrapUpView(wrapUp: WrapUp | null): WrapUpView | null {
  if (wrapUp === null) return null;
  return { dueAt: iso(wrapUp.dueAt), outcome: wrapUp.outcome, note: wrapUp.note, recordedAt: isoOrNull(wrapUp.recordedAt) };
}

/** A queue as the supervision view shows it, read at `at`. */
export function supervisedQueueView(queue: QueueSummary, at: number): SupervisedQueue {
  return {
    id: queue.id,
    name: { en: queue.name.en, fr: queue.name.fr },
    language: queue.language,
    mode: queue.mode,
    waiting: queue.waiting,
    oldestQueuedAt: isoOrNull(queue.oldestQueuedAt),
    agents: { available: queue.agents.available, away: queue.agents.away, withRoom: queue.agents.withRoom },
    at: iso(at),
  };
}

/** An account as the supervision view shows it (no email: a supervisor needs the name), read at `at`. */
export function supervisedAgentView(agent: AgentSummary, at: number): SupervisedAgent {
  return {
    id: agent.id,
    displayName: agent.displayName,
    role: agent.role,
    status: agent.status,
    awayReason: agent.awayReason,
    languages: [...agent.languages],
    queueIds: [...agent.queueIds],
    openChats: agent.openChats,
    maxConcurrentChats: agent.maxConcurrentChats,
    connected: agent.connected,
    at: iso(at),
  };
}

export function supervisionSnapshotView(picture: SupervisionPicture, at: number): SupervisionSnapshot {
  return {
    queues: picture.queues.map((queue) => supervisedQueueView(queue, at)),
    agents: picture.agents.map((agent) => supervisedAgentView(agent, at)),
    at: iso(at),
  };
}

export function supervisionChangeView(change: SupervisionDiff, at: number): SupervisionChange {
  return {
    queues: change.queues.map((queue) => supervisedQueueView(queue, at)),
    agents: change.agents.map((agent) => supervisedAgentView(agent, at)),
    removedQueueIds: [...change.removedQueueIds],
    removedAgentIds: [...change.removedAgentIds],
    at: iso(at),
  };
}

export function cannedAnswerView(answer: CannedAnswer): CannedAnswerView {
  return { id: answer.id, title: answer.title, text: answer.text };
}

/** Builds conversation views, looking up what they show beside the record (names, topics, places in line, waits). */
export class ViewBuilder {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly waits: WaitReader,
  ) {}

  /** `place`: where it stands in its queue, when the caller knows (saves a lookup); read otherwise. */
  async visitorConversation(conversation: Conversation, place?: QueuePlace | null): Promise<VisitorConversation> {
    const [queue, agent, lastSeq, queueWait] = await Promise.all([
      this.placeOf(conversation, place),
      conversation.agentId === null ? null : this.store.agents.get(conversation.agentId),
      this.store.messages.lastSeq(conversation.id),
      conversation.status === 'queued' ? this.waits.waitOf(conversation.queueId) : null,
    ]);
    const waiting = queue === null ? null : queueWait;
    return {
      id: conversation.id,
      status: conversation.status,
      topicId: conversation.topicId,
      language: conversation.language,
      queueId: conversation.queueId,
      visitorName: conversation.visitorName,
      queuePosition: queue?.position ?? null,
      queueKey: queue?.key ?? null,
      queueRevision: queue?.revision ?? null,
      // The approved public name, or null ("an agent"): never the account's display name.
      agentName: citizenAgentName(agent),
      closedBy: conversation.closedBy,
      closeReason: conversation.closeReason,
      startedAt: iso(conversation.createdAt),
      lastSeq,
      version: conversation.version,
      idleWarning: this.idleWarningOf(conversation),
      queueWait: waiting,
      estimatedWait: queue === null || waiting === null ? null : estimateWait(queue.position, waiting).band,
      transferred: citizenTransferState(conversation),
      reference: conversation.reference,
      surveyAnswered: conversation.survey !== null,
    };
  }

  /** `place`: where it stands in its queue, when the caller knows (saves a lookup); read otherwise. */
  async agentConversation(conversation: Conversation, place?: QueuePlace | null): Promise<AgentConversation> {
    const [queue, agent, lastSeq, site] = await Promise.all([
      this.placeOf(conversation, place),
      conversation.agentId === null ? null : this.store.agents.get(conversation.agentId),
      this.store.messages.lastSeq(conversation.id),
      this.store.sites.get(conversation.siteId),
    ]);
    return {
      id: conversation.id,
      siteId: conversation.siteId,
      status: conversation.status,
      topicId: conversation.topicId,
      topicLabel: topicLabelOf(conversation, site),
      language: conversation.language,
      visitorName: conversation.visitorName,
      pageUrl: conversation.pageUrl,
      pageTitle: conversation.pageTitle,
      queuedAt: iso(conversation.queuedAt),
      queuePosition: queue?.position ?? null,
      agentId: conversation.agentId,
      agentName: agent?.displayName ?? null,
      assignedAt: isoOrNull(conversation.assignedAt),
      closedAt: isoOrNull(conversation.closedAt),
      closedBy: conversation.closedBy,
      closeReason: conversation.closeReason,
      lastSeq,
      version: conversation.version,
      visitorLeftAt: conversation.status === 'closed' ? null : isoOrNull(conversation.visitorLeftAt),
      idleWarning: this.idleWarningOf(conversation),
      wrapUp: wrapUpView(conversation.wrapUp),
      lastTransfer: conversation.lastTransfer === null ? null : { kind: conversation.lastTransfer.kind, at: iso(conversation.lastTransfer.at) },
      reference: conversation.reference,
    };
  }

  async agentConversations(conversations: readonly Conversation[]): Promise<AgentConversation[]> {
    return Promise.all(conversations.map((conversation) => this.agentConversation(conversation)));
  }

  /** The waiting chats as consoles list them: one read of the sites for all of them. */
  async queueEntries(queued: readonly Conversation[]): Promise<QueueEntry[]> {
    const sites = new Map((await this.store.sites.list()).map((site) => [site.id, site]));
    return queued.map((conversation) => queueEntryView(conversation, sites.get(conversation.siteId) ?? null));
  }

  async queueEntry(conversation: Conversation): Promise<QueueEntry> {
    return queueEntryView(conversation, await this.store.sites.get(conversation.siteId));
  }

  /** Left messages as the inbox shows them: one read of the sites, one per agent who answered. */
  async inboxItems(items: readonly InboxItem[]): Promise<InboxItemView[]> {
    const answerers = [...new Set(items.map((item) => item.answeredBy).filter((id): id is string => id !== null))];
    const [sites, agents] = await Promise.all([
      this.store.sites.list(),
      Promise.all(answerers.map((id) => this.store.agents.get(id))),
    ]);
    const siteById = new Map(sites.map((site) => [site.id, site]));
    const nameById = new Map(agents.filter((agent): agent is Agent => agent !== null).map((agent) => [agent.id, agent.displayName]));
    return items.map((item) =>
      inboxItemView(item, siteById.get(item.siteId) ?? null, item.answeredBy === null ? null : (nameById.get(item.answeredBy) ?? null)),
    );
  }

  /** The inactivity warning standing on a chat in progress, with the seconds left as of now. */
  private idleWarningOf(conversation: Conversation): IdleWarning | null {
    if (conversation.status !== 'active' || conversation.idleClosesAt === null) return null;
    const secondsLeft = Math.max(0, Math.ceil((conversation.idleClosesAt - this.clock.now()) / 1000));
    return { closesAt: iso(conversation.idleClosesAt), secondsLeft };
  }

  private async placeOf(conversation: Conversation, known?: QueuePlace | null): Promise<QueuePlace | null> {
    if (conversation.status !== 'queued') return null;
    return known ?? this.store.conversations.queuePlace(conversation);
  }
}

/** An account as a manager sees it (protocol/accounts.ts): never its password hash or link secret. */
export function accountView(agent: Agent): AccountView {
  return {
    id: agent.id,
    email: agent.email,
    displayName: agent.displayName,
    role: agent.role,
    languages: [...agent.languages],
    queueIds: [...agent.queueIds],
    maxConcurrentChats: agent.maxConcurrentChats,
    active: agent.active,
    passwordSet: agent.passwordHash !== '',
    linkExpiresAt: agent.passwordLink === null ? null : new Date(agent.passwordLink.expiresAt).toISOString(),
    createdAt: new Date(agent.createdAt).toISOString(),
    publicName: publicNameView(agent),
  };
}

/** A one-time link as the manager is shown it, once. */
export function passwordLinkView(link: { url: string; expiresAt: number; emailed: boolean }): PasswordLinkView {
  return { url: link.url, expiresAt: new Date(link.expiresAt).toISOString(), emailed: link.emailed };
}

/** A site as a manager sees and edits it (copies: the view never shares the record's arrays). */
export function siteAdminView(site: Site): SiteAdminView {
  return structuredClone({
    id: site.id,
    name: site.name,
    allowedOrigins: site.allowedOrigins,
    chatEnabled: site.chatEnabled,
    topics: site.topics,
    hours: site.hours,
    otherWays: site.otherWays,
    selfService: site.selfService,
    redaction: site.redaction ?? DEFAULT_SITE_REDACTION,
    privacyNotice: site.privacyNotice ?? null,
    quickExit: site.quickExit ?? DEFAULT_QUICK_EXIT,
  });
}

/** A queue as a manager sees it, with the active accounts that serve it. */
export function queueAdminView({ queue, memberIds }: QueueWithMembers): QueueAdminView {
  return { id: queue.id, name: { ...queue.name }, language: queue.language, mode: queue.mode, memberIds: [...memberIds] };
}
