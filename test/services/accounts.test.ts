/**
 * Accounts at the service level (issue #9, point 1), with a clock the test moves: a manager creates
 * an account, its owner sets a password through the one-time link, the manager changes, resets and
 * deactivates it; the last active manager stays; every change is in the audit log, never a secret.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import type { AuditRecord } from '../../server/domain/audit-log.js';
import type { Agent } from '../../server/domain/entities.js';
import { PASSWORD_LINK_TTL_MS } from '../../server/domain/password-links.js';
import { AccountService, type AuditRecorder } from '../../server/services/account-service.js';
import { commonPasswords } from '../../server/services/common-passwords.js';
import type { DomainEvent } from '../../server/services/events.js';
import { createServices, type Services } from '../../server/services/index.js';
import type { Mailer, OutgoingEmail } from '../../server/services/mailer.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { ManualClock } from '../support/manual-clock.js';
import { TEST_HASHING } from '../support/test-server.js';

const silentLogger = { info() {}, warn() {}, error() {} };
const LINKS = { linkBase: 'https://chat.example.test' };
const GOOD_PASSWORD = 'Maple syrup on Tuesdays';
const ADDRESS = { address: '192.0.2.10' };

class RecordingAudit implements AuditRecorder {
  readonly records: Array<Omit<AuditRecord, 'at'>> = [];
  async record(record: Omit<AuditRecord, 'at'>): Promise<void> {
    this.records.push(record);
  }
}

/** The token a link carries. */
const tokenOf = (url: string): string => new URL(url).searchParams.get('token')!;

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

