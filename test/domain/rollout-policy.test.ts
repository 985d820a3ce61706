/**
 * A site's rollout policy (issue #8): the offer to one visitor (chat, features, topics), a
 * conversation under way given back whatever the rules, validation naming the rule at fault, and
 * which changes widen (those need a second manager).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARD } from '../../server/domain/capacity-guard.js';
import { decideOffer, defaultPolicy, openRule, validatePolicy, widens, type RolloutPolicy } from '../../server/domain/rollout-policy.js';
import type { Audience } from '../../server/domain/rollout-rules.js';

const TOPICS = ['benefits', 'permits'];
const visitor: Audience = { visitorId: 'v1', pageUrl: 'https://www.example.gc.ca/en/benefits', language: 'en', withinHours: true };
const policy = (change: Partial<RolloutPolicy> = {}): RolloutPolicy => ({ ...defaultPolicy('demo', true), ...change });

describe('the offer', () => {
  it('offers chat, every feature and every topic under the default policy', () => {
    const offer = decideOffer(policy(), TOPICS, visitor, false);
    expect(offer).toMatchObject({ offered: true, resuming: false, refusal: null, topicIds: TOPICS });
    expect(Object.values(offer.features).every(Boolean)).toBe(true);
  });

  it('follows the site switch by default, and gives the reason when chat is not offered', () => {
    const offer = decideOffer(defaultPolicy('demo', false), TOPICS, visitor, false);
    expect(offer).toMatchObject({ offered: false, refusal: 'enabled', topicIds: [] });
    expect(Object.values(offer.features).some(Boolean)).toBe(false);
  });

  it('gives the widget back to a visitor whose conversation is under way, whatever the rules', () => {
    const killed = policy({ chat: { ...openRule('chat-offer'), enabled: false } });
    expect(decideOffer(killed, TOPICS, visitor, true)).toMatchObject({ offered: true, resuming: true, refusal: 'enabled' });
    expect(decideOffer(policy(), TOPICS, visitor, true)).toMatchObject({ offered: true, resuming: false });
  });

  it('rolls features and topics out on their own rules; a topic without one follows chat', () => {
    const narrowed = policy({
      features: { ...policy().features, survey: { ...openRule('chat-offer.survey'), share: 0 } },
      topics: { permits: { ...openRule('chat-offer.topic.permits'), excludePages: ['/en/*'] } },
    });
    const offer = decideOffer(narrowed, TOPICS, visitor, false);
    expect(offer.features).toMatchObject({ survey: false, transcript: true, leave_message: true, self_service: true });
    expect(offer.topicIds).toEqual(['benefits']);
    expect(offer.topicEvaluations.permits?.failed).toBe('page');
  });
});

describe('validating a policy', () => {
  it('names the rule at fault, and refuses rules for topics the site does not have', () => {
    const bad = policy({
      chat: { ...openRule('chat-offer'), languages: ['en'] },
      topics: { unknown: openRule('x') },
    });
    const problems = validatePolicy(bad, TOPICS);
    expect(problems[0]).toMatch(/^Chat: Chat would be offered in en but not in fr/);
    expect(problems).toContain('Topic unknown: the site has no such topic.');
    expect(validatePolicy(policy(), TOPICS)).toEqual([]);
  });
});

describe('which changes widen', () => {
  it('raising a share, adding a topic rule wider than chat, or loosening the guard widens; narrowing does not', () => {
    const base = policy({ chat: { ...openRule('chat-offer'), share: 5 }, guard: { ...DEFAULT_GUARD, enabled: true } });
    expect(widens(base, { ...base, chat: { ...base.chat, share: 25 } })).toBe(true);
    expect(widens(base, { ...base, chat: { ...base.chat, share: 1 } })).toBe(false);
    expect(widens(base, { ...base, chat: { ...base.chat, enabled: false } })).toBe(false);
    expect(widens(base, { ...base, topics: { permits: { ...openRule('chat-offer.topic.permits'), share: 50 } } })).toBe(true);
    expect(widens(base, { ...base, topics: { permits: { ...openRule('chat-offer'), share: 5 } } })).toBe(false);
    expect(widens(base, { ...base, features: { ...base.features, survey: { ...base.features.survey, enabled: false } } })).toBe(false);
    expect(widens(base, { ...base, guard: { ...base.guard, enabled: false } })).toBe(true);
    expect(widens(base, { ...base, guard: { ...base.guard, maxWaitMinutes: 30 } })).toBe(true);
    expect(widens(base, { ...base, guard: { ...base.guard, maxWaitMinutes: 10 } })).toBe(false);
  });
});
