/**
 * Transfers: an agent hands the chat they hold to another agent or to a queue, with a note for the
 * next agent; a supervisor or manager may do the same with any chat in progress or waiting (a
 * reassignment). Pure: the rules of who may transfer what to whom, and the next record.
 *
 * - To an agent: signed in and Available (not Away, not offline, console connected), chatting in
 *   the chat's language, below their limit (the store checks the limit again atomically with the
 *   write). The chat goes straight to them, still in progress: the citizen keeps the thread.
 * - To a queue: one of the chat's language (a transfer never changes the language; that is the
 *   citizen's own choice). The chat waits there at the head, as a chat whose agent dropped does
 *   (REQUEUED_PRIORITY), keeping the time it first queued, and routing or an agent's pick answers it.
 * - Never to oneself, to the agent already holding it, or to the queue it already waits in; at most
 *   TRANSFERS_PER_CONVERSATION_MAX times per chat. A transfer is not an end: no wrap-up is owed.
 */
import type { ErrorCode } from '../../protocol/error-codes.js';
import { TRANSFERS_PER_CONVERSATION_MAX } from '../../protocol/limits.js';
import type { AgentStatus, Role } from '../../protocol/models.js';
import { AppError } from './app-error.js';
import { REQUEUED_PRIORITY } from './conversation-lifecycle.js';
import type { Conversation, Queue, TransferRecord } from './entities.js';
import { hasRole } from './roles.js';

export type TransferTarget = { kind: 'agent'; agentId: string } | { kind: 'queue'; queueId: string };

/** Who asks for a transfer. */
export interface TransferActor {
  id: string;
  role: Role;
}

/** What a transfer needs to know of an agent it might go to, as read just before. */
export interface TransferCandidate {
  id: string;
  status: AgentStatus;
  /** False while their console is away (within the reconnect grace). */
  connected: boolean;
  languages: readonly string[];
  /** Chats taking one of their slots now (wrap-ups owed included). */
  activeChats: number;
  maxChats: number;
}

/**
 * Throws unless the actor may transfer this chat: the agent holding it while it is in progress, or
 * a supervisor or manager for any chat in progress or waiting; never an ended chat, and never past
 * the most transfers per chat.
 */
export function assertMayTransfer(conversation: Conversation, actor: TransferActor): void {
  if (conversation.status === 'closed') throw new AppError('conversation_closed', 'This chat has ended.');
  const holds = conversation.status === 'active' && conversation.agentId === actor.id;
  if (!holds && !hasRole(actor.role, 'supervisor')) {
    throw new AppError('forbidden', conversation.status === 'queued' ? 'Only a supervisor can reassign a waiting chat.' : 'This chat is not assigned to you.');
  }
  if (conversation.transfers >= TRANSFERS_PER_CONVERSATION_MAX) {
    throw new AppError('transfer_limit', `This chat has been transferred ${TRANSFERS_PER_CONVERSATION_MAX} times; ask a supervisor.`);
  }
}

/** Why this agent cannot take the chat by transfer now (a code and a message), or null when they can. */
export function agentTargetRefusal(
  conversation: Pick<Conversation, 'agentId' | 'language'>,
  candidate: TransferCandidate,
  actorId: string,
): { code: ErrorCode; message: string } | null {
  if (candidate.id === actorId) return { code: 'invalid_target', message: 'You cannot transfer a chat to yourself.' };
  if (candidate.id === conversation.agentId) return { code: 'invalid_target', message: 'This agent already holds the chat.' };
  if (candidate.status !== 'available' || !candidate.connected) {
    return { code: 'target_unavailable', message: 'This agent is not available to take chats now.' };
  }
  if (!candidate.languages.includes(conversation.language)) {
    return { code: 'language_mismatch', message: 'This agent does not chat in the language of this chat.' };
  }
  if (candidate.activeChats >= candidate.maxChats) return { code: 'target_at_capacity', message: 'This agent has no room for another chat.' };
  return null;
}

/** Throws unless the chat may go to this agent (`null`: no such account). */
export function assertAgentTarget(conversation: Conversation, candidate: TransferCandidate | null, actorId: string): void {
  if (candidate === null) throw new AppError('not_found', 'There is no such agent.');
  const refusal = agentTargetRefusal(conversation, candidate, actorId);
  if (refusal !== null) throw new AppError(refusal.code, refusal.message);
}

/** Whether a queue can receive the chat by transfer: one of its language, other than the one it waits in. */
export function queueTargetRefusal(
  conversation: Pick<Conversation, 'status' | 'queueId' | 'language'>,
  queue: Pick<Queue, 'id' | 'language'>,
): { code: ErrorCode; message: string } | null {
  if (queue.language !== conversation.language) {
    return { code: 'language_mismatch', message: 'This queue serves another language than the chat’s.' };
  }
  if (conversation.status === 'queued' && queue.id === conversation.queueId) {
    return { code: 'invalid_target', message: 'The chat already waits in this queue.' };
  }
  return null;
}

/** Throws unless the chat may go to this queue (`null`: no such queue). */
export function assertQueueTarget(conversation: Conversation, queue: Queue | null): void {
  if (queue === null) throw new AppError('not_found', 'There is no such queue.');
  const refusal = queueTargetRefusal(conversation, queue);
  if (refusal !== null) throw new AppError(refusal.code, refusal.message);
}

/**
 * The chat where the transfer puts it. Call after the checks above; `by` is the actor's id. To an
 * agent: in progress with them, from now. To a queue: waiting there at the head, keeping the time
 * it first queued; an inactivity warning no longer stands (nobody is waiting on the citizen).
 */
export function transferConversation(conversation: Conversation, target: TransferTarget, by: string, now: number): Conversation {
  const lastTransfer: TransferRecord = {
    kind: target.kind,
    at: now,
    byAgentId: by,
    fromAgentId: conversation.status === 'active' ? conversation.agentId : null,
  };
  const moved = { ...conversation, transfers: conversation.transfers + 1, lastTransfer, version: conversation.version + 1 };
  if (target.kind === 'agent') return { ...moved, status: 'active', agentId: target.agentId, assignedAt: now, firstAssignedAt: moved.firstAssignedAt ?? now };
  return {
    ...moved,
    status: 'queued',
    agentId: null,
    assignedAt: null,
    queueId: target.queueId,
    queuePriority: REQUEUED_PRIORITY,
    idleWarnedAt: null,
    idleClosesAt: null,
  };
}

/**
 * Whether the chat already is where this actor's own latest transfer put it (a retry after a lost
 * answer): it is then answered as it is, not refused for no longer being theirs.
 */
export function isRetriedTransfer(conversation: Conversation, target: TransferTarget, actorId: string): boolean {
  const last = conversation.lastTransfer;
  if (last === null || last.byAgentId !== actorId || last.kind !== target.kind) return false;
  return target.kind === 'agent'
    ? conversation.status === 'active' && conversation.agentId === target.agentId
    : conversation.status === 'queued' && conversation.queueId === target.queueId;
}

/**
 * What the citizen is told of a transfer (VisitorConversation.transferred): `agent` while another
 * agent took the chat over from the one they were talking to, `queue` while it waits in the line a
 * transfer put it in; null otherwise. Names no agent and no queue.
 */
export function citizenTransferState(conversation: Pick<Conversation, 'status' | 'lastTransfer'>): 'agent' | 'queue' | null {
  const last = conversation.lastTransfer;
  if (last === null) return null;
  if (last.kind === 'queue' && conversation.status === 'queued') return 'queue';
  if (last.kind === 'agent' && conversation.status === 'active' && last.fromAgentId !== null) return 'agent';
  return null;
}
