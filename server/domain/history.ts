/**
 * Conversation history (issue #9 point 5): which closed conversations a search keeps, and the
 * plain-text transcript exported for an access-to-information request. Pure: no I/O, time passed in.
 */
import type { Conversation } from './entities.js';
import { normaliseReference } from './reference-number.js';

/** A search covers at most this many days (the range is required). */
export const HISTORY_RANGE_MAX_DAYS = 31;
export const HISTORY_RANGE_MAX_MS = HISTORY_RANGE_MAX_DAYS * 24 * 60 * 60 * 1000;
/** An id prefix shorter than this matches only a whole conversation id (History showed the first 8 characters before reference numbers). */
export const REFERENCE_PREFIX_MIN = 8;

/** What a search keeps, besides the close-time range the index reads. Absent fields keep everything. */
export interface HistoryFilter {
  siteId?: string;
  queueId?: string;
  agentId?: string;
  /** The wrap-up outcome code recorded. */
  outcome?: string;
  /**
   * The reference a citizen or a request quotes: the conversation's reference number (any case,
   * the dash optional: reference-number.ts), or its id, or the id's first REFERENCE_PREFIX_MIN
   * characters or more (what History showed before reference numbers).
   */
  reference?: string;
}

/** The reference shown for a conversation: its reference number. */
export function referenceOf(conversation: Pick<Conversation, 'reference'>): string {
  return conversation.reference;
}

export function matchesReference(conversation: Pick<Conversation, 'id' | 'reference'>, reference: string): boolean {
  const number = normaliseReference(reference);
  if (number !== null && number === normaliseReference(conversation.reference)) return true;
  const wanted = reference.trim().toLowerCase();
  const id = conversation.id.toLowerCase();
  return id === wanted || (wanted.length >= REFERENCE_PREFIX_MIN && id.startsWith(wanted));
}

/** Whether a closed conversation answers the filter (the range is the index's business). */
export function matchesHistory(conversation: Conversation, filter: HistoryFilter): boolean {
  if (conversation.status !== 'closed') return false;
  if (filter.siteId !== undefined && conversation.siteId !== filter.siteId) return false;
  if (filter.queueId !== undefined && conversation.queueId !== filter.queueId) return false;
  if (filter.agentId !== undefined && conversation.agentId !== filter.agentId) return false;
  if (filter.outcome !== undefined && conversation.wrapUp?.outcome !== filter.outcome) return false;
  if (filter.reference !== undefined && !matchesReference(conversation, filter.reference)) return false;
  return true;
}

/** Null when the range is acceptable; else why not (in English, for the error). */
export function rangeProblem(from: number, to: number): string | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 'The dates are not valid.';
  if (to < from) return 'The end date is before the start date.';
  if (to - from > HISTORY_RANGE_MAX_MS) return `Search at most ${HISTORY_RANGE_MAX_DAYS} days at a time.`;
  return null;
}

// The transcript's text is written in one place for staff and citizens alike.
export { transcriptText, type TranscriptInput } from './transcript.js';
