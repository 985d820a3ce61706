/**
 * Citizens who leave, and idle chats (issue #7, point 5): pure rules, time passed in.
 *
 * - A citizen whose chat window is gone (no connection on any node) is noted as left; coming back
 *   clears it. A reload or the next page of the site reconnects within a second or two.
 * - Waiting in a queue, a citizen gone for `abandonGraceMs` has abandoned the chat: it closes
 *   (`abandoned`) and leaves its queue.
 * - In a chat in progress, the agent sees at once that the citizen left; gone for `goneTimeoutMs`,
 *   the chat closes (`visitor_gone`).
 * - In a chat in progress, silence from the citizen for `idleTimeoutMs` closes it
 *   (`visitor_inactive`), counted from the latest of: the agent answering, a message from either
 *   side (a citizen waiting on the agent's answer is not idle), the citizen asking to stay. The
 *   citizen is always warned at least `idleWarningMs` before, and one key keeps the chat open
 *   (WCAG 2.2.1, Timing Adjustable).
 */
import type { Bilingual } from '../../protocol/languages.js';
import type { ServiceCloseReason } from '../../protocol/models.js';
import { REQUEUED_PRIORITY } from './conversation-lifecycle.js';
import type { AuthorKind, Conversation } from './entities.js';

/** The timings of these rules (config: VISITOR_* variables). */
export interface VisitorTimings {
  /** A waiting citizen with no connection this long has abandoned the chat. */
  abandonGraceMs: number;
  /** A citizen gone from a chat in progress this long: the chat closes. */
  goneTimeoutMs: number;
  /** Silence from the citizen this long closes a chat in progress. */
  idleTimeoutMs: number;
  /** How long before an inactivity close the citizen is warned, at the least; shorter than the timeout. */
  idleWarningMs: number;
}

/** What the sweep should do about a chat's citizen being silent. */
export type IdleStep =
  | { kind: 'none' }
  /** Warn the citizen that the chat closes at `closesAt` unless they act. */
  | { kind: 'warn'; closesAt: number }
  /** A warning stands from before the citizen's latest activity: take it back. */
  | { kind: 'withdraw' }
  | { kind: 'close' };

/** The citizen's chat window closed at `at` (no connection anywhere). Unchanged when already noted or closed. */
export function visitorLeft(conversation: Conversation, at: number): Conversation {
  if (conversation.status === 'closed' || conversation.visitorLeftAt !== null) return conversation;
  return { ...conversation, visitorLeftAt: at, version: conversation.version + 1 };
}

/** The citizen is connected again. Unchanged when no departure was noted or the chat is closed. */
export function visitorBack(conversation: Conversation): Conversation {
  if (conversation.status === 'closed' || conversation.visitorLeftAt === null) return conversation;
  return { ...conversation, visitorLeftAt: null, version: conversation.version + 1 };
}

/**
 * What the presence rules read of a conversation: all the sweep over every open chat needs, so a
 * store can list it without copying whole records (the copies were most of a round's cost).
 */
export type PresenceFacts = Pick<Conversation, 'id' | 'status' | 'visitorLeftAt' | 'idleWarnedAt' | 'idleClosesAt' | 'assignedAt' | 'queuePriority'>;

/** The presence facts of a record: plain values only, so the result shares nothing with it. */
export function presenceFacts(conversation: Conversation): PresenceFacts {
  const { id, status, visitorLeftAt, idleWarnedAt, idleClosesAt, assignedAt, queuePriority } = conversation;
  return { id, status, visitorLeftAt, idleWarnedAt, idleClosesAt, assignedAt, queuePriority };
}

/** Whether an agent ever answered the chat (it is answered now, or went back to the queue after). */
export function wasAnswered(conversation: PresenceFacts): boolean {
  return conversation.status === 'active' || conversation.queuePriority >= REQUEUED_PRIORITY;
}

