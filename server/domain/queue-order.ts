/**
 * Order of a waiting queue: higher priority first, then first come, first served. A chat's
 * position is its place in this order within its own queue (1 = next to be answered).
 */
import type { Conversation } from './entities.js';

type Queued = Pick<Conversation, 'id' | 'queueId' | 'queuePriority' | 'queuedAt'>;

export function compareQueueOrder(a: Queued, b: Queued): number {
  return b.queuePriority - a.queuePriority || a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** What one level of priority weighs in a score: ~317 years of milliseconds. */
export const PRIORITY_STEP = 1e13;

/**
 * A single number that sorts like `compareQueueOrder`, for stores that keep the queue in a sorted
 * set (Redis ZSET): lower score is served first. Priority dominates any realistic timestamp.
 */
export function queueScore(conversation: Pick<Conversation, 'queuePriority' | 'queuedAt'>): number {
  return conversation.queuedAt - conversation.queuePriority * PRIORITY_STEP;
}

/**
 * When a chat joined its queue, from its `queueScore` (priorities are whole numbers, and
 * `queuedAt` lies between 0 and one priority step): what a store that keeps only scores can tell.
 */
export function queuedAtOfScore(score: number): number {
  const priority = Math.max(0, Math.ceil(-score / PRIORITY_STEP));
  return score + priority * PRIORITY_STEP;
}
