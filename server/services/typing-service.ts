/**
 * "…is typing", both ways: each side's signal is checked and published for the other side only
 * (the broadcaster relays it as a volatile emit). Nothing is stored: a signal that gets lost is
 * made up by the next one, and the receiving side forgets it after a few seconds without news.
 */
import { AppError } from '../domain/app-error.js';
import { assertHeldBy } from '../domain/conversation-lifecycle.js';
import type { Agent } from '../domain/entities.js';
import type { Store } from '../stores/store.js';
import type { EventBus } from './events.js';

export class TypingService {
  constructor(
    private readonly store: Store,
    private readonly events: EventBus,
  ) {}

  /** The citizen is typing (or stopped): told to the agent holding the chat, if any. One read. */
  async fromVisitor(conversationId: string, typing: boolean): Promise<void> {
    const conversation = await this.store.conversations.get(conversationId);
    // Waiting or ended: nobody to tell. Not an error, since the chat app cannot know at once.
    if (conversation?.status !== 'active') return;
    this.events.publish({ type: 'typing.changed', conversation, by: 'visitor', typing });
  }

  /** The agent is typing (or stopped) in a chat they hold: told to its citizen. */
  async fromAgent(agent: Agent, conversationId: string, typing: boolean): Promise<void> {
    const conversation = await this.store.conversations.get(conversationId);
    if (conversation === null) throw new AppError('not_found', 'This chat could not be found.');
    // Only the agent holding the chat writes to its citizen; so only they may say they are writing.
    assertHeldBy(conversation, agent.id);
    this.events.publish({ type: 'typing.changed', conversation, by: 'agent', typing });
  }
}
