/**
 * A citizen and an agent chat through the real server, over real Socket.IO connections: the
 * whole lifecycle, queue positions, reloads on both sides, and delivery without loss or duplicates.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentQueueChange } from '../../protocol/agent-events.js';
import type { AgentConversation, Message, VisitorConversation } from '../../protocol/models.js';
import { applyChanges, isNewer, placeFromView, shownPosition } from '../../widget/app/queue-place.js';
import {
  ask,
  closeAllSockets,
  connectAgent,
  connectVisitor,
  nextEvent,
  onlineAgent,
  startChat,
  startRequest,
} from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('chat between a citizen and an agent', () => {
  // A fresh server per test, so that one test's waiting chats never change another's queue.
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ AGENT_RECONNECT_GRACE_SECONDS: '0.3' });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });

  const auth = () => test.server.services.auth;

  it('goes from queued to active to closed, with every message once, in order, on both sides', async () => {
    // Staff see the account's display name; the citizen only the public name a manager approved.
    const agent = await onlineAgent(test.url, auth(), { displayName: 'Alex Martin', publicName: 'Alex' });
    const queueShowsChat = nextEvent<AgentQueueChange>(agent.socket, 'queue:changed', (change) =>
      change.kind === 'joined' && change.entry.visitorName === 'Marie',
    );
    const visitor = await startChat(test.url, { visitorName: 'Marie', topicId: 'permits', language: 'fr' });
    expect(visitor.conversation).toMatchObject({ status: 'queued', queuePosition: 1, queueRevision: 1, lastSeq: 0 });

    const change = await queueShowsChat;
    expect(change).toMatchObject({ queueId: 'permits-fr', revision: 1, kind: 'joined' });
    expect(change.kind === 'joined' && change.entry).toMatchObject({
      id: visitor.conversationId,
      queueId: 'permits-fr',
      topicId: 'permits',
      topicLabel: { en: 'Permits and licences', fr: 'Permis et licences' },
      language: 'fr',
      pageUrl: 'http://127.0.0.1/services/benefits',
      requeued: false,
    });

    const visitorSeesAgent = nextEvent<VisitorConversation>(visitor.socket, 'conversation:updated', (c) => c.status === 'active');
    const accepted = await ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId });
    expect(accepted).toMatchObject({ ok: true, conversation: { status: 'active', agentName: 'Alex Martin' } });
    expect(await visitorSeesAgent).toMatchObject({ status: 'active', agentName: 'Alex', queuePosition: null });

    const visitorLog: Message[] = [];
    const agentLog: Message[] = [];
    visitor.socket.on('message:created', (message) => visitorLog.push(message));
    agent.socket.on('message:created', (message) => agentLog.push(message));

    const script = [
      ['visitor', 'Bonjour, j’ai une question sur mon permis.'],
      ['agent', 'Bonjour Marie, je peux vous aider.'],
      ['visitor', 'Merci!\nDeuxième ligne.'],
      ['agent', '<b>not bold</b> & stays text'],
    ] as const;
    for (const [side, text] of script) {
      const response =
        side === 'visitor'
          ? await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text })
          : await ask(agent.socket, 'message:send', { conversationId: visitor.conversationId, clientId: randomUUID(), text });
      expect(response.ok).toBe(true);
    }
    await vi.waitFor(() => expect(visitorLog.length + agentLog.length).toBeGreaterThanOrEqual(8));
    const expected = script.map(([side, text], index) => ({ seq: index + 1, text, author: { kind: side } }));
    expect(visitorLog).toMatchObject(expected);
    expect(agentLog).toMatchObject(expected);
    expect(visitorLog.map((m) => m.id)).toEqual(agentLog.map((m) => m.id));
    expect(agentLog[1]!.author.name).toBe('Alex Martin');
    expect(visitorLog[1]!.author.name).toBe('Alex');
    expect(visitorLog[0]!.author.name).toBe('Marie');

    const visitorSeesEnd = nextEvent<VisitorConversation>(visitor.socket, 'conversation:updated', (c) => c.status === 'closed');
    const ended = await ask(agent.socket, 'conversation:end', { conversationId: visitor.conversationId });
    expect(ended).toMatchObject({ ok: true, conversation: { status: 'closed', closedBy: 'agent', closeReason: 'resolved' } });
    expect(await visitorSeesEnd).toMatchObject({ closedBy: 'agent', closeReason: 'resolved', lastSeq: 4 });

    const afterEnd = await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: 'encore?' });
    expect(afterEnd).toMatchObject({ ok: false, error: { code: 'conversation_closed' } });

    const again = await ask(visitor.socket, 'conversation:start', startRequest());
    expect(again).toMatchObject({ ok: true, conversation: { status: 'queued' } });
    if (again.ok) expect(again.conversation.id).not.toBe(visitor.conversationId);
  });

  it('lets the citizen end the chat, and the agent sees who ended it', async () => {
    const agent = await onlineAgent(test.url, auth());
    const visitor = await startChat(test.url);
    await ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId });
    const agentSeesEnd = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.status === 'closed');
    const ended = await ask(visitor.socket, 'conversation:end', {});
    expect(ended).toMatchObject({ ok: true, conversation: { status: 'closed', closedBy: 'visitor' } });
    expect(await agentSeesEnd).toMatchObject({ closedBy: 'visitor', closeReason: 'visitor_ended' });
  });

  it('tells every waiting citizen their place, and moves them up as chats are accepted', async () => {
    const agent = await onlineAgent(test.url, auth(), { maxConcurrentChats: 5 });
    /** A citizen's place as the chat app keeps it: from its own views and the queue's changes. */
    const follow = async () => {
      const chat = await startChat(test.url);
      let view = chat.conversation;
      let place = placeFromView(view, null, Date.now());
      chat.socket.on('queue:changed', ({ changes }) => {
        if (place === null) return;
        place = applyChanges(place, changes, Date.now()).place;
      });
      chat.socket.on('conversation:updated', (conversation) => {
        if (!isNewer(conversation, view)) return;
        view = conversation;
        place = placeFromView(conversation, place, Date.now());
      });
      return { ...chat, place: () => (place === null ? null : shownPosition(place)) };
    };
    const first = await follow();
    const second = await follow();
    const third = await follow();
    await vi.waitFor(() => expect([first.place(), second.place(), third.place()]).toEqual([1, 2, 3]));

    await ask(agent.socket, 'conversation:accept', { conversationId: first.conversationId });
    await vi.waitFor(() => expect([first.place(), second.place(), third.place()]).toEqual([null, 1, 2]));
    // The server agrees with what the citizens worked out.
    const synced = await ask(third.socket, 'conversation:sync', { afterSeq: 0 });
    expect(synced).toMatchObject({ ok: true, conversation: { queuePosition: 2, queueRevision: 4 } });
    for (const chat of [second, third]) {
      await ask(agent.socket, 'conversation:accept', { conversationId: chat.conversationId });
    }
  });

  it('brings the same conversation back after the citizen reloads, with everything missed', async () => {
    const agent = await onlineAgent(test.url, auth());
    const visitor = await startChat(test.url);
    await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: 'one' });
    await ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId });
    visitor.socket.disconnect();

    for (const text of ['two', 'three']) {
      await ask(agent.socket, 'message:send', { conversationId: visitor.conversationId, clientId: randomUUID(), text });
    }
    const reloaded = await connectVisitor(test.url, { token: visitor.token });
    const sync = await ask(reloaded, 'conversation:sync', { afterSeq: 1 });
    expect(sync).toMatchObject({ ok: true, hasMore: false, conversation: { id: visitor.conversationId, status: 'active', lastSeq: 3 } });
    if (sync.ok) expect(sync.messages.map((m) => [m.seq, m.text])).toEqual([[2, 'two'], [3, 'three']]);

    const live = nextEvent<Message>(agent.socket, 'message:created', (m) => m.text === 'four');
    const sent = await ask(reloaded, 'message:send', { clientId: randomUUID(), text: 'four' });
    expect(sent).toMatchObject({ ok: true, message: { seq: 4 } });
    await live;
  });

  it('stores a retried message once, and announces it again with the same id and sequence number', async () => {
    const agent = await onlineAgent(test.url, auth());
    const visitor = await startChat(test.url);
    await ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId });
    const delivered: Message[] = [];
    agent.socket.on('message:created', (message) => delivered.push(message));

    const clientId = randomUUID();
    const first = await ask(visitor.socket, 'message:send', { clientId, text: 'only once' });
    const retry = await ask(visitor.socket, 'message:send', { clientId, text: 'only once' });
    expect(first.ok && retry.ok && first.message.id === retry.message.id && retry.message.seq === 1).toBe(true);
    // Events on one connection arrive in order: once the next message is in, the others are too.
    await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: 'next' });
    await vi.waitFor(() => expect(delivered.at(-1)?.text).toBe('next'));
    // The retry is announced again (the first attempt's node may have died before announcing it);
    // it is the same message, which clients keep once.
    expect(delivered.map((m) => [m.id, m.seq, m.text])).toEqual([
      [first.ok ? first.message.id : '', 1, 'only once'],
      [first.ok ? first.message.id : '', 1, 'only once'],
      [expect.any(String), 2, 'next'],
    ]);
    expect(await test.server.services.store.messages.lastSeq(visitor.conversationId)).toBe(2);
  });

  it('starts a chat once when the start is retried with the same client id and secret', async () => {
    const visitor = await connectVisitor(test.url);
    const request = startRequest();
    const first = await ask(visitor, 'conversation:start', request);
    const reconnected = await connectVisitor(test.url);
    const retry = await ask(reconnected, 'conversation:start', request);
    expect(first.ok && retry.ok && first.conversation.id === retry.conversation.id).toBe(true);
    const queued = await test.server.services.conversations.queue();
    expect(queued.filter((c) => first.ok && c.id === first.conversation.id)).toHaveLength(1);
  });

  it('gives an agent who reloads their open chats back', async () => {
    const agent = await onlineAgent(test.url, auth());
    const visitor = await startChat(test.url);
    await ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId });
    await ask(agent.socket, 'message:send', {
      conversationId: visitor.conversationId,
      clientId: randomUUID(),
      text: 'before reload',
    });
    agent.socket.disconnect();

    const reloaded = await connectAgent(test.url, agent.cookie);
    const snapshot = await ask(reloaded, 'console:sync', {});
    expect(snapshot.ok).toBe(true);
    if (!snapshot.ok) return;
    expect(snapshot.agent.status).toBe('available');
    expect(snapshot.conversations.map((c) => c.id)).toEqual([visitor.conversationId]);
    expect(snapshot.topics.map((t) => t.id)).toContain('benefits');
    const history = await ask(reloaded, 'messages:since', { conversationId: visitor.conversationId, afterSeq: 0 });
    expect(history.ok && history.messages.map((m) => m.text)).toEqual(['before reload']);
  });

  it('gives the chats of an agent who stays away back to the head of the queue', async () => {
    const agent = await onlineAgent(test.url, auth());
    const earlier = await startChat(test.url);
    const visitor = await startChat(test.url);
    await ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId });
    const requeued = nextEvent<VisitorConversation>(visitor.socket, 'conversation:updated', (c) => c.status === 'queued', 5000);
    agent.socket.disconnect();
    expect(await requeued).toMatchObject({ status: 'queued', queuePosition: 1, agentName: null });
    const queue = await test.server.services.conversations.queue();
    const order = queue.map((c) => c.id);
    expect(order.indexOf(visitor.conversationId)).toBeLessThan(order.indexOf(earlier.conversationId));
    expect((await test.server.services.presence.statusOf((await auth().signIn(agent.email, agent.password, { address: '10.0.0.1' })).agent.id))?.status).toBe(
      'offline',
    );
  });

  it('gives the chats of an agent who signs out back to the queue at once', async () => {
    await test.close();
    test = await startTestServer({ AGENT_RECONNECT_GRACE_SECONDS: '3600' });
    const agent = await onlineAgent(test.url, auth());
    const visitor = await startChat(test.url);
    await ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId });
    const requeued = nextEvent<VisitorConversation>(visitor.socket, 'conversation:updated', (c) => c.status === 'queued');
    await fetch(`${test.url}/api/auth/sign-out`, { method: 'POST', headers: { cookie: agent.cookie } });
    expect(await requeued).toMatchObject({ status: 'queued', queuePosition: 1 });
  });

  it('lets the agent catch up on what the citizen wrote while the console was disconnected', async () => {
    const agent = await onlineAgent(test.url, auth());
    const visitor = await startChat(test.url);
    await ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId });
    await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: 'seen live' });
    agent.socket.disconnect();
    for (const text of ['missed 1', 'missed 2']) {
      await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text });
    }
    const back = await connectAgent(test.url, agent.cookie);
    const missed = await ask(back, 'messages:since', { conversationId: visitor.conversationId, afterSeq: 1 });
    expect(missed.ok && missed.messages.map((m) => [m.seq, m.text])).toEqual([
      [2, 'missed 1'],
      [3, 'missed 2'],
    ]);
  });
});
