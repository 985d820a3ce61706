/**
 * The supervisor's live view across nodes on one Redis (issue #7, point 7): a status change on one
 * node reaches a supervisor connected to another (the node that saw it reads and publishes through
 * the adapter), a limit set on one node reaches the agent's console on the other and routing gives
 * them a waiting chat, and a chat watched read-only from one node is heard as its citizen writes on
 * the other.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentConversation, AgentProfile, Message } from '../../protocol/models.js';
import type { SupervisionChange } from '../../protocol/supervision.js';
import { ask, closeAllSockets, connectAgent, nextEvent, signIn, startChat } from '../support/clients.js';
import { AGENT_PASSWORD, createAccounts } from '../support/cluster-accounts.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

describe('the supervision view across server nodes on one Redis', () => {
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

  it('shows a supervisor on one node an agent’s status set on the other, and a limit set on one applies on the other at once', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const [agentEmail, supervisorEmail] = await createAccounts(redis.url, [
      { displayName: 'Robin', role: 'agent', languages: ['fr'], queueIds: ['general-fr'], maxConcurrentChats: 1 },
      { displayName: 'Sam', role: 'supervisor', languages: ['en', 'fr'], queueIds: [] },
    ]);
    const boss = await connectAgent(a.url, await signIn(a.url, supervisorEmail!, AGENT_PASSWORD));
    const picture = await ask(boss, 'supervision:subscribe', {});
    if (!picture.ok) throw new Error(picture.error.code);
    const robin = picture.supervision.agents.find((agent) => agent.displayName === 'Robin')!;
    expect(robin).toMatchObject({ status: 'offline', connected: false, maxConcurrentChats: 1 });
    // Node A reads after the supervisor's own arrival, then only every 15 s: what follows comes from node B.
    await new Promise((resolve) => setTimeout(resolve, 600));

    const cameOnline = nextEvent<SupervisionChange>(boss, 'supervision:changed', (change) => change.agents.some((agent) => agent.id === robin.id && agent.status === 'available'), 10_000);
    const agent = await connectAgent(b.url, await signIn(b.url, agentEmail!, AGENT_PASSWORD));
    await ask(agent, 'agent:set-status', { status: 'available' });
    const online = await cameOnline;
    expect(online.agents.find((entry) => entry.id === robin.id)).toMatchObject({ connected: true });
    expect(online.queues.find((queue) => queue.id === 'general-fr')).toMatchObject({ agents: { available: 1, withRoom: 1 } });

    const wentAway = nextEvent<SupervisionChange>(boss, 'supervision:changed', (change) => change.agents.some((entry) => entry.id === robin.id && entry.status === 'away'), 10_000);
    await ask(agent, 'agent:set-status', { status: 'away', reason: 'meal' });
    expect((await wentAway).agents.find((entry) => entry.id === robin.id)).toMatchObject({ awayReason: 'meal' });
    await ask(agent, 'agent:set-status', { status: 'available' });

    // Two chats for one slot: the second waits, until the supervisor on node A raises the limit.
    const first = await startChat(b.url, { topicId: 'benefits', language: 'fr' });
    await nextEvent<AgentConversation>(agent, 'conversation:updated', (c) => c.id === first.conversationId && c.status === 'active', 10_000);
    const second = await startChat(a.url, { topicId: 'benefits', language: 'fr' });
    const queued = await ask(boss, 'supervision:chats', { queueId: 'general-fr' });
    expect(queued).toMatchObject({ ok: true, total: 1, chats: [{ id: second.conversationId }] });

    const profile = nextEvent<AgentProfile>(agent, 'agent:updated', (updated) => updated.maxConcurrentChats === 2, 10_000);
    const given = nextEvent<AgentConversation>(agent, 'conversation:updated', (c) => c.id === second.conversationId && c.status === 'active', 10_000);
    expect(await ask(boss, 'agent:set-limit', { agentId: robin.id, maxConcurrentChats: 2 })).toMatchObject({ ok: true, agent: { maxConcurrentChats: 2 } });
    await Promise.all([profile, given]);

    // Watching from node A a chat whose citizen and agent are on node B.
    const heard = nextEvent<Message>(boss, 'message:created', (message) => message.text === 'Toujours là', 10_000);
    expect(await ask(boss, 'supervision:watch', { conversationId: first.conversationId })).toMatchObject({ ok: true, conversation: { status: 'active' } });
    await ask(first.socket, 'message:send', { clientId: randomUUID(), text: 'Toujours là' });
    await heard;
  });
});
