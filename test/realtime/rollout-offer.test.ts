/**
 * The soft launch served on real sockets (issue #8, points 1, 2, 3, 6, 7): the console's
 * `rollout:preview` and `rollout:live` for supervisors and managers only, with every rule's verdict;
 * a chat start judged afresh on the server (a topic not offered, the kill switch, a share that
 * leaves the visitor out); exposure counted once per visitor offered.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RolloutPolicy } from '../../server/domain/rollout-policy.js';
import { rolloutBucket } from '../../server/domain/rollout.js';
import { ask, closeAllSockets, connectAgent, connectVisitor, onlineAgent, signIn, startRequest, type AgentSocket } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('the soft launch, served', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer();
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });

  async function changePolicy(change: (policy: RolloutPolicy) => RolloutPolicy): Promise<void> {
    const { rollout, sites } = test.server.services;
    const current = await rollout.policyOf(await sites.require('demo'));
    await rollout.replace({ ...change(current), version: current.version + 1 }, current.version);
  }

  async function console(role: 'supervisor' | 'manager'): Promise<AgentSocket> {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
    await test.server.services.auth.createAccount({ email, password: 'a-long-enough-password', displayName: 'Sam', role, queueIds: [] });
    return connectAgent(test.url, await signIn(test.url, email, 'a-long-enough-password'));
  }

  const page = () => `${test.url}/services/benefits`;

  it('previews what a visitor would see and why, rule by rule, for supervisors and managers only', async () => {
    await changePolicy((policy) => ({
      ...policy,
      chat: { ...policy.chat, share: 40, excludePages: ['/private/*'] },
      features: { ...policy.features, survey: { ...policy.features.survey, enabled: false } },
    }));
    const visitorId = 'preview-visitor-000001';
    const bucket = rolloutBucket('chat-offer', visitorId);
    const agent = await onlineAgent(test.url, test.server.services.auth);
    expect(await ask(agent.socket, 'rollout:preview', { siteId: 'demo', pageUrl: page(), language: 'en', time: '2026-11-02T15:00:00Z', visitorId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ask(agent.socket, 'rollout:live', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    for (const role of ['supervisor', 'manager'] as const) {
      const socket = await console(role);
      const answer = await ask(socket, 'rollout:preview', { siteId: 'demo', pageUrl: page(), language: 'en', time: '2026-11-02T15:00:00-05:00', visitorId });
      if (!answer.ok) throw new Error(answer.error.code);
      const { preview } = answer;
      expect(preview.visitorId).toBe(visitorId);
      expect(preview.chat.verdicts.map((verdict) => verdict.check)).toEqual(['enabled', 'page', 'language', 'hours', 'share']);
      expect(preview.chat.verdicts.find((verdict) => verdict.check === 'share')).toEqual({ check: 'share', pass: bucket <= 40, detail: `bucket ${bucket} of 100, share 40 %` });
      expect(preview.offer.state).toBe(bucket <= 40 ? 'offered' : 'refused');
      expect(preview.features.survey).toMatchObject({ offered: false, failed: 'enabled' });
      expect(preview.topics.map((topic) => topic.topicId)).toEqual(['benefits', 'permits', 'id-documents', 'other']);
      expect(preview.topics[0]).toMatchObject({ queueId: 'general-en', guardClosed: false, rule: { offered: bucket <= 40 } });
      expect(preview.hours).toEqual({ open: true, reason: null });
      expect(preview.guards.every((guard) => !guard.closed)).toBe(true);
    }
    const manager = await console('manager');
    const excluded = await ask(manager, 'rollout:preview', { siteId: 'demo', pageUrl: `${test.url}/private/file`, language: 'fr', time: '2026-11-02T15:00:00Z' });
    expect(excluded).toMatchObject({ ok: true, preview: { offer: { state: 'refused', reason: 'page' }, chat: { failed: 'page' } } });
    if (excluded.ok) expect(excluded.preview.visitorId).toMatch(/^[\w-]{16,64}$/);
    expect(await ask(manager, 'rollout:preview', { siteId: 'demo', pageUrl: 'javascript:alert(1)', language: 'en', time: 'now' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(await ask(manager, 'rollout:preview', { siteId: 'nope', pageUrl: page(), language: 'en', time: '2026-11-02T15:00:00Z' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('shows each site’s guards and today’s exposure: distinct visitors offered, by language and page', async () => {
    const offer = async (visitor: string, path: string, lang: 'en' | 'fr') => {
      const query = new URLSearchParams({ site: 'demo', page: `${test.url}${path}`, lang, visitor });
      return (await (await fetch(`${test.url}/api/widget/offer?${query}`)).json()) as { state: string };
    };
    for (let i = 0; i < 5; i++) await offer(`live-visitor-en-${i}-0000`, '/services/benefits', 'en');
    await offer('live-visitor-en-0-0000', '/services/benefits', 'en');
    await offer('live-visitor-fr-0-0000', '/fr/services', 'fr');
    await changePolicy((policy) => ({ ...policy, chat: { ...policy.chat, enabled: false } }));
    expect((await offer('live-visitor-refused-01', '/services/benefits', 'en')).state).toBe('refused');
    await test.server.services.offers.flush();

    const manager = await console('manager');
    const answer = await ask(manager, 'rollout:live', { siteId: 'demo' });
    if (!answer.ok) throw new Error(answer.error.code);
    const [site] = answer.live.sites;
    expect(site).toMatchObject({
      siteId: 'demo',
      exposure: { total: 6, byLanguage: { en: 5, fr: 1 }, topPages: [{ page: '/services/benefits', visitors: 5 }, { page: '/fr/services', visitors: 1 }] },
    });
    expect(site!.guards.map((guard) => guard.queueId).sort()).toEqual(['general-en', 'general-fr', 'permits-en', 'permits-fr']);
    expect(await ask(manager, 'rollout:live', { siteId: 'demo', extra: 1 } as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('judges every start afresh: a topic not offered, the kill switch and a visitor outside the share are refused', async () => {
    await changePolicy((policy) => ({ ...policy, topics: { permits: { ...policy.chat, groupId: 'chat-offer.topic.permits', enabled: false } } }));
    const visitor = await connectVisitor(test.url);
    expect(await ask(visitor, 'conversation:start', startRequest({ topicId: 'permits' }))).toMatchObject({ ok: false, error: { code: 'chat_unavailable', reason: 'not_offered' } });
    const started = await ask(visitor, 'conversation:start', startRequest({ topicId: 'benefits' }));
    expect(started).toMatchObject({ ok: true });

    // Outside the share: a visitor id whose bucket is above it.
    const outside = Array.from({ length: 100 }, (_, i) => `share-visitor-${i.toString().padStart(4, '0')}`).find((id) => rolloutBucket('chat-offer', id) > 10)!;
    await changePolicy((policy) => ({ ...policy, chat: { ...policy.chat, share: 10 } }));
    const another = await connectVisitor(test.url);
    expect(await ask(another, 'conversation:start', startRequest({ topicId: 'benefits', visitorId: outside }))).toMatchObject({
      ok: false,
      error: { code: 'chat_unavailable', reason: 'not_offered' },
    });
    // A bad visitor id is refused by the schema, before any rule.
    expect(await ask(another, 'conversation:start', startRequest({ visitorId: 'no' }))).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });

    await changePolicy((policy) => ({ ...policy, chat: { ...policy.chat, share: 100, enabled: false } }));
    const third = await connectVisitor(test.url);
    expect(await ask(third, 'conversation:start', startRequest({ topicId: 'benefits' }))).toMatchObject({ ok: false, error: { code: 'chat_unavailable', reason: 'not_offered' } });
  });
});
