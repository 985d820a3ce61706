/**
 * Soft launch governance across two server nodes on one Redis (issue #8, point 4): a step scheduled
 * on one node applies once at its time, whichever node's schedule gets there first (both tick), the
 * Rollout page on the other node hears it, and a widening proposed on one node is approved by a
 * second manager on the other; the audit shows each step once, in one unbroken chain.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RolloutChanged, RolloutSettings } from '../../protocol/rollout.js';
import { ask, closeAllSockets, connectAgent, signIn } from '../support/clients.js';
import { AGENT_PASSWORD, createAccounts } from '../support/cluster-accounts.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { killAllServerProcesses, startServerProcess, type ServerProcess } from '../support/server-process.js';

describe('rollout governance across server nodes on one Redis', () => {
  let redis: TestRedis;
  let nodes: ServerProcess[];

  beforeAll(async () => {
    redis = await startRedis();
    nodes = await Promise.all([0, 1].map(() => startServerProcess(redis.url)));
  }, 60_000);
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await killAllServerProcesses();
    await redis?.destroy();
  });

  it('applies a scheduled step once, tells the other node’s Rollout page, and takes an approval from either node', async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const [morganEmail, jordanEmail, samEmail] = await createAccounts(redis.url, [
      { displayName: 'Morgan', role: 'manager', languages: ['en', 'fr'], queueIds: [] },
      { displayName: 'Jordan', role: 'manager', languages: ['en', 'fr'], queueIds: [] },
      { displayName: 'Sam', role: 'supervisor', languages: ['en', 'fr'], queueIds: [] },
    ]);
    const morgan = await connectAgent(a.url, await signIn(a.url, morganEmail!, AGENT_PASSWORD));
    const jordan = await connectAgent(b.url, await signIn(b.url, jordanEmail!, AGENT_PASSWORD));
    const sam = await connectAgent(b.url, await signIn(b.url, samEmail!, AGENT_PASSWORD));

    const state = await ask(sam, 'rollout:state', { siteId: 'demo' });
    if (!state.ok) throw new Error(state.error.code);
    const { siteId: _siteId, version, updatedAt: _updatedAt, ...settings } = state.state.policy;
    const withShare = (share: number): RolloutSettings => ({ ...settings, chat: { ...settings.chat, share } });

    const nudges: RolloutChanged[] = [];
    sam.on('rollout:changed', (nudge) => nudges.push(nudge));
    // A narrowing scheduled 3 s ahead on node A: both nodes tick every 2 s.
    const proposed = await ask(morgan, 'rollout:propose', {
      siteId: 'demo',
      from: { policyVersion: version },
      settings: withShare(10),
      reason: 'Start at 10 %',
      applyAt: new Date(Date.now() + 3000).toISOString(),
    });
    if (!proposed.ok) throw new Error(proposed.error.code);
    expect(proposed.change).toMatchObject({ status: 'pending', needsApproval: false });
    // Sam's Rollout page on node B hears the proposal and then the step, whichever node applied it.
    const deadline = Date.now() + 10_000;
    while (nudges.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(nudges.map((nudge) => nudge.siteId)).toEqual(['demo', 'demo']);

    const afterStep = await ask(sam, 'rollout:state', { siteId: 'demo' });
    if (!afterStep.ok) throw new Error(afterStep.error.code);
    expect(afterStep.state.policy.chat.share).toBe(10);
    expect(afterStep.state.recent[0]).toMatchObject({ id: proposed.change.id, status: 'applied' });

    // A widening proposed on node A, approved by another manager on node B.
    const widening = await ask(morgan, 'rollout:propose', {
      siteId: 'demo',
      from: { policyVersion: afterStep.state.policy.version },
      settings: withShare(25),
      reason: 'Widen to 25 %',
    });
    if (!widening.ok) throw new Error(widening.error.code);
    const approved = await ask(jordan, 'rollout:approve', { changeId: widening.change.id, version: widening.change.version });
    expect(approved).toMatchObject({ ok: true, change: { status: 'applied', approvedBy: { displayName: 'Jordan' } }, policy: { chat: { share: 25 } } });

    // Let both schedules tick again: nothing more applies.
    await new Promise((resolve) => setTimeout(resolve, 4500));
    const audit = await ask(jordan, 'rollout:audit', { limit: 50 });
    if (!audit.ok) throw new Error(audit.error.code);
    expect(audit.entries.map((entry) => [entry.action, entry.actor.displayName])).toEqual([
      ['rollout.applied', 'Jordan'],
      ['rollout.approved', 'Jordan'],
      ['rollout.proposed', 'Morgan'],
      ['rollout.applied', ''],
      ['rollout.proposed', 'Morgan'],
    ]);
    expect(audit.entries.map((entry) => entry.seq)).toEqual([5, 4, 3, 2, 1]);
    for (const [newer, older] of audit.entries.slice(0, -1).map((entry, i) => [entry, audit.entries[i + 1]!] as const)) {
      expect(newer.previousHash).toBe(older.hash);
    }
  }, 60_000);
});
