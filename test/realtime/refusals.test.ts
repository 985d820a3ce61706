/**
 * What the server refuses, and that a refusal changes nothing: bad handshakes, someone else's
 * conversation, malformed and oversized payloads, races between agents, expired sessions, floods.
 */
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MESSAGE_TEXT_MAX, SOCKET_FRAME_MAX_BYTES } from '../../protocol/limits.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import {
  agentSocket,
  ask,
  closeAllSockets,
  connected,
  connectVisitor,
  nextEvent,
  onlineAgent,
  startChat,
  startRequest,
  visitorSocket,
} from '../support/clients.js';
import { ManualClock } from '../support/manual-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** The `connect_error` data a refused handshake carries. */
async function refusal(socket: Parameters<typeof connected>[0]): Promise<string | undefined> {
  try {
    await connected(socket);
    return undefined;
  } catch (error) {
    return (error as { data?: { code?: string } }).data?.code;
  }
}

describe('refusals', () => {
  let test: TestServer;
  const clock = new ManualClock(Date.now());
  beforeEach(async () => {
    test = await startTestServer({ SESSION_TTL_MINUTES: '30' }, { clock });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const auth = () => test.server.services.auth;

  describe('visitor handshake', () => {
    it('refuses an outdated client, an unknown site and a foreign origin, each with its code', async () => {
      expect(await refusal(visitorSocket(test.url, { protocolVersion: PROTOCOL_VERSION - 1 }))).toBe('client_outdated');
      expect(await refusal(visitorSocket(test.url, { siteId: 'nope' }))).toBe('not_found');
      expect(await refusal(visitorSocket(test.url, { origin: 'https://evil.example' }))).toBe('origin_not_allowed');
      expect(await refusal(visitorSocket(test.url, { origin: test.url }))).toBeUndefined();
    });

    it("does not let a visitor into another visitor's conversation", async () => {
      const victim = await startChat(test.url);
      const [id, secret] = victim.token.split('.') as [string, string];
      const guessed = `${id}.${secret.slice(0, -4)}AAAA`;
      expect(await refusal(visitorSocket(test.url, { token: guessed }))).toBe('unauthenticated');
      expect(await refusal(visitorSocket(test.url, { token: `${randomUUID()}.${secret}` }))).toBe('unauthenticated');

      // Without a token a visitor has no conversation; no command takes another's id.
      const stranger = await connectVisitor(test.url);
      const sync = await ask(stranger, 'conversation:sync', { afterSeq: 0 });
      expect(sync).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const smuggled = await ask(stranger, 'message:send', { clientId: randomUUID(), text: 'hi', conversationId: victim.conversationId } as never);
      expect(smuggled).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await test.server.services.store.messages.lastSeq(victim.conversationId)).toBe(0);
    });
  });

  describe('malformed and oversized payloads', () => {
    it('answers each with invalid_payload and stores nothing', async () => {
      const visitor = await startChat(test.url);
      const send = (payload: unknown) => ask(visitor.socket, 'message:send', payload as never);
      const cases: unknown[] = [
        {},
        { clientId: randomUUID() },
        { clientId: randomUUID(), text: 42 },
        { clientId: randomUUID(), text: '   ' },
        { clientId: 'short', text: 'hello' },
        { clientId: randomUUID(), text: 'x'.repeat(MESSAGE_TEXT_MAX + 1) },
        'just a string',
        null,
        [1, 2, 3],
      ];
      for (const payload of cases) {
        const response = await send(payload);
        expect(response, JSON.stringify(payload)?.slice(0, 60)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      }
      const tooLong = await send({ clientId: randomUUID(), text: 'x'.repeat(MESSAGE_TEXT_MAX + 1) });
      expect(!tooLong.ok && tooLong.error.message).toMatch(/2000 characters/);
      expect(await test.server.services.store.messages.lastSeq(visitor.conversationId)).toBe(0);

      const valid = await send({ clientId: randomUUID(), text: 'x'.repeat(MESSAGE_TEXT_MAX) });
      expect(valid).toMatchObject({ ok: true, message: { seq: 1 } });
    });

    it("does not hand over a conversation to someone replaying its start's client id", async () => {
      const request = startRequest();
      const owner = await connectVisitor(test.url);
      expect((await ask(owner, 'conversation:start', request)).ok).toBe(true);
      const intruder = await connectVisitor(test.url);
      const replay = await ask(intruder, 'conversation:start', startRequest({ clientId: request.clientId }));
      expect(replay).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(await test.server.services.conversations.queue()).toHaveLength(1);
    });

    it('keeps the page address without its query string or fragment', async () => {
      const { conversationId } = await startChat(test.url, { pageUrl: 'https://example.test/apply?email=marie@example.test#step-2' });
      expect((await test.server.services.conversations.get(conversationId)).pageUrl).toBe('https://example.test/apply');
    });

    it('accepts only http and https page addresses', async () => {
      const visitor = await connectVisitor(test.url);
      for (const pageUrl of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://example.test/']) {
        const response = await ask(visitor, 'conversation:start', startRequest({ pageUrl }));
        expect(response, pageUrl).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      }
      expect(await test.server.services.conversations.queue()).toEqual([]);
    });

    it('rejects a bad start without opening a conversation', async () => {
      const visitor = await connectVisitor(test.url);
      const response = await ask(visitor, 'conversation:start', {
        clientId: randomUUID(),
        secret: 'too-short',
        topicId: 'benefits',
        language: 'de',
        pageUrl: 'javascript:alert(1)',
      } as never);
      expect(response).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      expect(await test.server.services.conversations.queue()).toEqual([]);
    });

    it('survives a command sent without an acknowledgement callback', async () => {
      const visitor = await startChat(test.url);
      (visitor.socket as unknown as { emit(event: string, payload: unknown): void }).emit('message:send', { text: 1 });
      const after = await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: 'still here' });
      expect(after).toMatchObject({ ok: true, message: { seq: 1 } });
    });

    it('drops a frame larger than the socket limit, and keeps serving everyone else', async () => {
      const visitor = await startChat(test.url);
      const bystander = await startChat(test.url);
      const dropped = new Promise<string>((resolve) => visitor.socket.once('disconnect', resolve));
      visitor.socket.emit('message:send', { clientId: randomUUID(), text: 'x'.repeat(SOCKET_FRAME_MAX_BYTES + 1) }, () => {});
      expect(await dropped).toMatch(/transport/);
      const response = await ask(bystander.socket, 'message:send', { clientId: randomUUID(), text: 'fine' });
      expect(response.ok).toBe(true);
      expect(await test.server.services.store.messages.lastSeq(visitor.conversationId)).toBe(0);
    });

    it('limits chat starts per address, however often the client reconnects', async () => {
      const outcomes: string[] = [];
      for (let i = 0; i < 21; i++) {
        const socket = await connectVisitor(test.url);
        const response = await ask(socket, 'conversation:start', startRequest());
        outcomes.push(response.ok ? 'ok' : response.error.code);
        socket.disconnect();
      }
      expect(outcomes.slice(0, 20).every((outcome) => outcome === 'ok')).toBe(true);
      expect(outcomes[20]).toBe('rate_limited');
      expect(await test.server.services.conversations.queue()).toHaveLength(20);
    });

    it('slows down a visitor who floods, without losing what was accepted', async () => {
      const visitor = await startChat(test.url);
      const responses = await Promise.all(
        Array.from({ length: 30 }, (_, i) => ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: `m${i}` })),
      );
      const accepted = responses.filter((r) => r.ok).length;
      expect(responses.filter((r) => !r.ok && r.error.code === 'rate_limited').length).toBeGreaterThan(0);
      expect(await test.server.services.store.messages.lastSeq(visitor.conversationId)).toBe(accepted);
    });
  });

  describe('agents', () => {
    it('refuses a console connection without a session, with a forged one, or from another origin', async () => {
      expect(await refusal(agentSocket(test.url, ''))).toBe('unauthenticated');
      expect(await refusal(agentSocket(test.url, 'gc_session=forged.signature'))).toBe('unauthenticated');
      const agent = await onlineAgent(test.url, auth());
      const foreign = io(`${test.url}/agent`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { protocolVersion: PROTOCOL_VERSION },
        extraHeaders: { cookie: agent.cookie, origin: 'https://evil.example' },
      });
      expect(await refusal(foreign)).toBe('origin_not_allowed');
      foreign.disconnect();
    });

    it('gives a chat to exactly one of two agents who accept it at the same moment', async () => {
      const first = await onlineAgent(test.url, auth());
      const second = await onlineAgent(test.url, auth());
      const visitor = await startChat(test.url);
      const results = await Promise.all(
        [first, second].map((agent) =>
          ask(agent.socket, 'conversation:accept', { conversationId: visitor.conversationId }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.error.code === 'conflict')).toHaveLength(1);
    });

    it("keeps agents out of each other's chats", async () => {
      const holder = await onlineAgent(test.url, auth());
      const other = await onlineAgent(test.url, auth());
      const visitor = await startChat(test.url);
      await ask(holder.socket, 'conversation:accept', { conversationId: visitor.conversationId });
      const conversationId = visitor.conversationId;
      const send = await ask(other.socket, 'message:send', { conversationId, clientId: randomUUID(), text: 'hi' });
      const read = await ask(other.socket, 'messages:since', { conversationId, afterSeq: 0 });
      const end = await ask(other.socket, 'conversation:end', { conversationId });
      for (const response of [send, read, end]) expect(response).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect((await test.server.services.conversations.get(conversationId)).status).toBe('active');
    });

    it("stops an agent at their chat limit", async () => {
      const agent = await onlineAgent(test.url, auth(), { maxConcurrentChats: 1 });
      const [a, b] = [await startChat(test.url), await startChat(test.url)];
      expect((await ask(agent.socket, 'conversation:accept', { conversationId: a.conversationId })).ok).toBe(true);
      const second = await ask(agent.socket, 'conversation:accept', { conversationId: b.conversationId });
      expect(second).toMatchObject({ ok: false, error: { code: 'at_capacity' } });
      expect((await test.server.services.conversations.get(b.conversationId)).status).toBe('queued');
    });

    it('ends a console connection whose session expired, saying why', async () => {
      const agent = await onlineAgent(test.url, auth());
      const told = nextEvent<{ code: string }>(agent.socket, 'session:ended');
      clock.advance(31 * 60_000);
      const response = await ask(agent.socket, 'console:sync', {});
      expect(response).toMatchObject({ ok: false, error: { code: 'session_expired' } });
      expect(await told).toEqual({ code: 'session_expired' });
      await vi.waitFor(() => expect(agent.socket.connected).toBe(false));
    });

    it('ends every console connection of a session on sign-out', async () => {
      const agent = await onlineAgent(test.url, auth());
      const told = nextEvent<{ code: string }>(agent.socket, 'session:ended');
      await fetch(`${test.url}/api/auth/sign-out`, { method: 'POST', headers: { cookie: agent.cookie } });
      expect(await told).toEqual({ code: 'signed_out' });
      await vi.waitFor(() => expect(agent.socket.connected).toBe(false));
    });

    it('answers unknown chats and malformed commands without changing anything', async () => {
      const agent = await onlineAgent(test.url, auth());
      const unknown = await ask(agent.socket, 'conversation:accept', { conversationId: 'nope' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const malformed = await ask(agent.socket, 'agent:set-status', { status: 'sleeping' } as never);
      expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      const snapshot = await ask(agent.socket, 'console:sync', {});
      expect(snapshot.ok && snapshot.agent.status).toBe('available');
    });
  });
});
