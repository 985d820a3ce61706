/**
 * Honest waits on real sockets (issue #7, point 3): a waiting citizen's view carries their place
 * and an estimated wait, the queue's wait updates (`queue:wait`) change it when an agent becomes
 * available, takes a chat or is free again after one (ended, its wrap-up recorded), the handle times of the queue's own chats feed it, a French
 * chat with only English-speaking agents online is told that no French-speaking agent is available,
 * and the periodic refresh catches what no event announces (a console that dropped).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { VisitorConversation } from '../../protocol/models.js';
import type { VisitorQueueWait } from '../../protocol/visitor-events.js';
import { estimateWait } from '../../protocol/wait-estimate.js';
import { DEFAULT_HANDLE_MS } from '../../server/domain/handle-time.js';
import { ask, closeAllSockets, nextEvent, onlineAgent, startChat, type VisitorSocket } from '../support/clients.js';
import { ManualClock } from '../support/manual-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const MINUTE = 60_000;

describe('waits', () => {
  let test: TestServer;
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const auth = () => test.server.services.auth;
  const queueWait = (socket: VisitorSocket, test: (wait: VisitorQueueWait) => boolean) => nextEvent<VisitorQueueWait>(socket, 'queue:wait', test);
  /** The citizen's view as the server reads it now. */
  const view = async (socket: VisitorSocket): Promise<VisitorConversation> => {
    const synced = await ask(socket, 'conversation:sync', { afterSeq: 0 });
    if (!synced.ok) throw new Error(synced.error.code);
    return synced.conversation;
  };

  it('gives a waiting citizen their place and a wait, changed when an agent becomes available, takes a chat and wraps it up', async () => {
    test = await startTestServer();
    // "Agents pick" queues: the test decides when a chat is taken.
    const first = await startChat(test.url, { topicId: 'permits', language: 'fr' });
    expect(first.conversation).toMatchObject({ queuePosition: 1, queueWait: { slots: 0, freeSlots: 0 }, estimatedWait: 'no_agent' });
    // Someone waiting in another queue hears nothing of this one's.
    const elsewhere = await startChat(test.url, { topicId: 'permits', language: 'en' });
    const heardElsewhere: VisitorQueueWait[] = [];
    elsewhere.socket.on('queue:wait', (wait: VisitorQueueWait) => heardElsewhere.push(wait));

    const staffed = queueWait(first.socket, (wait) => wait.slots === 1);
    const agent = await onlineAgent(test.url, auth(), { languages: ['fr'], queueIds: ['permits-fr'], maxConcurrentChats: 1 });
    const update = await staffed;
    expect(update).toMatchObject({ queueId: 'permits-fr', slots: 1, freeSlots: 1, handleMs: DEFAULT_HANDLE_MS });
    expect(estimateWait(1, update).band).toBe('under_1');
    expect(await view(first.socket)).toMatchObject({ queuePosition: 1, estimatedWait: 'under_1' });

    // The agent takes the first chat: the next citizens wait for that one slot (8 minutes a chat by default).
    expect(await ask(agent.socket, 'conversation:accept', { conversationId: first.conversationId })).toMatchObject({ ok: true });
    const second = await startChat(test.url, { topicId: 'permits', language: 'fr' });
    const third = await startChat(test.url, { topicId: 'permits', language: 'fr' });
    expect(second.conversation).toMatchObject({ queuePosition: 1, queueWait: { slots: 1, freeSlots: 0 }, estimatedWait: 'about_10' });
    expect(third.conversation).toMatchObject({ queuePosition: 2, estimatedWait: 'about_15' });

    // The chat ends and its agent records the wrap-up: a slot is free, its handle time is kept, and
    // both waits shorten.
    const freed = [second, third].map(({ socket }) => queueWait(socket, (wait) => wait.freeSlots === 1));
    expect(await ask(agent.socket, 'conversation:end', { conversationId: first.conversationId, reason: 'resolved' })).toMatchObject({ ok: true });
    expect(await ask(agent.socket, 'conversation:wrap-up', { conversationId: first.conversationId, outcome: 'resolved' })).toMatchObject({ ok: true });
    const [toSecond, toThird] = await Promise.all(freed);
    expect(estimateWait(1, toSecond!).band).toBe('under_1');
    expect(estimateWait(2, toThird!).band).toBe('about_10');
    expect(await view(third.socket)).toMatchObject({ queuePosition: 2, estimatedWait: 'about_10' });
    expect(await test.server.services.store.waits.recentHandleTimes('permits-fr')).toHaveLength(1);
    expect(heardElsewhere.filter((wait) => wait.queueId !== 'permits-en')).toEqual([]);
  });

  it('estimates from the handle times of the queue’s own recent chats', async () => {
    const clock = new ManualClock(Date.now());
    test = await startTestServer({}, { clock });
    const agent = await onlineAgent(test.url, auth(), { languages: ['fr'], queueIds: ['permits-fr'], maxConcurrentChats: 1 });
    // Three chats of 2 minutes each: with two 8-minute defaults, the median is 2 minutes.
    for (let i = 0; i < 3; i++) {
      const chat = await startChat(test.url, { topicId: 'permits', language: 'fr' });
      await ask(agent.socket, 'conversation:accept', { conversationId: chat.conversationId });
      clock.advance(2 * MINUTE);
      await ask(agent.socket, 'conversation:end', { conversationId: chat.conversationId, reason: 'resolved' });
      await ask(agent.socket, 'conversation:wrap-up', { conversationId: chat.conversationId, outcome: 'resolved' });
    }
    const held = await startChat(test.url, { topicId: 'permits', language: 'fr' });
    await ask(agent.socket, 'conversation:accept', { conversationId: held.conversationId });
    await test.server.services.waits.settled();
    await startChat(test.url, { topicId: 'permits', language: 'fr' });
    clock.advance(1000);
    const waiting = await startChat(test.url, { topicId: 'permits', language: 'fr' });
    // Second in line behind a full agent: two 2-minute chats, not two 8-minute ones.
    expect(waiting.conversation).toMatchObject({ queuePosition: 2, queueWait: { slots: 1, freeSlots: 0, handleMs: 2 * MINUTE }, estimatedWait: 'about_5' });
  });

  it('tells a French chat that no French-speaking agent is available while only English-speaking agents are online', async () => {
    test = await startTestServer();
    await onlineAgent(test.url, auth(), { languages: ['en'], queueIds: ['general-en', 'general-fr'] });
    const french = await startChat(test.url, { topicId: 'benefits', language: 'fr' });
    const english = await startChat(test.url, { topicId: 'benefits', language: 'en' });
    expect(french.conversation).toMatchObject({ language: 'fr', status: 'queued', queueWait: { slots: 0 }, estimatedWait: 'no_agent' });
    await test.server.services.assignment.settled();
    expect((await test.server.services.conversations.get(english.conversationId)).status).toBe('active');
    // No silent fallback: still waiting, still told so.
    expect(await view(french.socket)).toMatchObject({ status: 'queued', queuePosition: 1, estimatedWait: 'no_agent' });
  });

  it('refreshes on its own what no event announces (a console that dropped), and says nothing when nothing changed', async () => {
    test = await startTestServer();
    const agent = await onlineAgent(test.url, auth(), { languages: ['fr'], queueIds: ['permits-fr'] });
    const chat = await startChat(test.url, { topicId: 'permits', language: 'fr' });
    expect(chat.conversation).toMatchObject({ queueWait: { slots: 3, freeSlots: 3 }, estimatedWait: 'under_1' });
    const heard: VisitorQueueWait[] = [];
    chat.socket.on('queue:wait', (wait: VisitorQueueWait) => heard.push(wait));
    const waits = test.server.services.waits;
    await waits.settled();
    await waits.refresh();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual([]);

    // Within the grace period the agent keeps their status but takes no new chats: nobody to answer.
    const { id } = (await test.server.services.store.agents.findByEmail(agent.email))!;
    agent.socket.disconnect();
    await expect.poll(async () => (await test.server.services.store.presence.get(id))?.disconnectedAt ?? null).not.toBeNull();
    const dropped = queueWait(chat.socket, (wait) => wait.slots === 0);
    await waits.refresh();
    expect(estimateWait(1, await dropped).band).toBe('no_agent');
  });
});
