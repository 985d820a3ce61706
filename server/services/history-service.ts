/**
 * Conversation history (issue #9 point 5), for supervisors and managers: closed conversations
 * found by close-time range (required, at most HISTORY_RANGE_MAX_DAYS) and filters, one opened
 * read-only, and its transcript exported (audited as `history.transcript-exported`).
 *
 * Bounded work per search: the index (`closedBetween`) is read HISTORY_SCAN_BATCH entries at a
 * time, their records read in one batch and filtered, until HISTORY_PAGE_MAX match or
 * HISTORY_SCAN_MAX records were looked at. Then `next` says where the next call goes on (the last
 * entry looked at), so a narrow filter over a busy month costs several calls, never one huge one.
 * Retention applies as before: `deleteClosedBefore` takes the records and their index entries.
 */
import { HISTORY_PAGE_MAX, HISTORY_SCAN_MAX, TRANSCRIPT_MESSAGES_MAX } from '../../protocol/limits.js';
import { AppError } from '../domain/app-error.js';
import type { Agent, ChatMessage, Conversation, ConversationNote } from '../domain/entities.js';
import { matchesHistory, rangeProblem, type HistoryFilter } from '../domain/history.js';
import { hasRole } from '../domain/roles.js';
import type { ClosedEntry, Store } from '../stores/store.js';
import type { AuditService } from './audit-service.js';
import type { Clock } from './clock.js';
import { readTranscript } from './transcript-service.js';

/** Index entries (and records) read per store round trip. */
export const HISTORY_SCAN_BATCH = 200;

export interface HistoryQuery extends HistoryFilter {
  from: number;
  to: number;
  /** Where the previous page stopped (its `next`). */
  after?: ClosedEntry | null;
}

export interface HistoryPage {
  conversations: Conversation[];
  /** Where to go on from; null when the range holds nothing more. */
  next: ClosedEntry | null;
  /** How many records this call looked at (at most HISTORY_SCAN_MAX). */
  scanned: number;
}

export interface OpenedConversation {
  conversation: Conversation;
  messages: ChatMessage[];
  /** More messages follow the first page (the console reads them with `messages:since`). */
  hasMore: boolean;
  notes: ConversationNote[];
}

export class HistoryService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async search(actor: Agent, query: HistoryQuery): Promise<HistoryPage> {
    assertSupervises(actor);
    const problem = rangeProblem(query.from, query.to);
    if (problem !== null) throw new AppError('invalid_payload', problem);
    const found: Conversation[] = [];
    let after = query.after ?? null;
    let scanned = 0;
    for (;;) {
      const room = Math.min(HISTORY_SCAN_BATCH, HISTORY_SCAN_MAX - scanned);
      const entries = await this.store.conversations.closedBetween(query.from, query.to, after, room);
      if (entries.length === 0) return { conversations: found, next: null, scanned };
      const records = await Promise.all(entries.map((entry) => this.store.conversations.get(entry.id)));
      for (let i = 0; i < entries.length; i++) {
        scanned++;
        after = entries[i]!;
        const record = records[i];
        if (record !== null && record !== undefined && matchesHistory(record, query)) found.push(record);
        if (found.length === HISTORY_PAGE_MAX) return { conversations: found, next: after, scanned };
      }
      if (entries.length < room) return { conversations: found, next: null, scanned };
      if (scanned >= HISTORY_SCAN_MAX) return { conversations: found, next: after, scanned };
    }
  }

  /** A closed conversation read-only: the record, its first page of messages, and its notes. */
  async open(actor: Agent, conversationId: string, firstPage: number): Promise<OpenedConversation> {
    const conversation = await this.closed(actor, conversationId);
    const [messages, notes] = await Promise.all([
      this.store.messages.listAfter(conversationId, 0, firstPage + 1),
      this.store.notes.list(conversationId),
    ]);
    return { conversation, messages: messages.slice(0, firstPage), hasMore: messages.length > firstPage, notes };
  }

  /** The plain-text transcript (at most TRANSCRIPT_MESSAGES_MAX messages), recorded in the audit log. */
  async transcript(actor: Agent, conversationId: string): Promise<{ conversation: Conversation; text: string }> {
    const conversation = await this.closed(actor, conversationId);
    const now = this.clock.now();
    const { text, messages } = await readTranscript(this.store, conversation, { now, maxMessages: TRANSCRIPT_MESSAGES_MAX, audience: 'staff' });
    await this.audit.record({
      actor: actor.id,
      action: 'history.transcript-exported',
      target: `conversation:${conversation.id}`,
      before: null,
      after: { siteId: conversation.siteId, messages },
      reason: null,
      approver: null,
      at: now,
    });
    return { conversation, text };
  }

  private async closed(actor: Agent, conversationId: string): Promise<Conversation> {
    assertSupervises(actor);
    const conversation = await this.store.conversations.get(conversationId);
    if (conversation === null) throw new AppError('not_found', 'There is no such conversation (it may have passed retention).');
    if (conversation.status !== 'closed') throw new AppError('not_found', 'This chat is not closed yet; watch it from the live view.');
    return conversation;
  }
}

function assertSupervises(actor: Agent): void {
  if (!hasRole(actor.role, 'supervisor')) throw new AppError('forbidden', 'Only supervisors and managers read the history.');
}
