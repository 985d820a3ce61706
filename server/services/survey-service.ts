/**
 * The survey after the chat (issue #10): the citizen's answers saved on their conversation, once
 * (compare-and-set: a second answer, from another tab or node, is refused), and published as
 * `survey.answered` for reports.
 */
import type { SurveyAnswers } from '../../protocol/survey.js';
import type { Conversation } from '../domain/entities.js';
import { answerSurvey } from '../domain/survey.js';
import type { Clock } from './clock.js';
import type { ConversationService } from './conversation-service.js';
import type { EventBus } from './events.js';

export class SurveyService {
  constructor(
    private readonly conversations: ConversationService,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async answer(conversationId: string, answers: SurveyAnswers): Promise<Conversation> {
    const { conversation } = await this.conversations.change(conversationId, (current) => answerSurvey(current, answers, this.clock.now()));
    const survey = conversation.survey!;
    this.events.publish({
      type: 'survey.answered',
      conversationId: conversation.id,
      siteId: conversation.siteId,
      queueId: conversation.queueId,
      topicId: conversation.topicId,
      language: conversation.language,
      answered: conversation.assignedAt !== null,
      satisfaction: survey.satisfaction,
      alternative: survey.alternative,
      closedAt: conversation.closedAt ?? survey.answeredAt,
      at: survey.answeredAt,
    });
    return conversation;
  }
}