/**
 * Whether the chat should close now because its citizen left: waiting, after the abandonment
 * grace (`abandoned`, or `visitor_gone` for a chat an agent had answered before it went back to
 * the queue); in progress, after the gone timeout. Null while they may still come back.
 */
export function departureClose(conversation: PresenceFacts, now: number, timings: VisitorTimings): ServiceCloseReason | null {
  const leftAt = conversation.visitorLeftAt;
  if (leftAt === null || conversation.status === 'closed') return null;
  const gone = now - leftAt;
  if (conversation.status === 'queued') {
    if (gone < timings.abandonGraceMs) return null;
    return wasAnswered(conversation) ? 'visitor_gone' : 'abandoned';
  }
  return gone >= timings.goneTimeoutMs ? 'visitor_gone' : null;
}

/**
 * The next step for a chat in progress whose citizen has been silent since `idleSince`. A close
 * needs both a full timeout of silence and a warning, made after the silence began, that has stood
 * for its whole lead time; a warning made before the latest activity no longer counts.
 */
export function idleStep(conversation: PresenceFacts, idleSince: number, now: number, timings: VisitorTimings): IdleStep {
  if (conversation.status !== 'active') return { kind: 'none' };
  const { idleWarnedAt: warnedAt, idleClosesAt: closesAt } = conversation;
  const due = idleSince + timings.idleTimeoutMs;
  if (warnedAt !== null && closesAt !== null && warnedAt >= idleSince) {
    return now >= Math.max(closesAt, due, warnedAt + timings.idleWarningMs) ? { kind: 'close' } : { kind: 'none' };
  }
  if (now >= due - timings.idleWarningMs) return { kind: 'warn', closesAt: Math.max(due, now + timings.idleWarningMs) };
  return warnedAt !== null ? { kind: 'withdraw' } : { kind: 'none' };
}

/** Records the inactivity warning on the chat. */
export function warnIdle(conversation: Conversation, at: number, closesAt: number): Conversation {
  return { ...conversation, idleWarnedAt: at, idleClosesAt: closesAt, version: conversation.version + 1 };
}

/** Takes back an inactivity warning (the citizen acted). Unchanged when there is none, or once closed. */
export function withdrawIdleWarning(conversation: Conversation): Conversation {
  if (conversation.status === 'closed' || (conversation.idleWarnedAt === null && conversation.idleClosesAt === null)) return conversation;
  return { ...conversation, idleWarnedAt: null, idleClosesAt: null, version: conversation.version + 1 };
}

/** Whether a message by this kind of author restarts the count of the citizen's silence. */
export function resetsIdleClock(kind: AuthorKind): boolean {
  // The service's own notices (and the agent's "are you still there?") are not a turn in the talk.
  return kind !== 'system';
}

/** The counter of abandoned chats for a queue and a day (UTC), which reports read. */
export function abandonedCounter(queueId: string, at: number): string {
  return `abandoned:${queueId}:${new Date(at).toISOString().slice(0, 10)}`;
}

/**
 * What the service says in the chat, in the chat's language. Stored as messages (author `system`),
 * so the transcript keeps them.
 */
export const SYSTEM_NOTICES = {
  /** Posted when the agent asks whether the citizen is still there. */
  stillThere: {
    en: 'Are you still there? Please reply so that we can keep the chat open.',
    fr: 'Êtes-vous toujours là? Veuillez répondre pour que nous puissions garder le clavardage ouvert.',
  },
  /** Posted when a chat in progress closes because its citizen left and did not come back. */
  closedGone: {
    en: 'This chat was closed because the chat window was closed and not opened again in time.',
    fr: 'Ce clavardage a été fermé parce que la fenêtre de clavardage a été fermée et n’a pas été rouverte à temps.',
  },
  /** Posted when a chat in progress closes for inactivity. */
  closedIdle: {
    en: 'This chat was closed because there was no activity for a while.',
    fr: 'Ce clavardage a été fermé parce qu’il n’y a eu aucune activité pendant un certain temps.',
  },
} as const satisfies Record<string, Bilingual>;
