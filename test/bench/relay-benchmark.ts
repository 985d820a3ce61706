/**
 * `npm run bench`: measures the server against a bare Socket.IO relay on this machine, in two
 * set-ups: one node with the in-memory store, and two nodes sharing a Redis (citizens on one node,
 * agents on the other, so every message crosses the adapter). It prints
 *
 *   - citizen → agent delivery latency (p50, p99) and throughput at a target message rate,
 *   - server CPU time per relayed message (all nodes together), and its ratio to the bare relay's,
 *   - server memory per idle visitor connection, and its ratio to the bare server's.
 *
 * Each server runs in its own process, Redis too (append-only file, fsync every write, as README
 * asks of a deployment); the load comes from this one, over 127.0.0.1 only.
 * Options: --chats 1000 --rate 1000 --seconds 10 --idle 1000 --agents 50 (the target load in
 * ARCHITECTURE.md: 1,000 chats at 1,000 messages a second, one message a second per citizen).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { startRedis } from '../support/redis-server.js';
import {
  connectBench,
  cpuMilliseconds,
  percentile,
  residentBytes,
  sleep,
  startBenchProcess,
  stopBenchProcess,
  type BenchProcess,
} from './bench-support.js';

const { values: options } = parseArgs({
  options: {
    chats: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '10' },
    idle: { type: 'string', default: '1000' },
    agents: { type: 'string', default: '50' },
  },
});
const CHATS = Number(options.chats);
const RATE = Number(options.rate);
const SECONDS = Number(options.seconds);
const IDLE = Number(options.idle);
const AGENTS = Number(options.agents);

/** Memory a server process gains per idle visitor connection, from its RSS before and after. */
async function memoryPerIdleConnection(server: BenchProcess, visitorAuth: object): Promise<number> {
  await sleep(500);
  const before = await residentBytes(server.child.pid!);
  const sockets: Socket[] = [];
  for (let i = 0; i < IDLE; i += 50) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, IDLE - i) }, () => connectBench(`${server.url}/visitor`, visitorAuth)))));
  }
  await sleep(1000);
  const after = await residentBytes(server.child.pid!);
  for (const socket of sockets) socket.disconnect();
  return (after - before) / IDLE;
}

interface RelayResult {
  sent: number;
  delivered: number;
  seconds: number;
  p50: number;
  p99: number;
  cpuMsPerMessage: number;
}

/**
 * Sends RATE messages a second for SECONDS, spread over the chats, and times each from the send
 * to its arrival at the agent's socket.
 */
async function relay(servers: BenchProcess[], visitors: Socket[], agents: Socket[]): Promise<RelayResult> {
  const cpuOfAll = async () => (await Promise.all(servers.map((server) => cpuMilliseconds(server.child.pid!)))).reduce((a, b) => a + b, 0);
  const latencies: number[] = [];
  let lastDelivery = 0;
  for (const agent of agents) {
    agent.on('message:created', (message: { text: string }) => {
      const sentAt = Number(message.text.split(' ')[0]);
      if (!Number.isFinite(sentAt)) return;
      lastDelivery = performance.now();
      latencies.push(lastDelivery - sentAt);
    });
  }
  const cpuBefore = await cpuOfAll();
  const started = performance.now();
  let sent = 0;
  const total = RATE * SECONDS;
  const tickMs = 10;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
    for (; sent < due; sent++) {
      const visitor = visitors[sent % visitors.length]!;
      visitor.emit('message:send', { clientId: randomUUID(), text: `${performance.now()} benchmark message` }, () => {});
    }
    await sleep(tickMs);
  }
  const deadline = performance.now() + 10_000;
  while (latencies.length < sent && performance.now() < deadline) await sleep(20);
  const seconds = (lastDelivery - started) / 1000;
  const cpuMsPerMessage = ((await cpuOfAll()) - cpuBefore) / Math.max(1, latencies.length);
  const sorted = [...latencies].sort((a, b) => a - b);
  return { sent, delivered: latencies.length, seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), cpuMsPerMessage };
}

