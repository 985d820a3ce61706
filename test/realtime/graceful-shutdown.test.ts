/**
 * Stopping a node: it turns not-ready and refuses new connections at once, lets the command in
 * flight finish and acknowledges it, then tells its clients to reconnect and exits.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../server/stores/store.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { ask, closeAllSockets, connected, startChat, visitorSocket } from '../support/clients.js';
import { startTestServer } from '../support/test-server.js';

/** A memory store whose next message post (a citizen's or agent's message) waits until the test lets it go. */
function storeWithHeldAppend(): { store: Store; appendStarted: Promise<void>; release(): void } {
  const store = createMemoryStore();
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const appendStarted = new Promise<void>((resolve) => (started = resolve));
  const post = store.messages.post.bind(store.messages);
  return {
    store: {
      ...store,
      messages: {
        ...store.messages,
        post: async (draft, condition, rate) => {
          started();
          await gate;
          return post(draft, condition, rate);
        },
      },
    },
    appendStarted,
    release,
  };
}

describe('graceful shutdown', () => {
  afterEach(() => closeAllSockets());

  it('refuses new work, finishes the command in flight, then disconnects its clients', async () => {
    const held = storeWithHeldAppend();
    const test = await startTestServer({ SHUTDOWN_GRACE_SECONDS: '10' }, { store: held.store });
    const visitor = await startChat(test.url);
    const disconnected = new Promise<string>((resolve) => visitor.socket.once('disconnect', resolve));

    const inFlight = ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: 'in flight' });
    await held.appendStarted;
    const closing = test.close();

    await vi.waitFor(async () => expect((await test.server.app.inject({ url: '/readyz' })).statusCode).toBe(503));
    const latecomer = visitorSocket(test.url);
    await expect(connected(latecomer)).rejects.toMatchObject({ data: { code: 'unavailable' } });

    held.release();
    expect(await inFlight).toMatchObject({ ok: true, message: { seq: 1, text: 'in flight' } });
    // The connection is closed under the client, which reconnects by itself (to another node).
    expect(await disconnected).toBe('transport close');
    await closing;
    expect(await held.store.messages.lastSeq(visitor.conversationId)).toBe(1);
  });
});
