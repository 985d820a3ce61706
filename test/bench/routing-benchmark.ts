/**
 * `npm run bench:routing` (and the second half of `npm run bench`): how fast automatic routing
 * empties a queue, and what one queue change costs.
 *
 * 1. Assignment: CHATS citizens wait in an automatic queue while AGENTS agents are signed in but
 *    away; then every agent becomes available at once. Prints how long until every chat was
 *    assigned, and the assignment latency per chat (from the agents becoming available to the
 *    citizen hearing an agent joined), p50 and p99. One node in memory, then two nodes on Redis
 *    (citizens on one, agents on the other).
 * 2. Cost of a queue change at CHATS waiting chats (in process, with a store that counts its
 *    calls): the bytes a console receives and the store calls made when one more chat joins an
 *    "agents pick" queue, beside the size of the whole queue (what a whole-queue broadcast sent).
 *
 * Options: --chats 1000 --agents 100. Load over 127.0.0.1 only.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { createServer } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { SESSION_COOKIE } from '../../server/http/session-cookie.js';
import { PRODUCTION_HASHING } from '../../server/services/password-hasher.js';
import { DEMO_QUEUES } from '../../server/services/seed.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import type { Store } from '../../server/stores/store.js';
import { startRedis } from '../support/redis-server.js';
import { connectBench, percentile, startBenchProcess, stopBenchProcess, type BenchProcess } from './bench-support.js';

const { values: options } = parseArgs({
  options: { chats: { type: 'string', default: '1000' }, agents: { type: 'string', default: '100' } },
});
const CHATS = Number(options.chats);
const AGENTS = Number(options.agents);
const CAPACITY = Math.ceil(CHATS / AGENTS);

const startRequest = (topicId: string) => ({
  clientId: randomUUID(),
  secret: randomBytes(32).toString('base64url'),
  topicId,
  language: 'en' as const,
  pageUrl: 'http://127.0.0.1/bench',
  visitorId: randomBytes(16).toString('base64url'),
});

interface AssignmentResult {
  assigned: number;
  allWithinMs: number;
  p50: number;
  p99: number;
}

/** Queues CHATS chats while the agents are away, then makes them all available and times it. */
async function benchAssignment(redisUrl?: string): Promise<AssignmentResult> {
  const environment = {
    BENCH_AGENTS: String(AGENTS),
    BENCH_AGENT_CAPACITY: String(CAPACITY),
    ...(redisUrl !== undefined ? { BENCH_REDIS_URL: redisUrl } : {}),
  };
  const citizenNode = await startBenchProcess('test/bench/bench-server.ts', environment);
  const agentNode = redisUrl !== undefined ? await startBenchProcess('test/bench/bench-server.ts', environment) : citizenNode;
  const servers: BenchProcess[] = citizenNode === agentNode ? [citizenNode] : [citizenNode, agentNode];
  const sockets: Socket[] = [];
  try {
    const agents = await Promise.all(agentNode.cookies.map((cookie) => connectBench(`${agentNode.url}/agent`, { protocolVersion: PROTOCOL_VERSION }, { cookie })));
    sockets.push(...agents);
    // Connected and away: they take nothing while the queue fills.
    await Promise.all(agents.map((agent) => agent.timeout(10_000).emitWithAck('agent:set-status', { status: 'away' })));

    let released = 0;
    const latencies: number[] = [];
    // Each citizen counted once, at the first word that an agent joined.
    const answered = new Set<Socket>();
    for (let i = 0; i < CHATS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, CHATS - i) }, async () => {
          const visitor = await connectBench(`${citizenNode.url}/visitor`, { protocolVersion: PROTOCOL_VERSION, siteId: 'demo' });
          visitor.on('conversation:updated', (conversation: { status: string }) => {
            if (conversation.status === 'active' && released > 0 && !answered.has(visitor)) {
              answered.add(visitor);
              latencies.push(performance.now() - released);
            }
          });
          const started = (await visitor.timeout(10_000).emitWithAck('conversation:start', startRequest('benefits'))) as { ok: boolean };
          if (!started.ok) throw new Error('could not start a chat');
          return visitor;
        }),
      );
      sockets.push(...batch);
    }

    released = performance.now();
    await Promise.all(agents.map((agent) => agent.timeout(10_000).emitWithAck('agent:set-status', { status: 'available' })));
    const deadline = performance.now() + 30_000;
    while (latencies.length < CHATS && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const sorted = [...latencies].sort((a, b) => a - b);
    return { assigned: latencies.length, allWithinMs: sorted.at(-1) ?? NaN, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  } finally {
    for (const socket of sockets) socket.disconnect();
    for (const server of servers) await stopBenchProcess(server);
  }
}

