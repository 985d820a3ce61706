/**
 * The offer at service level (issue #8, points 1, 3 and 7): the share over 10,000 synthetic
 * visitors, sticky answers, a verified resume (a claimed one is not believed), every start judged
 * afresh, the capacity guard stepped with a manual clock (fast to close, slow to reopen), and
 * exposure counting only visitors offered chat.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { closeConversation } from '../../server/domain/conversation-lifecycle.js';
import type { Site } from '../../server/domain/entities.js';
import { defaultPolicy, type RolloutPolicy } from '../../server/domain/rollout-policy.js';
import { CapacityGuardService } from '../../server/services/capacity-guard-service.js';
import { EventBus } from '../../server/services/events.js';
import { OfferService } from '../../server/services/offer-service.js';
import { EXPOSURE_RATE_PER_ADDRESS } from '../../server/domain/rate-policies.js';
import { RolloutService } from '../../server/services/rollout-service.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { ManualClock } from '../support/manual-clock.js';
import { conversation } from '../stores/store-contract.js';

const silent = { warn: () => undefined };

const site: Site = {
  id: 'demo',
  name: { en: 'Demo', fr: 'Démo' },
  allowedOrigins: ['self'],
  chatEnabled: true,
  topics: [
    { id: 'benefits', label: { en: 'Benefits', fr: 'Prestations' }, queues: { en: 'general', fr: 'general-fr' } },
    { id: 'permits', label: { en: 'Permits', fr: 'Permis' }, queues: { en: 'permits', fr: 'permits-fr' } },
  ],
  hours: null,
  otherWays: [{ kind: 'phone', text: { en: '1-800-555-0199', fr: '1-800-555-0199' }, href: { en: 'tel:+18005550199', fr: 'tel:+18005550199' } }],
  selfService: [],
};

async function setUp(change: (policy: RolloutPolicy) => RolloutPolicy = (policy) => policy) {
  const store = createMemoryStore();
  const clock = new ManualClock();
  await store.sites.put(site);
  for (const [id, language] of [['general', 'en'], ['general-fr', 'fr'], ['permits', 'en'], ['permits-fr', 'fr']] as const) {
    await store.queues.put({ id, name: { en: id, fr: id }, language, mode: 'automatic' });
  }
  const rollout = new RolloutService(store, new EventBus());
  const initial = defaultPolicy(site.id, true);
  await rollout.replace({ ...change(initial), version: 2 }, 1);
  const guards = new CapacityGuardService(store, clock, rollout, silent);
  const offers = new OfferService(store, clock, rollout, guards, silent);
  return { store, clock, rollout, guards, offers };
}

const visitorIds = (count: number) => Array.from({ length: count }, (_, i) => `synthetic-visitor-${i.toString().padStart(6, '0')}`);
const onPage = (visitorId: string, resume = false) => ({ visitorId, pageUrl: 'https://www.example.gc.ca/en/benefits', language: 'en' as const, resume });
const withShare = (share: number) => (policy: RolloutPolicy): RolloutPolicy => ({ ...policy, chat: { ...policy.chat, share } });

describe('the offer', () => {
  it('offers 28 % to 32 % of 10,000 synthetic visitors at a 30 % share, each the same answer every time', async () => {
    const { offers } = await setUp(withShare(30));
    const ids = visitorIds(10_000);
    const first = await Promise.all(ids.map((id) => offers.offerFor(site, onPage(id))));
    const offered = first.filter((offer) => offer.state === 'offered').length;
    expect(offered / ids.length).toBeGreaterThanOrEqual(0.28);
    expect(offered / ids.length).toBeLessThanOrEqual(0.32);
    for (const offer of first.filter((candidate) => candidate.state === 'refused')) expect(offer).toMatchObject({ offered: false, reason: 'share', topicIds: [] });
    const again = await Promise.all(ids.map((id) => offers.offerFor(site, onPage(id))));
    expect(again.map((offer) => offer.state)).toEqual(first.map((offer) => offer.state));
  });

  it('gives the widget back to a visitor whose conversation is open, and believes no claim without one', async () => {
    const { store, offers, rollout } = await setUp();
    const chatting = 'visitor-in-a-chat-000001';
    const started = conversation('c-open');
    await store.conversations.insert(started);
    await offers.noteConversation(site.id, chatting, started.id);
    // The kill switch.
    const policy = await rollout.policyOf(site);
    await rollout.replace({ ...policy, chat: { ...policy.chat, enabled: false }, version: 3 }, 2);

    expect(await offers.offerFor(site, onPage(chatting, true))).toMatchObject({ offered: true, state: 'resuming', reason: null });
    // Without the loader's word, or with it but no conversation of theirs: refused.
    expect(await offers.offerFor(site, onPage(chatting, false))).toMatchObject({ offered: false, state: 'refused', reason: 'chat_disabled' });
    expect(await offers.offerFor(site, onPage('forged-resume-visitor-01', true))).toMatchObject({ offered: false, reason: 'chat_disabled' });
    // Nor is a resume a way to start a chat.
    await expect(offers.assertMayStart(site, { ...onPage(chatting), topicId: 'benefits' })).rejects.toMatchObject({ code: 'chat_unavailable', reason: 'not_offered' });
    // Once it is closed, the widget is not given back.
    const [closed] = [closeConversation(started, { by: 'visitor', reason: 'visitor_ended' }, Date.now())];
    await store.conversations.save(closed!, started);
    expect(await offers.offerFor(site, onPage(chatting, true))).toMatchObject({ offered: false, state: 'refused' });
  });

  it('refuses a start of a topic not offered, and one by a visitor outside the share', async () => {
    const { offers } = await setUp((policy) => ({ ...policy, topics: { permits: { ...policy.chat, groupId: 'chat-offer.topic.permits', share: 0 } } }));
    const visitor = 'visitor-for-topics-00001';
    expect((await offers.offerFor(site, onPage(visitor))).topicIds).toEqual(['benefits']);
    await expect(offers.assertMayStart(site, { ...onPage(visitor), topicId: 'benefits' })).resolves.toBeUndefined();
    await expect(offers.assertMayStart(site, { ...onPage(visitor), topicId: 'permits' })).rejects.toMatchObject({ reason: 'not_offered' });

    const narrow = await setUp(withShare(0));
    await expect(narrow.offers.assertMayStart(site, { ...onPage(visitor), topicId: 'benefits' })).rejects.toMatchObject({ reason: 'not_offered' });
  });

  it('counts distinct visitors offered chat per day, page and language, and never those refused', async () => {
    const { offers, store } = await setUp(withShare(50));
    const ids = visitorIds(200);
    const answers = await Promise.all(ids.map((id) => offers.offerFor(site, onPage(id))));
    await Promise.all(ids.slice(0, 50).map((id) => offers.offerFor(site, { ...onPage(id), pageUrl: 'https://www.example.gc.ca/fr/prestations?q=secret', language: 'fr' })));
    await offers.flush();
    const offeredIds = ids.filter((_, i) => answers[i]!.state === 'offered');
    const offeredFrench = ids.slice(0, 50).filter((_, i) => answers[i]!.state === 'offered');
    const counts = await store.exposure.read(site.id, '2026-11-02');
    expect(counts.total).toBe(offeredIds.length);
    expect(counts.byLanguage).toEqual({ en: offeredIds.length, fr: offeredFrench.length });
    expect(counts.pages).toEqual([
      { page: '/en/benefits', visitors: offeredIds.length },
      { page: '/fr/prestations', visitors: offeredFrench.length },
    ]);
  });
  it('counts at most a bucket of visitors from one address, so random ids from a script cannot inflate the figure', async () => {
    const { offers, store, clock } = await setUp();
    const ids = visitorIds(EXPOSURE_RATE_PER_ADDRESS.capacity + 100);
    const answers = await Promise.all(ids.map((id) => offers.offerFor(site, { ...onPage(id), address: '203.0.113.9' })));
    // Every visitor is answered (an office behind one address is still served) ...
    expect(answers.every((answer) => answer.state === 'offered')).toBe(true);
    // ... a real visitor from another address is counted, and the bucket refills with time.
    await offers.offerFor(site, { ...onPage('visitor-from-elsewhere-01'), address: '198.51.100.7' });
    clock.advance(10_000);
    await offers.offerFor(site, { ...onPage('visitor-after-a-while-001'), address: '203.0.113.9' });
    await offers.flush();
    const counts = await store.exposure.read(site.id, '2026-11-02');
    expect(counts.total).toBe(EXPOSURE_RATE_PER_ADDRESS.capacity + 2);
  });
});

describe('the capacity guard, stepped by the service', () => {
  it('closes at once when the queue per agent passes the threshold, says busy with the wait and other ways, and reopens only after the calm time', async () => {
    const guard = { enabled: true, maxWaitMinutes: null, maxQueuePerAgent: 2, reopenRatio: 0.5, reopenAfterMs: 5 * 60_000 };
    const { store, clock, guards, offers } = await setUp((policy) => ({ ...policy, guard }));
    const visitor = 'visitor-guarded-0000001';
    await guards.tick();
    expect(await offers.offerFor(site, onPage(visitor))).toMatchObject({ state: 'offered', topicIds: ['benefits', 'permits'] });

    // Three chats waiting on the English benefits queue with nobody available: 3 per agent > 2.
    const waiting = [conversation('w1', clock.now(), 'general'), conversation('w2', clock.now(), 'general'), conversation('w3', clock.now(), 'general')];
    for (const chat of waiting) await store.conversations.insert(chat);
    await guards.tick();
    expect((await guards.guardsOf(site.id)).get('general')?.state).toMatchObject({ closed: true, reason: 'queue_per_agent' });
    // Only that queue: the page still offers permits.
    expect(await offers.offerFor(site, onPage(visitor))).toMatchObject({ state: 'offered', topicIds: ['permits'] });
    await expect(offers.assertMayStart(site, { ...onPage(visitor), topicId: 'benefits' })).rejects.toMatchObject({ reason: 'busy' });
    await expect(offers.assertMayStart(site, { ...onPage(visitor), topicId: 'permits' })).resolves.toBeUndefined();

    // Permits too: every queue of the page closed → busy, with the other ways to reach the service.
    for (const id of ['p1', 'p2', 'p3']) await store.conversations.insert(conversation(id, clock.now(), 'permits'));
    await guards.tick();
    const busy = await offers.offerFor(site, onPage(visitor));
    expect(busy).toMatchObject({ offered: true, state: 'busy', topicIds: [], busy: { waitMinutes: null, waitBand: 'no_agent', otherWays: site.otherWays } });
    await expect(offers.assertMayStart(site, { ...onPage(visitor), topicId: 'permits' })).rejects.toMatchObject({ reason: 'busy' });
    // French pages wait in other queues: still offered.
    expect((await offers.offerFor(site, { ...onPage(visitor), language: 'fr' })).state).toBe('offered');

    // The queues empty: still closed through the calm time (slow to reopen), then open.
    for (const chat of [...waiting, conversation('p1', 0, 'permits'), conversation('p2', 0, 'permits'), conversation('p3', 0, 'permits')]) {
      const stored = (await store.conversations.get(chat.id))!;
      await store.conversations.save(closeConversation(stored, { by: 'visitor', reason: 'visitor_ended' }, clock.now()), stored);
    }
    await guards.tick();
    clock.advance(4 * 60_000);
    await guards.tick();
    expect((await guards.guardsOf(site.id)).get('general')?.state.closed).toBe(true);
    clock.advance(60_000);
    await guards.tick();
    expect((await guards.guardsOf(site.id)).get('general')?.state).toMatchObject({ closed: false, reason: null });
    expect(await offers.offerFor(site, onPage(visitor))).toMatchObject({ state: 'offered', topicIds: ['benefits', 'permits'] });
  });

  it('does not close while the guard is off, whatever the load', async () => {
    const { store, clock, guards, offers } = await setUp();
    for (let i = 0; i < 30; i++) await store.conversations.insert(conversation(`w${i}`, clock.now(), 'general'));
    await guards.tick();
    expect((await guards.guardsOf(site.id)).get('general')).toMatchObject({ state: { closed: false }, load: { waiting: 30, availableAgents: 0 } });
    expect((await offers.offerFor(site, onPage(randomBytes(12).toString('base64url')))).state).toBe('offered');
  });
});
