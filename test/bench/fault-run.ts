/**
 * The fault benchmark's run (`npm run bench:faults`, and its smoke test): chats between the
 * product's own clients, through a proxy that keeps cutting every connection, with numbered
 * messages both ways; then what each side's app shows is counted.
 *
 * - Citizens are the widget's `ChatClient` (widget/app/chat-client.ts), run in Node as its tests
 *   run it: its outbox, resend and catch-up are the browser's code. Node has no sessionStorage; the
 *   client then keeps its token in memory, as it does in a browser that blocks storage.
 * - Agents are the console's `ConsoleClient` (agent-console/src/console-client.ts), given a socket
 *   with the server's address and the session cookie (a browser sends those by itself), and a
 *   minimal `document`/`window` (visibility, focus and event listeners: the page is "hidden" and
 *   nothing is ever fired). Its sessionStorage writes fail and are skipped, as in a browser that
 *   blocks storage.
 *
 * Every client connects through the proxy, from an address of its own (X-Forwarded-For; the bench
 * server trusts it). Each side sends its numbered messages through the app's `send` (what the
 * composer calls); at the end, after the cuts stop and a settle period, the numbers each app shows
 * as confirmed are counted: delivered (each number at least once), lost, duplicated (a number
 * shown more than once), out of order (a number shown after a higher one).
 */
import { io } from 'socket.io-client';
import { ConsoleClient } from '../../agent-console/src/console-client.js';
import type { AgentSocket } from '../../agent-console/src/agent-socket.js';
import { AGENT_NAMESPACE } from '../../protocol/namespaces.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import type { AgentProfile, Message } from '../../protocol/models.js';
import { ChatClient } from '../../widget/app/chat-client.js';
import { outsideBrowser } from '../support/clients.js';
import { startCuttingProxy, type CuttingProxy } from './cutting-proxy.js';
import { sleep, startBenchProcess, stopBenchProcess, type BenchProcess } from './bench-support.js';

export interface FaultRunOptions {
  chats: number;
  /** How long messages are sent for, while the proxy cuts. */
  seconds: number;
  /** Messages a second in each direction, over all chats. */
  rate: number;
  /** Cut every `everyMs`, for `downMs`. */
  everyMs: number;
  downMs: number;
  /** Longest wait, after the cuts stop, for every message to arrive. */
  settleMs: number;
  /** Progress lines (the CLI prints them; the smoke test keeps quiet). */
  log?: (line: string) => void;
}

/** Counts for one direction, summed over the chats. */
export interface DirectionCounts {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  /** Chats with at least one loss, duplicate or inversion. */
  chatsAffected: number;
}

export interface FaultRunResult {
  chats: number;
  startedChats: number;
  agents: number;
  cuts: number;
  connectionsCut: number;
  connectionsRefused: number;
  citizenToAgent: DirectionCounts;
  agentToCitizen: DirectionCounts;
  /** Seconds from the end of the cuts until everything had arrived (or the settle limit). */
  settleSeconds: number;
  /** Messages still in a sender's outbox at the end (unconfirmed by the server). */
  stillPending: number;
  /** Messages a sender's outbox marked as refused for good. */
  refused: number;
  /** Where things stood at the end, for finding a cause: connection states, refusal codes, chat states. */
  diagnosis: Record<string, number>;
}

/** The chats each bench agent holds at most: the console asks for each chat's catch-up after every reconnection, within its command rates. */
const CHATS_PER_AGENT = 20;
/**
 * Messages a second each bench agent sends at most: half of what one console connection may send
 * (AGENT_COMMAND_RATES['message:send'] refills 5 a second), so that what waited through an outage
 * goes out after it within the limit. More would measure the rate limit, not delivery.
 */
const AGENT_SENDS_PER_SECOND = 2.5;

/** What the console needs of the page in Node: nothing is visible, nothing ever fires. */
function shimBrowserPage(): void {
  const page = globalThis as unknown as Record<string, unknown>;
  page.document ??= { visibilityState: 'hidden', hasFocus: () => false, addEventListener: () => {}, removeEventListener: () => {} };
  page.window ??= { addEventListener: () => {}, removeEventListener: () => {} };
}

let addresses = 0;
/** An address of its own for each client (the server limits handshakes and connections per address). */
function nextAddress(): string {
  const n = ++addresses;
  return `10.${100 + ((n >> 16) & 127)}.${(n >> 8) & 255}.${n & 255}`;
}

