/**
 * Messages held by a client, kept in the server's order. Every conversation numbers its messages
 * 1, 2, 3… with no gaps, so a client can tell what it is missing and ask for exactly that.
 */

/** What the rules here need of a message. */
export interface Sequenced {
  id: string;
  seq: number;
}

/**
 * The highest seq up to which nothing is missing: a catch-up asks for what follows it, not for what
 * follows the latest message, since a live message can arrive while older ones are still being
 * fetched. Duplicates and any order of arrival are fine.
 */
export function contiguousSeq(messages: readonly Pick<Sequenced, 'seq'>[]): number {
  const held = new Set(messages.map((message) => message.seq));
  let seq = 0;
  while (held.has(seq + 1)) seq++;
  return seq;
}

/** The latest seq held (0 when none), for messages in seq order. */
export function latestSeq(messages: readonly Pick<Sequenced, 'seq'>[]): number {
  const last = messages[messages.length - 1];
  return last === undefined ? 0 : last.seq;
}

/**
 * True when something before `knownLastSeq` (what the server says it has) or before the latest
 * message held is missing, so a catch-up is due.
 */
export function hasGap(messages: readonly Pick<Sequenced, 'seq'>[], knownLastSeq?: number): boolean {
  return Math.max(knownLastSeq || 0, latestSeq(messages)) > contiguousSeq(messages);
}

/**
 * Merges incoming messages into the held list, in seq order, each once (by id and by seq; the
 * copy already held wins). Answers the held list itself when nothing is new, so a caller can skip
 * a redraw.
 */
export function mergeMessages<M extends Sequenced>(held: M[], incoming: readonly M[]): M[];
export function mergeMessages<M extends Sequenced>(held: readonly M[], incoming: readonly M[]): readonly M[];
export function mergeMessages<M extends Sequenced>(held: readonly M[], incoming: readonly M[]): readonly M[] {
  const ids = new Set(held.map((message) => message.id));
  const seqs = new Set(held.map((message) => message.seq));
  const added: M[] = [];
  for (const message of incoming) {
    if (ids.has(message.id) || seqs.has(message.seq)) continue;
    ids.add(message.id);
    seqs.add(message.seq);
    added.push(message);
  }
  if (added.length === 0) return held;
  return [...held, ...added].sort((a, b) => a.seq - b.seq);
}
