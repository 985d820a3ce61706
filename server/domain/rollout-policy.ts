/**
 * A site's rollout policy, and the offer it makes to one visitor (README.md, "Soft launch"): chat
 * itself, each feature and each topic, each an `AudienceRule` (rollout-rules.ts), and the capacity
 * guard (capacity-guard.ts). Pure.
 *
 * The offer: chat is offered when its rule offers; then each feature and each topic is offered
 * when its own rule does (a topic with no rule of its own follows chat). A visitor already in a
 * conversation is always given the widget back (`resuming`), whatever the rules now say: the kill
 * switch and a narrowed share stop new chats, never one under way.
 */
import type { Language } from '../../protocol/languages.js';
import { DEFAULT_GUARD, type CapacityGuardSettings } from './capacity-guard.js';
import { evaluateRule, ROLLOUT_FEATURES, validateRule, type Audience, type AudienceRule, type RolloutFeature, type RuleCheck, type RuleEvaluation } from './rollout-rules.js';

/** Where the loader keeps the visitor's random id: this tab's session (default), or this browser. */
export type Stickiness = 'session' | 'browser';

export interface RolloutPolicy {
  siteId: string;
  chat: AudienceRule;
  features: Record<RolloutFeature, AudienceRule>;
  /** Rules for some topics; a topic without one follows chat. */
  topics: Record<string, AudienceRule>;
  guard: CapacityGuardSettings;
  stickiness: Stickiness;
  /** Incremented on every change; stores save only if it has not moved (compare-and-set). */
  version: number;
  updatedAt: number;
}

/** A rule that offers to everyone, everywhere, in both languages (what a site had before soft launch). */
export function openRule(groupId: string): AudienceRule {
  return { enabled: true, share: 100, groupId, includePages: [], excludePages: [], languages: ['en', 'fr'], outsideHours: 'show_closed' };
}

/**
 * The policy of a site that has none stored: chat as the site's switch says, to everyone, every
 * feature on. Group ids follow Unleash's convention of one per flag: `chat-offer` for chat,
 * `chat-offer.<feature>` and `chat-offer.topic.<id>` for the rest.
 */
export function defaultPolicy(siteId: string, chatEnabled: boolean): RolloutPolicy {
  return {
    siteId,
    chat: { ...openRule('chat-offer'), enabled: chatEnabled },
    features: Object.fromEntries(ROLLOUT_FEATURES.map((feature) => [feature, openRule(`chat-offer.${feature}`)])) as Record<RolloutFeature, AudienceRule>,
    topics: {},
    guard: DEFAULT_GUARD,
    stickiness: 'session',
    version: 1,
    updatedAt: 0,
  };
}

/** Why chat is not offered: the first check of its rule that failed. */
export type OfferRefusal = RuleCheck;

export interface Offer {
  offered: boolean;
  /** Given back to a visitor whose conversation is under way, whatever the rules say. */
  resuming: boolean;
  refusal: OfferRefusal | null;
  chat: RuleEvaluation;
  /** For each feature: offered or not (false for all when chat is not offered). */
  features: Record<RolloutFeature, boolean>;
  /** Topics offered (ids), in the site's order. */
  topicIds: string[];
  /** Every topic's evaluation (its own rule, or chat's), for the preview. */
  topicEvaluations: Record<string, RuleEvaluation>;
}

/** The offer made to one visitor on one page now (see the module comment). */
export function decideOffer(policy: RolloutPolicy, topicIds: readonly string[], audience: Audience, resuming: boolean): Offer {
  const chat = evaluateRule(policy.chat, audience);
  const offered = chat.offered || resuming;
  const features = Object.fromEntries(
    ROLLOUT_FEATURES.map((feature) => [feature, offered && evaluateRule(policy.features[feature], audience).offered]),
  ) as Record<RolloutFeature, boolean>;
  const topicEvaluations = Object.fromEntries(
    topicIds.map((topicId) => {
      const rule = policy.topics[topicId];
      return [topicId, rule === undefined ? chat : evaluateRule(rule, audience)];
    }),
  );
  return {
    offered,
    resuming: resuming && !chat.offered,
    refusal: chat.failed,
    chat,
    features,
    topicIds: offered ? topicIds.filter((topicId) => topicEvaluations[topicId]!.offered || (resuming && !chat.offered)) : [],
    topicEvaluations,
  };
}

/** Why a policy cannot be saved, each problem named by the rule it is in; empty when it can. */
export function validatePolicy(policy: RolloutPolicy, topicIds: readonly string[]): string[] {
  const named = (where: string, problems: string[]) => problems.map((problem) => `${where}: ${problem}`);
  return [
    ...named('Chat', validateRule(policy.chat)),
    ...ROLLOUT_FEATURES.flatMap((feature) => named(`Feature ${feature}`, validateRule(policy.features[feature]))),
    ...Object.entries(policy.topics).flatMap(([topicId, rule]) =>
      topicIds.includes(topicId) ? named(`Topic ${topicId}`, validateRule(rule)) : [`Topic ${topicId}: the site has no such topic.`],
    ),
  ];
}

/** Whether a change offers more than before anywhere (needs a second manager's approval). */
export function widens(before: RolloutPolicy, after: RolloutPolicy): boolean {
  const rules = (policy: RolloutPolicy): Array<[string, AudienceRule]> => [
    ['chat', policy.chat],
    ...ROLLOUT_FEATURES.map((feature): [string, AudienceRule] => [`feature:${feature}`, policy.features[feature]]),
    ...Object.entries(policy.topics).map(([topicId, rule]): [string, AudienceRule] => [`topic:${topicId}`, rule]),
  ];
  const beforeRules = new Map(rules(before));
  return rules(after).some(([key, rule]) => {
    const previous = beforeRules.get(key) ?? (key.startsWith('topic:') ? before.chat : undefined);
    return previous === undefined || ruleWidens(previous, rule);
  }) || guardLoosens(before.guard, after.guard);
}

/** Whether `after` may offer to someone `before` did not. */
export function ruleWidens(before: AudienceRule, after: AudienceRule): boolean {
  if (!after.enabled) return false;
  if (!before.enabled) return true;
  if (after.groupId !== before.groupId && after.share > 0) return true;
  if (after.share > before.share) return true;
  if (after.languages.some((language: Language) => !before.languages.includes(language))) return true;
  if (after.outsideHours === 'show_closed' && before.outsideHours === 'hide') return true;
  // Pages: fewer exclusions, or includes that are not all kept (an empty include list is every page).
  if (before.excludePages.some((pattern) => !after.excludePages.includes(pattern))) return true;
  if (before.includePages.length > 0) {
    if (after.includePages.length === 0) return true;
    const kept = new Set(before.includePages.map((page) => `${page.pattern}|${page.language ?? ''}`));
    if (after.includePages.some((page) => !kept.has(`${page.pattern}|${page.language ?? ''}`))) return true;
  }
  return false;
}

/** Whether the guard would close later than before (off, or a higher threshold). */
function guardLoosens(before: CapacityGuardSettings, after: CapacityGuardSettings): boolean {
  if (!before.enabled) return false;
  if (!after.enabled) return true;
  const higher = (a: number | null, b: number | null) => (a !== null && (b === null || b > a));
  return higher(before.maxWaitMinutes, after.maxWaitMinutes) || higher(before.maxQueuePerAgent, after.maxQueuePerAgent);
}
