/**
 * Soft launch governance (issue #8, points 4 and 5) with a manual clock: approvals (no
 * self-approval, edits void approvals), narrowing at once and widening after a second manager,
 * the schedule (its time, pausing, exactly once across two nodes sharing one Redis), a step that
 * conflicts fails and says why, and the audit chain (recorded for every step; tampering in Redis
 * is found at the entry changed).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Agent, Site } from '../../server/domain/entities.js';
import { defaultPolicy, type RolloutPolicy } from '../../server/domain/rollout-policy.js';
import { AuditService } from '../../server/services/audit-service.js';
import { EventBus, type DomainEvent } from '../../server/services/events.js';
import { RolloutGovernanceService, type PolicySettings } from '../../server/services/rollout-governance-service.js';
import { RolloutService } from '../../server/services/rollout-service.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { createRedisStore } from '../../server/stores/redis-store.js';
import type { Store } from '../../server/stores/store.js';
import { ManualClock } from '../support/manual-clock.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';

const site: Site = {
  id: 'demo',
  name: { en: 'Demo', fr: 'Démo' },
  allowedOrigins: ['self'],
  chatEnabled: true,
  topics: [{ id: 'benefits', label: { en: 'Benefits', fr: 'Prestations' }, queues: { en: 'general-en', fr: 'general-fr' } }],
  hours: null,
  otherWays: [],
  selfService: [],
};

function account(id: string, role: Agent['role']): Agent {
  return { id, email: `${id}@demo.test`, displayName: id, role, passwordHash: 'x', maxConcurrentChats: 2, languages: ['en', 'fr'], queueIds: [], createdAt: 0, active: true, sessionEpoch: 0, passwordLink: null, version: 1 };
}
const morgan = account('morgan', 'manager');
const jordan = account('jordan', 'manager');
const sam = account('sam', 'supervisor');
const alex = account('alex', 'agent');

const HOUR = 3_600_000;
const silent = { error: () => {}, info: () => {}, warn: () => {} };

interface Node {
  governance: RolloutGovernanceService;
  audit: AuditService;
  events: DomainEvent[];
}

function node(store: Store, clock: ManualClock): Node {
  const bus = new EventBus();
  const events: DomainEvent[] = [];
  bus.subscribe((event) => events.push(event));
  const rollout = new RolloutService(store, bus);
  const audit = new AuditService(store, clock);
  let ids = 0;
  const prefix = randomUUID().slice(0, 6);
  return { governance: new RolloutGovernanceService(store, clock, bus, rollout, audit, silent, () => `${prefix}-${++ids}`), audit, events };
}

/** The default policy's settings with the chat share (and optionally more) changed. */
function withShare(share: number, from: RolloutPolicy = defaultPolicy('demo', true)): PolicySettings {
  const { siteId: _s, version: _v, updatedAt: _u, ...settings } = from;
  return { ...settings, chat: { ...settings.chat, share } };
}

async function policyOf(store: Store): Promise<RolloutPolicy> {
  return (await store.rolloutPolicies.get('demo')) ?? defaultPolicy('demo', true);
}

