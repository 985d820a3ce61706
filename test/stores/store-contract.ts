/**
 * The store contract: what every Store implementation must do, run against each one
 * (memory-store.test.ts today; the Redis store will run the same suite). Write a behaviour here
 * once, never per store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignConversation, closeConversation, openConversation, requeueConversation } from '../../server/domain/conversation-lifecycle.js';
import type { Agent, Conversation, MessageDraft } from '../../server/domain/entities.js';
import type { Store } from '../../server/stores/store.js';

const T0 = Date.parse('2026-11-02T14:00:00Z');

export function conversation(id: string, queuedAt = T0): Conversation {
  return openConversation(
    {
      id,
      siteId: 'demo',
      queueId: 'general',
      topicId: 'benefits',
      language: 'en',
      visitorName: null,
      pageUrl: 'https://example.test/',
      pageTitle: null,
      visitorTokenHash: 'h',
    },
    queuedAt,
  );
}

function agent(id: string, email: string): Agent {
  return {
    id,
    email,
    displayName: id,
    role: 'agent',
    passwordHash: 'scrypt$…',
    maxConcurrentChats: 2,
    languages: ['en'],
    createdAt: T0,
  };
}

function draft(conversationId: string, clientId: string, text = 'hello'): MessageDraft {
  return {
    id: `m-${clientId}`,
    conversationId,
    clientId,
    author: { kind: 'visitor', agentId: null, name: null },
    text,
    sentAt: T0,
  };
}

export function describeStoreContract(name: string, createStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('answers ping when it can serve', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('keeps sites and returns copies, not the stored object', async () => {
      const site = { id: 's', name: { en: 'S', fr: 'S' }, allowedOrigins: ["'self'"], chatEnabled: true, topics: [] };
      await store.sites.put(site);
      const read = await store.sites.get('s');
      expect(read).toEqual(site);
      read!.chatEnabled = false;
      expect((await store.sites.get('s'))?.chatEnabled).toBe(true);
      expect(await store.sites.get('missing')).toBeNull();
      expect((await store.sites.list()).map((s) => s.id)).toEqual(['s']);
    });

    it('keeps one account per email, whatever its case', async () => {
      expect(await store.agents.insert(agent('a1', 'Alex@Example.test'))).toBe(true);
      expect(await store.agents.insert(agent('a2', 'alex@example.TEST'))).toBe(false);
      expect((await store.agents.findByEmail('ALEX@example.test'))?.id).toBe('a1');
      expect((await store.agents.get('a1'))?.email).toBe('alex@example.test');
      expect(await store.agents.findByEmail('nobody@example.test')).toBeNull();
    });

    it('keeps, replaces and deletes sessions', async () => {
      const session = { id: 'sess', agentId: 'a1', createdAt: T0, lastSeenAt: T0, expiresAt: T0 + 1000 };
      await store.sessions.put(session);
      expect(await store.sessions.get('sess')).toEqual(session);
      await store.sessions.put({ ...session, expiresAt: T0 + 5000 });
      expect((await store.sessions.get('sess'))?.expiresAt).toBe(T0 + 5000);
      await store.sessions.delete('sess');
      expect(await store.sessions.get('sess')).toBeNull();
    });

    it('keeps agent presence', async () => {
      expect(await store.presence.get('a1')).toBeNull();
      await store.presence.put({ agentId: 'a1', status: 'available', since: T0 });
      expect(await store.presence.get('a1')).toEqual({ agentId: 'a1', status: 'available', since: T0 });
    });

    it('inserts a conversation once and lists the queue next-first', async () => {
      expect(await store.conversations.insert(conversation('late', T0 + 2))).toBe(true);
      expect(await store.conversations.insert(conversation('early', T0 + 1))).toBe(true);
      expect(await store.conversations.insert(conversation('early', T0 + 1))).toBe(false);
      expect((await store.conversations.listQueued()).map((c) => c.id)).toEqual(['early', 'late']);
    });

    it('saves with compare-and-set: a stale version is a conflict and changes nothing', async () => {
      const original = conversation('c');
      await store.conversations.insert(original);
      const first = assignConversation(original, 'a1', T0);
      const second = assignConversation(original, 'a2', T0);
      expect(await store.conversations.save(first, original.version)).toBe('saved');
      expect(await store.conversations.save(second, original.version)).toBe('conflict');
      expect((await store.conversations.get('c'))?.agentId).toBe('a1');
      expect(await store.conversations.save(first, 99)).toBe('conflict');
    });

    it('keeps the queue and each agent’s active chats in step with status', async () => {
      const c = conversation('c');
      await store.conversations.insert(c);
      const active = assignConversation(c, 'a1', T0);
      await store.conversations.save(active, c.version);
      expect(await store.conversations.listQueued()).toEqual([]);
      expect((await store.conversations.listActiveByAgent('a1')).map((x) => x.id)).toEqual(['c']);

      const requeued = requeueConversation(active, T0 + 10);
      await store.conversations.save(requeued, active.version);
      expect(await store.conversations.listActiveByAgent('a1')).toEqual([]);
      expect((await store.conversations.listQueued()).map((x) => x.id)).toEqual(['c']);

      const closed = closeConversation(requeued, { by: 'visitor', reason: 'visitor_ended' }, T0 + 20);
      await store.conversations.save(closed, requeued.version);
      expect(await store.conversations.listQueued()).toEqual([]);
      expect((await store.conversations.get('c'))?.status).toBe('closed');
    });

    it('refuses an assignment beyond the agent’s capacity, atomically with the write', async () => {
      for (const id of ['c1', 'c2', 'c3']) await store.conversations.insert(conversation(id));
      const guard = { agentId: 'a1', max: 2 };
      for (const id of ['c1', 'c2']) {
        const current = (await store.conversations.get(id))!;
        expect(await store.conversations.save(assignConversation(current, 'a1', T0), current.version, guard)).toBe('saved');
      }
      const third = (await store.conversations.get('c3'))!;
      expect(await store.conversations.save(assignConversation(third, 'a1', T0), third.version, guard)).toBe('at_capacity');
      expect((await store.conversations.get('c3'))?.status).toBe('queued');
      // Saving a chat the agent already holds does not count it twice.
      const held = (await store.conversations.get('c1'))!;
      expect(await store.conversations.save({ ...held, version: held.version + 1 }, held.version, guard)).toBe('saved');
    });

    it('gives messages consecutive sequence numbers per conversation', async () => {
      const first = await store.messages.append(draft('c1', 'client-0001'));
      const second = await store.messages.append(draft('c1', 'client-0002'));
      const other = await store.messages.append(draft('c2', 'client-0003'));
      expect([first.message.seq, second.message.seq, other.message.seq]).toEqual([1, 2, 1]);
      expect(await store.messages.lastSeq('c1')).toBe(2);
      expect(await store.messages.lastSeq('none')).toBe(0);
    });

    it('stores a retried message once and returns the stored copy', async () => {
      const first = await store.messages.append(draft('c1', 'client-0001', 'hello'));
      const retry = await store.messages.append(draft('c1', 'client-0001', 'hello'));
      expect(first.created).toBe(true);
      expect(retry.created).toBe(false);
      expect(retry.message).toEqual(first.message);
      expect(await store.messages.lastSeq('c1')).toBe(1);
    });

    it('keeps the same client id from each side apart', async () => {
      await store.messages.append(draft('c1', 'client-0001'));
      const fromAgent = await store.messages.append({
        ...draft('c1', 'client-0001'),
        author: { kind: 'agent', agentId: 'a1', name: 'Alex' },
      });
      expect(fromAgent.created).toBe(true);
      expect(fromAgent.message.seq).toBe(2);
    });

    it('lists messages after a sequence number, in order, up to a limit', async () => {
      for (let i = 1; i <= 5; i++) await store.messages.append(draft('c1', `client-000${i}`, `m${i}`));
      expect((await store.messages.listAfter('c1', 0, 10)).map((m) => m.text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
      expect((await store.messages.listAfter('c1', 2, 2)).map((m) => m.seq)).toEqual([3, 4]);
      expect(await store.messages.listAfter('c1', 5, 10)).toEqual([]);
      expect(await store.messages.listAfter('none', 0, 10)).toEqual([]);
    });

    it('appends atomically: concurrent appends get distinct, gapless sequence numbers', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.messages.append(draft('c1', `client-${String(i).padStart(4, '0')}`))),
      );
      expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });
  });
}
