/**
 * The agent's working tools on real sockets (issue #7, point 6): away with a reason, typing both
 * ways (relayed to the other side only, volatile, rate-limited), internal notes (never reaching
 * the citizen), canned answers, and the citizen switching language mid-chat.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentQueueChange, AgentTypingChanged } from '../../protocol/agent-events.js';
import type { Note } from '../../protocol/agent-tools.js';
import { MESSAGE_TEXT_MAX, NOTES_PER_CONVERSATION_MAX } from '../../protocol/limits.js';
import type { AgentConversation, AgentProfile, Message, VisitorConversation } from '../../protocol/models.js';
import { AGENT_COMMAND_RATES, LANGUAGE_SWITCH_RATE_PER_CONVERSATION, VISITOR_COMMAND_RATES } from '../../server/domain/rate-policies.js';
import { DEMO_CANNED_ANSWERS } from '../../server/services/seed.js';
import { ChatClient } from '../../widget/app/chat-client.js';
import {
  ask,
  closeAllSockets,
  connectAgent,
  connectVisitor,
  nextEvent,
  onlineAgent,
  outsideBrowser,
  startChat,
  type AgentSocket,
  type VisitorSocket,
} from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** Everything a socket hears, event by event, as JSON (to search for text that must not be there). */
function recordAll(socket: VisitorSocket | AgentSocket): string[] {
  const heard: string[] = [];
  socket.onAny((event: string, ...args: unknown[]) => heard.push(`${event} ${JSON.stringify(args)}`));
  return heard;
}