describe('rollout governance (memory store, manual clock)', () => {
  let store: Store;
  let clock: ManualClock;
  let here: Node;

  beforeEach(async () => {
    store = createMemoryStore();
    clock = new ManualClock();
    await store.sites.put(site);
    here = node(store, clock);
  });

  /** Narrows the chat share to 5 % at once (from the default 100 %). */
  async function narrowTo5(): Promise<RolloutPolicy> {
    const { policy } = await here.governance.propose(morgan, { siteId: 'demo', from: { policyVersion: 1 }, settings: withShare(5), reason: 'Soft launch', applyAt: null });
    return policy;
  }

  it('applies a narrowing at once, and audits the proposal and the step', async () => {
    const { change, policy } = await here.governance.propose(morgan, {
      siteId: 'demo',
      from: { policyVersion: 1 },
      settings: withShare(5),
      reason: 'Start small',
      applyAt: null,
    });
    expect(change).toMatchObject({ status: 'applied', needsApproval: false, proposedBy: 'morgan' });
    expect(policy).toMatchObject({ version: 2, chat: { share: 5 }, updatedAt: clock.now() });
    expect(await store.rolloutPolicies.get('demo')).toEqual(policy);
    const { entries } = await here.audit.page({ limit: 10 });
    expect(entries.map((entry) => [entry.action, entry.actor, entry.target])).toEqual([
      ['rollout.applied', 'morgan', `site:demo/change:${change.id}`],
      ['rollout.proposed', 'morgan', `site:demo/change:${change.id}`],
    ]);
    expect(entries[0]).toMatchObject({ reason: 'Start small', approver: null, before: { chat: { share: 100 } }, after: { chat: { share: 5 }, version: 2 } });
    expect(here.events.filter((event) => event.type === 'rollout.state-changed')).toHaveLength(1);
    expect(here.events.some((event) => event.type === 'rollout.policy-changed')).toBe(true);
  });

  it('the kill switch is a narrowing: at once, without approval', async () => {
    const settings = withShare(100);
    const { change, policy } = await here.governance.propose(jordan, {
      siteId: 'demo',
      from: { policyVersion: 1 },
      settings: { ...settings, chat: { ...settings.chat, enabled: false } },
      reason: 'Incident',
      applyAt: clock.now() + HOUR,
    });
    // Scheduled narrowing: waits for its time, needs no approval.
    expect(change).toMatchObject({ status: 'pending', needsApproval: false });
    expect(policy.chat.enabled).toBe(true);
    clock.advance(HOUR);
    expect(await here.governance.tick()).toBe(1);
    expect((await policyOf(store)).chat.enabled).toBe(false);
  });

  it('waits for a second manager to widen; no one approves their own change', async () => {
    const narrowed = await narrowTo5();
    const { change, policy } = await here.governance.propose(morgan, {
      siteId: 'demo',
      from: { policyVersion: narrowed.version },
      settings: withShare(25, narrowed),
      reason: 'The team copes',
      applyAt: null,
    });
    expect(change).toMatchObject({ status: 'pending', needsApproval: true, approvedBy: null });
    expect(policy.chat.share).toBe(5);
    expect(await here.governance.tick()).toBe(0);
    expect((await policyOf(store)).chat.share).toBe(5);

    await expect(here.governance.approve(morgan, change.id, change.version)).rejects.toMatchObject({ code: 'self_approval' });
    await expect(here.governance.approve(sam, change.id, change.version)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(here.governance.approve(jordan, change.id, change.version + 1)).rejects.toMatchObject({ code: 'conflict' });
    expect((await store.rolloutChanges.get(change.id))!.approvedBy).toBeNull();

    const approved = await here.governance.approve(jordan, change.id, change.version);
    expect(approved.change).toMatchObject({ status: 'applied', approvedBy: 'jordan' });
    expect(approved.policy.chat.share).toBe(25);
    const { entries } = await here.audit.page({ limit: 2 });
    expect(entries.map((entry) => [entry.action, entry.actor, entry.approver])).toEqual([
      ['rollout.applied', 'jordan', 'jordan'],
      ['rollout.approved', 'jordan', 'jordan'],
    ]);
    await expect(here.governance.approve(jordan, change.id, approved.change.version)).rejects.toMatchObject({ code: 'not_pending' });
  });

  it('refuses approving a narrowing (it needs none) and a change that changes nothing', async () => {
    const { change } = await here.governance.propose(morgan, { siteId: 'demo', from: { policyVersion: 1 }, settings: withShare(50), reason: 'r', applyAt: clock.now() + HOUR });
    await expect(here.governance.approve(jordan, change.id, change.version)).rejects.toMatchObject({ code: 'approval_not_needed' });
    await expect(
      here.governance.propose(morgan, { siteId: 'demo', from: { policyVersion: 1 }, settings: withShare(100), reason: 'r', applyAt: null }),
    ).rejects.toMatchObject({ code: 'invalid_payload' });
  });

  it('editing voids the approval; only the proposer edits; any manager withdraws', async () => {
    const narrowed = await narrowTo5();
    const { change } = await here.governance.propose(morgan, {
      siteId: 'demo',
      from: { policyVersion: narrowed.version },
      settings: withShare(10, narrowed),
      reason: 'Next Monday',
      applyAt: clock.now() + 24 * HOUR,
    });
    const { change: approved } = await here.governance.approve(jordan, change.id, change.version);
    expect(approved).toMatchObject({ status: 'pending', approvedBy: 'jordan' });

    await expect(
      here.governance.edit(jordan, { changeId: change.id, version: approved.version, settings: withShare(15, narrowed), reason: 'More', applyAt: null }),
    ).rejects.toMatchObject({ code: 'not_proposer' });
    const { change: edited } = await here.governance.edit(morgan, {
      changeId: change.id,
      version: approved.version,
      settings: withShare(15, narrowed),
      reason: 'A little more',
      applyAt: clock.now() + 24 * HOUR,
    });
    expect(edited).toMatchObject({ status: 'pending', approvedBy: null, approvedAt: null, reason: 'A little more', after: { chat: { share: 15 } } });
    // The step's time comes: not approved any more, so it does not apply.
    clock.advance(25 * HOUR);
    expect(await here.governance.tick()).toBe(0);
    expect((await policyOf(store)).chat.share).toBe(5);

    const { change: withdrawn } = await here.governance.withdraw(jordan, change.id, edited.version);
    expect(withdrawn.status).toBe('withdrawn');
    expect((await here.audit.page({ limit: 3 })).entries.map((entry) => entry.action)).toEqual(['rollout.withdrawn', 'rollout.edited', 'rollout.approved']);
    const state = await here.governance.state(sam, undefined);
    expect(state.pending).toEqual([]);
    expect(state.recent.map((c) => [c.id, c.status])).toEqual([
      [change.id, 'withdrawn'],
      [expect.any(String), 'applied'],
    ]);
    expect(state.audit[0]!.action).toBe('rollout.withdrawn');
  });

  it('runs a ramp at its times, holds it while paused, and applies what is overdue on resuming', async () => {
    const narrowed = await narrowTo5();
    const monday = clock.now() + 24 * HOUR;
    const { change: step10 } = await here.governance.propose(morgan, { siteId: 'demo', from: { policyVersion: narrowed.version }, settings: withShare(10, narrowed), reason: '10 % Monday', applyAt: monday });
    const { change: step25 } = await here.governance.propose(morgan, {
      siteId: 'demo',
      from: { changeId: step10.id },
      settings: withShare(25, narrowed),
      reason: '25 % a week later',
      applyAt: monday + 7 * 24 * HOUR,
    });
    await here.governance.approve(jordan, step10.id, step10.version);
    await here.governance.approve(jordan, step25.id, step25.version);

    clock.advance(24 * HOUR - 1);
    expect(await here.governance.tick()).toBe(0);
    clock.advance(1);
    expect(await here.governance.tick()).toBe(1);
    expect((await policyOf(store)).chat.share).toBe(10);
    expect((await here.audit.page({ limit: 1 })).entries[0]).toMatchObject({ action: 'rollout.applied', actor: 'system', approver: 'jordan' });

    await expect(here.governance.setSchedulePaused(sam, 'demo', true)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await here.governance.setSchedulePaused(morgan, 'demo', true)).toEqual({ siteId: 'demo', schedulePaused: true });
    clock.advance(8 * 24 * HOUR);
    expect(await here.governance.tick()).toBe(0);
    expect((await policyOf(store)).chat.share).toBe(10);
    expect((await here.governance.state(morgan, 'demo')).schedulePaused).toBe(true);

    // A narrowing without a time still applies while the schedule is paused.
    await here.governance.setSchedulePaused(morgan, 'demo', false);
    expect((await policyOf(store)).chat.share).toBe(25);
    const actions = (await here.audit.page({ limit: 3 })).entries.map((entry) => entry.action);
    expect(actions).toEqual(['rollout.applied', 'rollout.schedule-resumed', 'rollout.schedule-paused']);
  });

  it('a step whose setting someone else changed since fails, says why, and is audited', async () => {
    const narrowed = await narrowTo5();
    const { change } = await here.governance.propose(morgan, { siteId: 'demo', from: { policyVersion: narrowed.version }, settings: withShare(25, narrowed), reason: 'Widen', applyAt: clock.now() + HOUR });
    await here.governance.approve(jordan, change.id, change.version);
    // Meanwhile the share is narrowed again (at once).
    await here.governance.propose(jordan, { siteId: 'demo', from: { policyVersion: narrowed.version }, settings: withShare(2, narrowed), reason: 'Too busy', applyAt: null });
    clock.advance(HOUR);
    expect(await here.governance.tick()).toBe(1);
    const failed = (await store.rolloutChanges.get(change.id))!;
    expect(failed.status).toBe('failed');
    expect(failed.failure).toMatch(/chat\.share/);
    expect((await policyOf(store)).chat.share).toBe(2);
    expect((await here.audit.page({ limit: 1 })).entries[0]).toMatchObject({ action: 'rollout.failed', actor: 'system', reason: failed.failure });
  });

  it('a step no one approved that would widen the policy as it is then fails instead', async () => {
    const narrowed = await narrowTo5();
    // A kill switch scheduled for tonight, then a step from it: still off, at 100 % (no approval needed from there).
    const { change: off } = await here.governance.propose(jordan, {
      siteId: 'demo',
      from: { policyVersion: narrowed.version },
      settings: { ...withShare(5, narrowed), chat: { ...narrowed.chat, enabled: false } },
      reason: 'Off tonight',
      applyAt: clock.now() + HOUR,
    });
    const offSettings = withShare(100, off.after);
    const { change: sneaky } = await here.governance.propose(morgan, {
      siteId: 'demo',
      from: { changeId: off.id },
      settings: offSettings,
      reason: 'Off at 100 %',
      applyAt: clock.now() + 2 * HOUR,
    });
    expect(sneaky.needsApproval).toBe(false);
    await here.governance.withdraw(morgan, off.id, off.version);
    clock.advance(2 * HOUR);
    expect(await here.governance.tick()).toBe(1);
    expect((await policyOf(store)).chat).toMatchObject({ enabled: true, share: 5 });
    expect((await store.rolloutChanges.get(sneaky.id))!).toMatchObject({ status: 'failed', failure: expect.stringMatching(/would widen the offer/) });
  });

  it('refuses a stale proposal, an invalid policy and what roles may not do', async () => {
    await narrowTo5();
    await expect(
      here.governance.propose(morgan, { siteId: 'demo', from: { policyVersion: 1 }, settings: withShare(50), reason: 'stale', applyAt: null }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const policy = await policyOf(store);
    const settings = withShare(5, policy);
    await expect(
      here.governance.propose(morgan, { siteId: 'demo', from: { policyVersion: policy.version }, settings: { ...settings, chat: { ...settings.chat, languages: ['en'] } }, reason: 'English only', applyAt: null }),
    ).rejects.toMatchObject({ code: 'invalid_policy', message: expect.stringMatching(/bilingual/) });
    await expect(here.governance.propose(sam, { siteId: 'demo', from: { policyVersion: policy.version }, settings: withShare(1, policy), reason: 'r', applyAt: null })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(here.governance.state(alex, 'demo')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(here.governance.auditPage(alex, undefined, 10)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(here.governance.propose(morgan, { siteId: 'nowhere', from: { policyVersion: 1 }, settings: withShare(1), reason: 'r', applyAt: null })).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      here.governance.propose(morgan, { siteId: 'demo', from: { policyVersion: policy.version }, settings: withShare(1, policy), reason: 'r', applyAt: clock.now() + 400 * 24 * HOUR }),
    ).rejects.toMatchObject({ code: 'invalid_payload' });
    expect((await policyOf(store)).version).toBe(policy.version);
    expect(await here.audit.count()).toBe(2);
  });

  it('supervisors page the rollout entries only; managers every entry', async () => {
    await narrowTo5();
    await here.audit.record({ actor: 'morgan', action: 'account.created', target: 'account:a9', before: null, after: { email: 'new@demo.test' }, reason: null, approver: null });
    expect((await here.governance.auditPage(morgan, undefined, 10)).entries.map((entry) => entry.action)).toEqual(['account.created', 'rollout.applied', 'rollout.proposed']);
    const forSam = await here.governance.auditPage(sam, undefined, 10);
    expect(forSam.entries.map((entry) => entry.action)).toEqual(['rollout.applied', 'rollout.proposed']);
    expect(forSam.next).toBeNull();
    const first = await here.governance.auditPage(morgan, undefined, 2);
    expect(first).toMatchObject({ next: 2 });
    expect((await here.governance.auditPage(morgan, first.next!, 2)).entries.map((entry) => entry.seq)).toEqual([1]);
    expect(await here.audit.verify()).toEqual({ entries: 3, brokenAt: null });
  });
});

describe('the audit service', () => {
  it('pages newest first, filtered within a bounded scan, and goes on from where it stopped', async () => {
    const store = createMemoryStore();
    const audit = new AuditService(store, new ManualClock());
    for (let n = 1; n <= 1200; n++) {
      await audit.record({ actor: 'm', action: n % 100 === 0 ? 'rollout.applied' : 'account.changed', target: `t${n}`, before: null, after: null, reason: null, approver: null });
    }
    const rollout = (entry: { action: string }) => entry.action.startsWith('rollout.');
    const first = await audit.page({ limit: 3, filter: rollout, scanMax: 500 });
    expect(first.entries.map((entry) => entry.seq)).toEqual([1200, 1100, 1000]);
    expect(first.next).toBe(1000);
    const second = await audit.page({ before: first.next!, limit: 10, filter: rollout, scanMax: 500 });
    // 500 entries looked at (999 down to 500): five matches, and a cursor to go on.
    expect(second.entries.map((entry) => entry.seq)).toEqual([900, 800, 700, 600, 500]);
    expect(second.next).toBe(500);
    const third = await audit.page({ before: second.next!, limit: 10, filter: rollout, scanMax: 500 });
    expect(third.entries.map((entry) => entry.seq)).toEqual([400, 300, 200, 100]);
    expect(third.next).toBeNull();
    const plain = await audit.page({ before: 3, limit: 10 });
    expect(plain).toEqual({ entries: [expect.objectContaining({ seq: 2 }), expect.objectContaining({ seq: 1 })], next: null });
    const batches: number[] = [];
    for await (const batch of audit.export(1100)) batches.push(batch.length);
    expect(batches).toEqual([500, 500, 100]);
    expect(await audit.verify()).toEqual({ entries: 1200, brokenAt: null });
  });
});

describe('rollout governance across two nodes sharing one Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.destroy());

  async function open(keyPrefix: string): Promise<{ store: Store; client: Redis }> {
    const client = new Redis(redis.url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    await client.connect();
    return { store: createRedisStore(client, { keyPrefix }), client };
  }

  it('applies a due step exactly once, whichever node ticks', async () => {
    const keyPrefix = `g${randomUUID().slice(0, 8)}:`;
    const [a, b] = [await open(keyPrefix), await open(keyPrefix)];
    const clock = new ManualClock();
    await a.store.sites.put(site);
    const [one, two] = [node(a.store, clock), node(b.store, clock)];
    for (let round = 0; round < 5; round++) {
      const policy = await policyOf(a.store);
      const { change } = await one.governance.propose(morgan, {
        siteId: 'demo',
        from: { policyVersion: policy.version },
        settings: withShare(policy.chat.share - 10, policy),
        reason: `step ${round}`,
        applyAt: clock.now() + HOUR,
      });
      clock.advance(HOUR);
      const applied = await Promise.all([one.governance.tick(), two.governance.tick(), one.governance.tick(), two.governance.tick()]);
      expect(applied.reduce((sum, count) => sum + count, 0)).toBe(1);
      expect((await b.store.rolloutChanges.get(change.id))!.status).toBe('applied');
      expect((await policyOf(b.store)).chat.share).toBe(90 - round * 10);
    }
    const entries = (await two.audit.page({ limit: 50 })).entries;
    expect(entries.filter((entry) => entry.action === 'rollout.applied')).toHaveLength(5);
    expect(await one.audit.verify()).toEqual({ entries: 10, brokenAt: null });
    await a.store.close();
    await b.store.close();
  });

  it('chains audit entries from two nodes at once, and verify() names the entry changed in Redis', async () => {
    const keyPrefix = `g${randomUUID().slice(0, 8)}:`;
    const [a, b] = [await open(keyPrefix), await open(keyPrefix)];
    const clock = new ManualClock();
    const [one, two] = [new AuditService(a.store, clock), new AuditService(b.store, clock)];
    const record = (n: number) => ({ actor: 'morgan', action: 'rollout.proposed', target: 'site:demo', before: { share: n }, after: { share: n + 1 }, reason: `r${n}`, approver: null });
    await Promise.all(Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? one : two).record(record(n))));
    expect(await two.verify()).toEqual({ entries: 20, brokenAt: null });

    // Someone with Redis access rewrites entry 7's reason.
    const raw = JSON.parse((await a.client.lindex(`${keyPrefix}audit`, 6))!) as { seq: number; reason: string };
    expect(raw.seq).toBe(7);
    await a.client.lset(`${keyPrefix}audit`, 6, JSON.stringify({ ...raw, reason: 'nothing to see' }));
    expect(await one.verify()).toEqual({ entries: 6, brokenAt: 7 });
    // The newest entries alone, linked to the one before them: the tampering is outside, or inside.
    expect(await two.verifyNewest(13)).toEqual({ from: 8, to: 20, brokenAt: null });
    expect(await two.verifyNewest(14)).toEqual({ from: 7, to: 20, brokenAt: 7 });
    expect(await two.verifyNewest(15)).toEqual({ from: 6, to: 20, brokenAt: 7 });

    // Or removes entry 12 outright: the one after it no longer links.
    await a.client.lset(`${keyPrefix}audit`, 6, JSON.stringify(raw));
    expect(await one.verify()).toEqual({ entries: 20, brokenAt: null });
    await a.client.lset(`${keyPrefix}audit`, 11, 'gone');
    await a.client.lrem(`${keyPrefix}audit`, 1, 'gone');
    expect(await one.verify()).toMatchObject({ brokenAt: 13 });
    // Appending goes on whatever an entry holds (Lua decodes none: a lone surrogate would stop its cjson).
    await one.record({ ...record(20), reason: 'lone \ud800 surrogate' });
    expect(await two.record(record(21))).toMatchObject({ seq: 22 });
    expect(await one.count()).toBe(22);
    await a.store.close();
    await b.store.close();
  });
});
