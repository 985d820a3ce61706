/**
 * The History page over the console's live connection (supervisors and managers): a search of
 * closed conversations, paged by the server's cursor, and one opened read-only (its first messages
 * with `history:open`, the rest with `messages:since`, a bounded number of pages).
 */
import type { HistorySearch, HistorySearchResult } from '../../protocol/history.js';
import type { ConsoleErrorCode } from './console-types.js';
import type { WatchedChat } from './supervision-state.js';
import type { SendCommand } from './supervision-client.js';

/** Pages of messages read after the first when opening a conversation (100 each). */
const MORE_MESSAGE_PAGES = 50;

export type HistoryAnswer<T> = { ok: true; value: T } | { ok: false; code: ConsoleErrorCode };

export class HistoryClient {
  constructor(private readonly send: SendCommand) {}

  async search(search: HistorySearch): Promise<HistoryAnswer<HistorySearchResult>> {
    const result = await this.send('history:search', search);
    return result.ok ? { ok: true, value: { conversations: result.conversations, next: result.next } } : { ok: false, code: result.error.code };
  }

  async open(conversationId: string): Promise<HistoryAnswer<WatchedChat>> {
    const result = await this.send('history:open', { conversationId });
    if (!result.ok) return { ok: false, code: result.error.code };
    const messages = [...result.messages];
    let hasMore = result.hasMore;
    for (let page = 0; hasMore && page < MORE_MESSAGE_PAGES; page++) {
      const more = await this.send('messages:since', { conversationId, afterSeq: messages[messages.length - 1]?.seq ?? 0 });
      if (!more.ok) break;
      messages.push(...more.messages);
      hasMore = more.hasMore && more.messages.length > 0;
    }
    return { ok: true, value: { conversation: result.conversation, messages, notes: result.notes } };
  }
}