/** Long enough for an emit already on its way over 127.0.0.1 to arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('the agent’s tools', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '200' });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const auth = () => test.server.services.auth;

  /** A citizen in a chat (permits, French: agents pick) accepted by a new agent. */
  async function activeChat(account: Parameters<typeof onlineAgent>[2] = {}) {
    const agent = await onlineAgent(test.url, auth(), account);
    const visitor = await startChat(test.url);
    const accepted = await ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId });
    expect(accepted.ok).toBe(true);
    return { agent, visitor, conversationId: visitor.conversationId };
  }

  describe('away with a reason', () => {
    it('keeps the reason in presence and shows it in the profile, to every console of the agent', async () => {
      const agent = await onlineAgent(test.url, auth());
      const second = await connectAgent(test.url, agent.cookie);
      const heard = nextEvent<AgentProfile>(second, 'agent:updated', (profile) => profile.awayReason === 'meal');
      const away = await ask(agent.socket, 'agent:set-status', { status: 'away', reason: 'meal' });
      expect(away).toMatchObject({ ok: true, agent: { status: 'away', awayReason: 'meal', languages: ['en', 'fr'] } });
      await heard;

      // Another reason while away changes the reason, not since when the agent is away.
      const since = (await test.server.services.store.presence.get(away.ok ? away.agent.id : ''))!.since;
      expect(await ask(agent.socket, 'agent:set-status', { status: 'away', reason: 'training' })).toMatchObject({ agent: { awayReason: 'training' } });
      expect((await test.server.services.store.presence.get(away.ok ? away.agent.id : ''))!.since).toBe(since);

      const sync = await ask(second, 'console:sync', {});
      expect(sync).toMatchObject({ ok: true, agent: { status: 'away', awayReason: 'training' } });
      expect(await ask(agent.socket, 'agent:set-status', { status: 'away' })).toMatchObject({ agent: { awayReason: null } });
      expect(await ask(agent.socket, 'agent:set-status', { status: 'available' })).toMatchObject({ agent: { status: 'available', awayReason: null } });
    });

    it('refuses a reason that is not on the list, or one given with "available"', async () => {
      const agent = await onlineAgent(test.url, auth());
      for (const payload of [{ status: 'away', reason: 'nap' }, { status: 'available', reason: 'meal' }]) {
        expect(await ask(agent.socket, 'agent:set-status', payload as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      }
      expect(await ask(agent.socket, 'console:sync', {})).toMatchObject({ agent: { status: 'available', awayReason: null } });
    });
  });

  describe('typing', () => {
    it('relays the citizen’s typing to the agent holding the chat, and the agent’s to the citizen, to no one else', async () => {
      const { agent, visitor, conversationId } = await activeChat();
      const bystander = await onlineAgent(test.url, auth());
      const supervisor = await onlineAgent(test.url, auth(), { role: 'supervisor' });
      const other = await activeChat();
      const overheard = [bystander.socket, supervisor.socket, other.agent.socket, other.visitor.socket].map(recordAll);
      const visitorHeard = recordAll(visitor.socket);
      const agentHeard = recordAll(agent.socket);

      const agentSees = nextEvent<AgentTypingChanged>(agent.socket, 'typing:changed');
      visitor.socket.emit('typing:set', { typing: true }, () => {});
      expect(await agentSees).toEqual({ conversationId, typing: true });

      const citizenSees = nextEvent<{ typing: boolean }>(visitor.socket, 'typing:changed');
      agent.socket.emit('typing:set', { conversationId, typing: true }, () => {});
      expect(await citizenSees).toEqual({ typing: true });
      const citizenSeesStop = nextEvent<{ typing: boolean }>(visitor.socket, 'typing:changed');
      agent.socket.emit('typing:set', { conversationId, typing: false }, () => {});
      expect(await citizenSeesStop).toEqual({ typing: false });

      await settle();
      for (const heard of overheard) expect(heard.filter((line) => line.startsWith('typing:'))).toEqual([]);
      // Each side hears only the other one, never its own signal echoed back.
      expect(visitorHeard.filter((line) => line.startsWith('typing:'))).toEqual(['typing:changed [{"typing":true}]', 'typing:changed [{"typing":false}]']);
      expect(agentHeard.filter((line) => line.startsWith('typing:'))).toEqual([`typing:changed [{"conversationId":"${conversationId}","typing":true}]`]);
    });

    it('lets only the agent holding a chat say they are typing in it, and tells nobody while it waits', async () => {
      const { visitor, conversationId } = await activeChat();
      const stranger = await onlineAgent(test.url, auth());
      const supervisor = await onlineAgent(test.url, auth(), { role: 'supervisor' });
      const heard = recordAll(visitor.socket);
      for (const socket of [stranger.socket, supervisor.socket]) {
        expect(await ask(socket, 'typing:set', { conversationId, typing: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      expect(await ask(stranger.socket, 'typing:set', { conversationId: 'no-such-chat', typing: true })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });

      const waiting = await startChat(test.url);
      const everyone = recordAll(stranger.socket);
      expect(await ask(waiting.socket, 'typing:set', { typing: true })).toEqual({ ok: true });
      await settle();
      expect(heard.filter((line) => line.startsWith('typing:'))).toEqual([]);
      expect(everyone.filter((line) => line.startsWith('typing:'))).toEqual([]);
    });

    it('limits typing signals per connection', async () => {
      const { agent, visitor, conversationId } = await activeChat();
      const visitorRate = VISITOR_COMMAND_RATES['typing:set'].capacity;
      const agentRate = AGENT_COMMAND_RATES['typing:set'].capacity;
      const visitorAnswers = await Promise.all(Array.from({ length: visitorRate + 5 }, () => ask(visitor.socket, 'typing:set', { typing: true })));
      const agentAnswers = await Promise.all(
        Array.from({ length: agentRate + 5 }, () => ask(agent.socket, 'typing:set', { conversationId, typing: true })),
      );
      for (const [answers, rate] of [
        [visitorAnswers, visitorRate],
        [agentAnswers, agentRate],
      ] as const) {
        expect(answers.filter((answer) => answer.ok)).toHaveLength(rate);
        expect(answers.filter((answer) => !answer.ok && answer.error.code === 'rate_limited')).toHaveLength(5);
      }
    });
  });

  describe('notes', () => {
    it('never reach the citizen: not live, not in a sync, not in any view', async () => {
      const { agent, visitor, conversationId } = await activeChat();
      const citizenHeard = recordAll(visitor.socket);
      const secret = 'Internal: caller sounded upset, check file 42-B';
      const agentSees = nextEvent<Note>(agent.socket, 'note:created');
      const added = await ask(agent.socket, 'note:add', { conversationId, clientId: randomUUID(), text: secret });
      expect(added).toMatchObject({ ok: true, note: { kind: 'agent', conversationId, text: secret, authorName: 'Alex' } });
      expect(await agentSees).toMatchObject({ text: secret });

      // A message afterwards reaches the citizen: anything sent to them before it has arrived too.
      const citizenGetsMessage = nextEvent<Message>(visitor.socket, 'message:created');
      await ask(agent.socket, 'message:send', { conversationId, clientId: randomUUID(), text: 'How can I help?' });
      await citizenGetsMessage;
      const sync = await ask(visitor.socket, 'conversation:sync', { afterSeq: 0 });
      expect(sync.ok && sync.messages.map((message) => message.text)).toEqual(['How can I help?']);
      await ask(agent.socket, 'conversation:end', { conversationId });
      await settle();
      expect(citizenHeard.join('\n')).not.toContain('42-B');
      expect(JSON.stringify(sync)).not.toContain('42-B');
      expect(citizenHeard.some((line) => line.startsWith('note:'))).toBe(false);
      expect(JSON.stringify(await test.server.services.store.messages.listAfter(conversationId, 0, 100))).not.toContain('42-B');
    });

    it('are written and read by the agent holding the chat and by supervisors, live to the holder’s consoles', async () => {
      const { agent, conversationId } = await activeChat();
      const secondConsole = await connectAgent(test.url, agent.cookie);
      const stranger = await onlineAgent(test.url, auth());
      const supervisor = await onlineAgent(test.url, auth(), { role: 'supervisor', displayName: 'Sam' });
      const strangerHeard = recordAll(stranger.socket);

      const holderHears = nextEvent<Note>(secondConsole, 'note:created', (note) => note.kind === 'agent' && note.authorName === 'Sam');
      const bySupervisor = await ask(supervisor.socket, 'note:add', { conversationId, clientId: randomUUID(), text: 'Escalate if needed.' });
      expect(bySupervisor).toMatchObject({ ok: true, note: { authorName: 'Sam' } });
      await holderHears;

      expect(await ask(stranger.socket, 'note:add', { conversationId, clientId: randomUUID(), text: 'Not mine' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(await ask(stranger.socket, 'notes:list', { conversationId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

      const clientId = randomUUID();
      const first = await ask(agent.socket, 'note:add', { conversationId, clientId, text: '  Called back at 3 p.m.  ' });
      const retry = await ask(agent.socket, 'note:add', { conversationId, clientId, text: 'Called back at 3 p.m.' });
      expect(first.ok && retry.ok && retry.note.id === first.note.id).toBe(true);
      for (const socket of [agent.socket, supervisor.socket]) {
        const listed = await ask(socket, 'notes:list', { conversationId });
        expect(listed.ok && listed.notes.map((note) => note.kind === 'agent' && note.text)).toEqual(['Escalate if needed.', 'Called back at 3 p.m.']);
      }
      // Still readable and writable by its agent once the chat has ended (a note after the call).
      await ask(agent.socket, 'conversation:end', { conversationId });
      expect(await ask(agent.socket, 'note:add', { conversationId, clientId: randomUUID(), text: 'Sent the form by mail.' })).toMatchObject({ ok: true });
      await settle();
      expect(strangerHeard.filter((line) => line.startsWith('note:'))).toEqual([]);
    });

    it('hold to the message-text rule, a rate per connection and a most per chat', async () => {
      const { agent, conversationId } = await activeChat();
      for (const text of ['   ', '\u200b\u200b', 'x'.repeat(MESSAGE_TEXT_MAX + 1)]) {
        expect(await ask(agent.socket, 'note:add', { conversationId, clientId: randomUUID(), text })).toMatchObject({
          ok: false,
          error: { code: 'invalid_payload' },
        });
      }
      // The three refusals above took a token each, as any command does: `rate - 3` are left.
      const rate = AGENT_COMMAND_RATES['note:add'].capacity;
      const answers = await Promise.all(
        Array.from({ length: rate }, (_, i) => ask(agent.socket, 'note:add', { conversationId, clientId: randomUUID(), text: `note ${i}` })),
      );
      expect(answers.filter((answer) => answer.ok)).toHaveLength(rate - 3);
      expect(answers.filter((answer) => !answer.ok && answer.error.code === 'rate_limited')).toHaveLength(3);

      // The most per chat, reached through the service (the rate would take minutes to get there).
      const held = (await test.server.services.store.agents.findByEmail(agent.email))!;
      for (let i = rate - 3; i < NOTES_PER_CONVERSATION_MAX; i++) {
        await test.server.services.notes.add(held, conversationId, { clientId: `bulk-note-${i}`, text: `note ${i}` });
      }
      await vi.waitFor(async () =>
        expect(await ask(agent.socket, 'note:add', { conversationId, clientId: randomUUID(), text: 'one more' })).toMatchObject({
          ok: false,
          error: { code: 'at_capacity' },
        }),
        { timeout: 5000, interval: 500 },
      );
    });
  });

  describe('canned answers', () => {
    it('are served to consoles in both languages', async () => {
      const agent = await onlineAgent(test.url, auth());
      const answer = await ask(agent.socket, 'canned-answers:list', {});
      expect(answer.ok).toBe(true);
      if (!answer.ok) return;
      expect(answer.cannedAnswers.map((canned) => canned.id).sort()).toEqual(DEMO_CANNED_ANSWERS.map((canned) => canned.id).sort());
      for (const canned of answer.cannedAnswers) {
        expect(canned.title.en && canned.title.fr && canned.text.en && canned.text.fr).toBeTruthy();
        expect(canned.text.en).not.toBe(canned.text.fr);
      }
      expect(await ask(agent.socket, 'canned-answers:list', { extra: 1 } as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    });
  });

  describe('the citizen switching language', () => {
    it('moves a waiting chat to its topic’s queue for the new language, keeping its place in time', async () => {
      const english = await onlineAgent(test.url, auth(), { languages: ['en'], queueIds: ['permits-en', 'permits-fr'] });
      const french = await onlineAgent(test.url, auth(), { languages: ['fr'], queueIds: ['permits-en', 'permits-fr'] });
      await startChat(test.url, { language: 'en', visitorName: 'Early' });
      const chat = await startChat(test.url, { language: 'fr', visitorName: 'Marie' });
      await startChat(test.url, { language: 'en', visitorName: 'Late' });
      const before = await test.server.services.conversations.get(chat.conversationId);

      const englishSeesJoin = nextEvent<AgentQueueChange>(english.socket, 'queue:changed', (c) => c.kind === 'joined' && c.entry.id === chat.conversationId);
      const frenchSeesLeave = nextEvent<AgentQueueChange>(french.socket, 'queue:changed', (c) => c.kind === 'left' && c.id === chat.conversationId);
      const switched = await ask(chat.socket, 'conversation:set-language', { language: 'en' });
      expect(switched).toMatchObject({ ok: true, conversation: { language: 'en', status: 'queued', queuePosition: 2, version: before.version + 1 } });
      expect(await englishSeesJoin).toMatchObject({ queueId: 'permits-en', entry: { language: 'en', queuedAt: new Date(before.queuedAt).toISOString() } });
      expect(await frenchSeesLeave).toMatchObject({ queueId: 'permits-fr' });
      const after = await test.server.services.conversations.get(chat.conversationId);
      expect(after).toMatchObject({ queueId: 'permits-en', language: 'en', queuedAt: before.queuedAt, queuePriority: before.queuePriority });
      // Between the two English chats: first come, first served, by when it first came.
      const line = (await test.server.services.store.conversations.listQueued('permits-en')).map((c) => c.visitorName);
      expect(line).toEqual(['Early', 'Marie', 'Late']);

      // The same language again changes nothing.
      expect(await ask(chat.socket, 'conversation:set-language', { language: 'en' })).toMatchObject({ conversation: { version: after.version } });
    });

    it('lets routing follow: a French chat switched to English goes to the English-speaking agent', async () => {
      const english = await onlineAgent(test.url, auth(), { languages: ['en'], queueIds: ['general-en', 'general-fr'] });
      const chat = await startChat(test.url, { topicId: 'benefits', language: 'fr' });
      await test.server.services.assignment.settled();
      expect((await test.server.services.conversations.get(chat.conversationId)).status).toBe('queued');
      const assigned = nextEvent<AgentConversation>(english.socket, 'conversation:updated', (c) => c.id === chat.conversationId && c.status === 'active');
      const citizenSeesAgent = nextEvent<VisitorConversation>(chat.socket, 'conversation:updated', (c) => c.status === 'active');
      await ask(chat.socket, 'conversation:set-language', { language: 'en' });
      expect(await assigned).toMatchObject({ language: 'en' });
      await citizenSeesAgent;
    });

    it('keeps a chat under way with its agent, who is told at once; refuses an ended chat', async () => {
      // A public name a manager approved: what the citizen's view names the agent by.
      const { agent, visitor, conversationId } = await activeChat({ languages: ['fr'], publicName: 'Alex' });
      const updated = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.language === 'en');
      const noted = nextEvent<Note>(agent.socket, 'note:created', (note) => note.kind === 'language-switched');
      const switched = await ask(visitor.socket, 'conversation:set-language', { language: 'en' });
      expect(switched).toMatchObject({ ok: true, conversation: { status: 'active', language: 'en', agentName: 'Alex' } });
      expect(await updated).toMatchObject({ status: 'active', language: 'en', agentId: expect.any(String) });
      expect(await noted).toMatchObject({ kind: 'language-switched', conversationId, from: 'fr', to: 'en' });
      const listed = await ask(agent.socket, 'notes:list', { conversationId });
      expect(listed.ok && listed.notes.map((note) => note.kind)).toEqual(['language-switched']);
      expect((await test.server.services.conversations.get(conversationId)).queueId).toBe('permits-en');

      await ask(visitor.socket, 'conversation:end', {});
      expect(await ask(visitor.socket, 'conversation:set-language', { language: 'fr' })).toMatchObject({
        ok: false,
        error: { code: 'conversation_closed' },
      });
    });

    it('is told by the chat app, again after a reconnection if it could not be at once; typing both ways', async () => {
      const agent = await onlineAgent(test.url, auth(), { displayName: 'Alex' });
      const citizen = new ChatClient('demo', test.url, outsideBrowser({ origin: test.url }));
      try {
        await vi.waitFor(() => expect(citizen.getState().connection).toBe('online'));
        await citizen.start({ visitorName: 'Ines', topicId: 'permits', language: 'fr', pageUrl: 'http://127.0.0.1/', pageTitle: '' });
        const conversationId = citizen.getState().conversation!.id;
        expect(await ask(agent.socket, 'conversation:accept', { conversationId })).toMatchObject({ ok: true });
        await vi.waitFor(() => expect(citizen.getState().conversation?.status).toBe('active'));

        const toEnglish = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.language === 'en');
        citizen.setLanguage('en');
        await toEnglish;
        await vi.waitFor(() => expect(citizen.getState().conversation?.language).toBe('en'));

        // Offline at the moment of the switch: told once the connection is back.
        const toFrench = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.language === 'fr');
        const attempts: string[] = [];
        const stopWatching = citizen.subscribe((state) => {
          if (state.connection !== 'reconnecting' || attempts.length > 0) return;
          attempts.push(state.connection);
          citizen.setLanguage('fr');
        });
        test.server.io.of('/visitor').disconnectSockets(true);
        expect((await toFrench).language).toBe('fr');
        stopWatching();
        expect(attempts).toEqual(['reconnecting']);
        expect((await test.server.services.conversations.get(conversationId)).language).toBe('fr');

        const agentSees = nextEvent<AgentTypingChanged>(agent.socket, 'typing:changed');
        citizen.typing(true);
        expect(await agentSees).toEqual({ conversationId, typing: true });
        agent.socket.emit('typing:set', { conversationId, typing: true });
        await vi.waitFor(() => expect(citizen.getState().agentTyping).toBe(true));
        // The agent's message arriving ends their "typing" at once.
        await ask(agent.socket, 'message:send', { conversationId, clientId: randomUUID(), text: 'Voilà.' });
        await vi.waitFor(() => expect(citizen.getState().agentTyping).toBe(false));
      } finally {
        citizen.close();
      }
    });

    it('is limited per connection, and takes no conversation id', async () => {
      const chat = await startChat(test.url);
      const rate = VISITOR_COMMAND_RATES['conversation:set-language'].capacity;
      const answers = [];
      for (let i = 0; i < rate + 2; i++) answers.push(await ask(chat.socket, 'conversation:set-language', { language: i % 2 === 0 ? 'en' : 'fr' }));
      expect(answers.filter((answer) => answer.ok)).toHaveLength(rate);
      expect(answers.filter((answer) => !answer.ok && answer.error.code === 'rate_limited')).toHaveLength(2);
      const other = await startChat(test.url);
      const smuggled = await ask(other.socket, 'conversation:set-language', { language: 'en', conversationId: chat.conversationId } as never);
      expect(smuggled).toMatchObject({ ok: true, conversation: { id: other.conversationId } });
    });

    it('is limited per conversation too, whatever the number of connections', async () => {
      const chat = await startChat(test.url);
      const perConversation = LANGUAGE_SWITCH_RATE_PER_CONVERSATION.capacity;
      const answers = [];
      // Each new connection brings a fresh per-connection bucket; the conversation's does not refill.
      for (let i = 0; i < perConversation + 2; i++) {
        const socket = await connectVisitor(test.url, { token: chat.token });
        answers.push(await ask(socket, 'conversation:set-language', { language: i % 2 === 0 ? 'en' : 'fr' }));
        socket.disconnect();
      }
      expect(answers.filter((answer) => answer.ok)).toHaveLength(perConversation);
      expect(answers.slice(perConversation)).toMatchObject([
        { ok: false, error: { code: 'rate_limited' } },
        { ok: false, error: { code: 'rate_limited' } },
      ]);
    });
  });
});
