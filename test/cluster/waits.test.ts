/**
 * Waits across nodes on one Redis (issue #7): a citizen waiting on one node hears the wait change
 * when an agent on another node becomes available, takes a chat and is free again after it (ended,
 * its wrap-up recorded; the node that saw the change publishes it through the adapter), a citizen
 * starting on the first node is told a wait computed from the shared state, and the handle time is
 * kept once, in Redis.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VisitorQueueWait } from '../../protocol/visitor-events.js';
import { estimateWait } from '../../protocol/wait-estimate.js';
import { ask, closeAllSockets, connectAgent, nextEvent, signIn, startChat, type VisitorSocket } from '../support/clients.js';
import { AGENT_PASSWORD, createAgentAccounts } from '../support/cluster-accounts.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

describe('waits across server nodes on one Redis', () => {
  let redis: TestRedis;
  let nodes: ServerProcess[];

  beforeAll(async () => {
    redis = await startRedis();
    nodes = await Promise.all([0, 1].map(() => startServerProcess(redis.url)));
  }, 60_000);
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await killAllServerProcesses();
    await redis?.destroy();
  });

  const queueWait = (socket: VisitorSocket, test: (wait: VisitorQueueWait) => boolean) => nextEvent<VisitorQueueWait>(socket, 'queue:wait', test, 10_000);

  it('tells a citizen on one node of an agent on another becoming available, taking a chat and wrapping it up', async () => {
    const [citizens, consoles] = nodes as [ServerProcess, ServerProcess];
    const [email] = await createAgentAccounts(redis.url, 1, 1);
    const first = await startChat(citizens.url, { topicId: 'permits', language: 'fr' });
    expect(first.conversation).toMatchObject({ queueWait: { slots: 0 }, estimatedWait: 'no_agent' });

    const staffed = queueWait(first.socket, (wait) => wait.slots === 1 && wait.freeSlots === 1);
    const agent = await connectAgent(consoles.url, await signIn(consoles.url, email!, AGENT_PASSWORD));
    await ask(agent, 'agent:set-status', { status: 'available' });
    expect(estimateWait(1, await staffed).band).toBe('under_1');

    expect(await ask(agent, 'conversation:accept', { conversationId: first.conversationId })).toMatchObject({ ok: true });
    const second = await startChat(citizens.url, { topicId: 'permits', language: 'fr' });
    expect(second.conversation).toMatchObject({ queuePosition: 1, queueWait: { slots: 1, freeSlots: 0 }, estimatedWait: 'about_10' });

    const freed = queueWait(second.socket, (wait) => wait.freeSlots === 1);
    await ask(agent, 'conversation:end', { conversationId: first.conversationId, reason: 'resolved' });
    await ask(agent, 'conversation:wrap-up', { conversationId: first.conversationId, outcome: 'resolved' });
    expect(estimateWait(1, await freed).band).toBe('under_1');

    const client = new Redis(redis.url);
    try {
      expect(await client.llen('gc:handle-times:permits-fr')).toBe(1);
    } finally {
      client.disconnect();
    }
  });
});
