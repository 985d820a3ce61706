/**
 * The citizen switching language mid-chat (server/domain/language-switch.ts): the chat follows
 * the language and its topic's queue for it, keeps its place in time and its agent, and an ended
 * chat cannot switch. Properties checked over many random records (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../protocol/languages.js';
import { AppError } from '../../server/domain/app-error.js';
import { assignConversation, closeConversation, openConversation, requeueConversation } from '../../server/domain/conversation-lifecycle.js';
import type { Conversation, Site } from '../../server/domain/entities.js';
import { queueForLanguage, switchLanguage } from '../../server/domain/language-switch.js';
import { queueScore } from '../../server/domain/queue-order.js';

const T0 = Date.parse('2026-11-02T14:00:00Z');

const site: Site = {
  id: 'demo',
  name: { en: 'Demo', fr: 'Démo' },
  allowedOrigins: [],
  chatEnabled: true,
  topics: [{ id: 'permits', label: { en: 'Permits', fr: 'Permis' }, queues: { en: 'permits-en', fr: 'permits-fr' } }],
  hours: null,
  otherWays: [],
  selfService: [],
};

const queued = (queuedAt = T0): Conversation =>
  openConversation(
    {
      id: 'c1',
      siteId: 'demo',
      queueId: 'permits-fr',
      topicId: 'permits',
      language: 'fr',
      visitorName: null,
      pageUrl: 'https://example.test/',
      pageTitle: null,
      visitorTokenHash: 'h',
      reference: 'K7M-4QX',
    },
    queuedAt,
  );

/** A conversation in any open state: waiting, under way, or given back to the queue. */
const openRecord = fc.record({ queuedAt: fc.integer({ min: T0, max: T0 + 1e9 }), step: fc.constantFrom('queued', 'active', 'requeued') }).map(({ queuedAt, step }) => {
  const waiting = queued(queuedAt);
  if (step === 'queued') return waiting;
  const active = assignConversation(waiting, 'agent-1', queuedAt + 5);
  return step === 'active' ? active : requeueConversation(active, queuedAt + 10);
});

describe('switching language', () => {
  it('finds the topic’s queue for the language, or keeps the current one when the topic is gone', () => {
    expect(queueForLanguage(queued(), site, 'en')).toBe('permits-en');
    expect(queueForLanguage(queued(), site, 'fr')).toBe('permits-fr');
    expect(queueForLanguage({ topicId: 'gone', queueId: 'permits-fr' }, site, 'en')).toBe('permits-fr');
    expect(queueForLanguage(queued(), null, 'en')).toBe('permits-fr');
  });

  it('changes the language and queue only, one version up, keeping the place in time, the status and the agent', () => {
    fc.assert(
      fc.property(openRecord, fc.constantFrom(...LANGUAGES), (conversation, language) => {
        const next = switchLanguage(conversation, language, queueForLanguage(conversation, site, language));
        if (language === conversation.language) {
          expect(next).toBe(conversation);
        } else {
          expect(next).toEqual({ ...conversation, language, queueId: `permits-${language}`, version: conversation.version + 1 });
          expect(queueScore(next)).toBe(queueScore(conversation));
        }
      }),
    );
  });

  it('refuses an ended chat', () => {
    const closed = closeConversation(queued(), { by: 'visitor', reason: 'visitor_ended' }, T0 + 1);
    expect(() => switchLanguage(closed, 'en', 'permits-en')).toThrow(AppError);
    expect(() => switchLanguage(closed, 'en', 'permits-en')).toThrow(expect.objectContaining({ code: 'conversation_closed' }));
  });
});
