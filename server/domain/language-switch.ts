/**
 * A citizen switching the chat's language mid-chat. Pure: takes the record and returns the next
 * one (with `version` + 1), or the same record when nothing changes.
 *
 * The chat follows the citizen's language: its queue becomes its topic's queue for the new
 * language, so a chat still waiting moves there, keeping its place in time (same `queuedAt` and
 * priority: it is not sent to the back of the line), and routing then looks for an agent who
 * speaks that language. A chat already under way stays with its agent, even one who does not
 * speak the new language: taking it away mid-conversation would lose the thread and send the
 * citizen back to a queue; the agent is told (the console shows the switch) and may carry on in a
 * language they share. Its queue changes too, so that if it ever goes back to a queue (its agent
 * dropped), it waits for an agent who speaks the citizen's language.
 */
import type { Language } from '../../protocol/languages.js';
import { AppError } from './app-error.js';
import type { Conversation, Site } from './entities.js';

/** The queue a conversation's topic uses for a language; its current queue if the topic is gone. */
export function queueForLanguage(conversation: Pick<Conversation, 'topicId' | 'queueId'>, site: Site | null, language: Language): string {
  return site?.topics.find((topic) => topic.id === conversation.topicId)?.queues[language] ?? conversation.queueId;
}

/** The conversation in its citizen's new language, in `queueId` (see the module comment). */
export function switchLanguage(conversation: Conversation, language: Language, queueId: string): Conversation {
  if (conversation.status === 'closed') throw new AppError('conversation_closed', 'This chat has ended.');
  if (conversation.language === language) return conversation;
  return { ...conversation, language, queueId, version: conversation.version + 1 };
}
