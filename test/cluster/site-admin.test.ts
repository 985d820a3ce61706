/**
 * Sites and queues across server nodes on one Redis (issue #9, points 3 and 4): a site and queue a
 * manager registers on one node take chats on the other at once, and switching the site off there
 * stops new chats on the other within the offer's site cache (a second).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ask, closeAllSockets, connectAgent, connectVisitor, signIn, startRequest } from '../support/clients.js';
import { AGENT_PASSWORD, createAccounts } from '../support/cluster-accounts.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { MANAGER } from '../support/test-server.js';

const ORIGIN = 'https://www.permits.gov.xx';

describe('sites and queues across server nodes on one Redis', () => {
  let redis: TestRedis;
  let nodes: ServerProcess[];

  beforeAll(async () => {
    redis = await startRedis();
    nodes = await Promise.all([0, 1].map(() => startServerProcess(redis.url)));
  }, 60_000);
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await killAllServerProcesses();
    await redis?.destroy();
  });

  it('a site registered on one node takes chats on the other at once; switched off, it stops within a second', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const [agentEmail] = await createAccounts(redis.url, [{ displayName: 'Robin', role: 'agent', languages: ['fr'], queueIds: [], maxConcurrentChats: 2 }]);
    const agent = await connectAgent(b.url, await signIn(b.url, agentEmail!, AGENT_PASSWORD));
    const manager = await connectAgent(a.url, await signIn(a.url, MANAGER.email, MANAGER.password));
    const listed = await ask(manager, 'admin:accounts:list', {});
    if (!listed.ok) throw new Error(listed.error.code);
    const robin = listed.accounts.find((account) => account.email === agentEmail)!;

    const queue = await ask(manager, 'admin:queues:create', {
      id: 'passports-fr',
      name: { en: 'Passports (French)', fr: 'Passeports (français)' },
      language: 'fr',
      mode: 'agents_pick',
      memberIds: [robin.id],
    });
    expect(queue).toMatchObject({ ok: true, queue: { memberIds: [robin.id] } });
    const site = await ask(manager, 'admin:sites:create', {
      id: 'permits',
      name: { en: 'Permits office', fr: 'Bureau des permis' },
      allowedOrigins: [ORIGIN],
      chatEnabled: true,
      topics: [{ id: 'passports', label: { en: 'Passports', fr: 'Passeports' }, queues: { en: 'general-en', fr: 'passports-fr' } }],
      hours: null,
      otherWays: [],
      selfService: [],
    });
    expect(site).toMatchObject({ ok: true });

    // On the other node at once: the check, a visitor from the site's origin, and the member's queue.
    expect(await ask(agent, 'agent:set-status', { status: 'available' })).toMatchObject({ ok: true });
    const start = async () => {
      const visitor = await connectVisitor(b.url, { siteId: 'permits', origin: ORIGIN });
      return ask(visitor, 'conversation:start', startRequest({ topicId: 'passports', language: 'fr', pageUrl: `${ORIGIN}/apply` }));
    };
    const started = await start();
    expect(started).toMatchObject({ ok: true, conversation: { status: 'queued' } });
    if (started.ok) expect(await ask(agent, 'conversation:accept', { conversationId: started.conversation.id })).toMatchObject({ ok: true });

    expect(await ask(manager, 'admin:sites:update', { siteId: 'permits', chatEnabled: false })).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const bManager = await connectAgent(b.url, await signIn(b.url, MANAGER.email, MANAGER.password));
    expect(await ask(bManager, 'admin:sites:check-origin', { siteId: 'permits', pageUrl: `${ORIGIN}/apply`, language: 'fr' })).toMatchObject({
      ok: true,
      check: { chatEnabled: false, offered: false, blockers: ['chat_disabled'] },
    });
    expect(await start()).toMatchObject({ ok: false, error: { code: 'chat_unavailable' } });
  });
});
