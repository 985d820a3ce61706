/**
 * Queues and routing on real sockets (issue #7): chats in automatic queues go to agents who serve
 * the queue and speak its language, least busy first; "Away" takes no new chats; "agents pick"
 * queues are picked only by agents who serve them; and a busy scenario (50 citizens, 8 agents of
 * mixed languages and limits) answers every chat, in order within each queue, within every limit.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentConversation } from '../../protocol/models.js';
import { ask, closeAllSockets, nextEvent, onlineAgent, startChat, type AgentSocket } from '../support/clients.js';
import { MIXED_TEAM, playBusyHour } from '../support/routing-scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('routing', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '200', TRUST_PROXY: 'true' });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const auth = () => test.server.services.auth;
  const stored = (id: string) => test.server.services.conversations.get(id);
  const assignedTo = (socket: AgentSocket, conversationId: string) =>
    nextEvent<AgentConversation>(socket, 'conversation:updated', (c) => c.id === conversationId && c.status === 'active');
  /** Waits until the chat is held by the agent with this email (the store says so). */
  const heldBy = async (conversationId: string, email: string) => {
    const agent = await test.server.services.store.agents.findByEmail(email);
    await vi.waitFor(async () => expect(await stored(conversationId)).toMatchObject({ status: 'active', agentId: agent!.id }));
  };

  it('gives a French chat to the French-speaking agent, never to the English-only one', async () => {
    const englishOnly = await onlineAgent(test.url, auth(), { languages: ['en'], queueIds: ['general-en', 'general-fr'] });
    const french = await onlineAgent(test.url, auth(), { languages: ['fr'], queueIds: ['general-fr'] });
    const fr = await startChat(test.url, { topicId: 'benefits', language: 'fr' });
    const en = await startChat(test.url, { topicId: 'benefits', language: 'en' });
    await Promise.all([heldBy(fr.conversationId, french.email), heldBy(en.conversationId, englishOnly.email)]);
    expect((await stored(fr.conversationId)).queueId).toBe('general-fr');
    expect((await stored(en.conversationId)).queueId).toBe('general-en');
  });

  it('lets a French chat wait, without falling back to English, until a French-speaking agent is available', async () => {
    await onlineAgent(test.url, auth(), { languages: ['en'], queueIds: ['general-en', 'general-fr'] });
    const chat = await startChat(test.url, { topicId: 'benefits', language: 'fr' });
    await test.server.services.assignment.settled();
    expect((await stored(chat.conversationId)).status).toBe('queued');
    const french = await onlineAgent(test.url, auth(), { languages: ['fr'], queueIds: ['general-fr'] });
    await heldBy(chat.conversationId, french.email);
  });

  it('gives an "Away" agent no new chat, and the waiting one as soon as they are available', async () => {
    const agent = await onlineAgent(test.url, auth(), { queueIds: ['general-en'] });
    await ask(agent.socket, 'agent:set-status', { status: 'away' });
    const chat = await startChat(test.url, { topicId: 'benefits', language: 'en' });
    await test.server.services.assignment.settled();
    expect((await stored(chat.conversationId)).status).toBe('queued');
    const assigned = assignedTo(agent.socket, chat.conversationId);
    await ask(agent.socket, 'agent:set-status', { status: 'available' });
    await assigned;
  });

  it('picks the least busy agent, then the one idle longest', async () => {
    const first = await onlineAgent(test.url, auth(), { queueIds: ['general-en'] });
    const second = await onlineAgent(test.url, auth(), { queueIds: ['general-en'] });
    const a = await startChat(test.url, { topicId: 'benefits', language: 'en' });
    await vi.waitFor(async () => expect((await stored(a.conversationId)).status).toBe('active'));
    const holder = (await stored(a.conversationId)).agentId;
    const other = holder === (await test.server.services.store.agents.findByEmail(first.email))!.id ? second : first;
    const b = await startChat(test.url, { topicId: 'benefits', language: 'en' });
    // The other agent holds none: the least busy.
    await assignedTo(other.socket, b.conversationId);
  });

  it('keeps "agents pick" queues to the agents who serve them, and "Away" agents pick nothing', async () => {
    const serving = await onlineAgent(test.url, auth(), { queueIds: ['permits-fr'] });
    const notServing = await onlineAgent(test.url, auth(), { queueIds: ['general-fr'] });
    const chat = await startChat(test.url, { topicId: 'permits', language: 'fr' });

    // Only the console of an agent serving the queue lists it.
    const listed = await ask(serving.socket, 'console:sync', {});
    expect(listed.ok && listed.queue.map((entry) => entry.id)).toEqual([chat.conversationId]);
    const notListed = await ask(notServing.socket, 'console:sync', {});
    expect(notListed.ok && notListed.queue).toEqual([]);

    const refused = await ask(notServing.socket, 'conversation:accept', { conversationId: chat.conversationId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await ask(serving.socket, 'agent:set-status', { status: 'away' });
    const whileAway = await ask(serving.socket, 'conversation:accept', { conversationId: chat.conversationId });
    expect(whileAway).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await ask(serving.socket, 'agent:set-status', { status: 'available' });
    expect(await ask(serving.socket, 'conversation:accept', { conversationId: chat.conversationId })).toMatchObject({ ok: true });
  });

  it('does not let agents pick from an automatic queue', async () => {
    const agent = await onlineAgent(test.url, auth(), { queueIds: ['general-en'], languages: ['fr'] });
    const chat = await startChat(test.url, { topicId: 'benefits', language: 'en' });
    const picked = await ask(agent.socket, 'conversation:accept', { conversationId: chat.conversationId });
    expect(picked).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers 50 citizens with 8 agents of mixed languages and limits: everyone, in order within each queue, within every limit', async () => {
    const agents = await Promise.all(
      MIXED_TEAM.map(async ({ languages, max }, i) => {
        const name = `Agent ${i} (${languages.join('+')}, ${max})`;
        const agent = await onlineAgent(test.url, auth(), {
          displayName: name,
          languages,
          queueIds: ['general-en', 'general-fr'],
          maxConcurrentChats: max,
        });
        return { socket: agent.socket, name, languages, max };
      }),
    );
    const distribution = await playBusyHour({ agents, citizenUrls: [test.url], citizens: 50, read: stored });
    console.log(distribution);
  }, 60_000);
});
