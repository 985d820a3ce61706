/**
 * The survey after the chat (issue #10): answered once per conversation, only once it has ended.
 * Pure: the caller passes the time and saves with compare-and-set, so two answers racing from two
 * tabs or nodes leave one.
 */
import type { SurveyAnswers } from '../../protocol/survey.js';
import { AppError } from './app-error.js';
import type { Conversation } from './entities.js';

export function answerSurvey(conversation: Conversation, answers: SurveyAnswers, now: number): Conversation {
  if (conversation.status !== 'closed') throw new AppError('conflict', 'The survey opens once the chat has ended.');
  if (conversation.survey !== null) throw new AppError('conflict', 'This survey was already answered.');
  if (answers.satisfaction === null && answers.alternative === null) throw new AppError('invalid_payload', 'Answer at least one question.');
  return {
    ...conversation,
    survey: { satisfaction: answers.satisfaction, alternative: answers.alternative, answeredAt: now },
    version: conversation.version + 1,
  };
}
