/**
 * Wrap-up: after a chat an agent held ends (closed by the agent, the citizen, inactivity or the
 * citizen gone), that agent owes a wrap-up for it: they record an outcome code (and may add a
 * short note), and only then is the slot the chat took free for a new one. An agent who walked
 * away does not block routing for ever: past the deadline the wrap-up is recorded as
 * `NOT_RECORDED` by the service and the slot frees by itself. A transfer is not an end: it owes
 * no wrap-up.
 *
 * Pure: each step takes the record and returns the next one (with `version` + 1), or the same
 * record when nothing changes, or throws an AppError saying why not. Callers save with
 * compare-and-set, so of several nodes sweeping at once, one records the expiry.
 */
import { AppError } from './app-error.js';
import type { Conversation, WrapUp } from './entities.js';

/**
 * How long an agent has to record a wrap-up once a chat ends, unless `WRAP_UP_SECONDS` says
 * otherwise: enough to pick an outcome and write a line, short enough that a slot held by someone
 * who left their desk is soon free again.
 */
export const DEFAULT_WRAP_UP_MS = 2 * 60 * 1000;

/** The outcome the service records when the deadline passes first (never one an agent may pick). */
export const NOT_RECORDED = 'not_recorded';

type Slotted = Pick<Conversation, 'status' | 'agentId' | 'wrapUp'>;

/** Whether the chat has ended and its agent still owes its wrap-up. */
export function owesWrapUp(conversation: Slotted): boolean {
  return conversation.status === 'closed' && conversation.agentId !== null && conversation.wrapUp != null && conversation.wrapUp.outcome === null;
}

/**
 * The agent one of whose slots (their limit of chats at once) the chat takes: its agent while it
 * is active, and after it ends while they owe its wrap-up; null otherwise. Stores count the slots
 * with this, atomically with the capacity guard.
 */
export function slotHolder(conversation: Slotted): string | null {
  if (conversation.status === 'active') return conversation.agentId;
  return owesWrapUp(conversation) ? conversation.agentId : null;
}

/** The wrap-up a chat owes as it closes at `closedAt`: one if an agent held it, none if it ended unanswered. */
export function wrapUpOnClose(previous: Pick<Conversation, 'status' | 'agentId'>, closedAt: number, wrapUpMs: number): WrapUp | null {
  if (previous.status !== 'active' || previous.agentId === null) return null;
  return { dueAt: closedAt + wrapUpMs, outcome: null, note: null, recordedAt: null };
}

export interface WrapUpChoice {
  outcome: string;
  note: string | null;
}

/**
 * The agent records the wrap-up they owe. A retry of the same choice after it was recorded answers
 * the same record (idempotent); anything else for a chat they do not owe a wrap-up for (not ended,
 * not theirs, recorded already with another choice, past its deadline) is `wrap_up_not_owed`.
 * `outcomes` are the codes the store lists; `NOT_RECORDED` is never an agent's to pick.
 */
export function recordWrapUp(
  conversation: Conversation,
  agentId: string,
  choice: WrapUpChoice,
  outcomes: ReadonlySet<string>,
  now: number,
): Conversation {
  const { wrapUp } = conversation;
  if (conversation.status !== 'closed' || conversation.agentId !== agentId || wrapUp == null) {
    throw new AppError('wrap_up_not_owed', 'You owe no wrap-up for this chat.');
  }
  if (wrapUp.outcome !== null) {
    if (wrapUp.outcome === choice.outcome && wrapUp.note === choice.note) return conversation;
    throw new AppError(
      'wrap_up_not_owed',
      wrapUp.outcome === NOT_RECORDED ? 'The time for this wrap-up ran out.' : 'This wrap-up was already saved.',
    );
  }
  if (choice.outcome === NOT_RECORDED || !outcomes.has(choice.outcome)) {
    throw new AppError('invalid_payload', `Unknown outcome "${choice.outcome}".`);
  }
  return {
    ...conversation,
    wrapUp: { ...wrapUp, outcome: choice.outcome, note: choice.note, recordedAt: now },
    version: conversation.version + 1,
  };
}

/** Past its deadline, a wrap-up still owed is recorded as NOT_RECORDED, which frees the slot; otherwise unchanged. */
export function expireWrapUp(conversation: Conversation, now: number): Conversation {
  if (!owesWrapUp(conversation) || now < conversation.wrapUp!.dueAt) return conversation;
  return {
    ...conversation,
    wrapUp: { ...conversation.wrapUp!, outcome: NOT_RECORDED, note: null, recordedAt: now },
    version: conversation.version + 1,
  };
}
