/** Creates console accounts straight in a deployment's Redis (what an admin tool will do). */
import { Redis } from 'ioredis';
import { AuthService, type NewAccount } from '../../server/services/auth-service.js';
import { systemClock } from '../../server/services/clock.js';
import { EventBus } from '../../server/services/events.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import { RateLimits } from '../../server/services/rate-limits.js';
import { DEMO_QUEUES } from '../../server/services/seed.js';
import { createRedisStore } from '../../server/stores/redis-store.js';
import { TEST_HASHING } from './test-server.js';

export const AGENT_PASSWORD = 'a-long-enough-password';

/** Creates these accounts (their emails made unique) in the deployment's Redis; resolves with the emails. */
export async function createAccounts(redisUrl: string, accounts: ReadonlyArray<Omit<NewAccount, 'email' | 'password'>>, keyPrefix = 'gc:'): Promise<string[]> {
  const client = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  await client.connect();
  const store = createRedisStore(client, { keyPrefix });
  const auth = new AuthService(store, systemClock, new EventBus(), 60 * 60_000, new PasswordHasher(TEST_HASHING), new RateLimits(store, systemClock));
  const emails: string[] = [];
  for (const [i, account] of accounts.entries()) {
    const email = `agent-${i}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    await auth.createAccount({ ...account, email, password: AGENT_PASSWORD });
    emails.push(email);
  }
  await store.close();
  return emails;
}

export async function createAgentAccounts(
  redisUrl: string,
  count: number,
  maxConcurrentChats: number,
  keyPrefix = 'gc:',
): Promise<string[]> {
  const client = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  await client.connect();
  const store = createRedisStore(client, { keyPrefix });
  const auth = new AuthService(
    store,
    systemClock,
    new EventBus(),
    60 * 60_000,
    new PasswordHasher(TEST_HASHING),
    new RateLimits(store, systemClock),
  );
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `agent-${i}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    await auth.createAccount({
      email,
      displayName: `Agent ${i}`,
      role: 'agent',
      password: AGENT_PASSWORD,
      maxConcurrentChats,
      languages: ['en', 'fr'],
      queueIds: DEMO_QUEUES.map((queue) => queue.id),
    });
    emails.push(email);
  }
  await store.close();
  return emails;
}
