/**
 * The presence sweep, with a clock the test moves and a directory the test controls: agents who
 * stay away lose their chats after the grace period, and nothing stays stuck.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { AppError } from '../../server/domain/app-error.js';
import { createServices, type Services } from '../../server/services/index.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import type { ConnectionDirectory } from '../../server/services/presence-service.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import type { Store } from '../../server/stores/store.js';
import { ManualClock } from '../support/manual-clock.js';
import { TEST_HASHING } from '../support/test-server.js';

const GRACE_MS = 60_000;
const silentLogger = { info() {}, warn() {}, error() {} };

describe('presence sweep', () => {
  let services: Services;
  let store: Store;
  let clock: ManualClock;
  const connectedAgents = new Set<string>();
  const directory: ConnectionDirectory = {
    isConnected: async (agentId) => connectedAgents.has(agentId),
    connectedAgentIds: async () => new Set(connectedAgents),
  };

  beforeEach(async () => {
    connectedAgents.clear();
    clock = new ManualClock();
    store = createMemoryStore();
    const config = loadConfig({ AGENT_RECONNECT_GRACE_SECONDS: String(GRACE_MS / 1000) });
    services = createServices(config, store, clock, new PasswordHasher(TEST_HASHING), silentLogger);
    services.presence.start(directory);
    services.presence.stop(); // the test calls sweep() itself
    await store.queues.put({ id: 'general', name: { en: 'General', fr: 'Général' }, language: 'en', mode: 'agents_pick' });
    await store.sites.put({
      id: 'demo',
      name: { en: 'Demo', fr: 'Démo' },
      allowedOrigins: [],
      chatEnabled: true,
      topics: [{ id: 'benefits', queues: { en: 'general', fr: 'general' }, label: { en: 'B', fr: 'B' } }],
      hours: null,
      otherWays: [],
      selfService: [],
    });
  });

  async function openChat(clientId: string) {
    const { conversation } = await services.conversations.start({
      siteId: 'demo',
      clientId,
      secret: clientId.padEnd(40, 'x'),
      topicId: 'benefits',
      language: 'en',
      pageUrl: 'https://example.test/',
    });
    return conversation;
  }

  async function agentHoldingAChat() {
    const agent = (await services.auth.createAccount({
      email: 'a@example.test',
      displayName: 'A',
      role: 'agent',
      password: 'a-long-enough-password',
      queueIds: ['general'],
    }))!;
    connectedAgents.add(agent.id);
    await services.presence.connected(agent.id);
    await services.presence.setStatus(agent.id, 'available');
    const conversation = await openChat('client-0001');
    await services.conversations.accept(agent, conversation.id);
    return { agent, conversationId: conversation.id };
  }

  it('hands the chats back once the agent has been gone for the grace period, not before', async () => {
    const { agent, conversationId } = await agentHoldingAChat();
    connectedAgents.delete(agent.id);
    await services.presence.disconnected(agent.id, { sessionEnded: false });

    clock.advance(GRACE_MS - 1);
    await services.presence.sweep();
    expect((await store.conversations.get(conversationId))?.status).toBe('active');

    clock.advance(1);
    await services.presence.sweep();
    expect((await store.conversations.get(conversationId))).toMatchObject({ status: 'queued', agentId: null, queuePriority: 1 });
    expect((await services.presence.statusOf(agent.id))?.status).toBe('offline');
  });

  it('times an agent whose node died without a word from the first sweep that misses them', async () => {
    const { agent, conversationId } = await agentHoldingAChat();
    connectedAgents.delete(agent.id); // no disconnected() call: the node died
    await services.presence.sweep();
    clock.advance(GRACE_MS);
    await services.presence.sweep();
    expect((await store.conversations.get(conversationId))?.status).toBe('queued');
  });

  it('finishes a hand-back that failed half-way on a later sweep', async () => {
    const { agent, conversationId } = await agentHoldingAChat();
    connectedAgents.delete(agent.id);
    await services.presence.disconnected(agent.id, { sessionEnded: false });
    clock.advance(GRACE_MS);

    const save = store.conversations.save;
    store.conversations.save = async () => {
      throw new AppError('unavailable', 'Redis blipped');
    };
    await services.presence.sweep();
    expect((await store.conversations.get(conversationId))?.status).toBe('active');

    store.conversations.save = save;
    await services.presence.sweep();
    expect((await store.conversations.get(conversationId))?.status).toBe('queued');
    expect((await services.presence.statusOf(agent.id))?.status).toBe('offline');
  });

  it('forgets a departure noted just before the agent came back, so a later blip gets the full grace', async () => {
    const { agent, conversationId } = await agentHoldingAChat();
    connectedAgents.delete(agent.id);
    await services.presence.sweep(); // notes the departure
    connectedAgents.add(agent.id); // came back without connected() being seen (another node)
    await services.presence.sweep();
    expect((await services.presence.statusOf(agent.id))?.disconnectedAt).toBeNull();

    clock.advance(4 * 60 * 60_000);
    connectedAgents.delete(agent.id);
    await services.presence.disconnected(agent.id, { sessionEnded: false });
    clock.advance(1000);
    await services.presence.sweep();
    expect((await store.conversations.get(conversationId))?.status).toBe('active');
  });

  it('hands chats back at once when the session ended', async () => {
    const { agent, conversationId } = await agentHoldingAChat();
    connectedAgents.delete(agent.id);
    await services.presence.disconnected(agent.id, { sessionEnded: true });
    expect((await store.conversations.get(conversationId))?.status).toBe('queued');
  });

  it('keeps an offline agent from taking chats', async () => {
    const { agent } = await agentHoldingAChat();
    await services.presence.setStatus(agent.id, 'offline');
    const conversation = await openChat('client-0002');
    await expect(services.conversations.accept(agent, conversation.id)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('away with a reason', () => {
  it('keeps the reason with "away" only, and a new reason is not a new status', async () => {
    const clock = new ManualClock();
    const store = createMemoryStore();
    const services = createServices(loadConfig({}), store, clock, new PasswordHasher(TEST_HASHING), silentLogger);
    const away = await services.presence.setStatus('a1', 'away', 'meeting');
    expect(away).toMatchObject({ status: 'away', awayReason: 'meeting', since: clock.now() });
    clock.advance(1000);
    expect(await services.presence.setStatus('a1', 'away', 'meal')).toMatchObject({ awayReason: 'meal', since: away.since });
    const available = await services.presence.setStatus('a1', 'available', 'meal');
    expect(available).toEqual({ agentId: 'a1', status: 'available', since: clock.now(), disconnectedAt: null });
    clock.advance(1000);
    // Nothing changed: nothing written, nothing announced.
    expect(await services.presence.setStatus('a1', 'available')).toEqual(available);
  });
});
