/**
 * Internal notes on a chat: written and read by the agent it is assigned to (now, or when it
 * closed) and by supervisors and managers, who may read any chat. Notes are stored apart from the
 * messages and only ever presented to consoles: nothing a citizen receives is built from them.
 */
import { NOTES_PER_CONVERSATION_MAX } from '../../protocol/limits.js';
import { AppError } from '../domain/app-error.js';
import type { Agent, ConversationNote } from '../domain/entities.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { ConversationService } from './conversation-service.js';
import type { EventBus } from './events.js';
import { newId } from './secrets.js';

export interface NoteRequest {
  clientId: string;
  text: string;
}

export class NoteService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly conversations: ConversationService,
  ) {}

  /**
   * Adds a note, once per client id (a retry returns the stored note and tells the consoles again,
   * as a retried message does), up to NOTES_PER_CONVERSATION_MAX per chat.
   */
  async add(agent: Agent, conversationId: string, request: NoteRequest): Promise<ConversationNote> {
    const conversation = await this.conversations.readableBy(agent, conversationId);
    const note: ConversationNote = {
      kind: 'agent',
      id: newId(),
      conversationId: conversation.id,
      clientId: request.clientId,
      agentId: agent.id,
      authorName: agent.displayName,
      text: request.text,
      createdAt: this.clock.now(),
    };
    const appended = await this.store.notes.append(note, NOTES_PER_CONVERSATION_MAX);
    if (appended.outcome === 'full') {
      throw new AppError('at_capacity', `This chat already holds ${NOTES_PER_CONVERSATION_MAX} notes.`);
    }
    this.events.publish({ type: 'note.created', conversation, note: appended.note, authorId: agent.id });
    return appended.note;
  }

  /** The chat's notes, oldest first: at most NOTES_PER_CONVERSATION_MAX entries. */
  async list(agent: Agent, conversationId: string): Promise<ConversationNote[]> {
    const conversation = await this.conversations.readableBy(agent, conversationId);
    return this.store.notes.list(conversation.id);
  }
}
