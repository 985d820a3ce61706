/**
 * Redis goes away and comes back: the node turns not-ready, says so once in its log, refuses
 * sends with a retryable `unavailable` (nothing silently dropped), and resumes by itself.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../protocol/models.js';
import { ask, closeAllSockets, connectAgent, nextEvent, signIn, startChat } from '../support/clients.js';
import { startRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess, type LogLine } from '../support/server-process.js';
import { MANAGER } from '../support/test-server.js';

const readiness = async (url: string) => (await fetch(`${url}/readyz`)).status;
const aboutOutage = (line: LogLine) => /Redis (is unreachable|connection lost)/.test(line.msg);

describe('Redis outage', () => {
  afterAll(async () => {
    closeAllSockets();
    await killAllServerProcesses();
  });

  it('turns not-ready, refuses sends as retryable, logs once, and recovers by itself', async () => {
    const redis = await startRedis({ durable: true });
    try {
      const node = await startServerProcess(redis.url);
      const agent = await connectAgent(node.url, await signIn(node.url, MANAGER.email, MANAGER.password));
      await ask(agent, 'agent:set-status', { status: 'available' });
      const visitor = await startChat(node.url);
      await ask(agent, 'conversation:accept', { conversationId: visitor.conversationId });
      expect(await readiness(node.url)).toBe(200);

      await redis.kill();
      await vi.waitFor(async () => expect(await readiness(node.url)).toBe(503), { timeout: 10_000, interval: 100 });
      const clientId = randomUUID();
      const refused = await ask(visitor.socket, 'message:send', { clientId, text: 'sent during the outage' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });

      // Let the node retry for a while: it must not log every attempt.
      const retriesSeen = node.logs.length;
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const outageLines = node.logs.filter(aboutOutage);
      expect(outageLines.filter((line) => line.role === 'store')).toHaveLength(1);
      expect(outageLines.length).toBeLessThanOrEqual(2);
      expect(node.logs.length - retriesSeen).toBeLessThan(10);

      await redis.start();
      await vi.waitFor(async () => expect(await readiness(node.url)).toBe(200), { timeout: 15_000, interval: 100 });
      await node.waitForLog((line) => line.msg === 'Redis connection restored (store)');

      // The same message, sent again, goes through once; the agent hears of it live again.
      const delivered = nextEvent<Message>(agent, 'message:created', (m) => m.clientId === clientId, 10_000);
      const retried = await ask(visitor.socket, 'message:send', { clientId, text: 'sent during the outage' });
      expect(retried).toMatchObject({ ok: true, message: { seq: 1 } });
      await delivered;
      expect(node.logs.filter(aboutOutage).filter((line) => line.role === 'store')).toHaveLength(1);
    } finally {
      await redis.destroy();
    }
  }, 60_000);
});
