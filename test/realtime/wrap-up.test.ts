/**
 * Wrap-up on real sockets (issue #7, point 6): after a chat an agent held ends, however it ends,
 * they owe its wrap-up: the chat keeps its slot (routing gives them nothing more at their limit)
 * until they record an outcome, which stays on the record; past the deadline the service records
 * "not recorded" by itself and routing gives the next chat. Idempotent; refused when not owed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WRAP_UP_NOTE_MAX } from '../../protocol/limits.js';
import type { AgentConversation } from '../../protocol/models.js';
import { NOT_RECORDED } from '../../server/domain/wrap-up.js';
import { DEFAULT_WRAP_UP_OUTCOMES } from '../../server/services/seed.js';
import { ask, closeAllSockets, connectAgent, nextEvent, onlineAgent, startChat } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('wrap-up', () => {
  let test: TestServer;
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const auth = () => test.server.services.auth;
  const stored = (id: string) => test.server.services.conversations.get(id);

  /** An agent with a limit of one, holding a routed English chat (benefits: automatic). */
  async function routedChat() {
    const agent = await onlineAgent(test.url, auth(), { languages: ['en'], queueIds: ['general-en'], maxConcurrentChats: 1 });
    const visitor = await startChat(test.url, { topicId: 'benefits', language: 'en' });
    await vi.waitFor(async () => expect((await stored(visitor.conversationId)).status).toBe('active'));
    const agentId = (await test.server.services.store.agents.findByEmail(agent.email))!.id;
    return { agent, visitor, conversationId: visitor.conversationId, agentId };
  }

  it('keeps the agent’s slot after the chat ends until they record the outcome; then routing gives them the next chat', async () => {
    test = await startTestServer();
    const { agent, visitor, conversationId, agentId } = await routedChat();
    const owed = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.id === conversationId && c.status === 'closed');
    // The citizen ends it: the agent owes the wrap-up all the same.
    expect(await ask(visitor.socket, 'conversation:end', {})).toMatchObject({ ok: true });
    const ended = await owed;
    expect(ended.wrapUp).toMatchObject({ outcome: null, note: null, recordedAt: null });
    expect(Date.parse(ended.wrapUp!.dueAt) - Date.parse(ended.closedAt!)).toBe(120_000);

    // Still counted: the next citizen waits, at the agent's limit of one.
    const next = await startChat(test.url, { topicId: 'benefits', language: 'en' });
    await test.server.services.assignment.settled();
    expect((await stored(next.conversationId)).status).toBe('queued');
    expect((await test.server.services.store.conversations.countActiveByAgent([agentId])).get(agentId)).toBe(1);
    // A reload brings the wrap-up back, with the outcomes to choose from.
    const sync = await ask(agent.socket, 'console:sync', {});
    expect(sync.ok && sync.conversations.map((c) => [c.id, c.status, c.wrapUp?.outcome])).toEqual([[conversationId, 'closed', null]]);
    expect(sync.ok && sync.wrapUpOutcomes.map((outcome) => outcome.id)).toEqual(DEFAULT_WRAP_UP_OUTCOMES.map((outcome) => outcome.id));

    const given = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.id === next.conversationId && c.status === 'active');
    const saved = await ask(agent.socket, 'conversation:wrap-up', { conversationId, outcome: 'information_given', note: '  Sent the form.  ' });
    expect(saved).toMatchObject({ ok: true, conversation: { id: conversationId, wrapUp: { outcome: 'information_given', note: 'Sent the form.' } } });
    await given;
    expect((await stored(conversationId)).wrapUp).toMatchObject({ outcome: 'information_given', note: 'Sent the form.', recordedAt: expect.any(Number) });
  });

  it('answers a retry with the same result, and refuses another outcome once recorded', async () => {
    test = await startTestServer();
    const { agent, conversationId } = await routedChat();
    await ask(agent.socket, 'conversation:end', { conversationId, reason: 'resolved' });
    const first = await ask(agent.socket, 'conversation:wrap-up', { conversationId, outcome: 'resolved' });
    const retry = await ask(agent.socket, 'conversation:wrap-up', { conversationId, outcome: 'resolved' });
    expect(first.ok && retry.ok).toBe(true);
    expect(retry).toEqual(first);
    expect(await ask(agent.socket, 'conversation:wrap-up', { conversationId, outcome: 'other' })).toMatchObject({
      ok: false,
      error: { code: 'wrap_up_not_owed' },
    });
    expect((await stored(conversationId)).wrapUp?.outcome).toBe('resolved');
  });

  it('is refused for a chat the agent owes no wrap-up for, and for an outcome not on the list', async () => {
    test = await startTestServer();
    const { agent, conversationId } = await routedChat();
    // Still in progress.
    expect(await ask(agent.socket, 'conversation:wrap-up', { conversationId, outcome: 'resolved' })).toMatchObject({
      ok: false,
      error: { code: 'wrap_up_not_owed' },
    });
    await ask(agent.socket, 'conversation:end', { conversationId, reason: 'resolved' });
    // Someone else's, even a supervisor's reading of it.
    const other = await onlineAgent(test.url, auth());
    const supervisor = await onlineAgent(test.url, auth(), { role: 'supervisor' });
    for (const socket of [other.socket, supervisor.socket]) {
      expect(await ask(socket, 'conversation:wrap-up', { conversationId, outcome: 'resolved' })).toMatchObject({
        ok: false,
        error: { code: 'wrap_up_not_owed' },
      });
    }
    // Ended unanswered: nobody owes anything.
    const unanswered = await startChat(test.url, { topicId: 'permits', language: 'fr' });
    await ask(unanswered.socket, 'conversation:end', {});
    expect(await ask(agent.socket, 'conversation:wrap-up', { conversationId: unanswered.conversationId, outcome: 'resolved' })).toMatchObject({
      ok: false,
      error: { code: 'wrap_up_not_owed' },
    });
    for (const payload of [
      { conversationId, outcome: 'made_up' },
      { conversationId, outcome: NOT_RECORDED },
      { conversationId, outcome: 'Resolved!' },
      { conversationId, outcome: 'resolved', note: ' ' },
      { conversationId, outcome: 'resolved', note: 'x'.repeat(WRAP_UP_NOTE_MAX + 1) },
    ]) {
      expect(await ask(agent.socket, 'conversation:wrap-up', payload)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect((await stored(conversationId)).wrapUp?.outcome).toBeNull();
  });

  it('frees the slot by itself past the deadline, outcome not recorded, and routing gives the next chat', async () => {
    test = await startTestServer({ WRAP_UP_SECONDS: '1' });
    const { agent, visitor, conversationId, agentId } = await routedChat();
    const secondConsole = await connectAgent(test.url, agent.cookie);
    await ask(visitor.socket, 'conversation:end', {});
    const next = await startChat(test.url, { topicId: 'benefits', language: 'en' });
    await test.server.services.assignment.settled();
    expect((await stored(next.conversationId)).status).toBe('queued');

    const expired = nextEvent<AgentConversation>(secondConsole, 'conversation:updated', (c) => c.id === conversationId && c.wrapUp?.outcome === NOT_RECORDED);
    const given = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.id === next.conversationId && c.status === 'active');
    expect((await expired).wrapUp).toMatchObject({ outcome: NOT_RECORDED, note: null, recordedAt: expect.any(String) });
    await given;
    expect((await stored(next.conversationId)).agentId).toBe(agentId);
    // Too late now: the record says not recorded.
    expect(await ask(agent.socket, 'conversation:wrap-up', { conversationId, outcome: 'resolved' })).toMatchObject({
      ok: false,
      error: { code: 'wrap_up_not_owed' },
    });
    expect((await stored(conversationId)).wrapUp?.outcome).toBe(NOT_RECORDED);
  });

  it('is owed for a chat closed by the service too (the citizen silent too long)', async () => {
    test = await startTestServer({ VISITOR_IDLE_TIMEOUT_SECONDS: '1', VISITOR_IDLE_WARNING_SECONDS: '0.5' });
    const { agent, conversationId } = await routedChat();
    const closed = await nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.id === conversationId && c.status === 'closed');
    expect(closed).toMatchObject({ closedBy: 'system', closeReason: 'visitor_inactive', wrapUp: { outcome: null } });
    expect(await ask(agent.socket, 'conversation:wrap-up', { conversationId, outcome: 'no_response' })).toMatchObject({
      ok: true,
      conversation: { wrapUp: { outcome: 'no_response' } },
    });
  });
});