/** A store that counts the calls made to it, by repository and method. */
function countingStore(store: Store): { store: Store; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const wrap = <R extends object>(name: string, repository: R): R =>
    new Proxy(repository, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const key = `${name}.${String(property)}`;
        return (...args: unknown[]) => {
          calls.set(key, (calls.get(key) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const counted = { ...store } as Record<string, unknown>;
  for (const [name, repository] of Object.entries(store)) {
    if (typeof repository === 'object' && repository !== null) counted[name] = wrap(name, repository);
  }
  return { store: counted as unknown as Store, calls };
}

/** The cost of one chat joining a queue that CHATS chats wait in: bytes to a console, store calls. */
async function benchQueueChange(): Promise<{ deltaBytes: number; storeCalls: number; snapshotBytes: number; calls: string }> {
  const { store, calls } = countingStore(createMemoryStore());
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', LOG_FORMAT: 'json', TRUST_PROXY: 'true', SESSION_SECRET: 'bench-secret-that-is-long-enough-to-sign' });
  const server = await createServer(config, { store, passwordHashing: { ...PRODUCTION_HASHING, cost: { N: 2 ** 10, r: 8, p: 1 } } });
  const url = await server.listen();
  const sockets: Socket[] = [];
  try {
    await server.services.auth.createAccount({ email: 'console@bench.test', displayName: 'Console', role: 'agent', password: 'bench-password-long-enough', queueIds: DEMO_QUEUES.map((q) => q.id) });
    const { session } = await server.services.auth.signIn('console@bench.test', 'bench-password-long-enough', { address: '10.255.1.1' });
    const console_ = await connectBench(`${url}/agent`, { protocolVersion: PROTOCOL_VERSION }, { cookie: `${SESSION_COOKIE}=${server.app.signCookie(session.id)}` });
    sockets.push(console_);
    for (let i = 0; i < CHATS; i += 50) {
      sockets.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, CHATS - i) }, async () => {
            const visitor = await connectBench(`${url}/visitor`, { protocolVersion: PROTOCOL_VERSION, siteId: 'demo' });
            await visitor.timeout(10_000).emitWithAck('conversation:start', startRequest('permits'));
            return visitor;
          }),
        )),
      );
    }
    const snapshot = await console_.timeout(10_000).emitWithAck('console:sync', {});
    const snapshotBytes = Buffer.byteLength(JSON.stringify((snapshot as { queue: unknown }).queue));
    await server.services.assignment.settled();
    await new Promise((resolve) => setTimeout(resolve, 200));

    // One more chat joins; count from the start command to the console hearing the delta.
    const visitor = await connectBench(`${url}/visitor`, { protocolVersion: PROTOCOL_VERSION, siteId: 'demo' });
    sockets.push(visitor);
    let deltaBytes = 0;
    const heard = new Promise<void>((resolve) =>
      console_.once('queue:changed', (change: unknown) => {
        deltaBytes = Buffer.byteLength(JSON.stringify(change));
        resolve();
      }),
    );
    calls.clear();
    await visitor.timeout(10_000).emitWithAck('conversation:start', startRequest('permits'));
    await heard;
    await server.services.assignment.settled();
    const storeCalls = [...calls.values()].reduce((a, b) => a + b, 0);
    const detail = [...calls].map(([name, count]) => `${name} ×${count}`).join(', ');
    return { deltaBytes, storeCalls, snapshotBytes, calls: detail };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.close();
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
process.stdout.write(`\nRouting benchmark: ${CHATS} chats waiting, ${AGENTS} agents (limit ${CAPACITY} each) become available at once.\n`);
const memory = await benchAssignment();
const redis = await startRedis({ durable: true });
let clustered: AssignmentResult;
try {
  clustered = await benchAssignment(redis.url);
} finally {
  await redis.destroy();
}
for (const [label, pick] of [
  ['', (r: AssignmentResult | null) => (r === memory ? 'one node, memory' : 'two nodes + Redis')],
  ['assigned', (r: AssignmentResult | null) => `${r!.assigned} / ${CHATS}`],
  ['all assigned within', (r: AssignmentResult | null) => ms(r!.allWithinMs)],
  ['assignment latency p50', (r: AssignmentResult | null) => ms(r!.p50)],
  ['assignment latency p99', (r: AssignmentResult | null) => ms(r!.p99)],
] as const) {
  process.stdout.write(`${label.padEnd(28)}${pick(memory).padEnd(20)}${pick(clustered)}\n`);
}
const change = await benchQueueChange();
process.stdout.write(
  `\nOne chat joining a queue of ${CHATS}: ${change.deltaBytes} bytes to a console, ${change.storeCalls} store calls ` +
    `(${change.calls}); the whole queue is ${(change.snapshotBytes / 1024).toFixed(1)} KiB.\n`,
);
