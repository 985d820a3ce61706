/**
 * A conversation's outbox: the messages its writer sent that the server has not confirmed yet, in
 * the order they were written. Pure and immutable; `OutboxSender` drives it over a connection.
 *
 * Delivery is strictly in order. The items not refused form a line; only its head may be on the
 * wire (`sending`), and the next item goes only once the head is settled: confirmed (by its
 * acknowledgement, or by the server's `message:created` or a catch-up carrying its client id), or
 * refused for good (`failed`, which takes it out of the line and lets the next one go). A retryable
 * failure puts the head back to `waiting`, still first, holding everything behind it; a lost
 * connection does the same, so the next connection resends from the head with the same client ids
 * (the server stores each id once).
 *
 * Ordering rule: the other side never sees messages in an order different from the order their
 * writer sees them. A client shows confirmed messages first (in the server's order) and then the
 * outbox in array order, so it is enough that the server stores outbox items in array order. A
 * refused item is out of line, so later ones overtake it and, once confirmed, show above it. When
 * it is retried, it keeps its original place if every item in line behind that place is still
 * unsent: it was shown before them and will be stored before them. If an item behind its place has
 * been on the wire (`sent`), the server may hold that one already, even without an answer, so the
 * retried item goes right behind it, and the screen moves it there. Only the head of the line can
 * have been sent, so at most one item is passed over.
 */
import type { ErrorCode } from '../protocol/error-codes.js';
import type { Message } from '../protocol/models.js';
import { isRetryable, type CommandFailure } from './failure.js';

/** Where an item stands. */
export type OutboxStatus =
  /** In line, not on the wire: new, held after a retryable failure, or held by a lost connection. */
  | 'waiting'
  /** On the wire: at most one item per outbox, always the head of the line. */
  | 'sending'
  /** Refused for good by the server; out of line until the writer retries it. */
  | 'failed';

/** A message the writer sent that the server has not confirmed yet. */
export interface OutboxItem {
  readonly clientId: string;
  readonly text: string;
  readonly status: OutboxStatus;
  /** It has been on the wire since it was last refused: the server may hold it, answered or not. */
  readonly sent: boolean;
  /** Why the server refused it; null unless `failed`. */
  readonly error: ErrorCode | null;
}

/** One conversation's outbox, oldest first. */
export type Outbox = readonly OutboxItem[];

/** The outcome of one attempt: an acknowledgement, or why none came. */
export type SendOutcome = { ok: true } | CommandFailure;

/** A new item, waiting for its turn. */
export function outboxItem(clientId: string, text: string): OutboxItem {
  return { clientId, text, status: 'waiting', sent: false, error: null };
}

/** Adds a message at the end of the line. */
export function enqueue(outbox: Outbox, clientId: string, text: string): Outbox {
  return [...outbox, outboxItem(clientId, text)];
}

/** The item to put on the wire now: the head of the line, unless it is already there (then none). */
export function nextToSend(outbox: Outbox): OutboxItem | null {
  const head = outbox.find((item) => item.status !== 'failed');
  return head !== undefined && head.status === 'waiting' ? head : null;
}

/** Marks the head of the line as on the wire; anything else is left as it is. */
export function markSending(outbox: Outbox, clientId: string): Outbox {
  const head = nextToSend(outbox);
  if (head === null || head.clientId !== clientId) return outbox;
  return replace(outbox, clientId, { status: 'sending', sent: true });
}

/**
 * Applies the outcome of the attempt on the wire: confirmed, it leaves; a retryable failure keeps
 * it first in line, waiting; a refusal marks it failed and lets the next one go. An outcome for an
 * item that is no longer on the wire (held by a reconnection meanwhile) changes nothing, except a
 * confirmation, which retires it wherever it is.
 */
export function settle(outbox: Outbox, clientId: string, outcome: SendOutcome): Outbox {
  if (outcome.ok) return confirm(outbox, clientId);
  if (!outbox.some((item) => item.clientId === clientId && item.status === 'sending')) return outbox;
  const code = outcome.error.code;
  if (isRetryable(code)) return replace(outbox, clientId, { status: 'waiting', error: null });
  // Client-side failures are all retryable, so a refusal carries the server's code. It stores
  // nothing: the item is unsent again.
  return replace(outbox, clientId, { status: 'failed', sent: false, error: code as ErrorCode });
}

/** Retires an item the server has (acknowledged, or seen in a message). */
export function confirm(outbox: Outbox, clientId: string): Outbox {
  const rest = outbox.filter((item) => item.clientId !== clientId);
  return rest.length === outbox.length ? outbox : rest;
}

/** Retires the items these messages confirm: same client id, written by `author` (this side). */
export function confirmMessages(
  outbox: Outbox,
  messages: readonly Pick<Message, 'clientId' | 'author'>[],
  author: Message['author']['kind'],
): Outbox {
  if (outbox.length === 0) return outbox;
  const confirmed = new Set(messages.filter((message) => message.author.kind === author).map((message) => message.clientId));
  const rest = outbox.filter((item) => !confirmed.has(item.clientId));
  return rest.length === outbox.length ? outbox : rest;
}

/** The connection dropped: what was on the wire waits again, first in line, to be resent from the head. */
export function holdAll(outbox: Outbox): Outbox {
  if (!outbox.some((item) => item.status === 'sending')) return outbox;
  return outbox.map((item) => (item.status === 'sending' ? { ...item, status: 'waiting' } : item));
}

/** Puts a failed item back in line, in its original place if it can still go first (see the rule above). */
export function retry(outbox: Outbox, clientId: string): Outbox {
  const index = outbox.findIndex((item) => item.clientId === clientId);
  const item = outbox[index];
  if (item === undefined || item.status !== 'failed') return outbox;
  const again: OutboxItem = { ...item, status: 'waiting', error: null };
  // The last item in line behind its place that the server may already hold.
  let held = -1;
  outbox.forEach((other, at) => {
    if (at > index && other.status !== 'failed' && other.sent) held = at;
  });
  if (held === -1) return outbox.map((other) => (other === item ? again : other));
  return [...outbox.slice(0, index), ...outbox.slice(index + 1, held + 1), again, ...outbox.slice(held + 1)];
}

/** What of an item is worth keeping across a reload: its text and, if refused, why. */
export interface KeptOutboxItem {
  clientId: string;
  text: string;
  error: ErrorCode | null;
}

/** What to keep of an outbox across a reload (whether an item is on the wire does not survive it). */
export function keepOutbox(outbox: Outbox): KeptOutboxItem[] {
  return outbox.map(({ clientId, text, status, error }) => ({ clientId, text, error: status === 'failed' ? error : null }));
}

/**
 * An outbox brought back after a reload. Refused items stay refused, so they do not jump ahead of
 * what follows them; the head of the line may have reached the server before the reload, so it
 * counts as sent.
 */
export function restoreOutbox(kept: readonly KeptOutboxItem[]): Outbox {
  let headSeen = false;
  return kept.map(({ clientId, text, error }) => {
    if (error !== null) return { clientId, text, status: 'failed', sent: false, error };
    const sent = !headSeen;
    headSeen = true;
    return { ...outboxItem(clientId, text), sent };
  });
}

function replace(outbox: Outbox, clientId: string, change: Partial<OutboxItem>): Outbox {
  return outbox.map((item) => (item.clientId === clientId ? { ...item, ...change } : item));
}
