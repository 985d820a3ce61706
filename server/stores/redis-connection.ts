/**
 * Connections to Redis: one for the store (fails fast while Redis is away, so callers answer
 * `unavailable` at once) and one for the Socket.IO adapter (queues while Redis is away, so
 * broadcasts go out when it returns). Both reconnect by themselves, forever, and the outage is
 * logged once when it starts and once when it ends, not at every retry.
 */
import { Redis, type RedisOptions } from 'ioredis';

export interface RedisLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Waits between reconnection attempts: 100 ms, 200 ms, … up to 2 s. */
const retryStrategy = (attempt: number): number => Math.min(attempt * 100, 2000);

function watchOutages(client: Redis, role: string, logger: RedisLogger): void {
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.error({ role, err: { message: error.message } }, `Redis is unreachable (${role}); retrying until it returns`);
  });
  client.on('close', () => {
    if (!down && client.status !== 'end') {
      down = true;
      logger.error({ role }, `Redis connection lost (${role}); retrying until it returns`);
    }
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ role }, `Redis connection restored (${role})`);
  });
}

/** The store's client: no offline queue, one try per command. */
export function createStoreClient(url: string, logger: RedisLogger): Redis {
  const options: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy,
    connectionName: 'gov-chat:store',
  };
  const client = new Redis(url, options);
  watchOutages(client, 'store', logger);
  return client;
}

/** The Socket.IO adapter's client: commands wait for the connection instead of failing. */
export function createAdapterClient(url: string, logger: RedisLogger): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy, connectionName: 'gov-chat:adapter' });
  watchOutages(client, 'adapter', logger);
  return client;
}

/**
 * Connects the store's client at start-up, waiting up to `timeoutMs` for Redis to answer
 * (it may start after us); throws with a clear message if it never does.
 */
export async function connectWithin(client: Redis, url: string, timeoutMs: number, logger: RedisLogger): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      if (client.status === 'wait' || client.status === 'end') await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`Redis at ${redactedUrl(url)} did not answer within ${timeoutMs / 1000} s: ${(error as Error).message}`);
      }
      if (!told) {
        told = true;
        logger.warn({ url: redactedUrl(url) }, 'waiting for Redis to answer');
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** The URL without its password, for logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://(unparseable)';
  }
}
