/**
 * The supervision view's pacing and cost (issue #7, point 7), with timers the test moves: a burst
 * of events makes one read and one update, reads are at least a second apart, the periodic read
 * catches what no event announced, nothing unchanged is sent, and each read costs the same few
 * store calls whatever the numbers of agents and waiting chats.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/config.js';
import type { DomainEvent } from '../../server/services/events.js';
import { createServices, type Services } from '../../server/services/index.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import {
  SUPERVISION_MIN_INTERVAL_MS,
  SUPERVISION_REFRESH_MS,
  SUPERVISION_SETTLE_MS,
} from '../../server/services/supervision-service.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import type { Store } from '../../server/stores/store.js';
import { ManualClock } from '../support/manual-clock.js';
import { TEST_HASHING } from '../support/test-server.js';

const silentLogger = { info() {}, warn() {}, error() {} };
/** Lets a read already started finish (the memory store answers within a few turns of the microtask queue). */
const flush = () => vi.advanceTimersByTimeAsync(0);
type Change = Extract<DomainEvent, { type: 'supervision.changed' }>;

/** Counts the store calls made through it, by repository and method. */
function counting(store: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const wrap = <R extends object>(name: string, repository: R): R =>
    new Proxy(repository, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(`${name}.${String(property)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const repositories = ['sites', 'queues', 'agents', 'sessions', 'presence', 'conversations', 'messages', 'inbox', 'counters', 'waits', 'notes', 'cannedAnswers', 'rateLimits'] as const;
  const wrapped = { ...store } as Record<string, unknown>;
  for (const name of repositories) wrapped[name] = wrap(name, store[name]);
  return { store: wrapped as unknown as Store, calls };
}

describe('the supervision view’s updates', () => {
  let services: Services;
  let calls: string[];
  let changes: Change[];

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const counted = counting(createMemoryStore());
    calls = counted.calls;
    services = createServices(loadConfig({}), counted.store, new ManualClock(), new PasswordHasher(TEST_HASHING), silentLogger);
    await services.store.queues.put({ id: 'general', name: { en: 'General', fr: 'Général' }, language: 'en', mode: 'automatic' });
    for (let i = 0; i < 300; i++) {
      await services.store.agents.insert({
        id: `agent-${i}`,
        email: `agent-${i}@example.test`,
        displayName: `Agent ${String(i).padStart(3, '0')}`,
        role: 'agent',
        passwordHash: 'x',
        maxConcurrentChats: 3,
        languages: ['en'],
        queueIds: ['general'],
        createdAt: 0,
        active: true,
        sessionEpoch: 0,
        passwordLink: null,
        version: 1,
      });
    }
    changes = [];
    services.events.subscribe((event) => {
      if (event.type === 'supervision.changed') changes.push(event);
    });
    await services.supervision.start();
    calls.length = 0;
  });
  afterEach(() => {
    services.supervision.stop();
    vi.useRealTimers();
  });

  const presence = (agentId: string, status: 'available' | 'away') => services.presence.setStatus(agentId, status);

  it('says nothing about the first picture: it is what later ones are compared with', () => {
    expect(changes).toEqual([]);
  });

  it('turns a burst of events into one read and one update, sent 250 ms after the first', async () => {
    for (let i = 0; i < 20; i++) await presence(`agent-${i}`, 'available');
    await vi.advanceTimersByTimeAsync(SUPERVISION_SETTLE_MS - 1);
    expect(changes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await flush();
    expect(changes).toHaveLength(1);
    // Only the twenty agents who changed, and the queue they serve: not the 300.
    expect(changes[0]!.change.agents).toHaveLength(20);
    expect(changes[0]!.change.queues).toMatchObject([{ id: 'general', agents: { available: 20, withRoom: 20 } }]);
  });

  it('reads at most once a second, whatever the rate of events, and sends the latest state', async () => {
    await presence('agent-0', 'available');
    await vi.advanceTimersByTimeAsync(SUPERVISION_SETTLE_MS);
    expect(changes).toHaveLength(1);
    const readsBefore = calls.filter((call) => call === 'agents.list').length;
    // An event every 100 ms for two seconds.
    for (let i = 1; i <= 20; i++) {
      await presence(`agent-${i}`, 'available');
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(SUPERVISION_MIN_INTERVAL_MS);
    await flush();
    const reads = calls.filter((call) => call === 'agents.list').length - readsBefore;
    expect(reads).toBeLessThanOrEqual(3);
    expect(changes.length).toBeLessThanOrEqual(4);
    expect(changes.at(-1)!.change.queues[0]).toMatchObject({ agents: { available: 21 } });
  });

  it('costs six store calls a read, whatever the numbers of agents and waiting chats', async () => {
    for (let i = 0; i < 100; i++) {
      await services.store.conversations.insert({
        id: `c${i}`,
        siteId: 'demo',
        queueId: 'general',
        topicId: 't',
        language: 'en',
        visitorName: null,
        pageUrl: 'https://example.test/',
        pageTitle: null,
        visitorTokenHash: 'h',
        reference: 'K7M-4QX',
        status: 'queued',
        createdAt: i,
        queuedAt: 1000 + i,
        queuePriority: 0,
        agentId: null,
        assignedAt: null,
        closedAt: null,
        closedBy: null,
        closeReason: null,
        version: 1,
        visitorLeftAt: null,
        idleWarnedAt: null,
        idleClosesAt: null,
        transfers: 0,
        lastTransfer: null,
        wrapUp: null,
        survey: null,
      });
    }
    calls.length = 0;
    await services.supervision.refresh();
    expect(calls.sort()).toEqual([
      'agents.list',
      'conversations.countActiveByAgent',
      'conversations.oldestQueuedAt',
      'conversations.queueLengths',
      'presence.list',
      'queues.list',
    ]);
    expect(changes.at(-1)!.change.queues).toMatchObject([{ id: 'general', waiting: 100, oldestQueuedAt: 1000 }]);
  });

  it('reads again every 15 s for what no event announced, and sends only a difference', async () => {
    // A console dropping writes presence without an event (the sweep times it).
    const before = (await services.store.presence.get('agent-5')) ?? { agentId: 'agent-5', status: 'available' as const, since: 0, disconnectedAt: null };
    await services.store.presence.put({ ...before, status: 'away', disconnectedAt: 5 });
    await vi.advanceTimersByTimeAsync(SUPERVISION_REFRESH_MS + SUPERVISION_MIN_INTERVAL_MS);
    await flush();
    expect(changes).toHaveLength(1);
    expect(changes[0]!.change.agents).toMatchObject([{ id: 'agent-5', status: 'away', connected: false }]);
    // Nothing changed since: the next periodic read sends nothing.
    await vi.advanceTimersByTimeAsync(SUPERVISION_REFRESH_MS + SUPERVISION_MIN_INTERVAL_MS);
    await flush();
    expect(changes).toHaveLength(1);
  });

  it('wakes on a limit change, and the agent changed is in the next update', async () => {
    const actor = (await services.store.agents.insert({
      id: 'boss',
      email: 'boss@example.test',
      displayName: 'Boss',
      role: 'supervisor',
      passwordHash: 'x',
      maxConcurrentChats: 3,
      languages: ['en'],
      queueIds: [],
      createdAt: 0,
      active: true,
      sessionEpoch: 0,
      passwordLink: null,
      version: 1,
    }))
      ? (await services.store.agents.get('boss'))!
      : null;
    await vi.advanceTimersByTimeAsync(SUPERVISION_REFRESH_MS + SUPERVISION_MIN_INTERVAL_MS);
    await flush();
    changes.length = 0;
    expect(await services.supervision.setLimit(actor!, 'agent-7', 6)).toMatchObject({ id: 'agent-7', maxConcurrentChats: 6 });
    await vi.advanceTimersByTimeAsync(SUPERVISION_MIN_INTERVAL_MS);
    await flush();
    expect(changes).toHaveLength(1);
    expect(changes[0]!.change.agents).toMatchObject([{ id: 'agent-7', maxConcurrentChats: 6 }]);
  });
});
