/**
 * Messages left when chat is not available: making one, its reference, who may read it, and
 * marking it answered. Pure: the caller passes the time and saves with compare-and-set.
 */
import type { Language } from '../../protocol/languages.js';
import { AppError } from './app-error.js';
import { pageAddressWithoutQuery } from './conversation-lifecycle.js';
import type { InboxItem, Queue } from './entities.js';
import { hasRole } from './roles.js';
import type { Role } from '../../protocol/models.js';

export interface NewInboxItem {
  id: string;
  siteId: string;
  queueId: string;
  topicId: string;
  language: Language;
  visitorName?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  text: string;
  pageUrl: string;
}

/** Crockford's base 32: no I, L, O or U, so a reference read aloud or copied by hand stays right. */
const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The reference a citizen quotes, from the item's id (hex): 40 bits as `XXXX-XXXX`. */
export function inboxReference(idHex: string): string {
  let value = BigInt(`0x${idHex.slice(0, 10).padEnd(10, '0')}`);
  let text = '';
  for (let i = 0; i < 8; i++) {
    text = REFERENCE_ALPHABET[Number(value & 31n)]! + text;
    value >>= 5n;
  }
  return `${text.slice(0, 4)}-${text.slice(4)}`;
}

/** A new, unanswered item; empty optional fields become null and the page loses its query. */
export function newInboxItem(input: NewInboxItem, now: number): InboxItem {
  return {
    id: input.id,
    reference: inboxReference(input.id),
    siteId: input.siteId,
    queueId: input.queueId,
    topicId: input.topicId,
    language: input.language,
    visitorName: input.visitorName?.trim() || null,
    email: input.email?.trim() || null,
    phone: input.phone?.trim() || null,
    text: input.text,
    pageUrl: pageAddressWithoutQuery(input.pageUrl),
    createdAt: now,
    status: 'new',
    answeredAt: null,
    answeredBy: null,
    answerNote: null,
    version: 1,
  };
}

/**
 * Marks an item answered. Once answered it stays so: a second agent gets `conflict` (someone
 * already dealt with it), while the same agent repeating the same note (a retry) changes nothing.
 */
export function answerInboxItem(item: InboxItem, agentId: string, note: string, now: number): InboxItem {
  if (item.status === 'answered') {
    if (item.answeredBy === agentId && item.answerNote === note) return item;
    throw new AppError('conflict', 'This message has already been answered.');
  }
  return { ...item, status: 'answered', answeredAt: now, answeredBy: agentId, answerNote: note, version: item.version + 1 };
}

/** Who reads the inbox, as far as these rules need to know. */
export interface InboxReader {
  role: Role;
  queueIds: readonly string[];
  languages: readonly Language[];
}

/**
 * The queues whose messages a reader sees: every queue for supervisors and managers (null: all,
 * including queues no longer configured); for agents, the queues they serve in a language they speak.
 */
export function inboxQueueIds(reader: InboxReader, queues: readonly Queue[]): string[] | null {
  if (hasRole(reader.role, 'supervisor')) return null;
  return queues.filter((queue) => reader.queueIds.includes(queue.id) && reader.languages.includes(queue.language)).map((queue) => queue.id);
}

/** Throws `forbidden` unless the reader sees this item's queue. */
export function assertMayReadInboxItem(visibleQueueIds: readonly string[] | null, item: Pick<InboxItem, 'queueId'>): void {
  if (visibleQueueIds !== null && !visibleQueueIds.includes(item.queueId)) {
    throw new AppError('forbidden', 'This message is for a queue you do not serve.');
  }
}
