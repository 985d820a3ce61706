/**
 * Public names through the real transports (issue #10): an agent proposes their own first name or
 * alias, only a manager (another one, for a manager's own) approves or declines it, managers'
 * consoles hear of it, and citizens see the approved name (chat view, messages, their transcript)
 * or none, never the account's display name. Bad input is refused and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountView } from '../../protocol/accounts.js';
import type { VisitorConversation } from '../../protocol/models.js';
import { ask, closeAllSockets, connectAgent, nextEvent, onlineAgent, signIn, startChat } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

describe('public names over the console’s socket', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '200' });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const store = () => test.server.services.store;
  const auth = () => test.server.services.auth;
  const managerConsole = async () => connectAgent(test.url, await signIn(test.url, MANAGER.email, MANAGER.password));
  const idOf = async (email: string) => (await store().agents.findByEmail(email))!.id;

  it('shows the citizen "an agent" until a manager approves the proposal, then the public name, never the display name', async () => {
    const manager = await managerConsole();
    const agent = await onlineAgent(test.url, auth(), { displayName: 'Alexandra Tremblay' });
    const agentId = await idOf(agent.email);

    // Proposed: the agent's own console has it pending; managers hear of it; citizens see nothing yet.
    const managersTold = nextEvent<AccountView>(manager, 'admin:account-changed', (account) => account.id === agentId && account.publicName.request?.status === 'pending');
    const proposed = await ask(agent.socket, 'account:propose-public-name', { name: '  Sasha ' });
    expect(proposed).toMatchObject({ ok: true, agent: { id: agentId, publicName: { approved: null, request: { name: 'Sasha', status: 'pending' } } } });
    expect((await managersTold).publicName.request?.name).toBe('Sasha');

    const citizen = await startChat(test.url, { language: 'en', topicId: 'permits' });
    const seesAgent = nextEvent<VisitorConversation>(citizen.socket, 'conversation:updated', (c) => c.status === 'active');
    expect(await ask(agent.socket, 'conversation:accept', { conversationId: citizen.conversationId })).toMatchObject({ ok: true, conversation: { agentName: 'Alexandra Tremblay' } });
    expect((await seesAgent).agentName).toBeNull();
    const before = nextEvent<{ author: { name: string | null } }>(citizen.socket, 'message:created');
    await ask(agent.socket, 'message:send', { conversationId: citizen.conversationId, clientId: randomUUID(), text: 'Hello' });
    expect((await before).author).toEqual({ kind: 'agent', name: null, agentId: null });

    // Approved: the next views and messages carry it.
    const list = await ask(manager, 'admin:accounts:list', {});
    expect(list.ok && list.accounts.find((account) => account.id === agentId)?.publicName.request).toMatchObject({ name: 'Sasha', status: 'pending' });
    const agentTold = nextEvent<{ publicName: { approved: string | null } }>(agent.socket, 'agent:updated', (profile) => profile.publicName.approved === 'Sasha');
    const approved = await ask(manager, 'admin:accounts:decide-public-name', { agentId, name: 'Sasha', decision: 'approve' });
    expect(approved).toMatchObject({ ok: true, account: { id: agentId, publicName: { approved: 'Sasha', request: null } } });
    await agentTold;
    const after = nextEvent<{ author: { name: string | null } }>(citizen.socket, 'message:created');
    await ask(agent.socket, 'message:send', { conversationId: citizen.conversationId, clientId: randomUUID(), text: 'Still here' });
    expect((await after).author.name).toBe('Sasha');
    const synced = await ask(citizen.socket, 'conversation:sync', { afterSeq: 0 });
    expect(synced).toMatchObject({ ok: true, conversation: { agentName: 'Sasha' } });
    // Replayed, each message keeps the name the citizen saw when it came.
    expect(synced.ok && synced.messages.map((message) => message.author.name)).toEqual([null, 'Sasha']);

    // The citizen's transcript: each message under the name the citizen saw when it came.
    const transcript = await fetch(`${test.url}/api/widget/transcript`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: test.url },
      body: JSON.stringify({ site: 'demo', token: citizen.token }),
    });
    const text = await transcript.text();
    expect(text).toMatch(/\] Agent: Hello\r\n/);
    expect(text).toMatch(/\] Sasha: Still here\r\n/);
    expect(text).not.toContain('Tremblay');

    // Audited, as the other account changes are.
    const { entries } = await test.server.services.audit.page({ limit: 5 });
    expect(entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['account.public-name-proposed', 'account.public-name-approved']));
    expect(entries.find((entry) => entry.action === 'account.public-name-approved')).toMatchObject({ target: `account:${agentId}`, after: { approved: 'Sasha', request: null } });
  });

  it('lets an agent neither decide nor propose for someone else, and refuses bad names, changing nothing', async () => {
    const agent = await onlineAgent(test.url, auth(), { languages: ['en'] });
    const other = await onlineAgent(test.url, auth(), { languages: ['en'] });
    const agentId = await idOf(agent.email);
    const otherId = await idOf(other.email);
    // Account changes (emails among them) go to managers' consoles only.
    const overheard: unknown[] = [];
    agent.socket.on('admin:account-changed', (account) => overheard.push(account));
    const manager = await managerConsole();
    const managerHeard = nextEvent<AccountView>(manager, 'admin:account-changed', (account) => account.id === otherId);
    expect(await ask(other.socket, 'account:propose-public-name', { name: 'Robin' })).toMatchObject({ ok: true });
    await managerHeard;
    const before = await store().agents.get(otherId);
    const refused = await Promise.all([
      ask(agent.socket, 'admin:accounts:decide-public-name', { agentId: otherId, name: 'Robin', decision: 'approve' }),
      ask(agent.socket, 'admin:accounts:decide-public-name', { agentId, name: 'Robin', decision: 'approve' }),
    ]);
    for (const answer of refused) expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const bad = await Promise.all([
      // The payload names no account: one proposes only one's own.
      ask(agent.socket, 'account:propose-public-name', { name: 'Robin', agentId: otherId } as never),
      ask(agent.socket, 'account:propose-public-name', { name: '' }),
      ask(agent.socket, 'account:propose-public-name', { name: 'robin@example.test' }),
      ask(agent.socket, 'account:propose-public-name', { name: '12345' }),
      ask(agent.socket, 'account:propose-public-name', { name: 'R'.repeat(41) }),
    ]);
    for (const answer of bad) expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await store().agents.get(otherId)).toEqual(before);
    expect((await store().agents.get(agentId))?.publicName).toBeUndefined();
    expect(overheard).toEqual([]);
  });

  it('has another manager decide a manager’s own, refuses a decision on a proposal replaced meanwhile, and keeps a declined one visible to its owner', async () => {
    const manager = await managerConsole();
    const managerId = await idOf(MANAGER.email);
    expect(await ask(manager, 'account:propose-public-name', { name: 'Morgan' })).toMatchObject({ ok: true });
    expect(await ask(manager, 'admin:accounts:decide-public-name', { agentId: managerId, name: 'Morgan', decision: 'approve' })).toMatchObject({
      ok: false,
      error: { code: 'self_approval' },
    });

    const agent = await onlineAgent(test.url, auth(), { languages: ['en'] });
    const agentId = await idOf(agent.email);
    await ask(agent.socket, 'account:propose-public-name', { name: 'Robin' });
    await ask(agent.socket, 'account:propose-public-name', { name: 'Rob' });
    expect(await ask(manager, 'admin:accounts:decide-public-name', { agentId, name: 'Robin', decision: 'approve' })).toMatchObject({
      ok: false,
      error: { code: 'not_pending' },
    });
    const agentTold = nextEvent<{ publicName: { request: { status: string } | null } }>(agent.socket, 'agent:updated', (profile) => profile.publicName.request?.status === 'declined');
    expect(await ask(manager, 'admin:accounts:decide-public-name', { agentId, name: 'Rob', decision: 'decline' })).toMatchObject({
      ok: true,
      account: { publicName: { approved: null, request: { name: 'Rob', status: 'declined' } } },
    });
    await agentTold;
    expect(await ask(manager, 'admin:accounts:decide-public-name', { agentId: 'no-such-account', name: 'Rob', decision: 'approve' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