describe('account service', () => {
  let clock: ManualClock;
  let services: Services;
  let accounts: AccountService;
  let audit: RecordingAudit;
  let sent: OutgoingEmail[];
  let mailerFails: boolean;
  let events: DomainEvent[];
  let manager: Agent;

  function build(mailer: Mailer | null): void {
    accounts = new AccountService(
      services.store,
      clock,
      services.events,
      services.passwords,
      services.rateLimits,
      services.presence,
      audit,
      commonPasswords(),
      mailer,
      silentLogger,
    );
  }

  beforeEach(async () => {
    clock = new ManualClock();
    services = createServices(loadConfig({}), createMemoryStore(), clock, new PasswordHasher(TEST_HASHING), silentLogger);
    audit = new RecordingAudit();
    sent = [];
    mailerFails = false;
    events = [];
    services.events.subscribe((event) => events.push(event));
    build(null);
    await services.store.queues.put({ id: 'general', name: { en: 'General', fr: 'Général' }, language: 'en', mode: 'agents_pick' });
    await services.store.queues.put({ id: 'general-fr', name: { en: 'General (fr)', fr: 'Général' }, language: 'fr', mode: 'automatic' });
    await services.store.sites.put({
      id: 'demo',
      name: { en: 'Demo', fr: 'Démo' },
      allowedOrigins: [],
      chatEnabled: true,
      topics: [{ id: 'benefits', queues: { en: 'general', fr: 'general-fr' }, label: { en: 'B', fr: 'B' } }],
      hours: null,
      otherWays: [],
      selfService: [],
    });
    manager = (await services.auth.createAccount({ email: 'boss@example.test', displayName: 'Boss', role: 'manager', password: GOOD_PASSWORD }))!;
  });

  const newAgent = { email: 'Alex@Example.test', displayName: 'Alex', role: 'agent' as const, languages: ['en' as const], queueIds: ['general'], maxConcurrentChats: 3 };

  it('creates an account that signs in only once its owner has set a password through the link, used once', async () => {
    const { agent, link } = await accounts.create(manager, newAgent, LINKS);
    expect(agent).toMatchObject({ email: 'alex@example.test', active: true, passwordHash: '' });
    expect(link.url).toMatch(/^https:\/\/chat\.example\.test\/set-password\?token=[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    expect(link).toMatchObject({ expiresAt: clock.now() + PASSWORD_LINK_TTL_MS, emailed: false });
    // No password yet: sign-in is refused like any wrong password.
    await expectCode(services.auth.signIn('alex@example.test', '', ADDRESS), 'invalid_credentials');

    // Refused passwords change nothing: the link still works afterwards.
    await expectCode(accounts.setPasswordWithLink(tokenOf(link.url), 'short', ADDRESS), 'password_too_short');
    await expectCode(accounts.setPasswordWithLink(tokenOf(link.url), 'Password1234', ADDRESS), 'password_common');
    await expectCode(accounts.setPasswordWithLink(tokenOf(link.url), 'alex@example.test', ADDRESS), 'password_common');
    expect((await services.store.agents.get(agent.id))?.passwordHash).toBe('');

    await accounts.setPasswordWithLink(tokenOf(link.url), GOOD_PASSWORD, ADDRESS);
    const { agent: signedIn } = await services.auth.signIn('alex@example.test', GOOD_PASSWORD, ADDRESS);
    expect(signedIn.id).toBe(agent.id);
    // Single use.
    await expectCode(accounts.setPasswordWithLink(tokenOf(link.url), 'Another fine passphrase', ADDRESS), 'link_invalid');
    // A token that is not one, or names no account, is refused the same way.
    await expectCode(accounts.setPasswordWithLink('nonsense', GOOD_PASSWORD, ADDRESS), 'link_invalid');
    await expectCode(accounts.setPasswordWithLink(tokenOf(link.url).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), GOOD_PASSWORD, ADDRESS), 'link_invalid');
  });

  it('lets a link expire after 72 hours, and voids a link by a newer one', async () => {
    const { agent, link: first } = await accounts.create(manager, newAgent, LINKS);
    const { link: second } = await accounts.resetPassword(manager, agent.id, LINKS);
    await expectCode(accounts.setPasswordWithLink(tokenOf(first.url), GOOD_PASSWORD, ADDRESS), 'link_invalid');
    clock.advance(PASSWORD_LINK_TTL_MS);
    await expectCode(accounts.setPasswordWithLink(tokenOf(second.url), GOOD_PASSWORD, ADDRESS), 'link_invalid');
    const { link: third } = await accounts.resetPassword(manager, agent.id, LINKS);
    clock.advance(PASSWORD_LINK_TTL_MS - 1);
    await accounts.setPasswordWithLink(tokenOf(third.url), GOOD_PASSWORD, ADDRESS);
  });

  it('refuses a taken email, an unknown queue, and callers who are not managers, changing nothing', async () => {
    const { agent } = await accounts.create(manager, newAgent, LINKS);
    const supervisor = (await accounts.create(manager, { ...newAgent, email: 'sup@example.test', displayName: 'Sam', role: 'supervisor' }, LINKS)).agent;
    await expectCode(accounts.create(manager, { ...newAgent, email: 'ALEX@example.test' }, LINKS), 'conflict');
    await expectCode(accounts.create(manager, { ...newAgent, email: 'new@example.test', queueIds: ['nope'] }, LINKS), 'invalid_payload');
    await expectCode(accounts.update(manager, agent.id, { queueIds: ['general', 'nope'] }), 'invalid_payload');
    for (const caller of [agent, supervisor]) {
      await expectCode(accounts.list(caller), 'forbidden');
      await expectCode(accounts.create(caller, { ...newAgent, email: 'x@example.test' }, LINKS), 'forbidden');
      await expectCode(accounts.update(caller, agent.id, { maxConcurrentChats: 9 }), 'forbidden');
      await expectCode(accounts.deactivate(caller, agent.id), 'forbidden');
      await expectCode(accounts.resetPassword(caller, agent.id, LINKS), 'forbidden');
    }
    expect(await services.store.agents.get(agent.id)).toEqual(agent);
    expect((await accounts.list(manager)).map((a) => a.email)).toEqual(['alex@example.test', 'boss@example.test', 'sup@example.test']);
  });

  it('changes role, languages, queues and limit at once, announcing it; a demotion ends the sessions', async () => {
    const { agent, link } = await accounts.create(manager, newAgent, LINKS);
    await accounts.setPasswordWithLink(tokenOf(link.url), GOOD_PASSWORD, ADDRESS);
    const { session } = await services.auth.signIn('alex@example.test', GOOD_PASSWORD, ADDRESS);
    events.length = 0;
    const promoted = await accounts.update(manager, agent.id, { role: 'supervisor', languages: ['en', 'fr'], queueIds: ['general', 'general-fr'], maxConcurrentChats: 5 });
    expect(promoted).toMatchObject({ role: 'supervisor', languages: ['en', 'fr'], queueIds: ['general', 'general-fr'], maxConcurrentChats: 5 });
    expect(events).toEqual([{ type: 'agent.changed', agent: promoted }]);
    // A promotion keeps the session, and the next command sees the new role.
    expect((await services.auth.authenticate(session.id)).agent.role).toBe('supervisor');
    // Nothing to change: nothing recorded, nothing announced.
    const recorded = audit.records.length;
    events.length = 0;
    expect(await accounts.update(manager, agent.id, { maxConcurrentChats: 5 })).toEqual(promoted);
    expect(audit.records).toHaveLength(recorded);
    expect(events).toEqual([]);

    await accounts.update(manager, agent.id, { role: 'agent' });
    expect(events.map((event) => event.type)).toEqual(['agent.changed', 'account.sessions-ended']);
    await expectCode(services.auth.authenticate(session.id), 'unauthenticated');
  });

  it('deactivates an account: no sign-in, its sessions end, its chats go back to the queue at once', async () => {
    const { agent, link } = await accounts.create(manager, newAgent, LINKS);
    await accounts.setPasswordWithLink(tokenOf(link.url), GOOD_PASSWORD, ADDRESS);
    const { session } = await services.auth.signIn('alex@example.test', GOOD_PASSWORD, ADDRESS);
    await services.presence.connected(agent.id);
    await services.presence.setStatus(agent.id, 'available');
    const { conversation } = await services.conversations.start({
      siteId: 'demo',
      clientId: 'client-0001',
      secret: 'x'.repeat(40),
      topicId: 'benefits',
      language: 'en',
      pageUrl: 'https://example.test/',
    });
    const reread = (await services.store.agents.get(agent.id))!;
    await services.conversations.accept(reread, conversation.id);
    expect((await services.supervision.snapshot(manager)).picture.agents.map((row) => row.id)).toContain(agent.id);
    events.length = 0;

    const deactivated = await accounts.deactivate(manager, agent.id);
    expect(deactivated).toMatchObject({ active: false });
    expect(events.find((event) => event.type === 'account.sessions-ended')).toEqual({ type: 'account.sessions-ended', agentId: agent.id, exceptSessionId: null });
    expect(await services.store.conversations.get(conversation.id)).toMatchObject({ status: 'queued', agentId: null });
    expect((await services.presence.statusOf(agent.id))?.status).toBe('offline');
    await expectCode(services.auth.authenticate(session.id), 'unauthenticated');
    await expectCode(services.auth.signIn('alex@example.test', GOOD_PASSWORD, ADDRESS), 'invalid_credentials');
    // Gone from the supervisors' live view.
    expect((await services.supervision.snapshot(manager)).picture.agents.map((row) => row.id)).not.toContain(agent.id);
    // Again: nothing more happens. Changes and links for it are refused.
    expect(await accounts.deactivate(manager, agent.id)).toEqual(deactivated);
    await expectCode(accounts.update(manager, agent.id, { maxConcurrentChats: 2 }), 'conflict');
    await expectCode(accounts.resetPassword(manager, agent.id, LINKS), 'conflict');
  });

  it('reactivates a deactivated account: the old password is gone, a fresh link sets a new one, audited', async () => {
    const { agent, link } = await accounts.create(manager, newAgent, LINKS);
    await accounts.setPasswordWithLink(tokenOf(link.url), GOOD_PASSWORD, ADDRESS);
    await accounts.deactivate(manager, agent.id);
    // The queue it served is gone meanwhile: it does not come back with it.
    await services.store.agents.replace({ ...(await services.store.agents.get(agent.id))!, queueIds: ['general', 'gone'], version: 99 }, (await services.store.agents.get(agent.id))!.version);
    const agentOnly = (await services.auth.createAccount({ email: 'pat@example.test', displayName: 'Pat', role: 'agent', password: GOOD_PASSWORD }))!;
    await expectCode(accounts.reactivate(agentOnly, agent.id, LINKS), 'forbidden');
    await expectCode(accounts.reactivate(manager, 'nobody', LINKS), 'not_found');
    events.length = 0;
    audit.records.length = 0;

    const { agent: back, link: fresh } = await accounts.reactivate(manager, agent.id, LINKS);
    expect(back).toMatchObject({ active: true, passwordHash: '', queueIds: ['general'], role: 'agent', maxConcurrentChats: 3 });
    expect(fresh.url.startsWith('https://chat.example.test/set-password?token=')).toBe(true);
    expect(events.map((event) => event.type)).toEqual(['agent.changed']);
    expect(audit.records.map((record) => record.action)).toEqual(['account.reactivated', 'account.password-link']);
    expect(audit.records[0]).toMatchObject({ actor: manager.id, target: `account:${agent.id}`, before: { active: false }, after: { active: true } });
    expect(JSON.stringify(audit.records)).not.toContain(tokenOf(fresh.url).split('.')[1]!);
    // The old password no longer opens it; the new one, set through the fresh link, does.
    await expectCode(services.auth.signIn('alex@example.test', GOOD_PASSWORD, ADDRESS), 'invalid_credentials');
    await accounts.setPasswordWithLink(tokenOf(fresh.url), 'A brand new passphrase', ADDRESS);
    await expect(services.auth.signIn('alex@example.test', 'A brand new passphrase', ADDRESS)).resolves.toMatchObject({ agent: { id: agent.id } });
    // Active now: a second reactivation is refused and voids nothing.
    await expectCode(accounts.reactivate(manager, agent.id, LINKS), 'conflict');
  });

  it('keeps the last active manager: not demoted, not deactivated, not by themselves', async () => {
    await expectCode(accounts.update(manager, manager.id, { role: 'supervisor' }), 'last_manager');
    await expectCode(accounts.deactivate(manager, manager.id), 'invalid_target');
    const second = (await accounts.create(manager, { ...newAgent, email: 'second@example.test', role: 'manager' }, LINKS)).agent;
    await accounts.deactivate(second, manager.id);
    await expectCode(accounts.update(second, second.id, { role: 'agent' }), 'last_manager');
    expect((await services.store.agents.get(second.id))?.role).toBe('manager');
  });

  it('changes one’s own password with the current one; the other sessions end, this one stays', async () => {
    const here = await services.auth.signIn('boss@example.test', GOOD_PASSWORD, ADDRESS);
    const elsewhere = await services.auth.signIn('boss@example.test', GOOD_PASSWORD, { address: '192.0.2.11' });
    await expectCode(accounts.changeOwnPassword(here.agent, here.session.id, 'wrong password!!', 'A brand new passphrase'), 'invalid_credentials');
    await expectCode(accounts.changeOwnPassword(here.agent, here.session.id, GOOD_PASSWORD, 'qwertyuiop123'), 'password_common');
    // Refusals kept both sessions.
    await services.auth.authenticate(elsewhere.session.id);
    events.length = 0;
    await accounts.changeOwnPassword(here.agent, here.session.id, GOOD_PASSWORD, 'A brand new passphrase');
    expect(events).toEqual([{ type: 'account.sessions-ended', agentId: manager.id, exceptSessionId: here.session.id }]);
    await services.auth.authenticate(here.session.id);
    await expectCode(services.auth.authenticate(elsewhere.session.id), 'unauthenticated');
    await expectCode(services.auth.signIn('boss@example.test', GOOD_PASSWORD, ADDRESS), 'invalid_credentials');
    await services.auth.signIn('boss@example.test', 'A brand new passphrase', ADDRESS);
  });

  it('records every change in the audit log, with no password, hash or token', async () => {
    const { agent, link } = await accounts.create(manager, newAgent, LINKS);
    await accounts.setPasswordWithLink(tokenOf(link.url), GOOD_PASSWORD, ADDRESS);
    await accounts.update(manager, agent.id, { maxConcurrentChats: 4 });
    const { link: reset } = await accounts.resetPassword(manager, agent.id, LINKS);
    await accounts.deactivate(manager, agent.id);
    const here = await services.auth.signIn('boss@example.test', GOOD_PASSWORD, ADDRESS);
    await accounts.changeOwnPassword(here.agent, here.session.id, GOOD_PASSWORD, 'A brand new passphrase');
    expect(audit.records.map((r) => [r.action, r.actor === manager.id ? 'manager' : 'owner', r.target])).toEqual([
      ['account.created', 'manager', `account:${agent.id}`],
      ['account.password-link', 'manager', `account:${agent.id}`],
      ['account.password-changed', 'owner', `account:${agent.id}`],
      ['account.updated', 'manager', `account:${agent.id}`],
      ['account.password-link', 'manager', `account:${agent.id}`],
      ['account.deactivated', 'manager', `account:${agent.id}`],
      ['account.password-changed', 'manager', `account:${manager.id}`],
    ]);
    expect(audit.records[3]).toMatchObject({ before: { maxConcurrentChats: 3 }, after: { maxConcurrentChats: 4 } });
    expect(audit.records[5]).toMatchObject({ before: { active: true }, after: { active: false } });
    const written = JSON.stringify(audit.records);
    for (const secret of [GOOD_PASSWORD, 'A brand new passphrase', tokenOf(link.url), tokenOf(reset.url), tokenOf(link.url).split('.')[1]!, 'scrypt', 'secretHash']) {
      expect(written).not.toContain(secret);
    }
  });

  it('writes account changes to the deployment’s hash-chained audit log (services.audit), which still verifies', async () => {
    const { agent, link } = await services.accounts.create(manager, newAgent, LINKS);
    await services.accounts.setPasswordWithLink(tokenOf(link.url), GOOD_PASSWORD, ADDRESS);
    await services.accounts.deactivate(manager, agent.id);
    const { entries } = await services.audit.page({ limit: 50 });
    expect(entries.map((entry) => entry.action).reverse()).toEqual(['account.created', 'account.password-link', 'account.password-changed', 'account.deactivated']);
    expect(entries.every((entry) => entry.target === `account:${agent.id}`)).toBe(true);
    expect(await services.audit.verify()).toEqual({ entries: 4, brokenAt: null });
    expect(JSON.stringify(entries)).not.toContain(tokenOf(link.url).split('.')[1]!);
    expect(JSON.stringify(entries)).not.toContain('scrypt');
  });

  it('emails the link when SMTP is configured, and still returns it when the email fails', async () => {
    build({
      send: async (email) => {
        if (mailerFails) throw new Error('smtp down');
        sent.push(email);
      },
      close: () => {},
    });
    const { link } = await accounts.create(manager, newAgent, LINKS);
    expect(link.emailed).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'alex@example.test' });
    expect(sent[0]!.text).toContain(link.url);
    expect(sent[0]!.text).toMatch(/Set the password/);
    expect(sent[0]!.text).toMatch(/Créez le mot de passe/);
    mailerFails = true;
    const { link: again } = await accounts.resetPassword(manager, (await services.store.agents.findByEmail('alex@example.test'))!.id, LINKS);
    expect(again.emailed).toBe(false);
    expect(again.url).toMatch(/token=/);
  });
});
