/**
 * `npm run bench:reports`: what the reports' hourly rollup costs at 100,000 chats.
 *
 * Builds the real services around a store (memory, then Redis on a redis-server of its own when
 * `redis-server` is on the PATH), and plays 100,000 chats over 30 days through the domain events
 * the services publish (opened, answered, first agent message, closed, wrap-up recorded; a tenth
 * abandoned, a twentieth transferred), with three offers per chat (distinct visitors) and a left
 * message per fifty chats, and a staffing sample per minute of 20 agents. The ReportsService counts
 * them as it would in production (facts buffered, written in batches). Then asks the Reports
 * page's query for the 30 days (grouped by day, and by hour of the day) and prints, for writing
 * and for each query: the time, the heap grown, and the hours and counters read.
 *
 * Options: --chats 100000 --days 30 --no-redis.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { loadConfig } from '../../server/config.js';
import { assignConversation, closeConversation, openConversation } from '../../server/domain/conversation-lifecycle.js';
import type { Agent, ChatMessage, Conversation, InboxItem } from '../../server/domain/entities.js';
import { HOUR_MS, REPORT_PAGES_PER_HOUR, REPORT_RETENTION_MS, type ReportFact } from '../../server/domain/reports.js';
import { offerFacts, staffFacts } from '../../server/domain/reports-facts.js';
import { transferConversation } from '../../server/domain/transfer.js';
import { recordWrapUp } from '../../server/domain/wrap-up.js';
import { createServices } from '../../server/services/index.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import { demoSite } from '../../server/services/seed.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { createRedisStore } from '../../server/stores/redis-store.js';
import type { Store } from '../../server/stores/store.js';
import { startRedis } from '../support/redis-server.js';
import { TEST_HASHING } from '../support/test-server.js';

const { values: options } = parseArgs({
  options: {
    chats: { type: 'string', default: '100000' },
    days: { type: 'string', default: '30' },
    'no-redis': { type: 'boolean', default: false },
  },
});
const CHATS = Number(options.chats);
const DAYS = Number(options.days);
const START = Date.parse('2026-10-01T00:00:00Z');
const SPAN = DAYS * 24 * HOUR_MS;
const silent = { info() {}, warn() {}, error() {} };
const OUTCOMES = new Set(['resolved', 'referred']);

/** A small deterministic generator, so that runs compare. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function run(kind: string, store: Store): Promise<void> {
  // The events' own times: each fact is counted at the hour its event happened.
  let time = START;
  const clock = { now: () => time };
  const services = createServices(loadConfig({}), store, clock, new PasswordHasher(TEST_HASHING), silent);
  await store.sites.put(demoSite([]));
  const agent: Agent = {
    id: 'alex',
    email: 'alex@example.test',
    displayName: 'Alex',
    role: 'supervisor',
    passwordHash: 'x',
    maxConcurrentChats: 3,
    languages: ['en', 'fr'],
    queueIds: [],
    createdAt: 0,
    active: true,
    sessionEpoch: 0,
    passwordLink: null,
    version: 1,
  };
  await store.agents.insert(agent);
  services.reports.listen();
  const next = random(42);
  const pages = ['/benefits', '/passports', '/taxes', '/permits', '/fr', '/contact', '/'];

  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let events = 0;
  let offerFactsWritten = 0;
  let offerBuffer: ReportFact[] = [];
  const writeOffers = async (at: number) => {
    await store.reports.record(offerBuffer, REPORT_PAGES_PER_HOUR, REPORT_RETENTION_MS, at);
    offerFactsWritten += offerBuffer.length;
    offerBuffer = [];
  };
  const publish = (at: number, event: Parameters<typeof services.events.publish>[0]) => {
    time = at;
    services.events.publish(event);
    events++;
  };
  // Chats in time order, in slices so that the buffer and the store see production's rhythm.
  for (let i = 0; i < CHATS; i++) {
    const at = START + Math.floor((i / CHATS) * SPAN);
    const language = next() < 0.3 ? 'fr' : 'en';
    const page = pages[Math.floor(next() * pages.length)]!;
    const opened: Conversation = openConversation(
      {
        id: `c${i}`,
        siteId: 'demo',
        queueId: `general-${language}`,
        topicId: 'benefits',
        language,
        visitorName: null,
        pageUrl: `https://example.test${page}/x`,
        pageTitle: null,
        visitorTokenHash: 'h',
        reference: `R${String(i).padStart(6, '0')}`,
      },
      at,
    );
    if (next() < 0.2) opened.outsideSiteZone = next() < 0.3;
    publish(at, { type: 'conversation.changed', conversation: opened, previous: null, left: null, joined: null });
    // Offers are batched as the ReportsService batches them (a write a second per node, not one per view).
    offerBuffer.push(...[0, 1, 2].flatMap((k) => offerFacts({ siteId: 'demo', pageUrl: opened.pageUrl, language, visitorKey: `v${i}-${k}`, offered: true, closed: false, share: 25, at })));
    if (offerBuffer.length >= 2000) await writeOffers(at);
    const wait = Math.floor(next() * 300_000);
    if (next() < 0.1) {
      publish(at + wait, { type: 'conversation.changed', conversation: closeConversation(opened, { by: 'visitor', reason: 'visitor_ended' }, at + wait), previous: opened, left: null, joined: null });
      continue;
    }
    let current = assignConversation(opened, 'alex', at + wait);
    publish(at + wait, { type: 'conversation.changed', conversation: current, previous: opened, left: null, joined: null });
    const reply: ChatMessage = { id: `m${i}`, conversationId: current.id, seq: 1, clientId: `m${i}`, author: { kind: 'agent', agentId: 'alex', name: 'Alex' }, text: 'Hello', sentAt: at + wait + 20_000 };
    publish(reply.sentAt, { type: 'message.created', conversation: current, message: reply });
    if (next() < 0.05) {
      const moved = transferConversation(current, { kind: 'agent', agentId: 'blake' }, 'alex', at + wait + 60_000);
      publish(at + wait + 60_000, { type: 'conversation.changed', conversation: moved, previous: current, left: null, joined: null });
      current = moved;
    }
    const end = at + wait + 120_000 + Math.floor(next() * 900_000);
    const closed = closeConversation(current, { by: 'agent', reason: 'resolved' }, end);
    publish(end, { type: 'conversation.changed', conversation: closed, previous: current, left: null, joined: null });
    const wrapped = recordWrapUp(closed, closed.agentId!, { outcome: next() < 0.7 ? 'resolved' : 'referred', note: null }, OUTCOMES, end + 30_000);
    publish(end + 30_000, { type: 'conversation.changed', conversation: wrapped, previous: closed, left: null, joined: null });
    if (i % 50 === 0) {
      const item = { id: `i${i}`, siteId: 'demo', queueId: `general-${language}`, topicId: 'benefits', language, pageUrl: opened.pageUrl, createdAt: at } as InboxItem;
      publish(at, { type: 'inbox.item-changed', item, created: true });
    }
    if (i % 200 === 0) await services.reports.settle();
  }
  await writeOffers(START + SPAN);
  await services.reports.settle();
  const writeMs = performance.now() - started;
  // A staffing sample per minute of the span, 20 agents (production writes one a minute; here an hour's at once).
  const staffStarted = performance.now();
  for (let hour = 0; hour < SPAN / HOUR_MS; hour += 1) {
    const facts = Array.from({ length: 60 }, (_, m) => {
      const minute = hour * 60 + m;
      const samples = Array.from({ length: 20 }, (_, k) => ({ agentId: `agent-${k}`, available: (minute + k) % 3 !== 0, slots: (minute + k) % 4 }));
      return staffFacts(samples, START + minute * 60_000);
    }).flat();
    await store.reports.record(facts, REPORT_PAGES_PER_HOUR, REPORT_RETENTION_MS, START + hour * HOUR_MS);
  }
  const staffMs = performance.now() - staffStarted;
  global.gc?.();
  const heapAfterWrite = process.memoryUsage().heapUsed;
  console.log(
    `${kind}: wrote ${CHATS.toLocaleString('en')} chats (${events.toLocaleString('en')} domain events, ${offerFactsWritten.toLocaleString('en')} offer facts, ${(SPAN / 60_000).toLocaleString('en')} staffing minutes) in ${(writeMs / 1000).toFixed(1)} s (${((writeMs * 1000) / CHATS).toFixed(0)} µs per chat), and the staffing samples in ${(staffMs / 1000).toFixed(1)} s; heap grew ${megabytes(heapAfterWrite - heapBefore)}`,
  );

  for (const groupBy of ['day', 'hourOfDay'] as const) {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const queryStarted = performance.now();
    const summary = await services.reports.summary(agent, { from: START, to: START + SPAN - 1, groupBy, timeZone: 'America/Toronto' });
    const queryMs = performance.now() - queryStarted;
    const after = process.memoryUsage().heapUsed;
    console.log(
      `${kind}: Reports page query, ${DAYS} days by ${groupBy}: ${queryMs.toFixed(0)} ms, read ${summary.cost.hoursRead} hours (${summary.cost.cellsRead.toLocaleString('en')} counter cells), heap +${megabytes(Math.max(0, after - before))}; ` +
        `started ${summary.totals.started.toLocaleString('en')}, answered ${summary.totals.answered.toLocaleString('en')}, abandoned ${summary.totals.abandoned.toLocaleString('en')}, wait p50 ${summary.totals.waitP50Seconds?.toFixed(0)} s, p90 ${summary.totals.waitP90Seconds?.toFixed(0)} s`,
    );
    if (summary.totals.started !== CHATS) throw new Error(`counted ${summary.totals.started} chats, not ${CHATS}`);
  }
  await services.reports.stop();
}

await run('memory', createMemoryStore());
if (!options['no-redis']) {
  let redis: Awaited<ReturnType<typeof startRedis>> | null = null;
  try {
    redis = await startRedis();
  } catch (error) {
    console.log(`redis: skipped (${error instanceof Error ? error.message : String(error)})`);
  }
  if (redis !== null) {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      await run('redis', createRedisStore(client, { keyPrefix: 'bench:' }));
      const memory = (await client.info('memory')).match(/used_memory:(\d+)/)?.[1];
      const keys = await client.dbsize();
      if (memory !== undefined) console.log(`redis: ${keys.toLocaleString('en')} keys, used_memory ${megabytes(Number(memory))} (the whole rollup, its HyperLogLogs and the claims)`);
    } finally {
      client.disconnect();
      await redis.destroy();
    }
  }
}
