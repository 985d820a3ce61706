/** The survey after the chat: only once the chat has ended, once, at least one question answered. */
import { describe, expect, it } from 'vitest';
import { closeConversation } from '../../server/domain/conversation-lifecycle.js';
import { AppError } from '../../server/domain/app-error.js';
import { answerSurvey } from '../../server/domain/survey.js';
import { conversation } from '../stores/store-contract.js';

const T0 = Date.parse('2026-11-02T14:00:00Z');
const codeOf = (action: () => unknown): string | undefined => {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
};

describe('the survey after the chat', () => {
  const ended = closeConversation(conversation('c1'), { by: 'visitor', reason: 'visitor_ended' }, T0);

  it('records the answers, when, and moves the version', () => {
    const answered = answerSurvey(ended, { satisfaction: 5, alternative: 'in_person' }, T0 + 1000);
    expect(answered.survey).toEqual({ satisfaction: 5, alternative: 'in_person', answeredAt: T0 + 1000 });
    expect(answered.version).toBe(ended.version + 1);
    expect(answerSurvey(ended, { satisfaction: null, alternative: 'website_only' }, T0).survey).toMatchObject({ satisfaction: null });
  });

  it('is refused before the chat has ended, a second time, and with nothing answered', () => {
    expect(codeOf(() => answerSurvey(conversation('c2'), { satisfaction: 3, alternative: null }, T0))).toBe('conflict');
    const answered = answerSurvey(ended, { satisfaction: 2, alternative: null }, T0);
    expect(codeOf(() => answerSurvey(answered, { satisfaction: 4, alternative: null }, T0))).toBe('conflict');
    expect(codeOf(() => answerSurvey(ended, { satisfaction: null, alternative: null }, T0))).toBe('invalid_payload');
  });
});
