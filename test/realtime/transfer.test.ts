/**
 * Transfers on real sockets (issue #7, points 6 and 7): an agent hands the chat they hold to another
 * agent or a queue with a note; a supervisor reassigns any chat, waiting or in progress, the same
 * way. The receiving agent is told at once and reads the note; the citizen is told, and never reads
 * the note; refusals say why; the agent who passed a chat on is free at once (no wrap-up).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentQueueChange } from '../../protocol/agent-events.js';
import type { Note } from '../../protocol/agent-tools.js';
import { MESSAGE_TEXT_MAX } from '../../protocol/limits.js';
import type { AgentConversation, VisitorConversation } from '../../protocol/models.js';
import { AGENT_COMMAND_RATES } from '../../server/domain/rate-policies.js';
import {
  ask,
  closeAllSockets,
  nextEvent,
  onlineAgent,
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

describe('transfers', () => {
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
  const idOf = async (email: string) => (await store().agents.findByEmail(email))!.id;
  const stored = (id: string) => test.server.services.conversations.get(id);

  /** A French citizen in a permits chat ("agents pick"), accepted by a new French-speaking agent. */
  async function activeChat(account: Parameters<typeof onlineAgent>[2] = {}) {
    const agent = await onlineAgent(test.url, auth(), { displayName: 'Alex', languages: ['fr'], ...account });
    const visitor = await startChat(test.url, { topicId: 'permits', language: 'fr' });
    expect(await ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId })).toMatchObject({ ok: true });
    return { agent, visitor, conversationId: visitor.conversationId, agentId: await idOf(agent.email) };
  }

  describe('to an agent', () => {
    it('hands the chat to them at once with the note, tells the citizen without internals, and frees the sender', async () => {
      const { agent, visitor, conversationId, agentId } = await activeChat({ maxConcurrentChats: 1 });
      const blake = await onlineAgent(test.url, auth(), { displayName: 'Blake', publicName: 'Blake', languages: ['fr'] });
      const blakeId = await idOf(blake.email);
      const citizenHeard = recordAll(visitor.socket);
      const secret = 'Caller is upset about file 42-B; offered a call back';

      const receiverAlerted = nextEvent<AgentConversation>(blake.socket, 'conversation:updated', (c) => c.id === conversationId && c.status === 'active');
      const receiverReadsNote = nextEvent<Note>(blake.socket, 'note:created', (note) => note.kind === 'transferred');
      const senderLoses = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.id === conversationId && c.agentId === blakeId);
      const citizenTold = nextEvent<VisitorConversation>(visitor.socket, 'conversation:updated', (c) => c.transferred === 'agent');

      const answer = await ask(agent.socket, 'conversation:transfer', { conversationId, to: { kind: 'agent', agentId: blakeId }, note: secret });
      expect(answer).toMatchObject({ ok: true, conversation: { id: conversationId, status: 'active', agentId: blakeId, agentName: 'Blake', wrapUp: null } });
      const alert = await receiverAlerted;
      expect(alert).toMatchObject({ agentId: blakeId, agentName: 'Blake', status: 'active', lastTransfer: { kind: 'agent' } });
      // Given, not picked: the console tells them apart by this.
      expect(alert.lastTransfer?.at).toBe(alert.assignedAt);
      expect(await receiverReadsNote).toMatchObject({
        kind: 'transferred',
        conversationId,
        byAgentId: agentId,
        byName: 'Alex',
        fromAgentId: agentId,
        fromName: 'Alex',
        to: { kind: 'agent', agentId: blakeId, name: 'Blake' },
        text: secret,
      });
      await senderLoses;
      expect(await citizenTold).toMatchObject({ status: 'active', agentName: 'Blake', transferred: 'agent' });

      // The receiver reads it in the chat's notes, and the chat, messages and all.
      const notes = await ask(blake.socket, 'notes:list', { conversationId });
      expect(notes.ok && notes.notes.map((note) => note.kind)).toEqual(['transferred']);
      expect(await ask(blake.socket, 'messages:since', { conversationId, afterSeq: 0 })).toMatchObject({ ok: true });
      // The sender no longer reads or writes it, and owes no wrap-up: a new chat is theirs at once (limit 1).
      expect(await ask(agent.socket, 'notes:list', { conversationId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect((await store().conversations.countActiveByAgent([agentId])).get(agentId)).toBe(0);
      const next = await startChat(test.url, { topicId: 'permits', language: 'fr' });
      expect(await ask(agent.socket, 'conversation:accept', { conversationId: next.conversationId })).toMatchObject({ ok: true });

      // Nothing of the note, nor of who is behind the transfer, reaches the citizen.
      const sync = await ask(visitor.socket, 'conversation:sync', { afterSeq: 0 });
      await settle();
      const everything = [...citizenHeard, JSON.stringify(sync)].join('\n');
      expect(everything).not.toContain('42-B');
      expect(everything).not.toContain(agentId);
      expect(everything).not.toContain(blakeId);
      expect(citizenHeard.some((line) => line.startsWith('note:'))).toBe(false);
      expect(await stored(conversationId)).toMatchObject({ transfers: 1, agentId: blakeId });
    });

    it('refuses a target who does not chat in the chat’s language, is full, is away or offline, or is oneself', async () => {
      const { agent, conversationId, agentId } = await activeChat();
      const englishOnly = await onlineAgent(test.url, auth(), { languages: ['en'] });
      const full = await onlineAgent(test.url, auth(), { languages: ['fr'], maxConcurrentChats: 1 });
      const fullsChat = await startChat(test.url, { topicId: 'permits', language: 'fr' });
      expect(await ask(full.socket, 'conversation:accept', { conversationId: fullsChat.conversationId })).toMatchObject({ ok: true });
      const away = await onlineAgent(test.url, auth(), { languages: ['fr'] });
      await ask(away.socket, 'agent:set-status', { status: 'away', reason: 'meal' });
      // An account that never signed in is offline.
      const offlineEmail = `offline-${randomUUID().slice(0, 8)}@example.test`;
      await auth().createAccount({ email: offlineEmail, displayName: 'Off', role: 'agent', password: 'a-long-enough-password', languages: ['fr'], queueIds: [] });
      // Signed in, console closed: not there to take it.
      const gone = await onlineAgent(test.url, auth(), { languages: ['fr'] });
      const goneId = await idOf(gone.email);
      gone.socket.disconnect();
      await vi.waitFor(async () => expect((await store().presence.get(goneId))?.disconnectedAt).not.toBeNull());

      const to = async (email: string) => ask(agent.socket, 'conversation:transfer', { conversationId, to: { kind: 'agent', agentId: await idOf(email) } });
      expect(await to(englishOnly.email)).toMatchObject({ ok: false, error: { code: 'language_mismatch' } });
      expect(await to(full.email)).toMatchObject({ ok: false, error: { code: 'target_at_capacity' } });
      expect(await to(away.email)).toMatchObject({ ok: false, error: { code: 'target_unavailable' } });
      expect(await to(offlineEmail)).toMatchObject({ ok: false, error: { code: 'target_unavailable' } });
      expect(await to(gone.email)).toMatchObject({ ok: false, error: { code: 'target_unavailable' } });
      expect(await to(agent.email)).toMatchObject({ ok: false, error: { code: 'invalid_target' } });
      expect(await ask(agent.socket, 'conversation:transfer', { conversationId, to: { kind: 'agent', agentId: 'nobody' } })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      // Nothing moved, nothing was recorded.
      expect(await stored(conversationId)).toMatchObject({ status: 'active', agentId, transfers: 0 });
      expect(await store().notes.list(conversationId)).toEqual([]);
    });

    it('is refused to an agent who does not hold the chat, and for a waiting chat, with the payload checked first', async () => {
      const { conversationId } = await activeChat();
      const stranger = await onlineAgent(test.url, auth(), { languages: ['fr'] });
      const strangerId = await idOf(stranger.email);
      const other = await onlineAgent(test.url, auth(), { languages: ['fr'] });
      const otherId = await idOf(other.email);
      expect(await ask(stranger.socket, 'conversation:transfer', { conversationId, to: { kind: 'agent', agentId: otherId } })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(await ask(stranger.socket, 'conversation:transfer', { conversationId, to: { kind: 'queue', queueId: 'general-fr' } })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      expect(await ask(stranger.socket, 'agents:transfer-targets', { conversationId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const waiting = await startChat(test.url, { topicId: 'permits', language: 'fr' });
      expect(
        await ask(stranger.socket, 'conversation:transfer', { conversationId: waiting.conversationId, to: { kind: 'agent', agentId: strangerId } }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

      for (const payload of [
        { conversationId, to: { kind: 'agent', agentId: otherId }, note: '   ' },
        { conversationId, to: { kind: 'agent', agentId: otherId }, note: 'x'.repeat(MESSAGE_TEXT_MAX + 1) },
        { conversationId, to: { kind: 'team', teamId: 'general-fr' } },
        { conversationId, to: { kind: 'agent' } },
      ]) {
        expect(await ask(stranger.socket, 'conversation:transfer', payload as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      }
    });

    it('answers a retry of the same transfer as done, and records it once', async () => {
      const { agent, conversationId } = await activeChat();
      const blake = await onlineAgent(test.url, auth(), { languages: ['fr'] });
      const to = { kind: 'agent' as const, agentId: await idOf(blake.email) };
      const first = await ask(agent.socket, 'conversation:transfer', { conversationId, to, note: 'Over to you.' });
      const retry = await ask(agent.socket, 'conversation:transfer', { conversationId, to, note: 'Over to you.' });
      expect(first.ok && retry.ok && retry.conversation.version === first.conversation.version).toBe(true);
      expect((await store().notes.list(conversationId)).map((note) => note.kind)).toEqual(['transferred']);
      expect((await stored(conversationId)).transfers).toBe(1);
    });
  });

  describe('to a queue', () => {
    it('puts the chat at the head of a queue of its language, frees the sender at once, and routing answers it there', async () => {
      // Alex holds a French permits chat; a French citizen already waits for general questions.
      const { agent, visitor, conversationId, agentId } = await activeChat({ maxConcurrentChats: 1, queueIds: ['permits-fr'] });
      const earlier = await startChat(test.url, { topicId: 'benefits', language: 'fr' });
      await test.server.services.assignment.settled();
      expect((await stored(earlier.conversationId)).status).toBe('queued');

      const citizenTold = nextEvent<VisitorConversation>(visitor.socket, 'conversation:updated', (c) => c.transferred === 'queue');
      const answer = await ask(agent.socket, 'conversation:transfer', {
        conversationId,
        to: { kind: 'queue', queueId: 'general-fr' },
        note: 'Not a permit question after all.',
      });
      expect(answer).toMatchObject({ ok: true, conversation: { status: 'queued', agentId: null, queuePosition: 1, wrapUp: null } });
      expect(await citizenTold).toMatchObject({ status: 'queued', queueId: 'general-fr', queuePosition: 1, transferred: 'queue', agentName: null });
      // At the head, ahead of the chat that waited before it: as a chat whose agent dropped.
      expect((await store().conversations.listQueued('general-fr')).map((c) => c.id)).toEqual([conversationId, earlier.conversationId]);
      expect((await store().conversations.countActiveByAgent([agentId])).get(agentId)).toBe(0);
      expect((await stored(conversationId)).wrapUp).toBeNull();

      // Routing gives it (first) to an agent of that queue, who reads the note.
      const camille = await onlineAgent(test.url, auth(), { displayName: 'Camille', languages: ['fr'], queueIds: ['general-fr'], maxConcurrentChats: 1 });
      const camilleId = await idOf(camille.email);
      await vi.waitFor(async () => expect(await stored(conversationId)).toMatchObject({ status: 'active', agentId: camilleId }));
      expect((await stored(earlier.conversationId)).status).toBe('queued');
      const notes = await ask(camille.socket, 'notes:list', { conversationId });
      expect(notes.ok && notes.notes).toMatchObject([{ kind: 'transferred', to: { kind: 'queue', queueId: 'general-fr' }, text: 'Not a permit question after all.' }]);
    });

    it('refuses a queue of another language or one that does not exist', async () => {
      const { agent, conversationId } = await activeChat();
      expect(await ask(agent.socket, 'conversation:transfer', { conversationId, to: { kind: 'queue', queueId: 'general-en' } })).toMatchObject({
        ok: false,
        error: { code: 'language_mismatch' },
      });
      expect(await ask(agent.socket, 'conversation:transfer', { conversationId, to: { kind: 'queue', queueId: 'nowhere' } })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect((await stored(conversationId)).status).toBe('active');
    });

    it('tells the consoles following the queue that a chat joined it (back to the team it came from is a transfer too)', async () => {
      const { agent, conversationId } = await activeChat();
      const picker = await onlineAgent(test.url, auth(), { languages: ['fr'], queueIds: ['permits-fr'] });
      const joined = nextEvent<AgentQueueChange>(picker.socket, 'queue:changed', (c) => c.kind === 'joined' && c.entry.id === conversationId);
      expect(await ask(agent.socket, 'conversation:transfer', { conversationId, to: { kind: 'queue', queueId: 'permits-fr' } })).toMatchObject({ ok: true });
      expect(await joined).toMatchObject({ queueId: 'permits-fr', entry: { requeued: true } });
    });
  });

  describe('reassignment by a supervisor', () => {
    it('moves a waiting chat to an agent or to another queue of its language', async () => {
      const sam = await onlineAgent(test.url, auth(), { role: 'supervisor', displayName: 'Sam', queueIds: [] });
      const blake = await onlineAgent(test.url, auth(), { displayName: 'Blake', publicName: 'Blake', languages: ['fr'], queueIds: [] });
      const blakeId = await idOf(blake.email);
      const first = await startChat(test.url, { topicId: 'permits', language: 'fr' });
      const second = await startChat(test.url, { topicId: 'permits', language: 'fr' });

      const alerted = nextEvent<AgentConversation>(blake.socket, 'conversation:updated', (c) => c.id === first.conversationId && c.status === 'active');
      const citizenAnswered = nextEvent<VisitorConversation>(first.socket, 'conversation:updated', (c) => c.status === 'active');
      expect(await ask(sam.socket, 'conversation:transfer', { conversationId: first.conversationId, to: { kind: 'agent', agentId: blakeId } })).toMatchObject({
        ok: true,
        conversation: { status: 'active', agentId: blakeId },
      });
      await alerted;
      // The citizen was waiting: they are answered, not "transferred".
      expect(await citizenAnswered).toMatchObject({ agentName: 'Blake', transferred: null });
      expect((await store().notes.list(first.conversationId))[0]).toMatchObject({ kind: 'transferred', byName: 'Sam', fromAgentId: null });

      expect(
        await ask(sam.socket, 'conversation:transfer', { conversationId: second.conversationId, to: { kind: 'queue', queueId: 'permits-fr' } }),
      ).toMatchObject({ ok: false, error: { code: 'invalid_target' } });
      expect(
        await ask(sam.socket, 'conversation:transfer', { conversationId: second.conversationId, to: { kind: 'queue', queueId: 'general-fr' } }),
      ).toMatchObject({ ok: true, conversation: { status: 'queued' } });
      expect((await stored(second.conversationId)).queueId).toBe('general-fr');
    });

    it('moves a chat in progress from its agent to another, both told at once; a manager may too', async () => {
      const { agent, conversationId, agentId } = await activeChat();
      const sam = await onlineAgent(test.url, auth(), { role: 'supervisor', displayName: 'Sam' });
      const morgan = await onlineAgent(test.url, auth(), { role: 'manager', displayName: 'Morgan', languages: ['fr'] });
      const blake = await onlineAgent(test.url, auth(), { displayName: 'Blake', languages: ['fr'] });
      const blakeId = await idOf(blake.email);

      const holderTold = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.id === conversationId && c.agentId === blakeId);
      const receiverTold = nextEvent<AgentConversation>(blake.socket, 'conversation:updated', (c) => c.id === conversationId && c.agentId === blakeId);
      const note = nextEvent<Note>(blake.socket, 'note:created', (n) => n.kind === 'transferred');
      expect(
        await ask(sam.socket, 'conversation:transfer', { conversationId, to: { kind: 'agent', agentId: blakeId }, note: 'Alex is needed elsewhere.' }),
      ).toMatchObject({ ok: true });
      await Promise.all([holderTold, receiverTold]);
      expect(await note).toMatchObject({ byName: 'Sam', fromAgentId: agentId, fromName: 'Alex', text: 'Alex is needed elsewhere.' });
      expect((await store().conversations.countActiveByAgent([agentId])).get(agentId)).toBe(0);

      // And back, by a manager.
      expect(await ask(morgan.socket, 'conversation:transfer', { conversationId, to: { kind: 'agent', agentId } })).toMatchObject({
        ok: true,
        conversation: { agentId },
      });
      expect((await stored(conversationId)).transfers).toBe(2);
    });
  });

  describe('targets', () => {
    it('lists the agents who could take the chat now, least busy first, and the queues of its language', async () => {
      const { agent, conversationId } = await activeChat();
      const busy = await onlineAgent(test.url, auth(), { displayName: 'Busy', languages: ['fr'], maxConcurrentChats: 2 });
      const busysChat = await startChat(test.url, { topicId: 'permits', language: 'fr' });
      await ask(busy.socket, 'conversation:accept', { conversationId: busysChat.conversationId });
      await onlineAgent(test.url, auth(), { displayName: 'Idle', languages: ['fr', 'en'] });
      await onlineAgent(test.url, auth(), { displayName: 'English', languages: ['en'] });
      const away = await onlineAgent(test.url, auth(), { displayName: 'Away', languages: ['fr'] });
      await ask(away.socket, 'agent:set-status', { status: 'away' });
      const full = await onlineAgent(test.url, auth(), { displayName: 'Full', languages: ['fr'], maxConcurrentChats: 1 });
      const fullsChat = await startChat(test.url, { topicId: 'permits', language: 'fr' });
      await ask(full.socket, 'conversation:accept', { conversationId: fullsChat.conversationId });

      const targets = await ask(agent.socket, 'agents:transfer-targets', { conversationId });
      expect(targets.ok).toBe(true);
      if (!targets.ok) return;
      expect(targets.agents.map((target) => [target.displayName, target.activeChats, target.maxChats])).toEqual([
        ['Idle', 0, 3],
        ['Busy', 1, 2],
      ]);
      // No email, no role: a name and how busy.
      expect(Object.keys(targets.agents[0]!).sort()).toEqual(['activeChats', 'displayName', 'id', 'maxChats']);
      expect(targets.queues.map((queue) => queue.id)).toEqual(['general-fr', 'permits-fr']);
      expect(targets.queues[0]).toEqual({ id: 'general-fr', name: { en: 'General questions (French)', fr: 'Questions générales (français)' }, mode: 'automatic' });
    });

    it('is limited per connection', async () => {
      const { agent, conversationId } = await activeChat();
      const rate = AGENT_COMMAND_RATES['agents:transfer-targets'].capacity;
      const answers = await Promise.all(Array.from({ length: rate + 3 }, () => ask(agent.socket, 'agents:transfer-targets', { conversationId })));
      expect(answers.filter((answer) => answer.ok)).toHaveLength(rate);
      expect(answers.filter((answer) => !answer.ok && answer.error.code === 'rate_limited')).toHaveLength(3);
      const transfers = AGENT_COMMAND_RATES['conversation:transfer'].capacity;
      const tries = await Promise.all(
        Array.from({ length: transfers + 2 }, () => ask(agent.socket, 'conversation:transfer', { conversationId, to: { kind: 'queue', queueId: 'general-en' } })),
      );
      expect(tries.filter((answer) => !answer.ok && answer.error.code === 'rate_limited')).toHaveLength(2);
    });
  });
});
