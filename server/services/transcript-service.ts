/**
 * Reads what a transcript needs (the messages up to a cap, the agents' names, the site's name and
 * time zone) and writes it with `transcriptText` (server/domain/transcript.ts): the one way both
 * History's export for staff and the citizen's own download are made.
 */
import type { ChatMessage, Conversation } from '../domain/entities.js';
import { transcriptText } from '../domain/transcript.js';
import type { Store } from '../stores/store.js';
import { CITIZEN_TRANSCRIPT_MESSAGES_MAX } from '../../protocol/limits.js';
import type { Clock } from './clock.js';

/** Messages read per store round trip. */
const MESSAGE_BATCH = 500;

export interface Transcript {
  text: string;
  /** How many messages it holds. */
  messages: number;
}

export async function readTranscript(
  store: Store,
  conversation: Conversation,
  options: { now: number; maxMessages: number; audience: 'staff' | 'citizen' },
): Promise<Transcript> {
  const messages: ChatMessage[] = [];
  let afterSeq = 0;
  while (messages.length < options.maxMessages) {
    const batch = await store.messages.listAfter(conversation.id, afterSeq, Math.min(MESSAGE_BATCH, options.maxMessages - messages.length));
    if (batch.length === 0) break;
    messages.push(...batch);
    afterSeq = batch[batch.length - 1]!.seq;
  }
  const lastSeq = await store.messages.lastSeq(conversation.id);
  const agentIds = [...new Set(messages.flatMap((message) => (message.author.agentId === null ? [] : [message.author.agentId])))];
  const [site, agents] = await Promise.all([store.sites.get(conversation.siteId), Promise.all(agentIds.map((id) => store.agents.get(id)))]);
  const agentNames = new Map(agents.flatMap((agent) => (agent === null ? [] : [[agent.id, agent.displayName] as const])));
  const text = transcriptText({
    conversation,
    siteName: site?.name ?? null,
    timeZone: site?.hours?.timeZone ?? 'UTC',
    messages,
    agentNames,
    omitted: Math.max(0, lastSeq - afterSeq),
    now: options.now,
    audience: options.audience,
  });
  return { text, messages: messages.length };
}

/**
 * The citizen's own transcript (the route authenticated their token first): in the chat's
 * language, during or after the chat, at most CITIZEN_TRANSCRIPT_MESSAGES_MAX messages.
 */
export class TranscriptService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async forCitizen(conversation: Conversation): Promise<Transcript> {
    return readTranscript(this.store, conversation, { now: this.clock.now(), maxMessages: CITIZEN_TRANSCRIPT_MESSAGES_MAX, audience: 'citizen' });
  }
}
