/**
 * The survey a citizen may answer once their chat has ended (issue #10, "After the chat"): how
 * satisfied they were, and how they would have reached the service without chat (what tells
 * net-new contacts from ones shifted from another channel). Schema-free, so the chat app imports
 * the choices as values; the command's schema is in visitor-events.ts.
 */

/** Satisfaction on a five-point scale: 1 very dissatisfied … 5 very satisfied. */
export const SATISFACTION_SCORES = [1, 2, 3, 4, 5] as const;
export type SatisfactionScore = (typeof SATISFACTION_SCORES)[number];

/** "If chat had not been available, how would you have contacted us?" */
export const CHANNEL_ALTERNATIVES = ['phone', 'email', 'in_person', 'website_only', 'would_not_have_contacted'] as const;
export type ChannelAlternative = (typeof CHANNEL_ALTERNATIVES)[number];

/** What the citizen answered; either question may be left unanswered (null), not both. */
export interface SurveyAnswers {
  satisfaction: SatisfactionScore | null;
  alternative: ChannelAlternative | null;
}
