/**
 * Transfer and wrap-up across two nodes on one Redis (issue #7, point 6): a transfer made on one
 * node reaches the receiving agent on the other at once, note and all, and the citizen on the first;
 * a wrap-up left past its deadline is recorded once, though both nodes sweep, and the agent's free
 * slot is given the next chat by routing.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Note } from '../../protocol/agent-tools.js';
import type { AgentConversation, VisitorConversation } from '../../protocol/models.js';
import { NOT_RECORDED } from '../../server/domain/wrap-up.js';
import { createRedisStore } from '../../server/stores/redis-store.js';
import type { Store } from '../../server/stores/store.js';
import { ask, closeAllSockets, connectAgent, nextEvent, signIn, startChat, type AgentSocket } from '../support/clients.js';
import { AGENT_PASSWORD, createAccounts } from '../support/cluster-accounts.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

describe('transfer and wrap-up across two nodes on one Redis', () => {
  let redis: TestRedis;
  let nodes: [ServerProcess, ServerProcess];
  let store: Store;

  beforeAll(async () => {
    redis = await startRedis();
    nodes = (await Promise.all([0, 1].map(() => startServerProcess(redis.url, { WRAP_UP_SECONDS: '1' })))) as [ServerProcess, ServerProcess];
    const client = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await client.connect();
    store = createRedisStore(client, { keyPrefix: 'gc:' });
  }, 60_000);
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await store?.close();
    await killAllServerProcesses();
    await redis?.destroy();
  });

  /** Signs each account in on its node, connected and available; resolves with the sockets and ids. */
  async function agentsOn(accounts: Array<{ displayName: string; node: ServerProcess; queueIds: string[]; max: number }>) {
    const emails = await createAccounts(
      redis.url,
      accounts.map(({ displayName, queueIds, max }) => ({ displayName, role: 'agent' as const, languages: ['en', 'fr'], queueIds, maxConcurrentChats: max })),
    );
    return Promise.all(
      emails.map(async (email, i) => {
        const { node } = accounts[i]!;
        const socket: AgentSocket = await connectAgent(node.url, await signIn(node.url, email, AGENT_PASSWORD));
        expect(await ask(socket, 'agent:set-status', { status: 'available' })).toMatchObject({ ok: true });
        return { socket, id: (await store.agents.findByEmail(email))!.id };
      }),
    );
  }

  it('takes a transfer made on one node to the receiving agent on the other, with its note, and tells the citizen', async () => {
    const [nodeA, nodeB] = nodes;
    const [alex, blake] = await agentsOn([
      { displayName: 'Alex', node: nodeA, queueIds: ['permits-fr'], max: 3 },
      { displayName: 'Blake', node: nodeB, queueIds: [], max: 3 },
    ]);
    const citizen = await startChat(nodeA.url, { topicId: 'permits', language: 'fr' });
    expect(await ask(alex!.socket, 'conversation:accept', { conversationId: citizen.conversationId })).toMatchObject({ ok: true });

    const given = nextEvent<AgentConversation>(blake!.socket, 'conversation:updated', (c) => c.id === citizen.conversationId && c.status === 'active');
    const noted = nextEvent<Note>(blake!.socket, 'note:created', (note) => note.kind === 'transferred');
    const told = nextEvent<VisitorConversation>(citizen.socket, 'conversation:updated', (c) => c.transferred === 'agent');
    expect(
      await ask(alex!.socket, 'conversation:transfer', { conversationId: citizen.conversationId, to: { kind: 'agent', agentId: blake!.id }, note: 'Over to you, Blake.' }),
    ).toMatchObject({ ok: true });
    expect(await given).toMatchObject({ agentId: blake!.id, agentName: 'Blake' });
    expect(await noted).toMatchObject({ byName: 'Alex', text: 'Over to you, Blake.', to: { kind: 'agent', agentId: blake!.id } });
    // No public name approved for Blake: the citizen reads "an agent", never the display name.
    expect(await told).toMatchObject({ agentName: null, transferred: 'agent' });
    // Blake, on the other node, holds it now: they write in it and read its notes.
    expect(await ask(blake!.socket, 'notes:list', { conversationId: citizen.conversationId })).toMatchObject({ ok: true, notes: [{ kind: 'transferred' }] });
  });

  it('records a wrap-up left past its deadline once, though both nodes sweep, and routing gives the freed slot the next chat', async () => {
    const [nodeA, nodeB] = nodes;
    const [casey] = await agentsOn([{ displayName: 'Casey', node: nodeB, queueIds: ['general-en'], max: 1 }]);
    const first = await startChat(nodeA.url, { topicId: 'benefits', language: 'en' });
    await vi.waitFor(async () => expect(await store.conversations.get(first.conversationId)).toMatchObject({ status: 'active', agentId: casey!.id }), {
      timeout: 10_000,
    });
    await ask(first.socket, 'conversation:end', {});
    const closed = (await store.conversations.get(first.conversationId))!;
    expect(closed.wrapUp?.outcome).toBeNull();
    const second = await startChat(nodeA.url, { topicId: 'benefits', language: 'en' });

    const given = nextEvent<AgentConversation>(casey!.socket, 'conversation:updated', (c) => c.id === second.conversationId && c.status === 'active', 10_000);
    expect(await given).toMatchObject({ agentId: casey!.id });
    const expired = (await store.conversations.get(first.conversationId))!;
    // One save: the closing version, and one more.
    expect(expired).toMatchObject({ version: closed.version + 1, wrapUp: { outcome: NOT_RECORDED } });
  });
});
