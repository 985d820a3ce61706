/**
 * The life of a conversation: queued → active → closed, and back to queued when its agent drops
 * (transfers, which move it between agents and queues, are in transfer.ts; the wrap-up owed once
 * an answered chat closes, in wrap-up.ts).
 * Pure functions: each takes the current record and returns the next one (with `version` + 1), or
 * throws an AppError saying why the step is not allowed. The caller saves with compare-and-set.
 */
import type { Language } from '../../protocol/languages.js';
import type { CloseReason, Closer, ConversationStatus } from '../../protocol/models.js';
import { AppError } from './app-error.js';
import type { AuthorKind, Conversation } from './entities.js';
import { DEFAULT_WRAP_UP_MS, wrapUpOnClose } from './wrap-up.js';

/** Queue priority of a chat given back to the queue; it is served before new ones. */
export const REQUEUED_PRIORITY = 1;

export interface NewConversation {
  id: string;
  siteId: string;
  queueId: string;
  topicId: string;
  language: Language;
  visitorName: string | null;
  pageUrl: string;
  pageTitle: string | null;
  visitorTokenHash: string;
  /** Its reference number (reference-number.ts), allocated by the store for this chat. */
  reference: string;
}

export function openConversation(input: NewConversation, now: number): Conversation {
  return {
    ...input,
    pageUrl: pageAddressWithoutQuery(input.pageUrl),
    visitorName: input.visitorName?.trim() || null,
    pageTitle: input.pageTitle?.trim() || null,
    status: 'queued',
    createdAt: now,
    queuedAt: now,
    queuePriority: 0,
    agentId: null,
    assignedAt: null,
    closedAt: null,
    closedBy: null,
    closeReason: null,
    version: 1,
    visitorLeftAt: null,
    idleWarnedAt: null,
    idleClosesAt: null,
    transfers: 0,
    lastTransfer: null,
    wrapUp: null,
    survey: null,
  };
}

/** Assigns a queued chat. Returns the same record, unchanged, when this agent already holds it (a retry). */
export function assignConversation(conversation: Conversation, agentId: string, now: number): Conversation {
  if (conversation.status === 'active' && conversation.agentId === agentId) return conversation;
  if (conversation.status === 'closed') {
    throw new AppError('conversation_closed', 'This chat has already ended.');
  }
  if (conversation.status !== 'queued') {
    throw new AppError('conflict', 'Another agent has already accepted this chat.');
  }
  // The citizen's silence is counted afresh from the moment an agent answers.
  return {
    ...conversation,
    status: 'active',
    agentId,
    assignedAt: now,
    firstAssignedAt: conversation.firstAssignedAt ?? now,
    idleWarnedAt: null,
    idleClosesAt: null,
    version: conversation.version + 1,
  };
}

/**
 * Ends a chat. One an agent held leaves them a wrap-up to record within `wrapUpMs` (wrap-up.ts);
 * one that ended unanswered owes none.
 */
export function closeConversation(
  conversation: Conversation,
  closing: { by: Closer; reason: CloseReason },
  now: number,
  wrapUpMs: number = DEFAULT_WRAP_UP_MS,
): Conversation {
  if (conversation.status === 'closed') {
    throw new AppError('conversation_closed', 'This chat has already ended.');
  }
  return {
    ...conversation,
    status: 'closed',
    closedAt: now,
    closedBy: closing.by,
    closeReason: closing.reason,
    wrapUp: wrapUpOnClose(conversation, now, wrapUpMs),
    version: conversation.version + 1,
  };
}

/** Gives an active chat back to the queue, ahead of new chats (its agent dropped for too long). */
export function requeueConversation(conversation: Conversation, now: number): Conversation {
  if (conversation.status !== 'active') {
    throw new AppError('conflict', 'Only a chat in progress can go back to the queue.');
  }
  return {
    ...conversation,
    status: 'queued',
    agentId: null,
    assignedAt: null,
    queuedAt: now,
    queuePriority: REQUEUED_PRIORITY,
    // Nobody is waiting on the citizen in the queue: an inactivity warning no longer stands.
    idleWarnedAt: null,
    idleClosesAt: null,
    // It is back in line because its agent was cut off, whatever a transfer did before.
    lastTransfer: null,
    version: conversation.version + 1,
  };
}

/**
 * Who may write into a conversation now. A citizen may write while waiting (the agent reads it on
 * accepting); an agent only once the chat is theirs; nobody after it ends.
 */
/**
 * Who may write in a conversation, as data: a store checks it in the same atomic step as the
 * append (a chat that closes meanwhile refuses the message), and `assertCanPost` names the refusal.
 * The citizen writes until the chat closes (waiting, too); an agent only in an active chat they hold.
 */
export interface PostingCondition {
  statuses: ReadonlyArray<ConversationStatus>;
  /** The agent who must hold the conversation, or null when anyone may. */
  heldBy: string | null;
}

export function postingCondition(author: { kind: AuthorKind; agentId: string | null }): PostingCondition {
  if (author.kind === 'agent') return { statuses: ['active'], heldBy: author.agentId };
  return { statuses: ['queued', 'active'], heldBy: null };
}

export function meetsPostingCondition(conversation: Conversation, condition: PostingCondition): boolean {
  return condition.statuses.includes(conversation.status) && (condition.heldBy === null || conversation.agentId === condition.heldBy);
}

/** Throws the reason a message may not be written in this conversation (see `postingCondition`). */
export function assertCanPost(conversation: Conversation, author: { kind: AuthorKind; agentId: string | null }): void {
  if (meetsPostingCondition(conversation, postingCondition(author))) return;
  if (conversation.status === 'closed') {
    throw new AppError('conversation_closed', 'This chat has ended; start a new one to keep talking.');
  }
  throw new AppError('forbidden', 'This chat is not assigned to you.');
}

/** Throws unless the conversation is active and assigned to this agent. */
export function assertHeldBy(conversation: Conversation, agentId: string | null): void {
  if (conversation.status !== 'active' || conversation.agentId !== agentId) {
    throw new AppError('forbidden', 'This chat is not assigned to you.');
  }
}

/**
 * The page a chat started from, without its query string or fragment: those can carry personal
 * details (a search, an email, a case number) that agents do not need and records should not keep.
 */
export function pageAddressWithoutQuery(pageUrl: string): string {
  try {
    const url = new URL(pageUrl);
    return `${url.origin}${url.pathname}`;
  } catch {
    return pageUrl;
  }
}
