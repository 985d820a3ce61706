/**
 * Transfers (server/domain/transfer.ts): an agent hands the chat they hold to another agent or a
 * queue, with a note for the next agent; a supervisor or manager reassigns any chat in progress or
 * waiting the same way. Everything goes through the store: the move is one compare-and-set (with
 * the target agent's limit checked in the same atomic step), published as `conversation.changed`
 * like any other, so the broadcaster tells both agents, the citizen and the queues on every node;
 * the record of the transfer goes into the chat's notes (agents only), published as `note.created`.
 */
import { NOTES_PER_CONVERSATION_MAX, TRANSFER_TARGETS_MAX, TRANSFERS_PER_CONVERSATION_MAX } from '../../protocol/limits.js';
import { AppError } from '../domain/app-error.js';
import type { Agent, Conversation, Queue, TransferNote } from '../domain/entities.js';
import {
  agentTargetRefusal,
  assertAgentTarget,
  assertMayTransfer,
  assertQueueTarget,
  isRetriedTransfer,
  queueTargetRefusal,
  transferConversation,
  type TransferCandidate,
  type TransferTarget,
} from '../domain/transfer.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { ConversationService } from './conversation-service.js';
import type { EventBus } from './events.js';
import { readAvailableAgents } from './routing-agents.js';
import { newId } from './secrets.js';

/** Who and where a chat may go now, as the console's transfer dialog offers them. */
export interface TransferTargets {
  agents: Array<{ agent: Agent; activeChats: number }>;
  queues: Queue[];
}

export class TransferService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly conversations: ConversationService,
  ) {}

  /**
   * Transfers the chat (see the module comment) and answers it as it now is. A retry of the
   * actor's own latest transfer, the chat being where it put it, answers the chat unchanged.
   */
  async transfer(actor: Agent, conversationId: string, target: TransferTarget, note: string | null): Promise<Conversation> {
    // Checked here once before reading the target, and again on the record the save compares with.
    const before = await this.conversations.get(conversationId);
    if (!isRetriedTransfer(before, target, actor.id)) assertMayTransfer(before, actor);

    const [targetAgent, queue] =
      target.kind === 'agent' ? [await this.store.agents.get(target.agentId), null] : [null, await this.store.queues.get(target.queueId)];
    const candidate = targetAgent === null ? null : await this.candidate(targetAgent);
    const now = this.clock.now();
    let moved: { conversation: Conversation; previous: Conversation };
    try {
      moved = await this.conversations.change(
        conversationId,
        (current) => {
          if (isRetriedTransfer(current, target, actor.id)) return current;
          assertMayTransfer(current, actor);
          if (target.kind === 'agent') assertAgentTarget(current, candidate, actor.id);
          else assertQueueTarget(current, queue);
          return transferConversation(current, target, actor.id, now);
        },
        targetAgent === null ? undefined : { agentId: targetAgent.id, max: targetAgent.maxConcurrentChats },
      );
    } catch (error) {
      // The store's atomic check of the target's limit: they filled up since they were read.
      if (error instanceof AppError && error.code === 'at_capacity') throw new AppError('target_at_capacity', 'This agent has no room for another chat.');
      throw error;
    }
    const { conversation, previous } = moved;
    if (conversation === previous) return conversation;

    if (targetAgent !== null) await this.store.presence.noteAssignment(targetAgent.id, now);
    await this.record(actor, previous, conversation, targetAgent, queue, note, now);
    return conversation;
  }

  /**
   * Where the actor may transfer this chat now: the agents who could take it (available, connected,
   * speaking its language, with room; never the actor or its holder), least busy first, at most
   * TRANSFER_TARGETS_MAX; and the queues of its language (not the one it already waits in).
   */
  async targets(actor: Agent, conversationId: string): Promise<TransferTargets> {
    const conversation = await this.conversations.get(conversationId);
    assertMayTransfer(conversation, actor);
    const [available, queues] = await Promise.all([readAvailableAgents(this.store), this.store.queues.list()]);
    const agents = available
      .filter(({ routing }) => agentTargetRefusal(conversation, routing, actor.id) === null)
      .sort((a, b) => a.routing.activeChats - b.routing.activeChats || a.agent.displayName.localeCompare(b.agent.displayName) || (a.agent.id < b.agent.id ? -1 : 1))
      .slice(0, TRANSFER_TARGETS_MAX)
      .map(({ agent, routing }) => ({ agent, activeChats: routing.activeChats }));
    return {
      agents,
      queues: queues
        .filter((queue) => queueTargetRefusal(conversation, queue) === null)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, TRANSFER_TARGETS_MAX),
    };
  }

  /** The target agent as a transfer checks them: presence, connection, and the slots they fill now. */
  private async candidate(agent: Agent): Promise<TransferCandidate> {
    const [presence, counts] = await Promise.all([this.store.presence.get(agent.id), this.store.conversations.countActiveByAgent([agent.id])]);
    return {
      id: agent.id,
      // A deactivated account counts as offline, even in the moment before its presence says so.
      status: agent.active ? (presence?.status ?? 'offline') : 'offline',
      connected: presence !== null && presence.disconnectedAt === null,
      languages: agent.languages,
      activeChats: counts.get(agent.id) ?? 0,
      maxChats: agent.maxConcurrentChats,
    };
  }

  /**
   * The record of the transfer in the chat's notes, with the actor's note for the next agent: once
   * per transfer (its client id is the version the transfer made), in room kept for transfers
   * beyond the agents' own notes, so that a chat full of notes still records each transfer.
   */
  private async record(
    actor: Agent,
    previous: Conversation,
    conversation: Conversation,
    targetAgent: Agent | null,
    queue: Queue | null,
    text: string | null,
    now: number,
  ): Promise<void> {
    const from = previous.status === 'active' && previous.agentId !== null ? await this.store.agents.get(previous.agentId) : null;
    const note: TransferNote = {
      kind: 'transferred',
      id: newId(),
      conversationId: conversation.id,
      clientId: `transfer-${conversation.version}`,
      byAgentId: actor.id,
      byName: actor.displayName,
      fromAgentId: from?.id ?? null,
      fromName: from?.displayName ?? null,
      to:
        targetAgent !== null
          ? { kind: 'agent', agentId: targetAgent.id, name: targetAgent.displayName }
          : { kind: 'queue', queueId: queue!.id, name: queue!.name },
      text,
      createdAt: now,
    };
    const appended = await this.store.notes.append(note, NOTES_PER_CONVERSATION_MAX + TRANSFERS_PER_CONVERSATION_MAX);
    if (appended.outcome === 'stored') this.events.publish({ type: 'note.created', conversation, note: appended.note, authorId: actor.id });
  }
}
