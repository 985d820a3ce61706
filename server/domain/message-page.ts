/**
 * One page of a catch-up: as many messages as fit under both a count and a text budget, so that
 * the cost of an answer is bounded whatever the conversation holds. Always at least one message,
 * so a client paging with `afterSeq` always moves forward.
 */
import type { ChatMessage } from './entities.js';

export interface MessagePage {
  messages: ChatMessage[];
  /** True when messages follow the page: ask again after its last one. */
  hasMore: boolean;
}

/** Cuts `candidates` (in order, possibly more than fit) to one page. */
export function pageOfMessages(candidates: readonly ChatMessage[], maxCount: number, maxTextLength: number): MessagePage {
  const messages: ChatMessage[] = [];
  let textLength = 0;
  for (const message of candidates) {
    if (messages.length === maxCount) break;
    textLength += message.text.length;
    if (messages.length > 0 && textLength > maxTextLength) break;
    messages.push(message);
  }
  return { messages, hasMore: messages.length < candidates.length };
}
