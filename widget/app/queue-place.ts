/**
 * The citizen's place in line, kept current from the queue's deltas (`queue:changed`) without
 * asking the server: a chat that sorts ahead of ours joining moves us back one, leaving moves us up
 * one. Revisions say when a delta was missed; then the place is asked for again.
 */
import type { VisitorConversation } from '../../protocol/models.js';
import type { VisitorQueueChange } from '../../protocol/visitor-events.js';

/** The conversation with the change applied; null when it changes nothing; 'resync' when one was missed. */
export function followQueue(conversation: VisitorConversation, change: VisitorQueueChange): VisitorConversation | 'resync' | null {
  const { queuePosition: position, queueKey: key, queueRevision: revision } = conversation;
  if (conversation.status !== 'queued' || position === null || key === null || revision === null) return null;
  if (change.revision <= revision) return null;
  if (change.revision > revision + 1) return 'resync';
  const ahead = change.key < key ? (change.kind === 'joined' ? 1 : -1) : 0;
  return { ...conversation, queuePosition: Math.max(1, position + ahead), queueRevision: change.revision };
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
