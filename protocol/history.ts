/**
 * Conversation history (`/agent` namespace, supervisors and managers only; issue #9 point 5):
 * closed conversations found by close-time range and filters, one opened read-only. The transcript
 * is a download: `GET /api/history/<id>/transcript.txt`.
 * Clients import the types only (`import type`), so the schema library never reaches a browser.
 */
import { z } from 'zod';
import type { AgentConversation, Message } from './models.js';
import type { Note } from './agent-tools.js';

const IdSchema = z.string().min(1).max(64);
const DAY_MS = 24 * 60 * 60 * 1000;
/** Same as server/domain/history.ts HISTORY_RANGE_MAX_DAYS (checked again there). */
export const HISTORY_RANGE_DAYS_MAX = 31;

/** Where a page stopped: `{closedAt}:{id}`, opaque to clients. */
export const HistoryCursorSchema = z.string().regex(/^\d{1,15}:[A-Za-z0-9_-]{1,64}$/, 'Not a cursor.');

/**
 * A search: conversations closed from `from` to `to` (instants; the console sends the start of the
 * first day and the end of the last one in the user's time zone), at most 31 days apart, and
 * optionally of a site, queue, agent, wrap-up outcome, or matching a reference (today the
 * conversation id or its first 8 characters). `cursor`: the previous page's `next`.
 */
export const HistorySearchSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    siteId: IdSchema.optional(),
    queueId: IdSchema.optional(),
    agentId: IdSchema.optional(),
    outcome: IdSchema.optional(),
    reference: z.string().trim().min(1).max(64).optional(),
    cursor: HistoryCursorSchema.optional(),
  })
  .strict()
  .refine((search) => Date.parse(search.to) >= Date.parse(search.from), { message: 'The end date is before the start date.', path: ['to'] })
  .refine((search) => Date.parse(search.to) - Date.parse(search.from) <= HISTORY_RANGE_DAYS_MAX * DAY_MS, {
    message: `Search at most ${HISTORY_RANGE_DAYS_MAX} days at a time.`,
    path: ['to'],
  });
export type HistorySearch = z.input<typeof HistorySearchSchema>;

/** One closed conversation in the results. */
export interface HistoryEntryView {
  id: string;
  /** What to quote (today: the first 8 characters of the id). */
  reference: string;
  siteId: string;
  queueId: string;
  language: 'en' | 'fr';
  agentId: string | null;
  agentName: string | null;
  createdAt: string;
  closedAt: string;
  closeReason: string | null;
  /** The wrap-up outcome code recorded; null when none. */
  outcome: string | null;
  transfers: number;
}

export interface HistorySearchResult {
  conversations: HistoryEntryView[];
  /** The next page's cursor; null when the range holds nothing more. */
  next: string | null;
}

/** Opens one closed conversation read-only. */
export const HistoryOpenSchema = z.object({ conversationId: IdSchema }).strict();
export type HistoryOpen = z.input<typeof HistoryOpenSchema>;

export interface HistoryOpenResult {
  conversation: AgentConversation;
  /** The first messages (more with `messages:since` when `hasMore`). */
  messages: Message[];
  hasMore: boolean;
  notes: Note[];
}
