/**
 * The four set-ups the relay benchmarks drive, each with its chats open and ready to relay:
 *
 *   - bare Socket.IO, one node (bare-server.ts);
 *   - this server, one node, in-memory store (bench-server.ts);
 *   - bare Socket.IO, two nodes on the Redis streams adapter;
 *   - this server, two nodes on Redis (its store and its adapter).
 *
 * With two nodes, citizens connect to the first and agents to the second, so that every message
 * crosses Redis; each two-node set-up has a Redis of its own, durable as a deployment needs
 * (append-only file, fsync on every write: test/support/redis-server.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { connectBench, liveBytes, residentBytes, sleep, startBenchProcess, stopBenchProcess, type BenchProcess } from './bench-support.js';

export type RelayKind = 'bare' | 'ours';

export interface RelaySetup {
  kind: RelayKind;
  nodes: 1 | 2;
}

export const RELAY_SETUPS: readonly RelaySetup[] = [
  { kind: 'bare', nodes: 1 },
  { kind: 'ours', nodes: 1 },
  { kind: 'bare', nodes: 2 },
  { kind: 'ours', nodes: 2 },
];

export const setupName = (setup: RelaySetup) =>
  `${setup.kind === 'bare' ? 'bare Socket.IO' : 'this server'}, ${setup.nodes === 1 ? 'one node' : 'two nodes + Redis'}`;

export interface RelayTarget {
  setup: RelaySetup;
  /** Every node (CPU is summed over them). */
  servers: BenchProcess[];
  /** The node citizens connect to, and the one agents connect to (the same with one node). */
  citizenNode: BenchProcess;
  agentNode: BenchProcess;
  /** One per chat, each in a chat held by one of the agents. */
  visitors: Socket[];
  agents: Socket[];
  /** Resident memory of each node after its start (before any client connected), in bytes. */
  residentAtStart: number[];
  /** Resident memory of each node once `markAfter` chats were open (see startRelayTarget), in bytes. */
  residentAtMark: number[] | null;
  /** Live memory (bench-support.ts `liveBytes`) of each node after its start and at the mark. */
  liveAtStart: number[];
  liveAtMark: number[] | null;
  close(): Promise<void>;
}

/** Chats an agent holds at most (their limit, in our server). */
export const CHATS_PER_AGENT = 50;

export const visitorAuth = (kind: RelayKind, chat: number, agents: number): object =>
  kind === 'bare' ? { agent: chat % agents } : { protocolVersion: PROTOCOL_VERSION, siteId: 'demo' };

/** Connects `count` idle visitors (no chat) to a node, 50 at a time. */
export async function connectIdleVisitors(kind: RelayKind, node: BenchProcess, count: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () => connectBench(`${node.url}/visitor`, visitorAuth(kind, 0, 1)));
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

/**
 * Starts a set-up and opens `chats` chats in it, with chats / CHATS_PER_AGENT agents (at least
 * one). In our server each citizen starts a chat in an automatic queue and the server gives it to
 * the least busy agent (agents picking chats would each meet their console's accept rate, and every
 * console would hear each chat join and leave the pick list); the bare relay's citizen names agent
 * chat % agents.
 */
export async function startRelayTarget(setup: RelaySetup, chats: number, options: { markAfter?: number } = {}): Promise<RelayTarget> {
  const agentCount = Math.max(1, Math.ceil(chats / CHATS_PER_AGENT));
  let redis: TestRedis | undefined;
  const servers: BenchProcess[] = [];
  const sockets: Socket[] = [];
  const close = async () => {
    for (const socket of sockets) socket.disconnect();
    for (const server of servers) await stopBenchProcess(server);
    await redis?.destroy();
  };
  try {
    // BENCH_REDIS_FSYNC=everysec: the same append-only file, synced once a second, to see what
    // fsync on every write costs (README, "Performance").
    if (setup.nodes === 2) redis = await startRedis({ durable: true, fsync: process.env.BENCH_REDIS_FSYNC === 'everysec' ? 'everysec' : 'always' });
    const script = setup.kind === 'bare' ? 'test/bench/bare-server.ts' : 'test/bench/bench-server.ts';
    const environment: Record<string, string> = {
      ...(setup.kind === 'ours' ? { BENCH_AGENTS: String(agentCount), BENCH_AGENT_CAPACITY: String(CHATS_PER_AGENT) } : {}),
      ...(redis !== undefined ? { BENCH_REDIS_URL: redis.url } : {}),
    };
    for (let node = 0; node < setup.nodes; node++) servers.push(await startBenchProcess(script, environment));
    await sleep(500);
    const residentAtStart = await Promise.all(servers.map((server) => residentBytes(server.child.pid!)));
    const liveAtStart = await Promise.all(servers.map(liveBytes));
    const citizenNode = servers[0]!;
    const agentNode = servers[servers.length - 1]!;
    const agents =
      setup.kind === 'bare'
        ? await Promise.all(Array.from({ length: agentCount }, (_, agent) => connectBench(`${agentNode.url}/agent`, { agent })))
        : await Promise.all(
            agentNode.cookies.map((cookie) => connectBench(`${agentNode.url}/agent`, { protocolVersion: PROTOCOL_VERSION }, { cookie })),
          );
    sockets.push(...agents);
    if (setup.kind === 'ours') {
      // Only an available agent takes chats.
      await Promise.all(agents.map((agent) => agent.timeout(30_000).emitWithAck('agent:set-status', { status: 'available' })));
    }
    const visitors: Socket[] = new Array<Socket>(chats);
    const openChat = async (chat: number) => {
      const visitor = await connectBench(`${citizenNode.url}/visitor`, visitorAuth(setup.kind, chat, agentCount));
      sockets.push(visitor);
      if (setup.kind === 'ours') await startAssigned(visitor);
      visitors[chat] = visitor;
    };
    // A few chats at a time.
    let residentAtMark: number[] | null = null;
    let liveAtMark: number[] | null = null;
    for (let chat = 0; chat < chats; chat += 25) {
      if (chat === options.markAfter) {
        residentAtMark = await Promise.all(servers.map((server) => residentBytes(server.child.pid!)));
        liveAtMark = await Promise.all(servers.map(liveBytes));
      }
      await Promise.all(Array.from({ length: Math.min(25, chats - chat) }, (_, i) => openChat(chat + i)));
    }
    return { setup, servers, citizenNode, agentNode, visitors, agents, residentAtStart, residentAtMark, liveAtStart, liveAtMark, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Starts a chat in an automatic queue and resolves once an agent holds it. */
async function startAssigned(visitor: Socket): Promise<void> {
  let onUpdate: ((conversation: { status?: string }) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const assigned = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('a chat was not assigned within 60 s')), 60_000);
    onUpdate = (conversation) => {
      if (conversation.status !== 'active') return;
      clearTimeout(timer);
      resolve();
    };
    visitor.on('conversation:updated', onUpdate);
  });
  const started = (await visitor.timeout(30_000).emitWithAck('conversation:start', {
    clientId: randomUUID(),
    secret: randomBytes(32).toString('base64url'),
    // Benefits go to an automatic queue.
    topicId: 'benefits',
    language: 'en',
    pageUrl: 'http://127.0.0.1/bench',
    visitorId: randomBytes(16).toString('base64url'),
  })) as { ok: boolean; conversation: { status: string }; error?: { code: string } };
  try {
    if (!started.ok) throw new Error(`could not start a chat: ${started.error?.code}`);
    if (started.conversation.status !== 'active') await assigned;
  } finally {
    clearTimeout(timer);
    visitor.off('conversation:updated', onUpdate);
  }
}
