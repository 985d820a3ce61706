import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createRedisStore } from '../../server/stores/redis-store.js';
import type { Store } from '../../server/stores/store.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { describeStoreContract } from './store-contract.js';

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
