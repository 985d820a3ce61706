/**
 * Redaction applied (issue #10, "Privacy"): personal identifiers are taken out of a message before
 * it is stored or relayed, from citizens and agents alike, with the site's optional kinds; the
 * answer names the kinds removed. Left messages and names too.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import type { Agent, Site } from '../../server/domain/entities.js';
import type { DomainEvent } from '../../server/services/events.js';
import { createServices, type Services } from '../../server/services/index.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import type { Store } from '../../server/stores/store.js';
import { ManualClock } from '../support/manual-clock.js';
import { TEST_HASHING } from '../support/test-server.js';

const silentLogger = { info() {}, warn() {}, error() {} };

const SITE: Site = {
  id: 'demo',
  name: { en: 'Demo', fr: 'Démo' },
  allowedOrigins: [],
  chatEnabled: true,
  topics: [{ id: 'permits', queues: { en: 'permits-en', fr: 'permits-en' }, label: { en: 'P', fr: 'P' } }],
  hours: null,
  otherWays: [],
  selfService: [],
};

describe('redaction in the service layer', () => {
  let services: Services;
  let store: Store;
  let clock: ManualClock;
  let relayed: string[];

  beforeEach(async () => {
    clock = new ManualClock();
    store = createMemoryStore();
    services = createServices(loadConfig({}), store, clock, new PasswordHasher(TEST_HASHING), silentLogger);
    relayed = [];
    services.events.subscribe((event: DomainEvent) => {
      if (event.type === 'message.created') relayed.push(event.message.text);
    });
    await store.queues.put({ id: 'permits-en', name: { en: 'Permits', fr: 'Permis' }, language: 'en', mode: 'agents_pick' });
    await store.sites.put(SITE);
  });

  async function openChat(clientId: string, visitorName?: string): Promise<string> {
    const { conversation } = await services.conversations.start({
      siteId: 'demo',
      clientId,
      secret: clientId.padEnd(40, 'x'),
      topicId: 'permits',
      language: 'en',
      pageUrl: 'https://example.test/',
      visitorName,
    });
    return conversation.id;
  }

  async function agentHolding(conversationId: string): Promise<Agent> {
    const agent = (await services.auth.createAccount({
      email: 'agent@example.test',
      displayName: 'Alex',
      role: 'agent',
      password: 'a-long-enough-password',
      languages: ['en'],
      queueIds: ['permits-en'],
    }))!;
    await services.presence.connected(agent.id);
    await services.presence.setStatus(agent.id, 'available');
    await services.conversations.accept(agent, conversationId);
    return agent;
  }

  const storedTexts = async (conversationId: string) => (await store.messages.listAfter(conversationId, 0, 50)).map((message) => message.text);

  it("stores and relays the citizen's message without the identifiers, and names the kinds removed", async () => {
    const id = await openChat('client-redact-1');
    const posted = await services.conversations.postAsVisitor(id, { clientId: 'message-0001', text: 'Mon NAS est 046 454 286 et ma carte 4111 1111 1111 1111.' });
    const expected = 'Mon NAS est [redacted:sin] et ma carte [redacted:card].';
    expect(posted.redacted).toEqual(['sin', 'card']);
    expect(posted.message.text).toBe(expected);
    expect(await storedTexts(id)).toEqual([expected]);
    expect(relayed).toEqual([expected]);
  });

  it('leaves a message without identifiers alone and says nothing was removed', async () => {
    const id = await openChat('client-redact-2');
    const text = 'Call me at 613-555-0199 about file 2024-118823, paid $1,234.56 on 2024-05-12.';
    const posted = await services.conversations.postAsVisitor(id, { clientId: 'message-0002', text });
    expect(posted).toMatchObject({ redacted: [], message: { text } });
    expect(relayed).toEqual([text]);
  });

  it("takes out the site's optional kinds once the site asks, within a second on every node", async () => {
    const id = await openChat('client-redact-3');
    const text = 'Call me at 613-555-0199 or jane@example.gc.ca, K1A 0B1.';
    expect((await services.conversations.postAsVisitor(id, { clientId: 'message-0003', text })).redacted).toEqual([]);
    await store.sites.put({ ...SITE, redaction: { phone: true, email: true, postalCode: false } });
    clock.advance(1000);
    const posted = await services.conversations.postAsVisitor(id, { clientId: 'message-0004', text });
    expect(posted.redacted).toEqual(['phone', 'email']);
    expect((await storedTexts(id))[1]).toBe('Call me at [redacted:phone] or [redacted:email], K1A 0B1.');
  });

  it("applies the same rules to an agent's message", async () => {
    const id = await openChat('client-redact-4');
    const agent = await agentHolding(id);
    const posted = await services.conversations.postAsAgent(agent, id, { clientId: 'message-0005', text: 'I see health card 1234-567-897-AB on file.' });
    expect(posted.redacted).toEqual(['health']);
    expect(await storedTexts(id)).toEqual(['I see health card [redacted:health] on file.']);
    expect(relayed).toEqual(['I see health card [redacted:health] on file.']);
  });

  it('keeps a retry one message, redacted the same way', async () => {
    const id = await openChat('client-redact-5');
    const request = { clientId: 'message-0006', text: 'SIN 046-454-286' };
    const first = await services.conversations.postAsVisitor(id, request);
    const again = await services.conversations.postAsVisitor(id, request);
    expect(again).toEqual(first);
    expect(await storedTexts(id)).toEqual(['SIN [redacted:sin]']);
  });

  it('takes identifiers out of the name given at the start', async () => {
    const id = await openChat('client-redact-6', 'Marie 046 454 286');
    expect((await store.conversations.get(id))!.visitorName).toBe('Marie [redacted:sin]');
  });

  it('stores a left message without identifiers, keeping the contact details given to be answered', async () => {
    await store.sites.put({ ...SITE, redaction: { phone: true, email: true, postalCode: true } });
    const { item, redacted } = await services.inbox.leave(
      {
        siteId: 'demo',
        clientId: 'leave-redact-1',
        topicId: 'permits',
        language: 'fr',
        email: 'marie@example.test',
        phone: '613-555-0199',
        text: 'Ma carte santé 1234 567 897 KX; rappelez-moi au 613-555-0199.',
        pageUrl: 'https://example.test/',
      },
      '203.0.113.9',
    );
    expect(redacted).toEqual(['health', 'phone']);
    expect(item).toMatchObject({ text: 'Ma carte santé [redacted:health]; rappelez-moi au [redacted:phone].', email: 'marie@example.test', phone: '613-555-0199' });
    expect((await store.inbox.get(item.id))!.text).toBe(item.text);
  });
});
