/**
 * Closed conversations and their messages are kept for RETENTION_DAYS, then deleted; open ones
 * are never touched. Runs on the Redis store, with a clock the test moves.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ask, closeAllSockets, connectVisitor, connected, startChat, visitorSocket } from '../support/clients.js';
import { ManualClock } from '../support/manual-clock.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { CLUSTER_SECRET } from '../support/server-process.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const DAY = 24 * 60 * 60 * 1000;

describe('retention', () => {
  let redis: TestRedis;
  let test: TestServer;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    redis = await startRedis();
    test = await startTestServer({ REDIS_URL: redis.url, SESSION_SECRET: CLUSTER_SECRET, RETENTION_DAYS: '30' }, { clock });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await test?.close();
    await redis?.destroy();
  });

  it('keeps a closed chat for the retention period, then deletes it with its messages', async () => {
    const closed = await startChat(test.url);
    await ask(closed.socket, 'message:send', { clientId: randomUUID(), text: 'my case number is 123' });
    await ask(closed.socket, 'conversation:end', {});
    const open = await startChat(test.url);
    await ask(open.socket, 'message:send', { clientId: randomUUID(), text: 'still waiting' });
    const store = test.server.services.store;

    clock.advance(30 * DAY - 1);
    expect(await test.server.services.retention.sweep()).toBe(0);
    const before = await connectVisitor(test.url, { token: closed.token });
    expect(await ask(before, 'conversation:sync', { afterSeq: 0 })).toMatchObject({
      ok: true,
      conversation: { status: 'closed' },
      messages: [{ text: 'my case number is 123' }],
    });

    clock.advance(2);
    expect(await test.server.services.retention.sweep()).toBe(1);
    expect(await store.conversations.get(closed.conversationId)).toBeNull();
    expect(await store.messages.listAfter(closed.conversationId, 0, 10)).toEqual([]);
    const after = visitorSocket(test.url, { token: closed.token });
    await expect(connected(after)).rejects.toMatchObject({ data: { code: 'unauthenticated' } });

    // The chat that is still open is untouched, however old.
    expect((await store.conversations.get(open.conversationId))?.status).toBe('queued');
    expect(await store.messages.lastSeq(open.conversationId)).toBe(1);
  });
});
