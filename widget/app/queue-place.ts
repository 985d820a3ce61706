/**
 * The citizen's place in line and estimated wait, kept current without asking the server: the
 * queue's deltas (`queue:changed`) move the place, its wait updates (`queue:wait`) replace what the
 * wait depends on, and the wait is worked out again with `estimateWait` (protocol/wait-estimate.ts,
 * the server's own function). Revisions say when a delta was missed; then the place is asked for
 * again. A place that grows is explained (`queueNoteAfter`): it never moves back in silence.
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
function withEstimate(conversation: VisitorConversation): VisitorConversation {
  const { queuePosition: position, queueWait: wait } = conversation;
  // `== null`: a server of the previous version sends no wait at all.
  return { ...conversation, estimatedWait: position === null || wait == null ? null : estimateWait(position, wait).band };
}

/** The conversation with the change applied; null when it changes nothing; 'resync' when one was missed. */
export function followQueue(conversation: VisitorConversation, change: VisitorQueueChange): VisitorConversation | 'resync' | null {
  const { queuePosition: position, queueKey: key, queueRevision: revision } = conversation;
  if (conversation.status !== 'queued' || position === null || key === null || revision === null) return null;
  if (change.revision <= revision) return null;
  if (change.revision > revision + 1) return 'resync';
  const ahead = change.key < key ? (change.kind === 'joined' ? 1 : -1) : 0;
  return withEstimate({ ...conversation, queuePosition: Math.max(1, position + ahead), queueRevision: change.revision });
}

/** The conversation with its queue's new wait inputs; null while not waiting, or when those held are later. */
export function followQueueWait(conversation: VisitorConversation, update: VisitorQueueWait): VisitorConversation | null {
  if (conversation.status !== 'queued' || conversation.queuePosition === null) return null;
  if (conversation.queueWait != null && update.at < conversation.queueWait.at) return null;
  const { slots, freeSlots, handleMs, at } = update;
  return withEstimate({ ...conversation, queueWait: { slots, freeSlots, handleMs, at } });
}

/**
 * A view from the server, keeping the later of its wait inputs and those held: a view built from
 * inputs read a moment ago can arrive after a newer `queue:wait`.
 */
export function adoptView(incoming: VisitorConversation, held: VisitorConversation | null): VisitorConversation {
  const heldWait = held?.id === incoming.id ? held.queueWait : null;
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

/**
 * The note to show once `next` replaces `held`: a place that grows is explained (the only way it
 * can: an interrupted chat went back to the front), the note goes once the place moves up again;
 * a chat that was under way and is waiting again says its agent was cut off. None unless waiting.
 */
export function queueNoteAfter(held: VisitorConversation | null, next: VisitorConversation, note: QueueNote | null): QueueNote | null {
  if (next.status !== 'queued' || next.queuePosition === null || held === null || held.id !== next.id) return null;
  if (held.status === 'active') return 'returned';
  if (held.queuePosition === null) return note;
  if (next.queuePosition > held.queuePosition) return 'moved_back';
  if (next.queuePosition < held.queuePosition && note === 'moved_back') return null;
  return note;
}
