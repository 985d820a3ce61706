/**
 * Wrap-up rules (server/domain/wrap-up.ts), pure, with a manual clock: an answered chat that ends
 * leaves its agent a wrap-up, which keeps their slot until they record it or its deadline passes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../server/domain/app-error.js';
import { assignConversation, closeConversation, openConversation } from '../../server/domain/conversation-lifecycle.js';
import type { Conversation } from '../../server/domain/entities.js';
import { DEFAULT_WRAP_UP_MS, expireWrapUp, NOT_RECORDED, owesWrapUp, recordWrapUp, slotHolder } from '../../server/domain/wrap-up.js';
import { ManualClock } from '../support/manual-clock.js';

const OUTCOMES = new Set(['resolved', 'information_given', 'other']);

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not-an-app-error';
  }
  return undefined;
}

describe('wrap-up', () => {
  let clock: ManualClock;
  let queued: Conversation;
  let active: Conversation;
  beforeEach(() => {
    clock = new ManualClock();
    queued = openConversation(
      { id: 'c1', siteId: 'demo', queueId: 'general-en', topicId: 'benefits', language: 'en', visitorName: null, pageUrl: 'https://x.test/', pageTitle: null, visitorTokenHash: 'h', reference: 'K7M-4QX' },
      clock.now(),
    );
    clock.advance(30_000);
    active = assignConversation(queued, 'alex', clock.now());
    clock.advance(5 * 60_000);
  });

  it('is owed by the agent who held the chat, whoever ended it, due after the deadline; the chat keeps their slot', () => {
    for (const closing of [
      { by: 'agent', reason: 'resolved' },
      { by: 'visitor', reason: 'visitor_ended' },
      { by: 'system', reason: 'visitor_inactive' },
      { by: 'system', reason: 'visitor_gone' },
    ] as const) {
      const closed = closeConversation(active, closing, clock.now());
      expect(closed.wrapUp).toEqual({ dueAt: clock.now() + DEFAULT_WRAP_UP_MS, outcome: null, note: null, recordedAt: null });
      expect(owesWrapUp(closed)).toBe(true);
      expect(slotHolder(closed)).toBe('alex');
    }
    expect(slotHolder(active)).toBe('alex');
    expect(closeConversation(active, { by: 'agent', reason: 'resolved' }, clock.now(), 10_000).wrapUp?.dueAt).toBe(clock.now() + 10_000);
  });

  it('is not owed for a chat that ended unanswered', () => {
    const abandoned = closeConversation(queued, { by: 'system', reason: 'abandoned' }, clock.now());
    expect(abandoned.wrapUp).toBeNull();
    expect(owesWrapUp(abandoned)).toBe(false);
    expect(slotHolder(abandoned)).toBeNull();
    expect(slotHolder(queued)).toBeNull();
  });

  it('records the outcome and note the agent chose, which frees the slot and stays on the record', () => {
    const closed = closeConversation(active, { by: 'agent', reason: 'resolved' }, clock.now());
    clock.advance(20_000);
    const done = recordWrapUp(closed, 'alex', { outcome: 'information_given', note: 'Sent the form.' }, OUTCOMES, clock.now());
    expect(done.wrapUp).toEqual({ dueAt: closed.wrapUp!.dueAt, outcome: 'information_given', note: 'Sent the form.', recordedAt: clock.now() });
    expect(done.version).toBe(closed.version + 1);
    expect(owesWrapUp(done)).toBe(false);
    expect(slotHolder(done)).toBeNull();
  });

  it('answers a retry of the same choice with the same record, and refuses another choice once recorded', () => {
    const closed = closeConversation(active, { by: 'agent', reason: 'resolved' }, clock.now());
    const done = recordWrapUp(closed, 'alex', { outcome: 'resolved', note: null }, OUTCOMES, clock.now());
    clock.advance(1000);
    expect(recordWrapUp(done, 'alex', { outcome: 'resolved', note: null }, OUTCOMES, clock.now())).toBe(done);
    expect(codeOf(() => recordWrapUp(done, 'alex', { outcome: 'other', note: null }, OUTCOMES, clock.now()))).toBe('wrap_up_not_owed');
    expect(codeOf(() => recordWrapUp(done, 'alex', { outcome: 'resolved', note: 'more' }, OUTCOMES, clock.now()))).toBe('wrap_up_not_owed');
  });

  it('is refused for a chat the agent does not owe one for, and for an outcome that is not on the list', () => {
    const closed = closeConversation(active, { by: 'agent', reason: 'resolved' }, clock.now());
    const choice = { outcome: 'resolved', note: null };
    expect(codeOf(() => recordWrapUp(active, 'alex', choice, OUTCOMES, clock.now()))).toBe('wrap_up_not_owed');
    expect(codeOf(() => recordWrapUp(closed, 'blake', choice, OUTCOMES, clock.now()))).toBe('wrap_up_not_owed');
    const abandoned = closeConversation(queued, { by: 'system', reason: 'abandoned' }, clock.now());
    expect(codeOf(() => recordWrapUp(abandoned, 'alex', choice, OUTCOMES, clock.now()))).toBe('wrap_up_not_owed');
    expect(codeOf(() => recordWrapUp(closed, 'alex', { outcome: 'made_up', note: null }, OUTCOMES, clock.now()))).toBe('invalid_payload');
    // The service's own outcome is never the agent's to pick, even if a list held it.
    expect(codeOf(() => recordWrapUp(closed, 'alex', { outcome: NOT_RECORDED, note: null }, new Set([NOT_RECORDED]), clock.now()))).toBe('invalid_payload');
  });

  it('past its deadline, and only then, is recorded as not recorded, which frees the slot; the agent is too late', () => {
    const closed = closeConversation(active, { by: 'visitor', reason: 'visitor_ended' }, clock.now(), 120_000);
    clock.advance(119_999);
    expect(expireWrapUp(closed, clock.now())).toBe(closed);
    clock.advance(1);
    const expired = expireWrapUp(closed, clock.now());
    expect(expired.wrapUp).toEqual({ dueAt: closed.wrapUp!.dueAt, outcome: NOT_RECORDED, note: null, recordedAt: clock.now() });
    expect(slotHolder(expired)).toBeNull();
    expect(expireWrapUp(expired, clock.now() + 60_000)).toBe(expired);
    expect(codeOf(() => recordWrapUp(expired, 'alex', { outcome: 'resolved', note: null }, OUTCOMES, clock.now()))).toBe('wrap_up_not_owed');
    // A recorded wrap-up never expires.
    const done = recordWrapUp(closed, 'alex', { outcome: 'resolved', note: null }, OUTCOMES, clock.now());
    expect(expireWrapUp(done, clock.now() + 10 * 60_000)).toBe(done);
  });
});
