/**
 * Accounts across server nodes on one Redis (issue #9, point 1): a manager on one node deactivates
 * an agent whose console is on the other; that console is cut within a second and the chat it held
 * goes back to the queue at once. Two managers demoting each other at the same moment, each from
 * their own node, leave exactly one active manager (the check and the write are one Lua step).
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentConversation, VisitorConversation } from '../../protocol/models.js';
import { ask, closeAllSockets, connectAgent, nextEvent, signIn, startChat } from '../support/clients.js';
import { AGENT_PASSWORD, createAccounts } from '../support/cluster-accounts.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { MANAGER } from '../support/test-server.js';
import { createRedisStore } from '../../server/stores/redis-store.js';

describe('accounts across server nodes on one Redis', () => {
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

  /** A store on the deployment's Redis, as a node has (closed by the caller). */
  async function deploymentStore() {
    const client = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await client.connect();
    return createRedisStore(client, { keyPrefix: 'gc:' });
  }

  it('cuts a deactivated agent’s console on the other node within a second, and gives their chat back at once', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const [agentEmail] = await createAccounts(redis.url, [{ displayName: 'Robin', role: 'agent', languages: ['fr'], queueIds: ['general-fr'], maxConcurrentChats: 2 }]);
    const agent = await connectAgent(b.url, await signIn(b.url, agentEmail!, AGENT_PASSWORD));
    expect(await ask(agent, 'agent:set-status', { status: 'available' })).toMatchObject({ ok: true });
    const citizen = await startChat(a.url, { topicId: 'benefits', language: 'fr' });
    await nextEvent<AgentConversation>(agent, 'conversation:updated', (c) => c.id === citizen.conversationId && c.status === 'active', 10_000);

    const manager = await connectAgent(a.url, await signIn(a.url, MANAGER.email, MANAGER.password));
    const listed = await ask(manager, 'admin:accounts:list', {});
    if (!listed.ok) throw new Error(listed.error.code);
    const robin = listed.accounts.find((account) => account.email === agentEmail)!;

    const ended = nextEvent<{ code: string }>(agent, 'session:ended', () => true, 1000);
    const cut = new Promise<number>((resolve) => agent.once('disconnect', () => resolve(Date.now())));
    const backInQueue = nextEvent<VisitorConversation>(citizen.socket, 'conversation:updated', (c) => c.status === 'queued', 1000);
    const started = Date.now();
    expect(await ask(manager, 'admin:accounts:deactivate', { agentId: robin.id })).toMatchObject({ ok: true, account: { active: false } });
    await ended;
    expect((await cut) - started).toBeLessThan(1000);
    await backInQueue;

    // Refused on either node from now on.
    for (const node of [a, b]) await expect(signIn(node.url, agentEmail!, AGENT_PASSWORD)).rejects.toThrow(/401/);
  });

  it('applies a change made on one node to the account’s console on the other at once', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const [agentEmail] = await createAccounts(redis.url, [{ displayName: 'Kim', role: 'agent', languages: ['en'], queueIds: ['general-en'], maxConcurrentChats: 2 }]);
    const agent = await connectAgent(b.url, await signIn(b.url, agentEmail!, AGENT_PASSWORD));
    const manager = await connectAgent(a.url, await signIn(a.url, MANAGER.email, MANAGER.password));
    const listed = await ask(manager, 'admin:accounts:list', {});
    if (!listed.ok) throw new Error(listed.error.code);
    const kim = listed.accounts.find((account) => account.email === agentEmail)!;
    const updated = nextEvent<{ languages: string[]; maxConcurrentChats: number }>(agent, 'agent:updated', (profile) => profile.maxConcurrentChats === 4, 5000);
    expect(await ask(manager, 'admin:accounts:update', { agentId: kim.id, languages: ['en', 'fr'], maxConcurrentChats: 4 })).toMatchObject({ ok: true });
    expect((await updated).languages).toEqual(['en', 'fr']);
    // Promoted: the very next command on the other node may do what the new role allows.
    expect(await ask(agent, 'supervision:subscribe', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask(manager, 'admin:accounts:update', { agentId: kim.id, role: 'supervisor' })).toMatchObject({ ok: true });
    expect(await ask(agent, 'supervision:subscribe', {})).toMatchObject({ ok: true });
  });

  it('two managers demoting each other at once, from two nodes, leave exactly one active manager', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const store = await deploymentStore();
    try {
      for (let round = 0; round < 3; round++) {
        const [xEmail, yEmail] = await createAccounts(redis.url, [
          { displayName: `X${round}`, role: 'manager', languages: ['en'], queueIds: [] },
          { displayName: `Y${round}`, role: 'manager', languages: ['en'], queueIds: [] },
        ]);
        const [x, y] = [(await store.agents.findByEmail(xEmail!))!, (await store.agents.findByEmail(yEmail!))!];
        // Every other manager steps down, so that these two are the only active ones.
        for (const other of await store.agents.list()) {
          if (other.role === 'manager' && other.active && other.id !== x.id && other.id !== y.id) {
            expect(await store.agents.replace({ ...other, role: 'supervisor', version: other.version + 1 }, other.version)).toBe('saved');
          }
        }
        const onA = await connectAgent(a.url, await signIn(a.url, xEmail!, AGENT_PASSWORD));
        const onB = await connectAgent(b.url, await signIn(b.url, yEmail!, AGENT_PASSWORD));
        // A demotion ends the demoted manager's sessions: the command they sent meanwhile may see
        // its connection cut before its answer (counted as not done: the store says what was).
        const cut = { ok: false as const };
        const answers = await Promise.all([
          ask(onA, 'admin:accounts:update', { agentId: y.id, role: 'supervisor' }).catch(() => cut),
          ask(onB, 'admin:accounts:update', { agentId: x.id, role: 'supervisor' }).catch(() => cut),
        ]);
        // At most one went through; the other was refused (the last manager, or, when it came
        // second, a caller no longer a manager) or cut.
        expect(answers.filter((answer) => answer.ok).length).toBeLessThanOrEqual(1);
        const activeManagers = (await store.agents.list()).filter((agent) => agent.role === 'manager' && agent.active);
        expect(activeManagers.map((agent) => agent.id)).toHaveLength(1);
        expect([x.id, y.id]).toContain(activeManagers[0]!.id);
        closeAllSockets();
      }
    } finally {
      await store.close();
    }
  });
});
