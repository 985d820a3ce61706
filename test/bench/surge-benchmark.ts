/**
 * `npm run bench:surge`: a page-view spike on one node. Simulated citizens arrive at an even pace
 * over the phase; each does what a page view with the loader does: `GET /api/widget/offer`, and a
 * fraction of them open the chat (connect to /visitor and send `conversation:start`, then stay
 * connected, waiting in line). A second phase sends `--overload` times as many in the same time,
 * past what the node takes, to show how it refuses: 503 with Retry-After for HTTP, a handshake
 * refusal (`unavailable`, with the wait) for sockets, never a crash.
 *
 * Measured per phase: offers served / refused / other errors, offer latency; connections accepted
 * / refused; chats started / refused (by code); the server's event-loop lag (read from its own
 * /metrics every second: prom-client's nodejs_eventloop_lag_* over the second before each read;
 * /metrics is exempt from shedding); what a load balancer's /healthz probe waited; whether the
 * server process exited. Everything over 127.0.0.1; every citizen from an address of its own.
 * Options: --citizens 5000 --seconds 60 --open 0.1 --overload 3 --agents 10.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { VISITOR_NAMESPACE } from '../../protocol/namespaces.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { connectBench, percentile, sleep, startBenchProcess, stopBenchProcess, type BenchProcess } from './bench-support.js';

const { values: options } = parseArgs({
  options: {
    citizens: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '60' },
    open: { type: 'string', default: '0.1' },
    overload: { type: 'string', default: '3' },
    agents: { type: 'string', default: '10' },
  },
});
const CITIZENS = Number(options.citizens);
const SECONDS = Number(options.seconds);
const OPEN_SHARE = Number(options.open);
const OVERLOAD = Number(options.overload);
const AGENTS = Number(options.agents);
const METRICS_TOKEN = randomBytes(24).toString('base64url');

interface PhaseResult {
  name: string;
  citizens: number;
  offersServed: number;
  offersRefused: number;
  /** Refusals without a Retry-After header (there should be none). */
  refusalsWithoutRetryAfter: number;
  offerErrors: number;
  /** What the other errors were: an HTTP status, or the client's error (a timeout, a refused or reset connection). */
  offerErrorKinds: Map<string, number>;
  offerMs: number[];
  connectionsAccepted: number;
  connectionsRefused: number;
  connectionErrors: number;
  chatsStarted: number;
  chatsRefused: Map<string, number>;
  /** Event-loop lag seen by the server, per second: the largest max and p99. */
  lagMaxMs: number;
  lagP99Ms: number;
  /** Seconds (of those read) whose max lag passed 200 ms. */
  secondsOver200: number;
  healthzMs: number[];
  healthzFailures: number;
  crashed: boolean;
}

