/**
 * Conversation history on real sockets and HTTP (issue #9 point 5): `history:search` and
 * `history:open` for supervisors and managers only, bad input refused clearly, and the transcript
 * download (session, role, origin, rate, content, audit).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentConversation } from '../../protocol/models.js';
import { ask, closeAllSockets, connectAgent, nextEvent, onlineAgent, signIn, startChat, type AgentSocket } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('conversation history', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer();
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const services = () => test.server.services;

  async function account(role: 'supervisor' | 'manager'): Promise<{ socket: AgentSocket; cookie: string; id: string }> {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
    const created = await services().auth.createAccount({ email, password: 'a-long-enough-password', displayName: `Sam the ${role}`, role, queueIds: [] });
    const cookie = await signIn(test.url, email, 'a-long-enough-password');
    return { socket: await connectAgent(test.url, cookie), cookie, id: created!.id };
  }

  /** A French chat answered by an agent, ended by the citizen, wrapped up. */
  async function closedChat() {
    const agent = await onlineAgent(test.url, services().auth, { displayName: 'Alexandre', languages: ['fr'], queueIds: ['general-fr'], maxConcurrentChats: 1 });
    const visitor = await startChat(test.url, { topicId: 'benefits', language: 'fr', visitorName: 'Marie' });
    const { conversationId } = visitor;
    await vi.waitFor(async () => expect((await services().conversations.get(conversationId)).status).toBe('active'));
    expect(await ask(visitor.socket, 'message:send', { clientId: 'client-visitor-1', text: 'Bonjour, j’ai une question.' })).toMatchObject({ ok: true });
    expect(await ask(agent.socket, 'message:send', { conversationId, clientId: 'client-agent-01', text: 'Bonjour! Je vous écoute.' })).toMatchObject({ ok: true });
    const ended = nextEvent<AgentConversation>(agent.socket, 'conversation:updated', (c) => c.id === conversationId && c.status === 'closed');
    expect(await ask(visitor.socket, 'conversation:end', {})).toMatchObject({ ok: true });
    await ended;
    expect(await ask(agent.socket, 'conversation:wrap-up', { conversationId, outcome: 'information_given' })).toMatchObject({ ok: true });
    return { agent, conversationId };
  }

  const today = () => {
    const now = Date.now();
    return { from: new Date(now - 60 * 60 * 1000).toISOString(), to: new Date(now + 60 * 60 * 1000).toISOString() };
  };

  it('finds a closed chat for supervisors and managers, opens it read-only, and refuses agents', async () => {
    const { agent, conversationId } = await closedChat();
    const supervisor = await account('supervisor');
    const boss = await account('manager');

    const found = await ask(supervisor.socket, 'history:search', { ...today(), outcome: 'information_given' });
    expect(found).toMatchObject({ ok: true, next: null });
    if (!found.ok) throw new Error(found.error.code);
    const { reference } = await test.server.services.conversations.get(conversationId);
    expect(found.conversations).toEqual([
      expect.objectContaining({ id: conversationId, reference, agentName: 'Alexandre', outcome: 'information_given', language: 'fr' }),
    ]);
    // The reference number as a caller reads it out (any case, no dash), or the id's first characters.
    for (const typed of [reference, reference.toLowerCase().replace('-', ''), conversationId.slice(0, 8)]) {
      const byReference = await ask(boss.socket, 'history:search', { ...today(), reference: typed });
      expect(byReference.ok && byReference.conversations.map((c) => c.id)).toEqual([conversationId]);
    }
    const otherOutcome = await ask(boss.socket, 'history:search', { ...today(), outcome: 'referred' });
    expect(otherOutcome).toMatchObject({ ok: true, conversations: [] });

    const opened = await ask(supervisor.socket, 'history:open', { conversationId });
    if (!opened.ok) throw new Error(opened.error.code);
    expect(opened.conversation).toMatchObject({ id: conversationId, status: 'closed', wrapUp: { outcome: 'information_given' } });
    expect(opened.messages.map((m) => [m.author.kind, m.text])).toEqual(
      expect.arrayContaining([
        ['visitor', 'Bonjour, j’ai une question.'],
        ['agent', 'Bonjour! Je vous écoute.'],
      ]),
    );
    expect(opened.hasMore).toBe(false);

    expect(await ask(agent.socket, 'history:search', today())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(agent.socket, 'history:open', { conversationId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses bad input with a clear error', async () => {
    const supervisor = await account('supervisor');
    const now = Date.now();
    const day = 24 * 60 * 60 * 1000;
    const tooLong = await ask(supervisor.socket, 'history:search', { from: new Date(now - 32 * day).toISOString(), to: new Date(now).toISOString() });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(JSON.stringify(tooLong)).toContain('31 days');
    const reversed = await ask(supervisor.socket, 'history:search', { from: new Date(now).toISOString(), to: new Date(now - day).toISOString() });
    expect(reversed).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await ask(supervisor.socket, 'history:search', { reference: 'abc' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await ask(supervisor.socket, 'history:search', { ...today(), cursor: 'not a cursor' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await ask(supervisor.socket, 'history:search', { ...today(), extra: 1 } as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await ask(supervisor.socket, 'history:open', { conversationId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('serves the transcript to supervisors and managers only, from the console’s origin, and audits it', async () => {
    const { agent, conversationId } = await closedChat();
    const supervisor = await account('supervisor');
    const url = `${test.url}/api/history/${conversationId}/transcript.txt`;

    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { cookie: agent.cookie } })).status).toBe(403);
    expect((await fetch(url, { headers: { cookie: supervisor.cookie, origin: 'https://evil.test' } })).status).toBe(403);
    expect((await fetch(url, { headers: { cookie: supervisor.cookie, 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await fetch(`${test.url}/api/history/nope/transcript.txt`, { headers: { cookie: supervisor.cookie } })).status).toBe(404);
    expect(await services().audit.count()).toBe(0);

    const response = await fetch(url, { headers: { cookie: supervisor.cookie, 'sec-fetch-site': 'same-origin' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="transcript-${conversationId}.txt"`);
    const text = await response.text();
    expect(text).toContain(`Conversation: ${conversationId}`);
    expect(text).toMatch(/Fuseau horaire: \S+/);
    expect(text).toMatch(/Organisation: \S+/);
    expect(text).toMatch(/Référence: [2-9A-Z]{3}-[2-9A-Z]{3}\r\n/);
    expect(text).toMatch(/\] Citoyen: Bonjour, j’ai une question\.\r\n/);
    expect(text).toMatch(/\] Alexandre: Bonjour! Je vous écoute\.\r\n/);
    expect(text).not.toContain('Marie');

    const entries = await services().store.audit.range(1, 10);
    expect(entries.map((e) => [e.action, e.actor, e.target])).toEqual([['history.transcript-exported', supervisor.id, `conversation:${conversationId}`]]);

    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await fetch(url, { headers: { cookie: supervisor.cookie } })).status);
    expect(statuses).toContain(429);
  });
});
