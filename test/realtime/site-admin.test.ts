/**
 * Sites and queues through the console's socket (issue #9, points 3 and 4): managers only, bad
 * input refused with a clear error and nothing changed, and a site a manager registers takes
 * visitors from its origin at once (a queue with a member, a chat that waits in it).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueueCreate, SiteCreate } from '../../protocol/admin.js';
import { ask, closeAllSockets, connectAgent, connectVisitor, onlineAgent, signIn, startRequest } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';
import { AGENT_COMMAND_RATES } from '../../server/domain/rate-policies.js';

const ORIGIN = 'https://www.permits.gov.xx';

const newQueue = (change: Partial<QueueCreate> = {}): QueueCreate => ({
  id: `passports-${randomUUID().slice(0, 6)}`,
  name: { en: 'Passports', fr: 'Passeports' },
  language: 'fr',
  mode: 'agents_pick',
  ...change,
});

const newSite = (change: Partial<SiteCreate> = {}): SiteCreate => ({
  id: `permits-${randomUUID().slice(0, 6)}`,
  name: { en: 'Permits office', fr: 'Bureau des permis' },
  allowedOrigins: [ORIGIN, 'https://*.services.gov.xx'],
  chatEnabled: true,
  topics: [{ id: 'permits', label: { en: 'Permits', fr: 'Permis' }, queues: { en: 'general-en', fr: 'general-fr' } }],
  hours: null,
  otherWays: [{ kind: 'phone', text: { en: 'Call 1-800-555-0100', fr: 'Composez le 1-800-555-0100' }, href: { en: 'tel:+18005550100', fr: 'tel:+18005550100' } }],
  selfService: [],
  ...change,
});

describe('sites and queues over the console’s socket', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '200' });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const store = () => test.server.services.store;
  const managerConsole = async () => connectAgent(test.url, await signIn(test.url, MANAGER.email, MANAGER.password));

  it('refuses every site and queue command to an agent and a supervisor, changing nothing', async () => {
    const agent = await onlineAgent(test.url, test.server.services.auth);
    const supervisorEmail = `sup-${randomUUID().slice(0, 8)}@example.test`;
    await test.server.services.auth.createAccount({ email: supervisorEmail, password: 'a-long-enough-password', displayName: 'Sam', role: 'supervisor' });
    const supervisor = await connectAgent(test.url, await signIn(test.url, supervisorEmail, 'a-long-enough-password'));
    const [sites, queues] = await Promise.all([store().sites.list(), store().queues.list()]);
    for (const socket of [agent.socket, supervisor]) {
      const answers = await Promise.all([
        ask(socket, 'admin:sites:list', {}),
        ask(socket, 'admin:sites:create', newSite()),
        ask(socket, 'admin:sites:update', { siteId: 'demo', chatEnabled: false }),
        ask(socket, 'admin:sites:check-origin', { siteId: 'demo', pageUrl: ORIGIN, language: 'en' }),
        ask(socket, 'admin:queues:list', {}),
        ask(socket, 'admin:queues:create', newQueue()),
        ask(socket, 'admin:queues:update', { queueId: 'general-en', mode: 'agents_pick' }),
      ]);
      for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await store().sites.list()).toEqual(sites);
    expect(await store().queues.list()).toEqual(queues);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const manager = await managerConsole();
    const [sites, queues, accounts] = await Promise.all([store().sites.list(), store().queues.list(), store().agents.list()]);
    const answers = await Promise.all([
      ask(manager, 'admin:sites:create', newSite({ allowedOrigins: ['*'] })),
      ask(manager, 'admin:sites:create', newSite({ allowedOrigins: ['https://www.permits.gov.xx/path'] })),
      ask(manager, 'admin:sites:create', newSite({ name: { en: 'Permits', fr: '' } })),
      ask(manager, 'admin:sites:create', newSite({ topics: [{ id: 'permits', label: { en: 'P', fr: 'P' }, queues: { en: 'general-fr', fr: 'general-fr' } }] })),
      ask(manager, 'admin:sites:create', newSite({ selfService: [{ label: { en: 'Help', fr: 'Aide' }, url: { en: 'javascript:alert(1)', fr: 'https://x.gov.xx' } }] })),
      ask(manager, 'admin:sites:create', newSite({ id: 'Not An Id' })),
      ask(manager, 'admin:sites:create', { ...newSite(), version: 3 } as SiteCreate),
      ask(manager, 'admin:sites:update', { siteId: 'demo' }),
      ask(manager, 'admin:sites:update', { siteId: 'demo', hours: { timeZone: 'Mars/Base', weekly: {}, holidays: [], lastAdmissionMinutes: 0 } }),
      ask(manager, 'admin:queues:create', newQueue({ mode: 'round_robin' as 'automatic' })),
      ask(manager, 'admin:queues:create', newQueue({ memberIds: ['no-such-account'] })),
      ask(manager, 'admin:queues:update', { queueId: 'general-en', language: 'fr' }),
    ]);
    for (const answer of answers) {
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      if (!answer.ok) expect(answer.error.message.length).toBeGreaterThan(10);
    }
    const first = answers[0]!;
    if (!first.ok) expect(first.error.message).toContain('the only wildcard is https://*.example.gov.xx');
    expect(await ask(manager, 'admin:sites:update', { siteId: 'nowhere', chatEnabled: false })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await store().sites.list()).toEqual(sites);
    expect(await store().queues.list()).toEqual(queues);
    expect(await store().agents.list()).toEqual(accounts);
  });

  it('limits how often a manager may change sites', async () => {
    const manager = await managerConsole();
    const capacity = AGENT_COMMAND_RATES['admin:sites:update'].capacity;
    const answers = [];
    for (let i = 0; i <= capacity; i++) answers.push(await ask(manager, 'admin:sites:update', { siteId: 'demo', chatEnabled: i % 2 === 0 }));
    expect(answers.slice(0, capacity).every((answer) => answer.ok)).toBe(true);
    expect(answers[capacity]).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('registers a site that takes chats from its origin at once, in a new queue with a member', async () => {
    const manager = await managerConsole();
    const agent = await onlineAgent(test.url, test.server.services.auth, { languages: ['fr'], queueIds: [] });
    const agentAccount = (await store().agents.findByEmail(agent.email))!;
    const queue = await ask(manager, 'admin:queues:create', newQueue({ memberIds: [agentAccount.id] }));
    if (!queue.ok) throw new Error(queue.error.message);
    expect(queue.queue.memberIds).toEqual([agentAccount.id]);
    expect((await store().agents.get(agentAccount.id))!.queueIds).toEqual([queue.queue.id]);

    const created = await ask(manager, 'admin:sites:create', newSite({
      topics: [{ id: 'passports', label: { en: 'Passports', fr: 'Passeports' }, queues: { en: 'general-en', fr: queue.queue.id } }],
    }));
    if (!created.ok) throw new Error(created.error.message);
    const siteId = created.site.id;
    const listed = await ask(manager, 'admin:sites:list', {});
    expect(listed.ok && listed.sites.map((site) => site.id)).toContain(siteId);

    const check = await ask(manager, 'admin:sites:check-origin', { siteId, pageUrl: `${ORIGIN}/apply`, language: 'fr' });
    expect(check).toMatchObject({ ok: true, check: { originAllowed: true, offered: true, blockers: [] } });
    const elsewhere = await ask(manager, 'admin:sites:check-origin', { siteId, pageUrl: 'https://services.gov.xx/', language: 'fr' });
    expect(elsewhere).toMatchObject({ ok: true, check: { originAllowed: false, blockers: ['origin_not_allowed'] } });
    const sub = await ask(manager, 'admin:sites:check-origin', { siteId, pageUrl: 'https://a.services.gov.xx/', language: 'fr' });
    expect(sub).toMatchObject({ ok: true, check: { originAllowed: true } });

    // A visitor on the site's page starts a chat; it waits in the new queue.
    const visitor = await connectVisitor(test.url, { siteId, origin: ORIGIN });
    const started = await ask(visitor, 'conversation:start', startRequest({ topicId: 'passports', language: 'fr', pageUrl: `${ORIGIN}/apply` }));
    expect(started).toMatchObject({ ok: true, conversation: { status: 'queued' } });
    if (started.ok) expect((await store().conversations.get(started.conversation.id))!.queueId).toBe(queue.queue.id);

    // Switched off: the check says so, and no new chat starts.
    expect(await ask(manager, 'admin:sites:update', { siteId, chatEnabled: false })).toMatchObject({ ok: true, site: { chatEnabled: false } });
    const off = await ask(manager, 'admin:sites:check-origin', { siteId, pageUrl: `${ORIGIN}/apply`, language: 'fr' });
    expect(off).toMatchObject({ ok: true, check: { offered: false, blockers: ['chat_disabled'] } });
  });
});
