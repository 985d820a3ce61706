/**
 * The supervisor's live view on real sockets (issue #7, point 7): the picture of every queue and
 * agent for supervisors and managers only, live updates as agents change status and chats queue
 * and are accepted, an agent's limit changed at once (routing gives a waiting chat; the agent's
 * console hears it), and a chat watched read-only (live, and no way to write into it).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Note } from '../../protocol/agent-tools.js';
import { AGENT_CHAT_LIMIT_MAX, SUPERVISION_CHATS_MAX, WATCHED_CHATS_MAX } from '../../protocol/limits.js';
import type { AgentConversation, AgentProfile, Message } from '../../protocol/models.js';
import type { SupervisedAgent, SupervisedQueue, SupervisionChange } from '../../protocol/supervision.js';
import { AGENT_COMMAND_RATES } from '../../server/domain/rate-policies.js';
import { ask, closeAllSockets, connectAgent, nextEvent, onlineAgent, signIn, startChat, type AgentSocket } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

/** Long enough for an emit already on its way over 127.0.0.1 to arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('the supervisor’s live view', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '200' });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const auth = () => test.server.services.auth;
  const store = () => test.server.services.store;

  /** A supervisor (or manager) serving no queue, signed in and connected: routing never gives them a chat. */
  async function supervisorWithId(role: 'supervisor' | 'manager' = 'supervisor'): Promise<{ socket: AgentSocket; id: string }> {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
    const account = await auth().createAccount({ email, password: 'a-long-enough-password', displayName: 'Sam', role, queueIds: [] });
    return { socket: await connectAgent(test.url, await signIn(test.url, email, 'a-long-enough-password')), id: account!.id };
  }
  const supervisor = async (role: 'supervisor' | 'manager' = 'supervisor') => (await supervisorWithId(role)).socket;

  async function subscribe(socket: AgentSocket) {
    const answer = await ask(socket, 'supervision:subscribe', {});
    if (!answer.ok) throw new Error(`subscribe failed: ${answer.error.code}`);
    return answer.supervision;
  }

  const idOf = async (email: string) => (await store().agents.findByEmail(email))!.id;

  /** The next change that carries an entry passing `test` (of agents or of queues). */
  function nextChange(socket: AgentSocket, test: (change: SupervisionChange) => boolean, timeoutMs = 5000) {
    return nextEvent<SupervisionChange>(socket, 'supervision:changed', test, timeoutMs);
  }
  const agentIn = (change: SupervisionChange, id: string): SupervisedAgent | undefined => change.agents.find((agent) => agent.id === id);
  const queueIn = (change: { queues: SupervisedQueue[] }, id: string): SupervisedQueue | undefined => change.queues.find((queue) => queue.id === id);

  it('refuses every supervision command to an agent, and answers a supervisor and a manager', async () => {
    const agent = await onlineAgent(test.url, auth());
    const { conversationId } = await startChat(test.url);
    const attempts = [
      ask(agent.socket, 'supervision:subscribe', {}),
      ask(agent.socket, 'supervision:chats', { queueId: 'permits-fr' }),
      ask(agent.socket, 'supervision:watch', { conversationId }),
      ask(agent.socket, 'supervision:unwatch', { conversationId }),
      ask(agent.socket, 'agent:set-limit', { agentId: await idOf(agent.email), maxConcurrentChats: 9 }),
    ];
    for (const answer of await Promise.all(attempts)) expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await store().agents.findByEmail(agent.email))!.maxConcurrentChats).toBe(3);

    // An agent's console never joined the room: a change reaches supervisors only.
    const heard: string[] = [];
    agent.socket.onAny((event: string) => heard.push(event));
    const boss = await supervisor();
    await subscribe(boss);
    const manager = await connectAgent(test.url, await signIn(test.url, MANAGER.email, MANAGER.password));
    await subscribe(manager);
    const seen = nextChange(boss, (change) => queueIn(change, 'permits-fr')?.waiting === 2);
    await startChat(test.url);
    await seen;
    await settle();
    expect(heard).not.toContain('supervision:changed');
  });

  it('answers every queue and every agent with correct counts and the longest wait', async () => {
    const french = await onlineAgent(test.url, auth(), { displayName: 'Camille B', languages: ['fr'], queueIds: ['permits-fr', 'general-fr'], maxConcurrentChats: 1 });
    const away = await onlineAgent(test.url, auth(), { displayName: 'Dominique', languages: ['fr', 'en'], queueIds: ['permits-fr'] });
    await ask(away.socket, 'agent:set-status', { status: 'away', reason: 'meeting' });
    const first = await startChat(test.url);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await startChat(test.url);
    await startChat(test.url, { language: 'en' });
    // The French agent takes one: permits-fr then has one waiting, and the agent no room.
    expect(await ask(french.socket, 'conversation:accept', { conversationId: first.conversationId })).toMatchObject({ ok: true });
    const boss = await supervisor();
    const picture = await subscribe(boss);

    expect(picture.queues.map((queue) => queue.id)).toEqual(['general-en', 'general-fr', 'permits-en', 'permits-fr']);
    const secondQueuedAt = (await store().conversations.listQueued('permits-fr'))[0]!.queuedAt;
    expect(queueIn(picture, 'permits-fr')).toMatchObject({
      name: { en: 'Permits (French)', fr: 'Permis (français)' },
      language: 'fr',
      mode: 'agents_pick',
      waiting: 1,
      oldestQueuedAt: new Date(secondQueuedAt).toISOString(),
      agents: { available: 1, away: 1, withRoom: 0 },
    });
    // Dominique speaks English but does not serve permits in English: nobody there.
    expect(queueIn(picture, 'permits-en')).toMatchObject({ waiting: 1, agents: { available: 0, away: 0, withRoom: 0 } });
    expect(queueIn(picture, 'general-fr')).toMatchObject({ mode: 'automatic', waiting: 0, oldestQueuedAt: null, agents: { available: 1, away: 0, withRoom: 0 } });

    const agents = new Map(picture.agents.map((agent) => [agent.displayName, agent]));
    expect(agents.get('Camille B')).toMatchObject({
      role: 'agent',
      status: 'available',
      awayReason: null,
      languages: ['fr'],
      queueIds: ['permits-fr', 'general-fr'],
      openChats: 1,
      maxConcurrentChats: 1,
      connected: true,
    });
    expect(agents.get('Dominique')).toMatchObject({ status: 'away', awayReason: 'meeting', openChats: 0, connected: true });
    // Demo accounts never signed in are offline, not connected; the supervisor watching is listed too.
    expect(agents.get('Alex')).toMatchObject({ status: 'offline', connected: false, openChats: 0 });
    expect(agents.get('Sam')).toMatchObject({ role: 'supervisor' });
    // No email, no password hash: names and states only.
    expect(JSON.stringify(picture)).not.toMatch(/@|scrypt/);
  });

  it('sends what changed, live: an agent’s status, a chat queueing and a chat accepted', async () => {
    const agent = await onlineAgent(test.url, auth(), { displayName: 'Robin' });
    const agentId = await idOf(agent.email);
    const boss = await supervisor();
    const picture = await subscribe(boss);
    expect(queueIn(picture, 'permits-fr')).toMatchObject({ waiting: 0, agents: { available: 1, withRoom: 1 } });
    // The supervisor's own arrival (connected, away) is news too; let it go by first.
    await test.server.services.supervision.settled();
    await settle();

    const wentAway = nextChange(boss, (change) => agentIn(change, agentId)?.status === 'away');
    await ask(agent.socket, 'agent:set-status', { status: 'away', reason: 'break' });
    const away = await wentAway;
    expect(agentIn(away, agentId)).toMatchObject({ awayReason: 'break', connected: true });
    // Only what changed: this agent and the queues they serve, not every account.
    expect(away.agents.map((entry) => entry.id)).toEqual([agentId]);
    expect(queueIn(away, 'permits-fr')).toMatchObject({ agents: { available: 0, away: 1, withRoom: 0 } });

    const back = nextChange(boss, (change) => agentIn(change, agentId)?.status === 'available');
    await ask(agent.socket, 'agent:set-status', { status: 'available' });
    await back;

    const queued = nextChange(boss, (change) => queueIn(change, 'permits-fr')?.waiting === 1);
    const chat = await startChat(test.url);
    const stored = await store().conversations.get(chat.conversationId);
    expect(queueIn(await queued, 'permits-fr')).toMatchObject({ oldestQueuedAt: new Date(stored!.queuedAt).toISOString() });

    const accepted = nextChange(boss, (change) => agentIn(change, agentId)?.openChats === 1);
    expect(await ask(agent.socket, 'conversation:accept', { conversationId: chat.conversationId })).toMatchObject({ ok: true });
    const afterAccept = await accepted;
    // One read after the accept carries both: the queue emptied and the agent's load.
    const emptied = queueIn(afterAccept, 'permits-fr') ?? queueIn(await nextChange(boss, (change) => queueIn(change, 'permits-fr') !== undefined), 'permits-fr');
    expect(emptied).toMatchObject({ waiting: 0, oldestQueuedAt: null });
  });

  it('gathers a burst of changes into one update a second at most', async () => {
    const boss = await supervisor();
    await subscribe(boss);
    await test.server.services.supervision.settled();
    await settle();
    const changes: SupervisionChange[] = [];
    boss.on('supervision:changed', (change: SupervisionChange) => changes.push(change));
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, () => startChat(test.url)));
    const burst = Date.now() - started;
    await vi.waitFor(() => expect(changes.at(-1) && queueIn(changes.at(-1)!, 'permits-fr')?.waiting).toBe(8), { timeout: 5000 });
    // Eight chats in a burst: one read 250 ms after the first, then at most one a second for what
    // came during it (on a busy machine the burst itself may last more than a second).
    expect(changes.length).toBeLessThanOrEqual(2 + Math.floor(burst / 1000));
  });

  describe('an agent’s limit', () => {
    it('raised: routing gives a waiting chat at once, and the agent’s consoles hear the new limit', async () => {
      const agent = await onlineAgent(test.url, auth(), { queueIds: ['general-fr'], maxConcurrentChats: 1 });
      const agentId = await idOf(agent.email);
      const first = await startChat(test.url, { topicId: 'benefits', language: 'fr' });
      await vi.waitFor(async () => expect(await store().conversations.get(first.conversationId)).toMatchObject({ status: 'active' }));
      const second = await startChat(test.url, { topicId: 'benefits', language: 'fr' });
      await test.server.services.assignment.settled();
      expect(await store().conversations.get(second.conversationId)).toMatchObject({ status: 'queued' });

      const boss = await supervisor();
      await subscribe(boss);
      const profile = nextEvent<AgentProfile>(agent.socket, 'agent:updated', (updated) => updated.maxConcurrentChats === 2);
      const assigned = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.id === second.conversationId && c.status === 'active');
      const live = nextChange(boss, (change) => agentIn(change, agentId)?.openChats === 2);
      const answer = await ask(boss, 'agent:set-limit', { agentId, maxConcurrentChats: 2 });
      expect(answer).toMatchObject({ ok: true, agent: { id: agentId, maxConcurrentChats: 2 } });
      expect(await profile).toMatchObject({ id: agentId, maxConcurrentChats: 2 });
      await assigned;
      expect(agentIn(await live, agentId)).toMatchObject({ maxConcurrentChats: 2 });
      // The agent's next sync says so too: the record itself changed.
      expect(await ask(agent.socket, 'console:sync', {})).toMatchObject({ agent: { maxConcurrentChats: 2 } });
    });

    it('lowered below the chats open: takes none away, only stops new ones', async () => {
      const agent = await onlineAgent(test.url, auth(), { queueIds: ['general-fr'], maxConcurrentChats: 2 });
      const agentId = await idOf(agent.email);
      const held = [await startChat(test.url, { topicId: 'benefits', language: 'fr' }), await startChat(test.url, { topicId: 'benefits', language: 'fr' })];
      for (const chat of held) await vi.waitFor(async () => expect(await store().conversations.get(chat.conversationId)).toMatchObject({ status: 'active' }));
      const boss = await supervisor();
      expect(await ask(boss, 'agent:set-limit', { agentId, maxConcurrentChats: 1 })).toMatchObject({ ok: true, agent: { maxConcurrentChats: 1, openChats: 2 } });
      for (const chat of held) expect(await store().conversations.get(chat.conversationId)).toMatchObject({ status: 'active', agentId });

      // Ending one leaves one, at the limit: the next chat waits.
      expect(await ask(agent.socket, 'conversation:end', { conversationId: held[0]!.conversationId, reason: 'resolved' })).toMatchObject({ ok: true });
      const waiting = await startChat(test.url, { topicId: 'benefits', language: 'fr' });
      await test.server.services.assignment.settled();
      expect(await store().conversations.get(waiting.conversationId)).toMatchObject({ status: 'queued' });
    });

    it('refuses a limit out of range, an unknown account, and a supervisor setting a manager’s', async () => {
      const agent = await onlineAgent(test.url, auth());
      const agentId = await idOf(agent.email);
      const boss = await supervisor();
      for (const maxConcurrentChats of [0, AGENT_CHAT_LIMIT_MAX + 1, 2.5, -1]) {
        expect(await ask(boss, 'agent:set-limit', { agentId, maxConcurrentChats })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      }
      expect(await ask(boss, 'agent:set-limit', { agentId: 'nobody', maxConcurrentChats: 2 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const managerId = await idOf(MANAGER.email);
      expect(await ask(boss, 'agent:set-limit', { agentId: managerId, maxConcurrentChats: 2 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const manager = await supervisor('manager');
      expect(await ask(manager, 'agent:set-limit', { agentId: managerId, maxConcurrentChats: 2 })).toMatchObject({ ok: true });
      expect(await ask(manager, 'agent:set-limit', { agentId, maxConcurrentChats: AGENT_CHAT_LIMIT_MAX })).toMatchObject({ ok: true });
    });

    it('is limited per connection', async () => {
      const agent = await onlineAgent(test.url, auth());
      const agentId = await idOf(agent.email);
      const boss = await supervisor();
      const capacity = AGENT_COMMAND_RATES['agent:set-limit'].capacity;
      const answers = await Promise.all(
        Array.from({ length: capacity + 3 }, (_, i) => ask(boss, 'agent:set-limit', { agentId, maxConcurrentChats: 1 + (i % 5) })),
      );
      expect(answers.filter((answer) => !answer.ok && answer.error.code === 'rate_limited')).toHaveLength(3);
    });
  });

  describe('a chat opened read-only', () => {
    it('lists a queue’s chats and an agent’s, bounded', async () => {
      const agent = await onlineAgent(test.url, auth());
      const chats = [await startChat(test.url), await startChat(test.url), await startChat(test.url)];
      expect(await ask(agent.socket, 'conversation:accept', { conversationId: chats[0]!.conversationId })).toMatchObject({ ok: true });
      const boss = await supervisor();
      const queue = await ask(boss, 'supervision:chats', { queueId: 'permits-fr' });
      expect(queue).toMatchObject({ ok: true, total: 2 });
      if (queue.ok) expect(queue.chats.map((chat) => chat.id)).toEqual([chats[1]!.conversationId, chats[2]!.conversationId]);
      const held = await ask(boss, 'supervision:chats', { agentId: await idOf(agent.email) });
      expect(held).toMatchObject({ ok: true, total: 1, chats: [{ id: chats[0]!.conversationId, status: 'active' }] });
      expect(await ask(boss, 'supervision:chats', { queueId: 'nowhere' })).toMatchObject({ ok: true, total: 0, chats: [] });
      for (const payload of [{}, { queueId: 'permits-fr', agentId: 'x' }, { queueId: '' }]) {
        expect(await ask(boss, 'supervision:chats', payload as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      }
      expect(SUPERVISION_CHATS_MAX).toBeGreaterThan(2);
    });

    it('hears the chat live (messages both ways, notes, its end) without holding it, and cannot write into it', async () => {
      const agent = await onlineAgent(test.url, auth());
      const visitor = await startChat(test.url);
      const { conversationId } = visitor;
      const { socket: boss, id: bossId } = await supervisorWithId();

      const watched = await ask(boss, 'supervision:watch', { conversationId });
      expect(watched).toMatchObject({ ok: true, conversation: { id: conversationId, status: 'queued', agentId: null } });

      // While it waits: the citizen's message reaches the supervisor watching.
      const whileWaiting = nextEvent<Message>(boss, 'message:created', (message) => message.text === 'Hello, anyone?');
      await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: 'Hello, anyone?' });
      await whileWaiting;

      const taken = nextEvent<AgentConversation>(boss, 'conversation:updated', (c) => c.status === 'active');
      expect(await ask(agent.socket, 'conversation:accept', { conversationId })).toMatchObject({ ok: true });
      expect(await taken).toMatchObject({ agentId: await idOf(agent.email) });

      const fromAgent = nextEvent<Message>(boss, 'message:created', (message) => message.author.kind === 'agent');
      await ask(agent.socket, 'message:send', { conversationId, clientId: randomUUID(), text: 'Bonjour!' });
      expect(await fromAgent).toMatchObject({ text: 'Bonjour!', conversationId });
      const fromCitizen = nextEvent<Message>(boss, 'message:created', (message) => message.text === 'Merci');
      await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: 'Merci' });
      await fromCitizen;
      const note = nextEvent<Note>(boss, 'note:created', (created) => created.conversationId === conversationId);
      await ask(agent.socket, 'note:add', { conversationId, clientId: randomUUID(), text: 'Asked for the file number.' });
      expect(await note).toMatchObject({ kind: 'agent', text: 'Asked for the file number.' });

      // Read-only, enforced by the server: no message, no typing, no "still there?" from a watcher.
      const heardByCitizen: string[] = [];
      visitor.socket.onAny((event: string) => heardByCitizen.push(event));
      expect(await ask(boss, 'message:send', { conversationId, clientId: randomUUID(), text: 'Intruding' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await ask(boss, 'typing:set', { conversationId, typing: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await ask(boss, 'conversation:ask-still-there', { conversationId, clientId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      // Watching assigns nothing and counts against no one: the chat is the agent's, the supervisor holds none.
      expect(await store().conversations.get(conversationId)).toMatchObject({ agentId: await idOf(agent.email) });
      expect((await store().conversations.countActiveByAgent([bossId])).get(bossId)).toBe(0);
      const picture = await subscribe(boss);
      expect(picture.agents.find((entry) => entry.id === bossId)).toMatchObject({ openChats: 0 });

      // Catching up and the notes, as for any chat a supervisor may read.
      const page = await ask(boss, 'messages:since', { conversationId, afterSeq: 0 });
      expect(page.ok && page.messages.map((message) => message.text)).toEqual(['Hello, anyone?', 'Bonjour!', 'Merci']);
      expect(await ask(boss, 'notes:list', { conversationId })).toMatchObject({ ok: true, notes: [{ text: 'Asked for the file number.' }] });

      const ended = nextEvent<AgentConversation>(boss, 'conversation:updated', (c) => c.status === 'closed');
      await ask(visitor.socket, 'conversation:end', {});
      await ended;
      await settle();
      expect(heardByCitizen).not.toContain('message:created');
    });

    it('stops hearing a chat once unwatched, and watches at most a bounded number at once', async () => {
      const boss = await supervisor();
      expect(await ask(boss, 'supervision:watch', { conversationId: 'no-such-chat' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const chats = await Promise.all(Array.from({ length: WATCHED_CHATS_MAX + 1 }, () => startChat(test.url)));
      for (const chat of chats.slice(0, WATCHED_CHATS_MAX)) {
        expect(await ask(boss, 'supervision:watch', { conversationId: chat.conversationId })).toMatchObject({ ok: true });
      }
      // Watching one already watched again is no new one.
      expect(await ask(boss, 'supervision:watch', { conversationId: chats[0]!.conversationId })).toMatchObject({ ok: true });
      const last = chats[WATCHED_CHATS_MAX]!;
      expect(await ask(boss, 'supervision:watch', { conversationId: last.conversationId })).toMatchObject({ ok: false, error: { code: 'at_capacity' } });
      expect(await ask(boss, 'supervision:unwatch', { conversationId: chats[0]!.conversationId })).toEqual({ ok: true });
      expect(await ask(boss, 'supervision:watch', { conversationId: last.conversationId })).toMatchObject({ ok: true });

      const heard: Message[] = [];
      boss.on('message:created', (message: Message) => heard.push(message));
      await ask(chats[0]!.socket, 'message:send', { clientId: randomUUID(), text: 'Not watched any more' });
      const watchedMessage = nextEvent<Message>(boss, 'message:created', (message) => message.text === 'Still watched');
      await ask(last.socket, 'message:send', { clientId: randomUUID(), text: 'Still watched' });
      await watchedMessage;
      expect(heard.map((message) => message.text)).toEqual(['Still watched']);
    });
  });
});
