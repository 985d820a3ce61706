/**
 * How long a queue's chats typically last once answered (assignment to closing), from the handle
 * times kept as chats close. Pure: the samples and the time are passed in. The choices (how many
 * are kept, over what window, the default) are explained in README.md, "Waits".
 */

/** One answered chat's handle time, kept per queue when it closes. */
export interface HandleTime {
  /** When the chat closed (epoch ms). */
  closedAt: number;
  /** From its (last) assignment to its closing. */
  handleMs: number;
}

/** Handle times kept per queue, latest first: enough for a steady median, few enough to follow a shift. */
export const HANDLE_TIMES_KEPT = 50;
/** Only chats closed this recently count: the morning's chats do not describe the evening's. */
export const HANDLE_TIME_WINDOW_MS = 2 * 60 * 60 * 1000;
/** Below this many recent chats, the default fills the gap (see `typicalHandleMs`). */
export const HANDLE_TIME_MIN_SAMPLES = 5;
/** What a chat is assumed to last before a queue has history: a middle value for public-service chat. */
export const DEFAULT_HANDLE_MS = 8 * 60 * 1000;
/** A floor, so that a run of chats ended at once (a citizen who left) does not promise instant answers. */
export const HANDLE_MS_FLOOR = 30 * 1000;
/** Precision sent to citizens: finer changes nothing they are told and would only cause updates. */
const HANDLE_MS_STEP = 10 * 1000;

/** The handle time of a chat closing now, or null if it was never answered. */
export function handleTimeOf(conversation: { assignedAt: number | null; closedAt: number | null }): HandleTime | null {
  if (conversation.assignedAt === null || conversation.closedAt === null) return null;
  // Another node's clock may be slightly behind: never a negative duration.
  return { closedAt: conversation.closedAt, handleMs: Math.max(0, conversation.closedAt - conversation.assignedAt) };
}

/**
 * The queue's typical handle time now: the median of the handle times of chats closed within the
 * window (at most the latest `HANDLE_TIMES_KEPT`), padded with the default up to
 * `HANDLE_TIME_MIN_SAMPLES` values, so that a queue's own history takes over smoothly as it
 * builds up instead of one short chat deciding everyone's wait. Rounded to 10 s, at least 30 s.
 */
export function typicalHandleMs(samples: readonly HandleTime[], now: number): number {
  const recent = samples
    .filter((sample) => now - sample.closedAt <= HANDLE_TIME_WINDOW_MS)
    .sort((a, b) => b.closedAt - a.closedAt)
    .slice(0, HANDLE_TIMES_KEPT)
    .map((sample) => sample.handleMs);
  while (recent.length < HANDLE_TIME_MIN_SAMPLES) recent.push(DEFAULT_HANDLE_MS);
  const median = medianOf(recent);
  return Math.max(HANDLE_MS_FLOOR, Math.round(median / HANDLE_MS_STEP) * HANDLE_MS_STEP);
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
