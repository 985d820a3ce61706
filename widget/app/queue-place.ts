/**
 * The citizen's place in line, kept current from the queue's changes (`queue:changed`) without
 * asking the server: a chat that sorts ahead of ours joining moves us back one, one leaving moves
 * us up one. Changes are counted by revision, each once, in any order (two server nodes may send
 * theirs interleaved): the place is the server's last word plus the changes seen since. When a
 * revision stays missing for a while, the chat app asks the server again.
 */
import type { VisitorConversation } from '../../protocol/models.js';
import type { VisitorQueueChange } from '../../protocol/visitor-events.js';

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

/**
 * Whether an update of the conversation should replace the one held: never an older version (updates
 * can cross between server nodes), nor, at the same version, a place in line read before the one held.
 */
export function isNewer(incoming: VisitorConversation, held: VisitorConversation | null): boolean {
  if (held === null || held.id !== incoming.id) return true;
  if (incoming.version !== held.version) return incoming.version > held.version;
  return (incoming.queueRevision ?? 0) >= (held.queueRevision ?? 0);
}
