/**
 * Soft launch governance on real sockets and HTTP (issue #8, points 4, 5 and 9): roles on every
 * `rollout:*` command (agents refused, supervisors read-only, managers change), bad input answered
 * with a clear error and nothing changed, a widening approved by a second manager with every
 * Rollout page nudged, and the audit CSV (managers only, same origin, formula-safe).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RolloutChanged, RolloutPropose, RolloutSettings } from '../../protocol/rollout.js';
import { ask, closeAllSockets, connectAgent, nextEvent, onlineAgent, signIn, type AgentSocket } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('rollout governance commands and the audit export', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '200' });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const services = () => test.server.services;

  async function account(role: 'agent' | 'supervisor' | 'manager', displayName: string = role): Promise<{ socket: AgentSocket; cookie: string; id: string }> {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
    const created = await services().auth.createAccount({ email, password: 'a-long-enough-password', displayName, role, queueIds: [] });
    const cookie = await signIn(test.url, email, 'a-long-enough-password');
    return { socket: await connectAgent(test.url, cookie), cookie, id: created!.id };
  }
  async function morgan(): Promise<{ socket: AgentSocket; cookie: string }> {
    const cookie = await signIn(test.url, MANAGER.email, MANAGER.password);
    return { socket: await connectAgent(test.url, cookie), cookie };
  }

  async function currentSettings(socket: AgentSocket): Promise<{ settings: RolloutSettings; version: number }> {
    const answer = await ask(socket, 'rollout:state', { siteId: 'demo' });
    if (!answer.ok) throw new Error(`rollout:state failed: ${answer.error.code}`);
    const { siteId: _siteId, version, updatedAt: _updatedAt, ...settings } = answer.state.policy;
    return { settings, version };
  }

  function proposal(settings: RolloutSettings, version: number, share: number, reason = 'Soft launch'): RolloutPropose {
    return { siteId: 'demo', from: { policyVersion: version }, settings: { ...settings, chat: { ...settings.chat, share } }, reason };
  }

  it('refuses every rollout command to an agent, lets a supervisor read only, and changes nothing', async () => {
    const boss = await morgan();
    const { settings, version } = await currentSettings(boss.socket);
    const agent = await onlineAgent(test.url, services().auth);
    const supervisor = await account('supervisor');
    const writes = (socket: AgentSocket) => [
      ask(socket, 'rollout:propose', proposal(settings, version, 5)),
      ask(socket, 'rollout:edit', { changeId: 'c1', version: 1, settings, reason: 'r' }),
      ask(socket, 'rollout:approve', { changeId: 'c1', version: 1 }),
      ask(socket, 'rollout:withdraw', { changeId: 'c1', version: 1 }),
      ask(socket, 'rollout:pause-schedule', { siteId: 'demo' }),
      ask(socket, 'rollout:resume-schedule', { siteId: 'demo' }),
    ];
    const agentAnswers = await Promise.all([
      ...writes(agent.socket),
      ask(agent.socket, 'rollout:state', {}),
      ask(agent.socket, 'rollout:audit', {}),
      ask(agent.socket, 'audit:verify', {}),
    ]);
    for (const answer of agentAnswers) expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const answer of await Promise.all(writes(supervisor.socket))) expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const state = await ask(supervisor.socket, 'rollout:state', {});
    expect(state).toMatchObject({ ok: true, state: { siteId: 'demo', schedulePaused: false, pending: [], audit: [], policy: { version: 1, updatedAt: null, chat: { share: 100 } } } });
    expect(await ask(supervisor.socket, 'rollout:audit', { limit: 5 })).toEqual({ ok: true, entries: [], next: null });

    expect(await services().store.rolloutPolicies.get('demo')).toBeNull();
    expect(await services().store.rolloutChanges.schedulePaused('demo')).toBe(false);
    expect(await services().audit.count()).toBe(0);
  });

  it('answers bad input with a clear error and changes nothing', async () => {
    const boss = await morgan();
    const { settings, version } = await currentSettings(boss.socket);
    const bad = await Promise.all([
      ask(boss.socket, 'rollout:propose', proposal(settings, version, 101)),
      ask(boss.socket, 'rollout:propose', { ...proposal(settings, version, 5), reason: '   ' }),
      ask(boss.socket, 'rollout:propose', { ...proposal(settings, version, 5), applyAt: 'next Monday' }),
      ask(boss.socket, 'rollout:audit', { limit: 1000 }),
      ask(boss.socket, 'rollout:propose', { ...proposal(settings, version, 5), reason: 'half a \ud83d surrogate pair' }),
      ask(boss.socket, 'rollout:state', { siteId: 'demo', extra: true } as never),
    ]);
    for (const answer of bad) expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });

    // Another console of the same manager: the first spent most of its burst of proposals (5).
    const again = await morgan();
    const englishOnly = proposal(settings, version, 5);
    englishOnly.settings.chat.languages = ['en'];
    const refused = await ask(again.socket, 'rollout:propose', englishOnly);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_policy', message: expect.stringMatching(/bilingual pages/) } });
    expect(await ask(again.socket, 'rollout:propose', proposal(settings, version + 1, 5))).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await ask(boss.socket, 'rollout:approve', { changeId: 'nope', version: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ask(boss.socket, 'rollout:state', { siteId: 'nowhere' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    expect(await services().store.rolloutPolicies.get('demo')).toBeNull();
    expect(await services().store.rolloutChanges.pendingCount('demo')).toBe(0);
    expect(await services().audit.count()).toBe(0);
  });

  it('narrows at once, widens after a second manager approves, and nudges every Rollout page but no agent', async () => {
    const boss = await morgan();
    const second = await account('manager', 'Jordan');
    const supervisor = await account('supervisor', 'Sam');
    const agent = await onlineAgent(test.url, services().auth);
    const heardByAgent: string[] = [];
    agent.socket.onAny((event: string) => heardByAgent.push(event));
    const { settings, version } = await currentSettings(boss.socket);
    await currentSettings(supervisor.socket); // opens the Rollout page: joins its room

    const nudged = nextEvent<RolloutChanged>(supervisor.socket, 'rollout:changed', (change) => change.siteId === 'demo');
    const narrowed = await ask(boss.socket, 'rollout:propose', proposal(settings, version, 5, 'Start with 5 %'));
    expect(narrowed).toMatchObject({ ok: true, change: { status: 'applied', proposedBy: { displayName: 'lead' } }, policy: { version: 2, chat: { share: 5 } } });
    await nudged;

    const widened = await ask(boss.socket, 'rollout:propose', proposal(settings, 2, 25, 'Widen to 25 %'));
    if (!widened.ok) throw new Error(widened.error.code);
    expect(widened.change).toMatchObject({ status: 'pending', needsApproval: true, approvedBy: null });
    expect(await ask(boss.socket, 'rollout:approve', { changeId: widened.change.id, version: widened.change.version })).toMatchObject({
      ok: false,
      error: { code: 'self_approval' },
    });
    const approved = await ask(second.socket, 'rollout:approve', { changeId: widened.change.id, version: widened.change.version });
    expect(approved).toMatchObject({ ok: true, change: { status: 'applied', approvedBy: { id: second.id, displayName: 'Jordan' } }, policy: { version: 3, chat: { share: 25 } } });

    const state = await ask(supervisor.socket, 'rollout:state', { siteId: 'demo' });
    if (!state.ok) throw new Error(state.error.code);
    expect(state.state.policy.chat.share).toBe(25);
    expect(state.state.audit.map((entry) => [entry.action, entry.actor.displayName])).toEqual([
      ['rollout.applied', 'Jordan'],
      ['rollout.approved', 'Jordan'],
      ['rollout.proposed', 'lead'],
      ['rollout.applied', 'lead'],
      ['rollout.proposed', 'lead'],
    ]);
    const page = await ask(supervisor.socket, 'rollout:audit', { limit: 2 });
    expect(page).toMatchObject({ ok: true, next: 4 });
    expect(await services().audit.verify()).toEqual({ entries: 5, brokenAt: null });
    expect(await ask(supervisor.socket, 'audit:verify', {})).toMatchObject({ ok: true, verification: { from: 1, to: 5, brokenAt: null } });
    await settle();
    expect(heardByAgent).not.toContain('rollout:changed');
  });

  it('exports the audit as CSV to managers only, from the console’s origin, formula-safe', async () => {
    const boss = await morgan();
    const supervisor = await account('supervisor');
    const { settings, version } = await currentSettings(boss.socket);
    const answer = await ask(boss.socket, 'rollout:propose', proposal(settings, version, 5, '=HYPERLINK("http://evil.test","x")'));
    expect(answer).toMatchObject({ ok: true });
    await services().audit.record({ actor: 'system', action: 'account.created', target: 'account:x', before: null, after: { role: 'agent' }, reason: null, approver: null });

    expect((await fetch(`${test.url}/api/audit.csv`)).status).toBe(401);
    expect((await fetch(`${test.url}/api/audit.csv`, { headers: { cookie: supervisor.cookie } })).status).toBe(403);
    expect((await fetch(`${test.url}/api/audit.csv`, { headers: { cookie: boss.cookie, origin: 'https://evil.test' } })).status).toBe(403);
    expect((await fetch(`${test.url}/api/audit.csv`, { headers: { cookie: boss.cookie, 'sec-fetch-site': 'cross-site' } })).status).toBe(403);

    const response = await fetch(`${test.url}/api/audit.csv`, { headers: { cookie: boss.cookie, 'sec-fetch-site': 'same-origin' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const csv = await response.text();
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe('seq,at,actor,action,target,reason,approver,before,after,previous_hash,hash');
    expect(rows.filter((row) => /^\d+,/.test(row)).map((row) => row.split(',')[3])).toEqual(['rollout.proposed', 'rollout.applied', 'account.created']);
    expect(rows[1]).toContain(`lead,rollout.proposed`);
    // The reason stays text in a spreadsheet: quoted, and prefixed with an apostrophe.
    expect(rows[1]).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);

    // A few exports a minute per account.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${test.url}/api/audit.csv`, { headers: { cookie: boss.cookie } })).status);
    expect(statuses).toContain(429);
  });
});
