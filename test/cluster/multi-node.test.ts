/**
 * Several server processes with one REDIS_URL act as one deployment: a citizen on one node and an
 * agent on another chat normally, and nodes racing to assign chats never double-assign one or
 * push an agent past their limit.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgentQueueChange } from '../../protocol/agent-events.js';
import type { AgentConversation, Message, VisitorConversation } from '../../protocol/models.js';
import { MESSAGE_RATE_PER_CONVERSATION } from '../../server/domain/rate-policies.js';
import { ask, closeAllSockets, connectAgent, connectVisitor, nextEvent, signIn, startChat, type AgentSocket } from '../support/clients.js';
import { AGENT_PASSWORD, createAgentAccounts } from '../support/cluster-accounts.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';
import { MANAGER } from '../support/test-server.js';

describe('several server nodes on one Redis', () => {
  let redis: TestRedis;
  let nodes: ServerProcess[];

  beforeAll(async () => {
    redis = await startRedis({ durable: true });
    nodes = await Promise.all([0, 1, 2].map(() => startServerProcess(redis.url)));
  }, 60_000);
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await killAllServerProcesses();
    await redis?.destroy();
  });

  it('creates the bootstrap manager once, though every node starts at the same moment', async () => {
    const created = nodes.flatMap((node) => node.logs.filter((line) => line.msg === 'Created the bootstrap manager account.'));
    expect(created).toHaveLength(1);
  });

  it('lets a citizen on one node and an agent on another chat, live, in order, without duplicates', async () => {
    const [nodeA, nodeB] = nodes as [ServerProcess, ServerProcess];
    const cookie = await signIn(nodeB.url, MANAGER.email, MANAGER.password);
    const agent = await connectAgent(nodeB.url, cookie);
    await ask(agent, 'agent:set-status', { status: 'available' });

    const queued = nextEvent<AgentQueueChange>(agent, 'queue:changed', (change) => change.kind === 'joined' && change.entry.visitorName === 'Nadia');
    const visitor = await startChat(nodeA.url, { visitorName: 'Nadia' });
    await queued;

    const visitorSeesAgent = nextEvent<VisitorConversation>(visitor.socket, 'conversation:updated', (c) => c.status === 'active');
    expect(await ask(agent, 'conversation:accept', { conversationId: visitor.conversationId })).toMatchObject({ ok: true });
    await visitorSeesAgent;

    const visitorLog: Message[] = [];
    const agentLog: Message[] = [];
    visitor.socket.on('message:created', (message) => visitorLog.push(message));
    agent.on('message:created', (message) => agentLog.push(message));
    for (let i = 0; i < 10; i++) {
      const response =
        i % 2 === 0
          ? await ask(visitor.socket, 'message:send', { clientId: randomUUID(), text: `citizen ${i}` })
          : await ask(agent, 'message:send', { conversationId: visitor.conversationId, clientId: randomUUID(), text: `agent ${i}` });
      expect(response.ok).toBe(true);
    }
    await vi.waitFor(() => {
      expect(visitorLog).toHaveLength(10);
      expect(agentLog).toHaveLength(10);
    });
    const expected = Array.from({ length: 10 }, (_, i) => [i + 1, i % 2 === 0 ? `citizen ${i}` : `agent ${i}`]);
    expect(visitorLog.map((m) => [m.seq, m.text])).toEqual(expected);
    expect(agentLog.map((m) => [m.seq, m.text])).toEqual(expected);

    const visitorSeesEnd = nextEvent<VisitorConversation>(visitor.socket, 'conversation:updated', (c) => c.status === 'closed');
    await ask(agent, 'conversation:end', { conversationId: visitor.conversationId });
    expect(await visitorSeesEnd).toMatchObject({ closedBy: 'agent', lastSeq: 10 });
  });

  it('asks other nodes which consoles are connected without sending any console’s cookie through Redis', async () => {
    const [nodeA, nodeB] = nodes as [ServerProcess, ServerProcess];
    // Everything the nodes say to each other through Redis, while they do: the adapter's stream
    // (requests) and its pub/sub channels (answers).
    const listener = new Redis(redis.url);
    const heard: Buffer[] = [];
    listener.on('pmessageBuffer', (_pattern: Buffer, _channel: Buffer, payload: Buffer) => heard.push(payload));
    await listener.psubscribe('*');
    try {
      const cookie = await signIn(nodeB.url, MANAGER.email, MANAGER.password);
      const agent = await connectAgent(nodeB.url, cookie);
      await ask(agent, 'agent:set-status', { status: 'available' });
      // Every node's presence sweep runs at least once (every 5 s at the default grace) while the
      // console is connected to node B only; the nodes ask each other who is connected.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      const reader = new Redis(redis.url);
      const [stream] = await reader.keys('*socket.io');
      const entries = JSON.stringify(await reader.xrange(stream!, '-', '+'));
      reader.disconnect();
      // The session cookie's value, signed: anyone who reads it from Redis could use the console.
      const session = cookie.split(';')[0]!.split('=').slice(1).join('=');
      expect(session.length).toBeGreaterThan(20);
      expect(heard.length).toBeGreaterThan(0);
      const said = Buffer.concat(heard).toString('latin1') + entries;
      expect(said.includes(session)).toBe(false);
      expect(said.includes(encodeURIComponent(session))).toBe(false);
      // And the agent is still available, seen from node A's side of the deployment.
      const fromA = await connectAgent(nodeA.url, await signIn(nodeA.url, MANAGER.email, MANAGER.password));
      expect(await ask(fromA, 'console:sync', {})).toMatchObject({ ok: true, agent: { status: 'available' } });
    } finally {
      listener.disconnect();
    }
  });

  it('assigns each chat once and keeps every agent within their limit when nodes race', async () => {
    const emails = await createAgentAccounts(redis.url, 6, 2);
    const agents: AgentSocket[] = [];
    for (const [i, email] of emails.entries()) {
      const node = nodes[i % nodes.length]!;
      const socket = await connectAgent(node.url, await signIn(node.url, email, AGENT_PASSWORD));
      await ask(socket, 'agent:set-status', { status: 'available' });
      agents.push(socket);
    }
    const chats = await Promise.all(Array.from({ length: 8 }, (_, i) => startChat(nodes[i % nodes.length]!.url)));

    // Every agent, each on their own node, accepts every chat at the same moment.
    const attempts = agents.flatMap((agent, a) =>
      chats.map(async (chat) => ({ agent: a, chat: chat.conversationId, response: await ask(agent, 'conversation:accept', { conversationId: chat.conversationId }) })),
    );
    const results = await Promise.all(attempts);
    const wins = results.filter((result) => result.response.ok);

    expect(wins).toHaveLength(chats.length);
    expect(new Set(wins.map((win) => win.chat)).size).toBe(chats.length);
    for (let a = 0; a < agents.length; a++) expect(wins.filter((win) => win.agent === a).length).toBeLessThanOrEqual(2);
    const refusals = results.filter((result) => !result.response.ok).map((result) => (result.response.ok ? '' : result.response.error.code));
    for (const code of refusals) expect(['conflict', 'at_capacity']).toContain(code);

    // What the agents were told matches what is stored.
    for (const [a, agent] of agents.entries()) {
      const snapshot = await ask(agent, 'console:sync', {});
      expect(snapshot.ok && snapshot.conversations.map((c) => c.id).sort()).toEqual(
        wins.filter((win) => win.agent === a).map((win) => win.chat).sort(),
      );
    }
  });

  it('counts sign-in attempts once for the whole cluster, whichever node each reaches', async () => {
    const attempt = (i: number) =>
      fetch(`${nodes[i % nodes.length]!.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'guessed@example.test', password: `guess-${i}` }),
      });
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt(i)).status);
    expect(statuses.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => 401));
    expect(statuses[10]).toBe(429);
    expect((await attempt(11)).status).toBe(429);
  });

  it('limits messages per conversation across nodes, however many connections carry its token', async () => {
    const [nodeA, nodeB] = nodes as [ServerProcess, ServerProcess];
    const { socket, token } = await startChat(nodeA.url);
    const elsewhere = await connectVisitor(nodeB.url, { token });
    const responses = await Promise.all(
      [socket, elsewhere].flatMap((visitor) =>
        Array.from({ length: 15 }, () => ask(visitor, 'message:send', { clientId: randomUUID(), text: 'the same chat, two nodes' })),
      ),
    );
    expect(responses.filter((r) => r.ok)).toHaveLength(MESSAGE_RATE_PER_CONVERSATION.visitor.capacity);
    expect(responses.filter((r) => !r.ok && r.error.code === 'rate_limited')).toHaveLength(30 - MESSAGE_RATE_PER_CONVERSATION.visitor.capacity);
  });
});