let addresses = 0;
const nextAddress = () => {
  const n = ++addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

function countKind(kinds: Map<string, number>, kind: string): void {
  kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
}

/** One page view: the offer, and for some the chat opened. */
async function pageView(server: BenchProcess, opens: boolean, result: PhaseResult, sockets: Socket[]): Promise<void> {
  const address = nextAddress();
  const visitor = randomBytes(16).toString('base64url');
  const page = encodeURIComponent('http://127.0.0.1/announcement');
  const started = performance.now();
  try {
    const response = await fetch(`${server.url}/api/widget/offer?site=demo&page=${page}&lang=en&visitor=${visitor}`, {
      headers: { 'x-forwarded-for': address, origin: server.url },
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    result.offerMs.push(performance.now() - started);
    if (response.status === 200) result.offersServed++;
    else if (response.status === 503) {
      result.offersRefused++;
      if (response.headers.get('retry-after') === null) result.refusalsWithoutRetryAfter++;
      // The loader shows no launcher: this citizen does not open the chat.
      return;
    } else {
      result.offerErrors++;
      countKind(result.offerErrorKinds, `HTTP ${response.status}`);
      return;
    }
  } catch (error) {
    result.offerErrors++;
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    countKind(result.offerErrorKinds, cause ?? (error as Error).name);
    return;
  }
  if (!opens) return;
  const socket = io(server.url + VISITOR_NAMESPACE, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: { protocolVersion: PROTOCOL_VERSION, siteId: 'demo' },
    extraHeaders: { 'x-forwarded-for': address, origin: server.url },
  });
  const connected = await new Promise<'ok' | 'refused' | 'error'>((resolve) => {
    const timer = setTimeout(() => resolve('error'), 30_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve('ok');
    });
    socket.once('connect_error', (error: Error & { data?: { code?: string; retryAfter?: number } }) => {
      clearTimeout(timer);
      resolve(error.data?.code === 'unavailable' && typeof error.data.retryAfter === 'number' ? 'refused' : 'error');
    });
  });
  if (connected !== 'ok') {
    socket.disconnect();
    if (connected === 'refused') result.connectionsRefused++;
    else result.connectionErrors++;
    return;
  }
  result.connectionsAccepted++;
  sockets.push(socket);
  try {
    const answer = (await socket.timeout(30_000).emitWithAck('conversation:start', {
      clientId: randomUUID(),
      secret: randomBytes(32).toString('base64url'),
      topicId: 'permits',
      language: 'en',
      pageUrl: 'http://127.0.0.1/announcement',
      visitorId: visitor,
    })) as { ok: boolean; error?: { code: string } };
    if (answer.ok) result.chatsStarted++;
    else result.chatsRefused.set(answer.error?.code ?? '?', (result.chatsRefused.get(answer.error?.code ?? '?') ?? 0) + 1);
  } catch {
    result.chatsRefused.set('timeout', (result.chatsRefused.get('timeout') ?? 0) + 1);
  }
}

/** Reads the server's event-loop lag from its /metrics (the figures cover the time since the last read). */
async function readLag(server: BenchProcess): Promise<{ maxMs: number; p99Ms: number } | null> {
  try {
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` }, signal: AbortSignal.timeout(10_000) })).text();
    const value = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? NaN) * 1000;
    return { maxMs: value('nodejs_eventloop_lag_max_seconds'), p99Ms: value('nodejs_eventloop_lag_p99_seconds') };
  } catch {
    return null;
  }
}

async function phase(server: BenchProcess, name: string, citizens: number, seconds: number, exited: () => boolean): Promise<{ result: PhaseResult; sockets: Socket[] }> {
  const result: PhaseResult = {
    name,
    citizens,
    offersServed: 0,
    offersRefused: 0,
    refusalsWithoutRetryAfter: 0,
    offerErrors: 0,
    offerErrorKinds: new Map(),
    offerMs: [],
    connectionsAccepted: 0,
    connectionsRefused: 0,
    connectionErrors: 0,
    chatsStarted: 0,
    chatsRefused: new Map(),
    lagMaxMs: 0,
    lagP99Ms: 0,
    secondsOver200: 0,
    healthzMs: [],
    healthzFailures: 0,
    crashed: false,
  };
  const sockets: Socket[] = [];
  let running = true;
  await readLag(server); // Starts the lag's window now.
  const watchers = [
    (async () => {
      while (running) {
        await sleep(1000);
        const lag = await readLag(server);
        if (lag === null) continue;
        result.lagMaxMs = Math.max(result.lagMaxMs, lag.maxMs);
        result.lagP99Ms = Math.max(result.lagP99Ms, lag.p99Ms);
        if (lag.maxMs > 200) result.secondsOver200++;
      }
    })(),
    (async () => {
      while (running) {
        const started = performance.now();
        try {
          const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
          await response.arrayBuffer();
          if (response.ok) result.healthzMs.push(performance.now() - started);
          else result.healthzFailures++;
        } catch {
          result.healthzFailures++;
        }
        await sleep(250);
      }
    })(),
  ];
  const views: Promise<void>[] = [];
  const started = performance.now();
  let arrived = 0;
  // Opening is spread evenly: every (1 / share)-th citizen opens the chat.
  const opensEvery = OPEN_SHARE > 0 ? Math.round(1 / OPEN_SHARE) : Infinity;
  while (arrived < citizens && !exited()) {
    const due = Math.min(citizens, Math.floor(((performance.now() - started) / (seconds * 1000)) * citizens));
    for (; arrived < due; arrived++) views.push(pageView(server, (arrived + 1) % opensEvery === 0, result, sockets));
    await sleep(10);
  }
  await Promise.all(views);
  running = false;
  await Promise.all(watchers);
  result.crashed = exited();
  return { result, sockets };
}

process.stdout.write(
  `Surge benchmark: ${CITIZENS} citizens in ${SECONDS} s (${(CITIZENS / SECONDS).toFixed(0)} page views/s, ${OPEN_SHARE * 100} % open the chat), ` +
    `then ${OVERLOAD}× that; ${AGENTS} agents available.\n`,
);
const server = await startBenchProcess('test/bench/bench-server.ts', {
  BENCH_AGENTS: String(AGENTS),
  BENCH_AGENT_CAPACITY: '10',
  METRICS_TOKEN,
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('PRESSURE_'))),
});
let exited = false;
server.child.once('exit', () => {
  exited = true;
});
const results: PhaseResult[] = [];
const open: Socket[] = [];
try {
  // Agents available, so that the demo site offers chat and chats wait in line for them.
  const agents = await Promise.all(server.cookies.map((cookie) => connectBench(`${server.url}/agent`, { protocolVersion: PROTOCOL_VERSION }, { cookie })));
  await Promise.all(agents.map((agent) => agent.timeout(30_000).emitWithAck('agent:set-status', { status: 'available' })));
  open.push(...agents);
  // Signing the agents in kept the node busy: let its load settle before the surge.
  await sleep(3000);
  for (const [name, citizens] of [
    ['surge', CITIZENS],
    [`${OVERLOAD}× past it`, Math.round(CITIZENS * OVERLOAD)],
  ] as const) {
    process.stdout.write(`${name}: ${citizens} citizens in ${SECONDS} s…\n`);
    const { result, sockets } = await phase(server, name, citizens, SECONDS, () => exited);
    results.push(result);
    // The citizens of a phase leave before the next: each phase starts from an idle node.
    for (const socket of sockets) socket.disconnect();
    if (exited) break;
    await sleep(5000);
  }
} finally {
  for (const socket of open) socket.disconnect();
  if (!exited) await stopBenchProcess(server);
}

const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : '–');
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const rows: [string, (r: PhaseResult) => string][] = [
  ['page views (offer requests)', (r) => String(r.citizens)],
  ['offers served (200)', (r) => String(r.offersServed)],
  ['offers refused (503 + Retry-After)', (r) => `${r.offersRefused}${r.refusalsWithoutRetryAfter > 0 ? ` (${r.refusalsWithoutRetryAfter} without Retry-After)` : ''}`],
  ['offer errors (other)', (r) => (r.offerErrors === 0 ? '0' : `${r.offerErrors}: ${[...r.offerErrorKinds].map(([kind, n]) => `${n} ${kind}`).join(', ')}`)],
  ['offer latency p50 / p99', (r) => `${ms(percentile(sorted(r.offerMs), 50))} / ${ms(percentile(sorted(r.offerMs), 99))}`],
  ['chat connections accepted', (r) => String(r.connectionsAccepted)],
  ['chat connections refused (busy)', (r) => String(r.connectionsRefused)],
  ['chat connection errors', (r) => String(r.connectionErrors)],
  ['chats started', (r) => String(r.chatsStarted)],
  ['chat starts refused', (r) => (r.chatsRefused.size === 0 ? '0' : [...r.chatsRefused].map(([code, n]) => `${n} ${code}`).join(', '))],
  ['server event-loop lag, max / p99', (r) => `${ms(r.lagMaxMs)} / ${ms(r.lagP99Ms)}`],
  ['seconds with lag over 200 ms', (r) => String(r.secondsOver200)],
  ['/healthz probe p99 (failures)', (r) => `${ms(percentile(sorted(r.healthzMs), 99))} (${r.healthzFailures})`],
  ['server crashed', (r) => (r.crashed ? 'YES' : 'no')],
];
process.stdout.write(`\n${''.padEnd(38)}${results.map((r) => r.name.padEnd(26)).join('')}\n`);
for (const [label, cell] of rows) process.stdout.write(`${label.padEnd(38)}${results.map((r) => cell(r).padEnd(26)).join('')}\n`);
process.exit(exited ? 1 : 0);