/** Our server: one node in memory, or two nodes on Redis (citizens on the first, agents on the second). */
async function benchOurServer(redisUrl?: string): Promise<{ relay: RelayResult; memory: number }> {
  const environment = {
    BENCH_AGENTS: String(AGENTS),
    BENCH_AGENT_CAPACITY: String(CHATS),
    ...(redisUrl !== undefined ? { BENCH_REDIS_URL: redisUrl } : {}),
  };
  const citizenNode = await startBenchProcess('test/bench/bench-server.ts', environment);
  const agentNode = redisUrl !== undefined ? await startBenchProcess('test/bench/bench-server.ts', environment) : citizenNode;
  const servers = citizenNode === agentNode ? [citizenNode] : [citizenNode, agentNode];
  try {
    const memory = await memoryPerIdleConnection(citizenNode, { protocolVersion: PROTOCOL_VERSION, siteId: 'demo' });
    const agents = await Promise.all(
      agentNode.cookies.map((cookie) => connectBench(`${agentNode.url}/agent`, { protocolVersion: PROTOCOL_VERSION }, { cookie })),
    );
    // Only an available agent takes chats.
    await Promise.all(agents.map((agent) => agent.timeout(10_000).emitWithAck('agent:set-status', { status: 'available' })));
    const visitors: Socket[] = [];
    for (let i = 0; i < CHATS; i++) {
      const visitor = await connectBench(`${citizenNode.url}/visitor`, { protocolVersion: PROTOCOL_VERSION, siteId: 'demo' });
      const started = (await visitor.timeout(10_000).emitWithAck('conversation:start', {
        clientId: randomUUID(),
        secret: randomBytes(32).toString('base64url'),
        // Permits wait in an "agents pick" queue: the bench decides which agent holds each chat.
        topicId: 'permits',
        language: 'en',
        pageUrl: 'http://127.0.0.1/bench',
        visitorId: randomBytes(16).toString('base64url'),
      })) as { ok: boolean; conversation: { id: string } };
      if (!started.ok) throw new Error('could not start a chat');
      const agent = agents[i % agents.length]!;
      // 20 chats per agent by default: within the console's per-connection command rate.
      const accepted = (await agent.timeout(10_000).emitWithAck('conversation:accept', { conversationId: started.conversation.id })) as {
        ok: boolean;
        error?: { code: string };
      };
      if (!accepted.ok) throw new Error(`could not accept a chat: ${accepted.error?.code}`);
      visitors.push(visitor);
    }
    const result = await relay(servers, visitors, agents);
    for (const socket of [...visitors, ...agents]) socket.disconnect();
    return { relay: result, memory };
  } finally {
    for (const server of servers) await stopBenchProcess(server);
  }
}

async function benchBareServer(): Promise<{ relay: RelayResult; memory: number }> {
  const server = await startBenchProcess('test/bench/bare-server.ts');
  try {
    const memory = await memoryPerIdleConnection(server, {});
    const agents = await Promise.all(Array.from({ length: AGENTS }, (_, agent) => connectBench(`${server.url}/agent`, { agent })));
    const visitors = await Promise.all(Array.from({ length: CHATS }, (_, i) => connectBench(`${server.url}/visitor`, { agent: i % AGENTS })));
    const result = await relay([server], visitors, agents);
    for (const socket of [...visitors, ...agents]) socket.disconnect();
    return { relay: result, memory };
  } finally {
    await stopBenchProcess(server);
  }
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

process.stdout.write(`Relay benchmark: ${CHATS} chats, ${RATE} msg/s for ${SECONDS} s, ${AGENTS} agents; ${IDLE} idle connections for memory.\n`);
const bare = await benchBareServer();
const memory = await benchOurServer();
const redis = await startRedis({ durable: true });
let clustered: Awaited<ReturnType<typeof benchOurServer>>;
try {
  clustered = await benchOurServer(redis.url);
} finally {
  await redis.destroy();
}
const ratio = (value: number, floor: number) => (value / floor).toFixed(2);
const columns = [
  ['', 'one node, memory', 'two nodes + Redis', 'bare Socket.IO', 'ratio memory / Redis'],
  ['delivered / sent', ...[memory, clustered, bare].map((r) => `${r.relay.delivered} / ${r.relay.sent}`), ''],
  ['throughput', ...[memory, clustered, bare].map((r) => `${(r.relay.delivered / r.relay.seconds).toFixed(0)} msg/s`), ''],
  ['p50 citizen → agent', ...[memory, clustered, bare].map((r) => ms(r.relay.p50)), ''],
  ['p99 citizen → agent', ...[memory, clustered, bare].map((r) => ms(r.relay.p99)), ''],
  [
    'server CPU per message',
    ...[memory, clustered, bare].map((r) => ms(r.relay.cpuMsPerMessage)),
    `${ratio(memory.relay.cpuMsPerMessage, bare.relay.cpuMsPerMessage)} / ${ratio(clustered.relay.cpuMsPerMessage, bare.relay.cpuMsPerMessage)}`,
  ],
  [
    'memory per idle visitor connection',
    ...[memory, clustered, bare].map((r) => kib(r.memory)),
    `${ratio(memory.memory, bare.memory)} / ${ratio(clustered.memory, bare.memory)}`,
  ],
];
for (const row of columns) process.stdout.write(`${row[0]!.padEnd(36)}${row[1]!.padEnd(20)}${row[2]!.padEnd(20)}${row[3]!.padEnd(18)}${row[4]}\n`);
