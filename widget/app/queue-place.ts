/**
 * The citizen's place in line and estimated wait, kept current without asking the server: the
 * queue's changes (`queue:changed`) move the place, its wait updates (`queue:wait`) replace what
 * the wait depends on, and the wait is worked out again with `estimateWait` (protocol/wait-estimate.ts,
 * the server's own function). Changes are counted by revision, each once, in any order (two server
 * nodes may send theirs interleaved): the place is the server's last word plus the changes seen
 * since; when a revision stays missing for a while, the place is asked for again. A place that
 * grows is explained (`queueNoteAfter`): it never moves back in silence. Places, revisions and
 * wait inputs belong to one queue: when the chat moves to another (the citizen switched
 * language), nothing held of the old one is carried over.
 */
import type { VisitorConversation } from '../../protocol/models.js';
import type { VisitorQueueChange, VisitorQueueWait } from '../../protocol/visitor-events.js';
import { estimateWait } from '../../protocol/wait-estimate.js';

/**
 * Why the place in line is what it is, when that needs saying: `moved_back`, a chat that was
 * interrupted went back to the front of the line ahead of this one; `returned`, this chat's own
 * agent was cut off and the chat went back to the front of the line.
 */
export type QueueNote = 'moved_back' | 'returned';

/** The conversation with its estimated wait worked out again from its place and its queue's inputs. */
export function withEstimate(conversation: VisitorConversation): VisitorConversation {
  const { queuePosition: position, queueWait: wait } = conversation;
  // `== null`: a server of the previous version sends no wait at all.
  return { ...conversation, estimatedWait: position === null || wait == null ? null : estimateWait(position, wait).band };
}

/** How long a missing revision may stay missing before the place is asked for again. */
export const GAP_WAIT_MS = 2000;

export interface PlaceInLine {
  /** The place at `revision`: the server's word, with the changes right after it folded in. */
  position: number;
  revision: number;
  /** Where our chat sorts; changes with a lower key are ahead of us. */
  key: number;
  /** Changes seen beyond a missing revision (revision → -1, 0 or +1), kept until the gap fills. */
  beyondGap: ReadonlyMap<number, number>;
  /** Since when a revision has been missing (null when none is). */
  gapSince: number | null;
}

/** The place a view of the conversation states, keeping the changes already seen beyond it. */
export function placeFromView(conversation: VisitorConversation, previous: PlaceInLine | null, now: number): PlaceInLine | null {
  const { status, queuePosition, queueRevision, queueKey } = conversation;
  if (status !== 'queued' || queuePosition === null || queueRevision === null || queueKey === null) return null;
  const kept = [...(previous?.beyondGap ?? [])].filter(([revision]) => revision > queueRevision);
  return fold({ position: queuePosition, revision: queueRevision, key: queueKey, beyondGap: new Map(kept), gapSince: previous?.gapSince ?? null }, now);
}

/** Counts a batch of changes; `resync` when a revision has been missing for too long. */
export function applyChanges(place: PlaceInLine, changes: readonly VisitorQueueChange[], now: number): { place: PlaceInLine; resync: boolean } {
  const beyondGap = new Map(place.beyondGap);
  for (const change of changes) {
    if (change.revision <= place.revision || beyondGap.has(change.revision)) continue;
    beyondGap.set(change.revision, change.key < place.key ? (change.kind === 'joined' ? 1 : -1) : 0);
  }
  const next = fold({ ...place, beyondGap }, now);
  return { place: next, resync: next.gapSince !== null && now - next.gapSince >= GAP_WAIT_MS };
}

/** The position to show: the place, with the changes beyond a gap counted too; never below 1. */
export function shownPosition(place: PlaceInLine): number {
  let position = place.position;
  for (const move of place.beyondGap.values()) position += move;
  return Math.max(1, position);
}

/** Folds the changes that follow the place without a gap into it, and notes whether a gap remains. */
function fold(place: PlaceInLine, now: number): PlaceInLine {
  const beyondGap = new Map(place.beyondGap);
  let { position, revision } = place;
  while (beyondGap.has(revision + 1)) {
    position += beyondGap.get(revision + 1)!;
    beyondGap.delete(++revision);
  }
  const gapSince = beyondGap.size === 0 ? null : (place.gapSince ?? now);
  return { ...place, position, revision, beyondGap, gapSince };
}

/** The conversation with its queue's new wait inputs; null while not waiting, or when those held are later. */
export function followQueueWait(conversation: VisitorConversation, update: VisitorQueueWait): VisitorConversation | null {
  if (conversation.status !== 'queued' || conversation.queuePosition === null || update.queueId !== conversation.queueId) return null;
  if (conversation.queueWait != null && update.at < conversation.queueWait.at) return null;
  const { slots, freeSlots, handleMs, at } = update;
  return withEstimate({ ...conversation, queueWait: { slots, freeSlots, handleMs, at } });
}

/**
 * A view from the server, keeping the later of its wait inputs and those held: a view built from
 * inputs read a moment ago can arrive after a newer `queue:wait`. Inputs of another queue are
 * never kept, however recent.
 */
export function adoptView(incoming: VisitorConversation, held: VisitorConversation | null): VisitorConversation {
  const heldWait = isSameLine(held, incoming) ? held!.queueWait : null;
  if (incoming.status !== 'queued' || incoming.queueWait == null || heldWait == null || heldWait.at <= incoming.queueWait.at) return incoming;
  return withEstimate({ ...incoming, queueWait: heldWait });
}

/**
 * Whether an update of the conversation should replace the one held: never an older version (updates
 * can cross between server nodes), nor, at the same version, a place in line read before the one held.
 */
export function isNewer(incoming: VisitorConversation, held: VisitorConversation | null): boolean {
  if (held === null || held.id !== incoming.id) return true;
  if (incoming.version !== held.version) return incoming.version > held.version;
  return (incoming.queueRevision ?? 0) >= (held.queueRevision ?? 0);
}

/** Whether two views are of the same conversation waiting in the same queue. */
export function isSameLine(held: VisitorConversation | null, next: VisitorConversation): boolean {
  return held !== null && held.id === next.id && held.queueId === next.queueId;
}

/**
 * The note to show once `next` replaces `held`: a place that grows is explained (the only way it
 * can in one line: an interrupted chat went back to the front), the note goes once the place moves
 * up again; a chat that was under way and is waiting again says its agent was cut off, unless a
 * transfer put it there (the view says so itself: `transferred`). None unless waiting, and none when
 * the chat moved to another line (the citizen's own switch of language).
 */
export function queueNoteAfter(held: VisitorConversation | null, next: VisitorConversation, note: QueueNote | null): QueueNote | null {
  if (next.status !== 'queued' || next.queuePosition === null || held === null || held.id !== next.id) return null;
  if (held.status === 'active') return next.transferred === 'queue' ? null : 'returned';
  if (held.queueId !== next.queueId) return null;
  if (held.queuePosition === null) return note;
  if (next.queuePosition > held.queuePosition) return 'moved_back';
  if (next.queuePosition < held.queuePosition && note === 'moved_back') return null;
  return note;
}
