/**
 * The pure rules around leaving a message: its reference, marking it answered, who reads which
 * queue, the reply-detail rules the form and the server share, and availability per topic.
 */
import { describe, expect, it } from 'vitest';
import { isValidEmail, isValidPhone } from '../../protocol/contact-details.js';
import type { Site } from '../../server/domain/entities.js';
import { topicAvailabilities } from '../../server/domain/chat-availability.js';
import { answerInboxItem, assertMayReadInboxItem, inboxQueueIds, inboxReference, newInboxItem } from '../../server/domain/inbox.js';
import { DEMO_QUEUES, demoSite } from '../../server/services/seed.js';

const item = newInboxItem(
  { id: 'ab'.repeat(32), siteId: 'demo', queueId: 'permits-fr', topicId: 'permits', language: 'fr', visitorName: '  ', email: '', text: 'Bonjour', pageUrl: 'https://x.test/a?b=c#d' },
  1000,
);

describe('inbox items', () => {
  it('makes a quotable reference from the id, without I, L, O or U', () => {
    expect(item.reference).toBe(inboxReference('ab'.repeat(32)));
    expect(item.reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(inboxReference('0'.repeat(64))).toBe('0000-0000');
    expect(inboxReference('f'.repeat(64))).toBe('ZZZZ-ZZZZ');
  });

  it('keeps empty details as null and the page without its query', () => {
    expect(item).toMatchObject({ visitorName: null, email: null, phone: null, pageUrl: 'https://x.test/a', status: 'new', version: 1 });
  });

  it('is answered once: a retry by the same agent changes nothing, another agent gets a conflict', () => {
    const answered = answerInboxItem(item, 'a1', 'Called back', 2000);
    expect(answered).toMatchObject({ status: 'answered', answeredBy: 'a1', answeredAt: 2000, answerNote: 'Called back', version: 2 });
    expect(answerInboxItem(answered, 'a1', 'Called back', 3000)).toBe(answered);
    expect(() => answerInboxItem(answered, 'a2', 'Me too', 3000)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('shows agents the queues they serve in languages they speak, and supervisors everything', () => {
    expect(inboxQueueIds({ role: 'agent', queueIds: ['permits-fr', 'general-en'], languages: ['fr'] }, DEMO_QUEUES)).toEqual(['permits-fr']);
    expect(inboxQueueIds({ role: 'supervisor', queueIds: [], languages: ['en'] }, DEMO_QUEUES)).toBeNull();
    expect(() => assertMayReadInboxItem(['general-en'], item)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => assertMayReadInboxItem(null, item)).not.toThrow();
  });
});

describe('reply details', () => {
  it('accepts ordinary emails and phone numbers, and refuses what is not one', () => {
    for (const email of ['marie@example.test', 'a.b+c@sub.example.ca']) expect(isValidEmail(email), email).toBe(true);
    for (const email of ['marie', 'marie@', 'marie@example', 'a b@example.test', '@example.test']) expect(isValidEmail(email), email).toBe(false);
    for (const phone of ['613-555-0100', '+1 (613) 555-0100', '613 555 0100 ext. 12', '6135550100 x3', '613-555-0100 poste 4']) {
      expect(isValidPhone(phone), phone).toBe(true);
    }
    for (const phone of ['call me', '555', '613-555-0100-0100-0100-0100', '+1 613 555 0100; rm']) expect(isValidPhone(phone), phone).toBe(false);
  });
});

describe('availability per topic and language', () => {
  const site: Site = demoSite([]);
  const open = { open: true as const, closesAt: null, lastAdmissionAt: null };

  it('says why, the switch before the hours before the staffing', () => {
    const agents = [{ queueIds: ['permits-en'], languages: ['en' as const], status: 'away' as const }];
    const permits = (entries: ReturnType<typeof topicAvailabilities>) => entries.filter((entry) => entry.topicId === 'permits');
    expect(permits(topicAvailabilities(site, open, agents))).toEqual([
      { topicId: 'permits', language: 'en', available: true, reason: null },
      { topicId: 'permits', language: 'fr', available: false, reason: 'nobody_available' },
    ]);
    const closed = { open: false as const, reason: 'holiday' as const, nextOpening: null };
    expect(permits(topicAvailabilities(site, closed, agents)).map((entry) => entry.reason)).toEqual(['holiday', 'holiday']);
    expect(permits(topicAvailabilities({ ...site, chatEnabled: false }, closed, agents)).map((entry) => entry.reason)).toEqual(['chat_disabled', 'chat_disabled']);
    const offline = [{ ...agents[0]!, status: 'offline' as const }];
    expect(permits(topicAvailabilities(site, open, offline))[0]).toMatchObject({ available: false, reason: 'nobody_available' });
  });
});