const text = (side: 'c' | 'a', chat: number, n: number) => `${side}${chat}#${n}`;
const numberOf = (message: Pick<Message, 'text'>): number => Number(/#(\d+)$/.exec(message.text)?.[1] ?? NaN);

/** Counts what one side shows of the other's numbered messages. */
function count(shown: readonly number[], sent: number): DirectionCounts {
  const seen = new Map<number, number>();
  let outOfOrder = 0;
  let highest = 0;
  for (const n of shown) {
    seen.set(n, (seen.get(n) ?? 0) + 1);
    if (n < highest) outOfOrder++;
    highest = Math.max(highest, n);
  }
  let delivered = 0;
  let duplicated = 0;
  for (let n = 1; n <= sent; n++) {
    const times = seen.get(n) ?? 0;
    if (times > 0) delivered++;
    if (times > 1) duplicated += times - 1;
  }
  const lost = sent - delivered;
  return { sent, delivered, lost, duplicated, outOfOrder, chatsAffected: lost + duplicated + outOfOrder > 0 ? 1 : 0 };
}

function add(a: DirectionCounts, b: DirectionCounts): DirectionCounts {
  return {
    sent: a.sent + b.sent,
    delivered: a.delivered + b.delivered,
    lost: a.lost + b.lost,
    duplicated: a.duplicated + b.duplicated,
    outOfOrder: a.outOfOrder + b.outOfOrder,
    chatsAffected: a.chatsAffected + b.chatsAffected,
  };
}

const zero = (): DirectionCounts => ({ sent: 0, delivered: 0, lost: 0, duplicated: 0, outOfOrder: 0, chatsAffected: 0 });

async function profileOf(server: BenchProcess, cookie: string): Promise<AgentProfile> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${server.url}/api/auth/me`, { headers: { cookie } });
    if (response.ok) return ((await response.json()) as { agent: AgentProfile }).agent;
    // Shedding load (just after start-up, signing the agents in kept it busy): wait as told.
    if (response.status !== 503 || attempt === 10) throw new Error(`/api/auth/me answered ${response.status}`);
    await sleep(Number(response.headers.get('retry-after') ?? '1') * 1000);
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface Chat {
  index: number;
  citizen: ChatClient;
  agent: ConsoleClient;
  conversationId: string;
  citizenSent: number;
  agentSent: number;
}

export async function runFaultBench(options: FaultRunOptions): Promise<FaultRunResult> {
  const log = options.log ?? (() => {});
  shimBrowserPage();
  const agentsCount = Math.max(1, Math.ceil(options.chats / CHATS_PER_AGENT), Math.ceil(options.rate / AGENT_SENDS_PER_SECOND));
  // A citizen's connection may send one message a second (VISITOR_COMMAND_RATES['message:send']): half of it at most.
  if (options.rate / options.chats > 0.5) throw new Error(`--rate ${options.rate} over ${options.chats} chats is more than half a message a second per chat`);
  const server = await startBenchProcess('test/bench/bench-server.ts', {
    BENCH_AGENTS: String(agentsCount),
    BENCH_AGENT_CAPACITY: String(CHATS_PER_AGENT),
  });
  const citizens: ChatClient[] = [];
  const consoles: ConsoleClient[] = [];
  let proxy: CuttingProxy | undefined;
  try {
    // Cutting starts once every chat is set up: setting up is not what is measured.
    const cutting = await startCuttingProxy(Number(new URL(server.url).port), { everyMs: options.everyMs, downMs: options.downMs });
    proxy = cutting;
    const origin = cutting.url;
    for (const cookie of server.cookies) {
      const profile = await profileOf(server, cookie);
      const address = nextAddress();
      const connect = (): AgentSocket =>
        io(cutting.url + AGENT_NAMESPACE, {
          transports: ['websocket'],
          auth: { protocolVersion: PROTOCOL_VERSION },
          extraHeaders: { cookie, origin, 'x-forwarded-for': address },
        });
      const client = new ConsoleClient(profile, (code) => log(`agent ${profile.id}: session ended (${code})`), connect);
      client.start();
      consoles.push(client);
    }
    await waitFor(() => consoles.every((client) => client.getState().synced), 60_000, 'the consoles to sync');
    for (const client of consoles) {
      const result = await client.setStatus('available');
      if (!result.ok) throw new Error(`could not set an agent available: ${result.error.code}`);
    }
    log(`${consoles.length} agents connected; starting ${options.chats} chats…`);

    const chats: Chat[] = [];
    const BATCH = 20;
    for (let first = 0; first < options.chats; first += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, options.chats - first) }, (_, i) => first + i);
      const started = await Promise.all(
        batch.map(async (index): Promise<Chat> => {
          const citizen = new ChatClient('demo', cutting.url, outsideBrowser({ origin, 'x-forwarded-for': nextAddress() }));
          citizens.push(citizen);
          await citizen.start({ visitorName: `Citizen ${index}`, topicId: 'permits', language: 'en', pageUrl: 'http://127.0.0.1/bench', pageTitle: 'Fault bench' });
          const conversation = citizen.getState().conversation;
          if (conversation === null) throw new Error(`chat ${index} did not start: ${citizen.getState().actionError} (connection ${citizen.getState().connection})`);
          const agent = consoles[index % consoles.length]!;
          const accepted = await agent.accept(conversation.id);
          if (!accepted.ok) throw new Error(`chat ${index} was not accepted: ${accepted.error.code}`);
          return { index, citizen, agent, conversationId: conversation.id, citizenSent: 0, agentSent: 0 };
        }),
      );
      chats.push(...started);
    }
    await waitFor(() => chats.every((chat) => chat.citizen.getState().conversation?.status === 'active'), 60_000, 'every citizen to see the chat active');
    log(
      `${chats.length} chats active; sending ${options.rate} msg/s each way for ${options.seconds} s, ` +
        `cutting every ${options.everyMs / 1000} s for ${options.downMs / 1000} s…`,
    );

    // The first cut a little after the first messages.
    cutting.startCutting(Math.min(options.everyMs, 1000));
    const started = performance.now();
    let due = 0;
    let next = 0;
    while (performance.now() - started < options.seconds * 1000) {
      const target = Math.floor(((performance.now() - started) / 1000) * options.rate);
      // Round-robin over the chats, both directions at the same rate.
      for (; due < target; due++) {
        const chat = chats[next++ % chats.length]!;
        chat.citizenSent++;
        chat.citizen.send(text('c', chat.index, chat.citizenSent));
        chat.agentSent++;
        chat.agent.send(chat.conversationId, text('a', chat.index, chat.agentSent));
      }
      await sleep(20);
    }
    cutting.stopCutting();
    const sendingEnded = performance.now();
    log(`sending done (${cutting.cuts} cuts); settling…`);

    const shownToAgent = (chat: Chat) =>
      chat.agent.getState().chats.find((held) => held.conversation.id === chat.conversationId)?.messages.filter((m) => m.author.kind === 'visitor') ?? [];
    const shownToCitizen = (chat: Chat) => chat.citizen.getState().messages.filter((m) => m.author.kind === 'agent');
    const complete = (chat: Chat) => {
      const citizenSide = new Set(shownToCitizen(chat).map(numberOf));
      const agentSide = new Set(shownToAgent(chat).map(numberOf));
      return citizenSide.size >= chat.agentSent && agentSide.size >= chat.citizenSent;
    };
    while (performance.now() - sendingEnded < options.settleMs && !chats.every(complete)) await sleep(200);
    const settleSeconds = (performance.now() - sendingEnded) / 1000;

    let citizenToAgent = zero();
    let agentToCitizen = zero();
    let stillPending = 0;
    let refused = 0;
    for (const chat of chats) {
      citizenToAgent = add(citizenToAgent, count(shownToAgent(chat).map(numberOf), chat.citizenSent));
      agentToCitizen = add(agentToCitizen, count(shownToCitizen(chat).map(numberOf), chat.agentSent));
      const agentChat = chat.agent.getState().chats.find((held) => held.conversation.id === chat.conversationId);
      const outboxes = [...chat.citizen.getState().pending, ...(agentChat?.pending ?? [])];
      stillPending += outboxes.length;
      refused += outboxes.filter((item) => item.status === 'failed').length;
    }
    const diagnosis: Record<string, number> = {};
    const note = (key: string) => {
      diagnosis[key] = (diagnosis[key] ?? 0) + 1;
    };
    for (const chat of chats) {
      const state = chat.citizen.getState();
      note(`citizen connection ${state.connection}`);
      note(`citizen sees chat ${state.conversation?.status ?? 'none'}`);
      for (const item of state.pending) if (item.error !== null) note(`citizen message refused: ${item.error}`);
      const agentChat = chat.agent.getState().chats.find((held) => held.conversation.id === chat.conversationId);
      if (agentChat === undefined) note('chat gone from its agent');
      for (const item of agentChat?.pending ?? []) if (item.error !== null) note(`agent message refused: ${item.error}`);
      // An agent's message the server confirmed that the citizen does not show: is its seq held by
      // another message on the citizen's side (two messages given one seq), or absent there (a gap
      // the citizen's app never noticed)?
      const citizenSeqs = new Set(state.messages.map((message) => message.seq));
      const shownNumbers = new Set(shownToCitizen(chat).map(numberOf));
      for (const message of agentChat?.messages ?? []) {
        if (message.author.kind !== 'agent' || shownNumbers.has(numberOf(message))) continue;
        note(citizenSeqs.has(message.seq) ? 'agent message missing on the citizen side: its seq shows another message' : 'agent message missing on the citizen side: its seq is absent there');
      }
    }
    for (const client of consoles) note(`console connection ${client.getState().connection}`);
    return {
      diagnosis,
      chats: options.chats,
      startedChats: chats.length,
      agents: consoles.length,
      cuts: cutting.cuts,
      connectionsCut: cutting.connectionsCut,
      connectionsRefused: cutting.connectionsRefused,
      citizenToAgent,
      agentToCitizen,
      settleSeconds,
      stillPending,
      refused,
    };
  } finally {
    for (const client of citizens) client.close();
    for (const client of consoles) client.stop();
    await proxy?.close();
    await stopBenchProcess(server);
  }
}
