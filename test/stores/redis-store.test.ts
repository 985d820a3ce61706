import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueScore } from '../../server/domain/queue-order.js';
import { createRedisStore, upgradeRedisLayout } from '../../server/stores/redis-store.js';
import type { Store } from '../../server/stores/store.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { conversation, describeStoreContract } from './store-contract.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.destroy());

describeStoreContract('Redis', async () => {
  // A fresh key prefix per test: isolation without flushing.
  const keyPrefix = `t${randomUUID().slice(0, 8)}:`;
  const open = async (): Promise<Store> => {
    const client = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await client.connect();
    return createRedisStore(client, { keyPrefix });
  };
  const store = await open();
  return { store, peer: open, close: () => store.close() };
});

describe('upgrading from the single-queue layout', () => {
  it('moves the chats waiting in the old `queue` set into their own queues, once', async () => {
    const keyPrefix = `u${randomUUID().slice(0, 8)}:`;
    const client = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await client.connect();
    const waiting = conversation('waiting', Date.parse('2026-11-02T14:00:00Z'), 'french');
    await client.set(`${keyPrefix}conversation:waiting`, JSON.stringify(waiting));
    await client.zadd(`${keyPrefix}queue`, queueScore(waiting), 'waiting');

    await upgradeRedisLayout(client, { keyPrefix });
    await upgradeRedisLayout(client, { keyPrefix });
    const store = createRedisStore(client, { keyPrefix });
    expect((await store.conversations.listQueued()).map((c) => c.id)).toEqual(['waiting']);
    expect(await store.conversations.queuePlace(waiting)).toMatchObject({ position: 1, revision: 1 });
    expect(await client.exists(`${keyPrefix}queue`)).toBe(0);
    await store.close();
  });
});

describe('reading sites stored before business hours', () => {
  it('reads them as always open, with no other ways or self-service links', async () => {
    const keyPrefix = `h${randomUUID().slice(0, 8)}:`;
    const client = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await client.connect();
    const legacy = { id: 'old', name: { en: 'Old', fr: 'Ancien' }, allowedOrigins: ["'self'"], chatEnabled: true, topics: [] };
    await client.multi().set(`${keyPrefix}site:old`, JSON.stringify(legacy)).sadd(`${keyPrefix}sites`, 'old').exec();
    const store = createRedisStore(client, { keyPrefix });
    const expected = { ...legacy, hours: null, otherWays: [], selfService: [] };
    expect(await store.sites.get('old')).toEqual(expected);
    expect(await store.sites.list()).toEqual([expected]);
    await store.close();
  });
});

describe('reading records written before a field existed', () => {
  it('reads a conversation without the citizen’s presence, idle warning, transfers or wrap-up as having none, and starts the idle clock of chats in progress', async () => {
    const keyPrefix = `v${randomUUID().slice(0, 8)}:`;
    const client = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await client.connect();
    const { visitorLeftAt: _left, idleWarnedAt: _warned, idleClosesAt: _closes, transfers: _transfers, lastTransfer: _last, wrapUp: _wrapUp, ...older } = {
      ...conversation('older', Date.parse('2026-11-02T14:00:00Z')),
      status: 'active' as const,
      agentId: 'a1',
      assignedAt: Date.parse('2026-11-02T14:05:00Z'),
    };
    await client.set(`${keyPrefix}conversation:older`, JSON.stringify(older));
    await client.sadd(`${keyPrefix}agents`, 'a1');
    await client.sadd(`${keyPrefix}agent-active:a1`, 'older');

    await upgradeRedisLayout(client, { keyPrefix });
    const store = createRedisStore(client, { keyPrefix });
    expect(await store.conversations.get('older')).toMatchObject({
      visitorLeftAt: null,
      idleWarnedAt: null,
      idleClosesAt: null,
      transfers: 0,
      lastTransfer: null,
      wrapUp: null,
    });
    expect((await store.conversations.listOpen()).map((c) => c.visitorLeftAt)).toEqual([null]);
    expect(await store.conversations.idleSince()).toEqual(new Map([['older', Date.parse('2026-11-02T14:05:00Z')]]));
    await store.close();
  });

  it('reads an account and a session from before administration as active, at the first epoch, with no link pending', async () => {
    const keyPrefix = `v${randomUUID().slice(0, 8)}:`;
    const client = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await client.connect();
    const older = { id: 'a1', email: 'a1@example.test', displayName: 'A1', role: 'manager', passwordHash: 'scrypt$x', maxConcurrentChats: 2, languages: ['en'], queueIds: [], createdAt: 1 };
    await client.set(`${keyPrefix}agent:a1`, JSON.stringify(older));
    await client.set(`${keyPrefix}agent-email:a1@example.test`, 'a1');
    await client.sadd(`${keyPrefix}agents`, 'a1');
    await client.set(`${keyPrefix}session:s1`, JSON.stringify({ id: 's1', agentId: 'a1', createdAt: 1, lastSeenAt: 1, expiresAt: 2 }));
    const store = createRedisStore(client, { keyPrefix });
    const read = await store.agents.get('a1');
    expect(read).toMatchObject({ active: true, sessionEpoch: 0, passwordLink: null, version: 0 });
    expect(await store.sessions.get('s1')).toMatchObject({ epoch: 0 });
    // The first change of such a record is made against version 0; and it is the last active manager.
    expect(await store.agents.replace({ ...read!, role: 'agent', version: 1 }, 0)).toBe('last_manager');
    expect(await store.agents.replace({ ...read!, displayName: 'Alex', version: 1 }, 0)).toBe('saved');
    expect(await store.agents.get('a1')).toMatchObject({ displayName: 'Alex', version: 1, languages: ['en'], queueIds: [] });
    await store.close();
  });
});
