/**
 * The socket holes an outside attack run found (issue #6), each replayed against the real server
 * with real or hand-made clients: floods that ask for more than they read, JSON-P and missing
 * origins, connections without end, and many connections sharing one chat.
 */
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MESSAGES_PAGE_TEXT_MAX, MESSAGE_TEXT_MAX } from '../../protocol/limits.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { MESSAGE_RATE_PER_CONVERSATION, VISITOR_COMMAND_RATES } from '../../server/domain/rate-policies.js';
import { RATE_REFUSALS_BEFORE_CLOSE } from '../../server/realtime/command-router.js';
import { SOCKET_UNSENT_MAX_BYTES } from '../../server/realtime/connection-guard.js';
import { rooms } from '../../server/realtime/rooms.js';
import {
  agentSocket,
  ask,
  closeAllSockets,
  connected,
  connectVisitor,
  onlineAgent,
  startChat,
  visitorSocket,
} from '../support/clients.js';
import { connectRaw } from '../support/raw-socket-io.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

async function refusal(socket: Parameters<typeof connected>[0]): Promise<string | undefined> {
  try {
    await connected(socket);
    return undefined;
  } catch (error) {
    return (error as { data?: { code?: string } }).data?.code ?? (error as Error).message;
  }
}

describe('attacks on the socket side', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '12' });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const auth = () => test.server.services.auth;

  describe('1. a visitor asking for more than it reads', () => {
    it('rate-limits every visitor command, sync and end included', async () => {
      const visitor = await startChat(test.url);
      const syncs = await Promise.all(
        Array.from({ length: VISITOR_COMMAND_RATES['conversation:sync'].capacity + 1 }, () =>
          ask(visitor.socket, 'conversation:sync', { afterSeq: 0 }),
        ),
      );
      expect(syncs.filter((r) => r.ok)).toHaveLength(VISITOR_COMMAND_RATES['conversation:sync'].capacity);
      expect(syncs.at(-1)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });

      const stranger = await connectVisitor(test.url);
      const ends = await Promise.all(
        Array.from({ length: VISITOR_COMMAND_RATES['conversation:end'].capacity + 1 }, () => ask(stranger, 'conversation:end', {})),
      );
      expect(ends.at(-1)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    });

    it('keeps a sync page small, however long the messages, and pages through the rest', async () => {
      const visitor = await startChat(test.url);
      const long = 'é'.repeat(MESSAGE_TEXT_MAX);
      for (let i = 0; i < MESSAGE_RATE_PER_CONVERSATION.visitor.capacity; i++) {
        const sent = await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: long });
        expect(sent.ok).toBe(true);
      }
      const first = await ask(visitor.socket, 'conversation:sync', { afterSeq: 0 });
      if (!first.ok) throw new Error(first.error.code);
      const textLength = first.messages.reduce((sum, message) => sum + message.text.length, 0);
      expect(textLength).toBeLessThanOrEqual(MESSAGES_PAGE_TEXT_MAX);
      expect(first.hasMore).toBe(true);
      const rest = await ask(visitor.socket, 'conversation:sync', { afterSeq: first.messages.at(-1)!.seq });
      expect(rest.ok && [...first.messages, ...rest.messages].map((m) => m.seq)).toEqual(
        Array.from({ length: MESSAGE_RATE_PER_CONVERSATION.visitor.capacity }, (_, i) => i + 1),
      );
    });

    it('closes a connection that keeps sending after being told to slow down', async () => {
      const { token } = await startChat(test.url);
      const raw = await connectRaw({ url: test.url, namespace: '/visitor', auth: { protocolVersion: PROTOCOL_VERSION, siteId: 'demo', token } });
      const connections = test.server.io.engine.clientsCount;
      raw.stopReading();
      const written = await raw.flood(RATE_REFUSALS_BEFORE_CLOSE * 2, 'conversation:sync', { afterSeq: 0 });
      expect(written).toBe(RATE_REFUSALS_BEFORE_CLOSE * 2);
      await raw.untilClosedByServer();
      expect(test.server.io.engine.clientsCount).toBe(connections - 1);
    });

    it('cuts a connection whose unsent output passes the bound, and keeps serving others', async () => {
      const { token, conversationId } = await startChat(test.url);
      const bystander = await startChat(test.url);
      const raw = await connectRaw({ url: test.url, namespace: '/visitor', auth: { protocolVersion: PROTOCOL_VERSION, siteId: 'demo', token } });
      const connections = test.server.io.engine.clientsCount;
      raw.stopReading();
      // Anything the server sends this conversation (here, large made-up broadcasts) piles up
      // unread: first in the kernel's buffers, then in the server's, until the bound cuts it.
      const chunk = 'x'.repeat(256 * 1024);
      const room = test.server.io.of('/visitor').to(rooms.visitorOf(conversationId));
      for (let i = 0; i < 200 && !raw.isClosed(); i++) {
        (room as unknown as { emit(event: string, payload: string): void }).emit('message:created', chunk);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await raw.untilClosedByServer();
      // Well before 200 × 256 KiB (50 MiB) was queued for it.
      expect(SOCKET_UNSENT_MAX_BYTES).toBeLessThan(50 * 1024 * 1024);
      expect(test.server.io.engine.clientsCount).toBe(connections - 1);
      const still = await ask(bystander.socket, 'message:send', { clientId: randomUUID(), text: 'still served' });
      expect(still.ok).toBe(true);
    });
  });

  describe('2. origins: no JSON-P, and proof of origin on every connection', () => {
    it('refuses JSON-P polling, and keeps plain long-polling (with nosniff on its answers)', async () => {
      const response = await fetch(`${test.url}/socket.io/?EIO=4&transport=polling&j=0`);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('___eio');
      const polling = await fetch(`${test.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: test.url } });
      expect(polling.status).toBe(200);
      expect(await polling.text()).toMatch(/^0\{"sid"/);
      expect(polling.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('refuses a console connection that proves no origin, or another origin of the same site', async () => {
      const agent = await onlineAgent(test.url, auth());
      expect(await refusal(agentSocket(test.url, agent.cookie, { origin: null }))).toBe('origin_not_allowed');
      const sibling = `http://127.0.0.1:${Number(new URL(test.url).port) + 1}`;
      expect(await refusal(agentSocket(test.url, agent.cookie, { origin: sibling }))).toBe('origin_not_allowed');
      expect(await refusal(agentSocket(test.url, agent.cookie, { origin: 'http://localhost' }))).toBe('origin_not_allowed');
    });

    it('keeps the long-polling fallback working for a console on its own origin', async () => {
      const agent = await onlineAgent(test.url, auth());
      const proofs: Array<Record<string, string>> = [{ origin: test.url }, { 'sec-fetch-site': 'same-origin' }];
      for (const headers of proofs) {
        const socket = io(`${test.url}/agent`, {
          transports: ['polling'],
          forceNew: true,
          reconnection: false,
          auth: { protocolVersion: PROTOCOL_VERSION },
          extraHeaders: { cookie: agent.cookie, ...headers },
        });
        await connected(socket);
        const snapshot = await ask(socket, 'console:sync', {});
        expect(snapshot.ok, JSON.stringify(headers)).toBe(true);
        socket.disconnect();
      }
    });

    it('refuses a visitor connection that proves no origin; the same-origin polling fallback works', async () => {
      expect(await refusal(visitorSocket(test.url, { origin: null }))).toBe('origin_not_allowed');
      const polling = io(`${test.url}/visitor`, {
        transports: ['polling'],
        forceNew: true,
        reconnection: false,
        auth: { protocolVersion: PROTOCOL_VERSION, siteId: 'demo' },
        extraHeaders: { 'sec-fetch-site': 'same-origin' },
      });
      await connected(polling);
      expect((await ask(polling, 'conversation:sync', { afterSeq: 0 })).ok).toBe(false);
      polling.disconnect();
    });
  });

  describe('4. connections without end', () => {
    it('refuses the default namespace', async () => {
      const socket = io(test.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: test.url } });
      expect(await refusal(socket)).toBe('not_found');
      socket.disconnect();
    });

    it('counts connections per address across namespaces, and lets more in as others close', async () => {
      const agent = await onlineAgent(test.url, auth());
      const open = [agent.socket, ...(await Promise.all(Array.from({ length: 11 }, () => connectVisitor(test.url))))];
      expect(open).toHaveLength(12);
      expect(await refusal(visitorSocket(test.url))).toMatch(/websocket error|xhr poll error|Too many/i);
      expect(await refusal(agentSocket(test.url, agent.cookie))).toMatch(/websocket error|xhr poll error|Too many/i);
      open[1]!.disconnect();
      await vi.waitFor(async () => expect(await refusal(visitorSocket(test.url))).toBeUndefined(), { timeout: 3000 });
    });
  });

  describe('6. many connections sharing one chat', () => {
    it('limits messages per conversation, however many connections carry its token', async () => {
      const { token, conversationId } = await startChat(test.url);
      const sockets = await Promise.all(Array.from({ length: 5 }, () => connectVisitor(test.url, { token })));
      const responses = await Promise.all(
        sockets.flatMap((socket) =>
          Array.from({ length: 20 }, () => ask(socket, 'message:send', { clientId: randomUUID(), text: 'x'.repeat(MESSAGE_TEXT_MAX) })),
        ),
      );
      const stored = await test.server.services.store.messages.lastSeq(conversationId);
      expect(stored).toBe(MESSAGE_RATE_PER_CONVERSATION.visitor.capacity);
      expect(responses.filter((r) => r.ok)).toHaveLength(stored);
      expect(responses.filter((r) => !r.ok && r.error.code === 'rate_limited')).toHaveLength(100 - stored);
    });
  });

  describe('8. smaller ones', () => {
    it('answers an unknown command that asks for an answer with invalid_payload', async () => {
      const visitor = await connectVisitor(test.url);
      const untyped = visitor as unknown as { timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> } };
      expect(await untyped.timeout(2000).emitWithAck('conversation:hijack', {})).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
      const agent = await onlineAgent(test.url, auth());
      const agentUntyped = agent.socket as unknown as typeof untyped;
      expect(await agentUntyped.timeout(2000).emitWithAck('__proto__', {})).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    });

    it('refuses a message made only of invisible or direction-changing characters', async () => {
      const visitor = await startChat(test.url);
      for (const text of ['\u200b\u200b', '\u202e', '\u2066\u2069', ' \ufeff ', '\u200e\u200f']) {
        const response = await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text });
        expect(response, JSON.stringify(text)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      }
      expect(await test.server.services.store.messages.lastSeq(visitor.conversationId)).toBe(0);
    });
  });
});
