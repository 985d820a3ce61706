/**
 * Conversation history at the service level (issue #9 point 5): the filters, paging without loss
 * or repeat, the per-call scan cap, the range rules and roles, retention taking conversations out,
 * and the transcript (its content and its audit entry).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_PAGE_MAX, HISTORY_SCAN_MAX } from '../../protocol/limits.js';
import { loadConfig } from '../../server/config.js';
import { closeConversation } from '../../server/domain/conversation-lifecycle.js';
import type { Agent, Conversation, Site } from '../../server/domain/entities.js';
import { createServices, type Services } from '../../server/services/index.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import { RetentionService } from '../../server/services/retention-service.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { ManualClock } from '../support/manual-clock.js';
import { TEST_HASHING } from '../support/test-server.js';
import { conversation } from '../stores/store-contract.js';

const silentLogger = { info() {}, warn() {}, error() {} };
const T0 = Date.parse('2026-11-02T14:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

function account(id: string, role: Agent['role']): Agent {
  return {
    id,
    email: `${id}@example.test`,
    displayName: `Name of ${id}`,
    role,
    passwordHash: 'x',
    maxConcurrentChats: 3,
    languages: ['en', 'fr'],
    queueIds: ['general'],
    createdAt: 0,
    active: true,
    sessionEpoch: 0,
    passwordLink: null,
    version: 1,
  };
}

describe('conversation history', () => {
  let services: Services;
  let clock: ManualClock;
  const supervisor = account('sup', 'supervisor');
  const manager = account('boss', 'manager');
  const agent = account('alex', 'agent');

  /** A conversation closed at `closedAt`, with what a test sets on it. */
  async function closed(id: string, closedAt: number, extra: Partial<Conversation> = {}): Promise<void> {
    await services.store.conversations.insert({ ...conversation(id, closedAt - 60_000), ...extra, status: 'queued' });
    const current = (await services.store.conversations.get(id))!;
    const next = { ...closeConversation(current, { by: 'visitor', reason: 'visitor_ended' }, closedAt), ...extra, status: 'closed' as const, closedAt };
    expect((await services.store.conversations.save(next, current)).outcome).toBe('saved');
  }
  const ids = (page: { conversations: Conversation[] }) => page.conversations.map((c) => c.id);

  beforeEach(async () => {
    clock = new ManualClock(T0 + 10 * DAY);
    services = createServices(loadConfig({}), createMemoryStore(), clock, new PasswordHasher(TEST_HASHING), silentLogger);
    for (const a of [supervisor, manager, agent]) await services.store.agents.insert(a);
  });

  it('filters by site, queue, agent, outcome and reference, newest first', async () => {
    const wrapUp = (outcome: string) => ({ dueAt: 0, outcome, note: null, recordedAt: T0 });
    await closed('abcdef12-0001', T0 + 1_000, { siteId: 'demo', queueId: 'general', agentId: 'alex', wrapUp: wrapUp('resolved') });
    await closed('abcdef12-0002', T0 + 2_000, { siteId: 'other', queueId: 'general', agentId: 'alex', wrapUp: wrapUp('referred') });
    await closed('0123abcd-0003', T0 + 3_000, { siteId: 'demo', queueId: 'permits', agentId: 'sam', wrapUp: wrapUp('resolved') });
    await closed('0123abcd-0004', T0 + 4_000, { siteId: 'demo', queueId: 'general', agentId: null, wrapUp: null });
    await closed('outside', T0 + 2 * DAY);
    const range = { from: T0, to: T0 + DAY };

    expect(ids(await services.history.search(supervisor, range))).toEqual(['0123abcd-0004', '0123abcd-0003', 'abcdef12-0002', 'abcdef12-0001']);
    expect(ids(await services.history.search(supervisor, { ...range, siteId: 'demo' }))).toEqual(['0123abcd-0004', '0123abcd-0003', 'abcdef12-0001']);
    expect(ids(await services.history.search(supervisor, { ...range, queueId: 'permits' }))).toEqual(['0123abcd-0003']);
    expect(ids(await services.history.search(manager, { ...range, agentId: 'alex' }))).toEqual(['abcdef12-0002', 'abcdef12-0001']);
    expect(ids(await services.history.search(manager, { ...range, outcome: 'resolved' }))).toEqual(['0123abcd-0003', 'abcdef12-0001']);
    expect(ids(await services.history.search(manager, { ...range, outcome: 'resolved', siteId: 'demo', agentId: 'alex' }))).toEqual(['abcdef12-0001']);
    // A reference: the whole id, or its first 8 characters (or more); fewer match nothing.
    expect(ids(await services.history.search(supervisor, { ...range, reference: 'abcdef12-0002' }))).toEqual(['abcdef12-0002']);
    expect(ids(await services.history.search(supervisor, { ...range, reference: 'ABCDEF12' }))).toEqual(['abcdef12-0002', 'abcdef12-0001']);
    expect(ids(await services.history.search(supervisor, { ...range, reference: 'abcdef1' }))).toEqual([]);
    // The range bounds close times, both ends inclusive.
    expect(ids(await services.history.search(supervisor, { from: T0 + 2_000, to: T0 + 3_000 }))).toEqual(['0123abcd-0003', 'abcdef12-0002']);
    expect(ids(await services.history.search(supervisor, { from: T0 + DAY, to: T0 + 3 * DAY }))).toEqual(['outside']);
  });

  it('pages at most HISTORY_PAGE_MAX at a time, losing and repeating none, ties included', async () => {
    for (let i = 0; i < 120; i++) await closed(`c-${String(i).padStart(3, '0')}`, T0 + Math.floor(i / 3) * 1_000);
    const seen: string[] = [];
    let after = null;
    const sizes: number[] = [];
    for (;;) {
      const page = await services.history.search(supervisor, { from: T0, to: T0 + DAY, after });
      sizes.push(page.conversations.length);
      seen.push(...ids(page));
      if (page.next === null) break;
      after = page.next;
    }
    expect(sizes).toEqual([HISTORY_PAGE_MAX, HISTORY_PAGE_MAX, 20]);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it(`looks at no more than HISTORY_SCAN_MAX (${HISTORY_SCAN_MAX}) conversations per call, then goes on from its cursor`, async () => {
    await closed('wanted', T0 + 1_000, { queueId: 'permits' });
    for (let i = 0; i < HISTORY_SCAN_MAX + 100; i++) await closed(`n-${String(i).padStart(5, '0')}`, T0 + 2_000 + i);
    let reads = 0;
    const get = services.store.conversations.get.bind(services.store.conversations);
    services.store.conversations.get = async (id) => {
      reads++;
      return get(id);
    };
    const first = await services.history.search(supervisor, { from: T0, to: T0 + DAY, queueId: 'permits' });
    expect(first.conversations).toEqual([]);
    expect(first.scanned).toBe(HISTORY_SCAN_MAX);
    expect(reads).toBe(HISTORY_SCAN_MAX);
    expect(first.next).not.toBeNull();
    const second = await services.history.search(supervisor, { from: T0, to: T0 + DAY, queueId: 'permits', after: first.next });
    expect(ids(second)).toEqual(['wanted']);
    expect(second.next).toBeNull();
    expect(second.scanned).toBe(101);
  });

  it('refuses agents, a missing or reversed range, and one over 31 days', async () => {
    await expect(services.history.search(agent, { from: T0, to: T0 + DAY })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.history.search(supervisor, { from: T0, to: T0 + 32 * DAY })).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(services.history.search(supervisor, { from: T0 + DAY, to: T0 })).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(services.history.search(supervisor, { from: Number.NaN, to: T0 })).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(services.history.search(supervisor, { from: T0, to: T0 + 31 * DAY })).resolves.toMatchObject({ conversations: [] });
    await closed('c1', T0);
    await expect(services.history.open(agent, 'c1', 10)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(services.history.transcript(agent, 'c1')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('opens only closed conversations, with their messages and notes', async () => {
    await closed('c1', T0);
    await services.store.messages.append({ id: 'm1', conversationId: 'c1', clientId: 'client-0001', author: { kind: 'visitor', agentId: null, name: null }, text: 'Hello', sentAt: T0 - 5_000 });
    await services.store.conversations.insert(conversation('open-one'));
    const opened = await services.history.open(supervisor, 'c1', 10);
    expect(opened.conversation.id).toBe('c1');
    expect(opened.messages.map((m) => m.text)).toEqual(['Hello']);
    expect(opened.hasMore).toBe(false);
    await expect(services.history.open(supervisor, 'open-one', 10)).rejects.toMatchObject({ code: 'not_found' });
    await expect(services.history.open(supervisor, 'none', 10)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('no longer finds what retention deleted', async () => {
    await closed('old', T0 - 40 * DAY);
    await closed('recent', T0 - 5 * DAY);
    const retention = new RetentionService(services.store, clock, 30 * DAY, silentLogger);
    expect(await retention.sweep()).toBe(1);
    expect(ids(await services.history.search(supervisor, { from: T0 - 41 * DAY, to: T0 - 20 * DAY }))).toEqual([]);
    expect(ids(await services.history.search(supervisor, { from: T0 - 10 * DAY, to: T0 }))).toEqual(['recent']);
    await expect(services.history.transcript(supervisor, 'old')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('writes the transcript in the chat’s language and records the export in the audit log', async () => {
    await services.store.sites.put(sampleSite());
    await closed('chat-fr', T0, { language: 'fr', agentId: 'alex' });
    const append = (i: number, kind: 'visitor' | 'agent', text: string) =>
      services.store.messages.append({
        id: `m${i}`,
        conversationId: 'chat-fr',
        clientId: `client-000${i}`,
        author: kind === 'agent' ? { kind, agentId: 'alex', name: 'Alex' } : { kind, agentId: null, name: 'Marie' },
        text,
        sentAt: Date.parse('2026-11-02T13:58:00Z') + i * 1_000,
      });
    await append(1, 'visitor', 'Bonjour');
    await append(2, 'agent', 'Bonjour, comment puis-je aider?\nLigne deux');
    const { text } = await services.history.transcript(manager, 'chat-fr');
    expect(text).toContain('Conversation: chat-fr');
    expect(text).toContain('Fuseau horaire: America/Toronto');
    expect(text).toContain('Organisation: Site démo');
    expect(text).toContain('Référence: ');
    expect(text).toContain('[2026-11-02 08:58:01] Citoyen: Bonjour\r\n');
    expect(text).toContain('[2026-11-02 08:58:02] Name of alex: Bonjour, comment puis-je aider?\r\n    Ligne deux\r\n');
    expect(text).not.toContain('Marie');
    const entries = await services.store.audit.range(1, 10);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'boss', action: 'history.transcript-exported', target: 'conversation:chat-fr' });
  });
});

function sampleSite(): Site {
  return {
    id: 'demo',
    name: { en: 'Demo site', fr: 'Site démo' },
    allowedOrigins: ['self'],
    chatEnabled: true,
    topics: [],
    hours: { timeZone: 'America/Toronto', weekly: {}, holidays: [], lastAdmissionMinutes: 0 },
    otherWays: [],
    selfService: [],
  };
}
