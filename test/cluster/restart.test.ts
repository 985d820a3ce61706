/**
 * Stop every node and Redis itself in the middle of chats, start them again: every conversation,
 * message, queue position, account and session is still there, and clients catch up.
 * Redis runs as README tells a deployment to run it: append-only file, fsync on every write.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ask, closeAllSockets, connectAgent, connectVisitor, signIn, startChat } from '../support/clients.js';
import { startRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess } from '../support/server-process.js';
import { MANAGER } from '../support/test-server.js';

describe('a full restart', () => {
  afterAll(async () => {
    closeAllSockets();
    await killAllServerProcesses();
  });

  it('loses nothing when every node and Redis restart', async () => {
    const redis = await startRedis({ durable: true });
    try {
      let nodes = await Promise.all([startServerProcess(redis.url), startServerProcess(redis.url)]);
      const cookie = await signIn(nodes[0]!.url, MANAGER.email, MANAGER.password);
      const agent = await connectAgent(nodes[0]!.url, cookie);
      await ask(agent, 'agent:set-status', { status: 'available' });

      const active = await startChat(nodes[1]!.url, { visitorName: 'Active' });
      const firstInLine = await startChat(nodes[1]!.url, { visitorName: 'First' });
      const secondInLine = await startChat(nodes[0]!.url, { visitorName: 'Second' });
      await ask(agent, 'conversation:accept', { conversationId: active.conversationId });
      for (const text of ['hello', 'can you help?']) {
        expect((await ask(active.socket, 'message:send', { clientId: randomUUID(), text })).ok).toBe(true);
      }
      expect((await ask(agent, 'message:send', { conversationId: active.conversationId, clientId: randomUUID(), text: 'yes' })).ok).toBe(true);

      // Everything stops: the nodes cleanly, Redis hard (SIGKILL: only what is on disk survives).
      expect(await Promise.all(nodes.map((node) => node.stop()))).toEqual([0, 0]);
      closeAllSockets();
      await redis.kill();
      await redis.start();
      nodes = await Promise.all([startServerProcess(redis.url), startServerProcess(redis.url)]);

      // The agent's session survives; their chat and the queue are as they were.
      const back = await connectAgent(nodes[1]!.url, cookie);
      const snapshot = await ask(back, 'console:sync', {});
      expect(snapshot.ok).toBe(true);
      if (!snapshot.ok) return;
      expect(snapshot.conversations.map((c) => c.id)).toEqual([active.conversationId]);
      expect(snapshot.queue.map((c) => c.id)).toEqual([firstInLine.conversationId, secondInLine.conversationId]);
      await ask(back, 'message:send', { conversationId: active.conversationId, clientId: randomUUID(), text: 'sent while you were away' });

      // The citizen comes back with their token and catches up on everything, including what they missed.
      const citizen = await connectVisitor(nodes[0]!.url, { token: active.token });
      const sync = await ask(citizen, 'conversation:sync', { afterSeq: 0 });
      expect(sync.ok && sync.messages.map((m) => [m.seq, m.text])).toEqual([
        [1, 'hello'],
        [2, 'can you help?'],
        [3, 'yes'],
        [4, 'sent while you were away'],
      ]);
      const waiting = await connectVisitor(nodes[1]!.url, { token: secondInLine.token });
      expect(await ask(waiting, 'conversation:sync', { afterSeq: 0 })).toMatchObject({ ok: true, conversation: { queuePosition: 2 } });

      // Accounts survive too: a fresh sign-in works.
      await expect(signIn(nodes[1]!.url, MANAGER.email, MANAGER.password)).resolves.toContain('gc_session=');
    } finally {
      await redis.destroy();
    }
  }, 90_000);
});
