/**
 * Citizens who leave, with two nodes on one Redis: the citizens' node is killed (SIGKILL, so no
 * disconnect is ever recorded there). One citizen's chat app reconnects through the load balancer
 * to the other node within the grace: not abandoned. Another citizen does not come back: the
 * surviving node's sweep times them from when it first misses them and closes their chat as
 * abandoned, neither at once nor never.
 */
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatClient } from '../../widget/app/chat-client.js';
import { createRedisStore } from '../../server/stores/redis-store.js';
import type { Store } from '../../server/stores/store.js';
import { closeAllSockets, outsideBrowser, startChat } from '../support/clients.js';
import { startFailoverProxy, type FailoverProxy } from '../support/failover-proxy.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

const GRACE_SECONDS = 3;

describe('a citizen whose node dies', () => {
  let redis: TestRedis;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let proxy: FailoverProxy;
  let store: Store;
  let citizen: ChatClient | undefined;

  beforeEach(async () => {
    redis = await startRedis();
    const environment = { VISITOR_ABANDON_GRACE_SECONDS: String(GRACE_SECONDS) };
    [nodeA, nodeB] = await Promise.all([startServerProcess(redis.url, environment), startServerProcess(redis.url, environment)]);
    proxy = await startFailoverProxy([nodeA.port, nodeB.port]);
    const client = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await client.connect();
    store = createRedisStore(client, { keyPrefix: 'gc:' });
  }, 60_000);
  afterEach(async () => {
    citizen?.close();
    closeAllSockets();
    await store?.close();
    await proxy?.close();
    await killAllServerProcesses();
    await redis?.destroy();
  });

  it('is not abandoned when they reconnect to the other node within the grace; one who never comes back is, after the grace', async () => {
    // Through the load balancer, which sends every new connection to node A while it lives.
    citizen = new ChatClient('demo', proxy.url, outsideBrowser({ origin: proxy.url }));
    await vi.waitFor(() => expect(citizen!.getState().connection).toBe('online'), { timeout: 10_000 });
    await citizen.start({ visitorName: 'Ines', topicId: 'permits', language: 'fr', pageUrl: 'http://127.0.0.1/', pageTitle: '' });
    const returning = citizen.getState().conversation!.id;
    // Straight to node A, with no reconnection: gone for good when A dies.
    const leaving = await startChat(nodeA.url, { visitorName: 'Paul' });

    // Node B sweeps too, and asks node A: both citizens, connected there, are not gone.
    await new Promise((resolve) => setTimeout(resolve, GRACE_SECONDS * 1000));
    for (const id of [returning, leaving.conversationId]) {
      expect(await store.conversations.get(id)).toMatchObject({ status: 'queued', visitorLeftAt: null });
    }

    const states: string[] = [];
    citizen.subscribe((state) => {
      if (states.at(-1) !== state.connection) states.push(state.connection);
    });
    const killedAt = Date.now();
    await nodeA.kill();

    // The returning citizen is back, through node B.
    await vi.waitFor(
      () => {
        expect(states).toContain('reconnecting');
        expect(states.at(-1)).toBe('online');
      },
      { timeout: 10_000, interval: 50 },
    );

    // The other is noted gone by node B's sweep (node A recorded nothing), then closed after the grace.
    await vi.waitFor(async () => expect((await store.conversations.get(leaving.conversationId))?.status).toBe('closed'), {
      timeout: 40_000,
      interval: 200,
    });
    const closed = (await store.conversations.get(leaving.conversationId))!;
    expect(closed).toMatchObject({ closedBy: 'system', closeReason: 'abandoned' });
    expect(closed.closedAt! - killedAt).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000);
    expect(closed.closedAt! - closed.visitorLeftAt!).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000);

    // The one who came back waits on, unmarked, a whole grace later.
    await new Promise((resolve) => setTimeout(resolve, (GRACE_SECONDS + 1) * 1000));
    expect(await store.conversations.get(returning)).toMatchObject({ status: 'queued', visitorLeftAt: null });
    expect(citizen.getState().conversation).toMatchObject({ id: returning, status: 'queued', queuePosition: 1 });
  }, 90_000);
});
