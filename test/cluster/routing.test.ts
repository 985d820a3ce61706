/**
 * Routing across two nodes on one Redis (issue #7): the busy hour of test/realtime/routing.test.ts
 * with citizens and agents split over both nodes, so that both nodes plan and claim at once. Every
 * chat is answered once, in order within each queue, within every limit and language.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createRedisStore } from '../../server/stores/redis-store.js';
import type { Store } from '../../server/stores/store.js';
import { ask, closeAllSockets, connectAgent, signIn } from '../support/clients.js';
import { AGENT_PASSWORD, createAccounts } from '../support/cluster-accounts.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { MIXED_TEAM, playBusyHour } from '../support/routing-scenario.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

describe('routing across two nodes on one Redis', () => {
  let redis: TestRedis;
  let nodes: ServerProcess[];
  let store: Store;

  beforeAll(async () => {
    redis = await startRedis();
    nodes = await Promise.all([0, 1].map(() => startServerProcess(redis.url, { TRUST_PROXY: 'true' })));
    const client = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await client.connect();
    store = createRedisStore(client, { keyPrefix: 'gc:' });
  }, 60_000);
  afterAll(async () => {
    closeAllSockets();
    await store?.close();
    await killAllServerProcesses();
    await redis?.destroy();
  });

  it('answers 50 citizens with 8 agents split over both nodes: everyone once, in order, within limits', async () => {
    const team = MIXED_TEAM.map(({ languages, max }, i) => ({
      displayName: `Agent ${i} (${languages.join('+')}, ${max})`,
      role: 'agent' as const,
      languages,
      maxConcurrentChats: max,
      queueIds: ['general-en', 'general-fr'],
    }));
    const emails = await createAccounts(redis.url, team);
    const agents = await Promise.all(
      emails.map(async (email, i) => {
        const node = nodes[i % nodes.length]!;
        const socket = await connectAgent(node.url, await signIn(node.url, email, AGENT_PASSWORD));
        await ask(socket, 'agent:set-status', { status: 'available' });
        return { socket, name: team[i]!.displayName, languages: MIXED_TEAM[i]!.languages, max: MIXED_TEAM[i]!.max };
      }),
    );
    const distribution = await playBusyHour({
      agents,
      citizenUrls: nodes.map((node) => node.url),
      citizens: 50,
      read: async (id) => (await store.conversations.get(id))!,
    });
    console.log(`two nodes: ${distribution}`);
  }, 90_000);
});
