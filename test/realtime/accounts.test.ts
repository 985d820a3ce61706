/**
 * Accounts through the real transports (issue #9, point 1): the `admin:accounts:*` commands for
 * managers only, bad input refused with nothing changed, the one-time link's page and form, the
 * JSON route, changing one's own password, and a deactivated account's console cut within a second.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountCreate } from '../../protocol/accounts.js';
import { agentSocket, ask, closeAllSockets, connectAgent, connected, nextEvent, onlineAgent, signIn, startChat, type AgentSocket } from '../support/clients.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';
import { SET_PASSWORD_RATE_PER_ADDRESS } from '../../server/domain/rate-policies.js';

const GOOD_PASSWORD = 'Maple syrup on Tuesdays';

describe('accounts over the console’s socket and HTTP', () => {
  let test: TestServer;
  beforeEach(async () => {
    test = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '200' });
  });
  afterEach(async () => {
    closeAllSockets();
    await test.close();
  });
  const store = () => test.server.services.store;
  const managerConsole = async () => connectAgent(test.url, await signIn(test.url, MANAGER.email, MANAGER.password));

  const newAccount = (change: Partial<AccountCreate> = {}): AccountCreate => ({
    email: `new-${randomUUID().slice(0, 8)}@example.test`,
    displayName: 'Jordan',
    role: 'agent',
    languages: ['en'],
    queueIds: ['general-en'],
    maxConcurrentChats: 3,
    ...change,
  });

  async function created(manager: AgentSocket, change: Partial<AccountCreate> = {}) {
    const answer = await ask(manager, 'admin:accounts:create', newAccount(change));
    if (!answer.ok) throw new Error(`create failed: ${answer.error.code}`);
    return answer;
  }

  /** Sets the password through the page's form, as a browser posts it. */
  const postForm = (token: string, password: string, origin: string = test.url) =>
    fetch(`${test.url}/set-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ token, password }).toString(),
    });
  const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

  it('refuses every administration command to an agent and a supervisor, changing nothing', async () => {
    const manager = await managerConsole();
    const { account: target } = await created(manager);
    const before = await store().agents.list();
    const agent = await onlineAgent(test.url, test.server.services.auth);
    const supervisorEmail = `sup-${randomUUID().slice(0, 8)}@example.test`;
    await test.server.services.auth.createAccount({ email: supervisorEmail, password: 'a-long-enough-password', displayName: 'Sam', role: 'supervisor' });
    const supervisor = await connectAgent(test.url, await signIn(test.url, supervisorEmail, 'a-long-enough-password'));
    const after = await store().agents.list();
    for (const socket of [agent.socket, supervisor]) {
      const answers = await Promise.all([
        ask(socket, 'admin:accounts:list', {}),
        ask(socket, 'admin:accounts:create', newAccount()),
        ask(socket, 'admin:accounts:update', { agentId: target.id, role: 'manager' }),
        ask(socket, 'admin:accounts:deactivate', { agentId: target.id }),
        ask(socket, 'admin:accounts:reset-password', { agentId: target.id }),
        ask(socket, 'admin:accounts:reactivate', { agentId: target.id }),
      ]);
      for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // Only the two accounts this test made itself were added; the target is as it was.
    expect((await store().agents.list()).length).toBe(after.length);
    expect(after.length).toBe(before.length + 2);
    expect(await store().agents.get(target.id)).toEqual(before.find((a) => a.id === target.id));
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const manager = await managerConsole();
    const { account } = await created(manager);
    const count = (await store().agents.list()).length;
    const bad = [
      ask(manager, 'admin:accounts:create', newAccount({ email: 'not an email' })),
      ask(manager, 'admin:accounts:create', newAccount({ languages: [] })),
      ask(manager, 'admin:accounts:create', newAccount({ maxConcurrentChats: 0 })),
      ask(manager, 'admin:accounts:create', newAccount({ maxConcurrentChats: 21 })),
      ask(manager, 'admin:accounts:create', newAccount({ displayName: '  ' })),
      ask(manager, 'admin:accounts:create', newAccount({ queueIds: ['no-such-queue'] })),
      ask(manager, 'admin:accounts:create', { ...newAccount(), passwordHash: 'x' } as AccountCreate),
      ask(manager, 'admin:accounts:update', { agentId: account.id }),
      ask(manager, 'admin:accounts:update', { agentId: account.id, languages: ['en', 'en'] }),
      ask(manager, 'admin:accounts:update', { agentId: account.id, queueIds: ['no-such-queue'] }),
    ];
    for (const answer of await Promise.all(bad)) expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await ask(manager, 'admin:accounts:create', newAccount({ email: account.email.toUpperCase() }))).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await ask(manager, 'admin:accounts:deactivate', { agentId: 'no-such-account' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await store().agents.list()).length).toBe(count);
    expect((await store().agents.get(account.id))?.version).toBe(1);
  });

  it('takes a new account from the manager’s link to a first sign-in, through the page’s form', async () => {
    const manager = await managerConsole();
    const answer = await created(manager, { email: 'jordan@example.test' });
    expect(answer.account).toMatchObject({ email: 'jordan@example.test', active: true, passwordSet: false });
    expect(answer.account).not.toHaveProperty('passwordHash');
    expect(answer.link.emailed).toBe(false);
    expect(answer.link.url.startsWith(`${test.url}/set-password?token=`)).toBe(true);

    const page = await fetch(answer.link.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('<label for="password">');
    expect(html).toContain(`value="${tokenOf(answer.link.url)}"`);
    expect(html).toMatch(/Créez votre mot de passe/);

    const common = await postForm(tokenOf(answer.link.url), 'Password1234');
    expect(common.status).toBe(400);
    expect(await common.text()).toMatch(/role="alert"[\s\S]*too common[\s\S]*trop courant/);
    // From another origin: refused before anything is looked up.
    expect((await postForm(tokenOf(answer.link.url), GOOD_PASSWORD, 'https://elsewhere.example')).status).toBe(403);

    const done = await postForm(tokenOf(answer.link.url), GOOD_PASSWORD);
    expect(done.status).toBe(200);
    expect(await done.text()).toMatch(/Your password is set/);
    await signIn(test.url, 'jordan@example.test', GOOD_PASSWORD);
    const listed = await ask(manager, 'admin:accounts:list', {});
    expect(listed.ok && listed.accounts.find((a) => a.email === 'jordan@example.test')).toMatchObject({ passwordSet: true, linkExpiresAt: null });
    // Used once.
    const again = await postForm(tokenOf(answer.link.url), 'Another fine passphrase');
    expect(again.status).toBe(410);
    expect(await again.text()).toMatch(/expired or was already used/);
  });

  it('sets a password through the JSON route too, and a reset voids the older link', async () => {
    const manager = await managerConsole();
    const { account, link } = await created(manager);
    const reset = await ask(manager, 'admin:accounts:reset-password', { agentId: account.id });
    if (!reset.ok) throw new Error(reset.error.code);
    const post = (token: string) =>
      fetch(`${test.url}/api/auth/set-password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: GOOD_PASSWORD }) });
    const stale = await post(tokenOf(link.url));
    expect(stale.status).toBe(410);
    expect(await stale.json()).toMatchObject({ error: { code: 'link_invalid' } });
    expect((await post(tokenOf(reset.link.url))).status).toBe(204);
    await signIn(test.url, account.email, GOOD_PASSWORD);
  });

  it('reactivates a deactivated account through a fresh link; the old password stays refused', async () => {
    const manager = await managerConsole();
    const { account, link } = await created(manager);
    expect((await postForm(tokenOf(link.url), GOOD_PASSWORD)).status).toBe(200);
    expect(await ask(manager, 'admin:accounts:reactivate', { agentId: account.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await ask(manager, 'admin:accounts:reactivate', { agentId: account.id, extra: 1 } as never)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    await ask(manager, 'admin:accounts:deactivate', { agentId: account.id });
    const back = await ask(manager, 'admin:accounts:reactivate', { agentId: account.id });
    if (!back.ok) throw new Error(back.error.code);
    expect(back.account).toMatchObject({ id: account.id, active: true, passwordSet: false });
    expect(back.link.url.startsWith(`${test.url}/set-password?token=`)).toBe(true);
    const oldPassword = await fetch(`${test.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: test.url },
      body: JSON.stringify({ email: account.email, password: GOOD_PASSWORD }),
    });
    expect(oldPassword.status).toBe(401);
    expect((await postForm(tokenOf(back.link.url), 'A brand new passphrase')).status).toBe(200);
    await signIn(test.url, account.email, 'A brand new passphrase');
  });

  it('limits attempts to set a password per client address, before anything is looked up', async () => {
    const manager = await managerConsole();
    const { account, link } = await created(manager);
    const statuses: number[] = [];
    for (let i = 0; i < SET_PASSWORD_RATE_PER_ADDRESS.capacity; i++) statuses.push((await postForm(`guess-${i}`, GOOD_PASSWORD)).status);
    expect(statuses.every((status) => status === 410)).toBe(true);
    // Spent: even the right token waits now.
    const limited = await postForm(tokenOf(link.url), GOOD_PASSWORD);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toMatch(/Too many attempts[\s\S]*Trop de tentatives/);
    expect((await store().agents.get(account.id))?.passwordHash).toBe('');
  });

  it('cuts a deactivated account’s live console within a second, and refuses it afterwards', async () => {
    const manager = await managerConsole();
    const agent = await onlineAgent(test.url, test.server.services.auth);
    const id = (await store().agents.findByEmail(agent.email))!.id;
    const ended = nextEvent<{ code: string }>(agent.socket, 'session:ended', () => true, 1000);
    const cut = new Promise<number>((resolve) => agent.socket.once('disconnect', () => resolve(Date.now())));
    const started = Date.now();
    const answer = await ask(manager, 'admin:accounts:deactivate', { agentId: id });
    expect(answer).toMatchObject({ ok: true, account: { id, active: false } });
    await ended;
    expect((await cut) - started).toBeLessThan(1000);
    await expect(connected(agentSocket(test.url, agent.cookie))).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
    await expect(signIn(test.url, agent.email, agent.password)).rejects.toThrow(/401/);
  });

  it('changes one’s own password: the current one is asked, the other consoles close, this one stays', async () => {
    const agent = await onlineAgent(test.url, test.server.services.auth);
    const other = await connectAgent(test.url, await signIn(test.url, agent.email, agent.password));
    expect(await ask(agent.socket, 'account:change-password', { currentPassword: 'not my password', newPassword: GOOD_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    expect(await ask(agent.socket, 'account:change-password', { currentPassword: agent.password, newPassword: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'password_too_short' },
    });
    const otherCut = new Promise<void>((resolve) => other.once('disconnect', () => resolve()));
    expect(await ask(agent.socket, 'account:change-password', { currentPassword: agent.password, newPassword: GOOD_PASSWORD })).toEqual({ ok: true });
    await otherCut;
    expect(await ask(agent.socket, 'console:sync', {})).toMatchObject({ ok: true });
    await signIn(test.url, agent.email, GOOD_PASSWORD);
    await expect(signIn(test.url, agent.email, agent.password)).rejects.toThrow(/401/);
  });

  it('moves an open console into the queues its account is given, at once', async () => {
    const manager = await managerConsole();
    const agent = await onlineAgent(test.url, test.server.services.auth, { queueIds: [], languages: ['fr'] });
    const id = (await store().agents.findByEmail(agent.email))!.id;
    // Serving no queue: a chat waiting in permits-fr is not this console's to hear of.
    const heard: string[] = [];
    agent.socket.on('queue:changed', (change) => heard.push(change.queueId));
    await startChat(test.url, { topicId: 'permits', language: 'fr' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual([]);
    // The rooms move before the console hears its account changed (one emit after the other).
    let updated = nextEvent(agent.socket, 'agent:updated', () => true, 2000);
    expect(await ask(manager, 'admin:accounts:update', { agentId: id, queueIds: ['permits-fr'] })).toMatchObject({ ok: true });
    await updated;
    const joined = nextEvent<{ queueId: string; kind: string }>(agent.socket, 'queue:changed', (change) => change.queueId === 'permits-fr' && change.kind === 'joined', 2000);
    await startChat(test.url, { topicId: 'permits', language: 'fr' });
    await joined;
    // And out again.
    updated = nextEvent(agent.socket, 'agent:updated', () => true, 2000);
    expect(await ask(manager, 'admin:accounts:update', { agentId: id, queueIds: [] })).toMatchObject({ ok: true });
    await updated;
    heard.length = 0;
    await startChat(test.url, { topicId: 'permits', language: 'fr' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual([]);
  });

  it('keeps the last active manager over the socket too', async () => {
    const manager = await managerConsole();
    const id = (await store().agents.findByEmail(MANAGER.email))!.id;
    const managers = (await store().agents.list()).filter((a) => a.role === 'manager' && a.active);
    // The demo seeds another manager: demote them first, then the bootstrap one is the last.
    for (const other of managers.filter((a) => a.id !== id)) {
      expect(await ask(manager, 'admin:accounts:update', { agentId: other.id, role: 'supervisor' })).toMatchObject({ ok: true });
    }
    expect(await ask(manager, 'admin:accounts:update', { agentId: id, role: 'supervisor' })).toMatchObject({ ok: false, error: { code: 'last_manager' } });
    expect(await ask(manager, 'admin:accounts:deactivate', { agentId: id })).toMatchObject({ ok: false, error: { code: 'invalid_target' } });
  });
});
