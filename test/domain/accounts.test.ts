import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  accountAuditView,
  changedAccount,
  deactivatedAccount,
  isActiveManager,
  newAccount,
  removesActiveManager,
  unknownQueues,
  withPassword,
  withPasswordLink,
} from '../../server/domain/accounts.js';
import type { Agent } from '../../server/domain/entities.js';
import { formatLinkToken, linkUsable, newPasswordLink, parseLinkToken, PASSWORD_LINK_TTL_MS } from '../../server/domain/password-links.js';
import { checkPassword, parsePasswordList, PASSWORD_MIN_LENGTH } from '../../server/domain/password-policy.js';
import { accountHonours, newSession } from '../../server/domain/sessions.js';

const T0 = Date.parse('2026-11-02T14:00:00Z');
const COMMON = parsePasswordList(readFileSync(new URL('../../server/data/common-passwords.txt', import.meta.url), 'utf8'));

const fields = { displayName: 'Alex', role: 'agent' as const, languages: ['en' as const], queueIds: ['general'], maxConcurrentChats: 3 };
const account = (change: Partial<Agent> = {}): Agent => ({
  ...newAccount('0f8e3c52-4c1b-4d5e-9a41-6a3c2b1d0e9f', 'Alex@Example.test', fields, newPasswordLink('h', T0), T0),
  ...change,
});

describe('password policy', () => {
  it('ships a list of 10,000 common passwords, each long enough to pass the length rule', () => {
    expect(COMMON.size).toBe(10_000);
    expect([...COMMON].every((password) => [...password].length >= PASSWORD_MIN_LENGTH)).toBe(true);
    expect(COMMON.has('password1234')).toBe(true);
    expect(COMMON.has('qwertyuiop123')).toBe(true);
  });

  it('refuses short, over-long and common passwords, saying why', () => {
    expect(checkPassword('short', COMMON)).toBe('password_too_short');
    expect(checkPassword('a'.repeat(11), COMMON)).toBe('password_too_short');
    expect(checkPassword('x'.repeat(201), COMMON)).toBe('password_too_long');
    expect(checkPassword('password1234', COMMON)).toBe('password_common');
    expect(checkPassword('Maple syrup on Tuesdays', COMMON)).toBeNull();
  });

  it('compares with the list whatever the case', () => {
    expect(checkPassword('PassWord1234', COMMON)).toBe('password_common');
    expect(checkPassword('QWERTYUIOP123', COMMON)).toBe('password_common');
  });

  it('counts characters, not bytes: twelve accented letters pass', () => {
    expect(checkPassword('éèêëàâäôöûüç', COMMON)).toBeNull();
    expect(checkPassword('éèêëàâäôöûü', COMMON)).toBe('password_too_short');
  });

  it('refuses the account’s own email as its password', () => {
    expect(checkPassword('alex.tremblay@example.test', COMMON, { email: 'Alex.Tremblay@example.test' })).toBe('password_common');
    expect(checkPassword('ALEX.TREMBLAY', COMMON, { email: 'alex.tremblay@example.test' })).toBe('password_common');
  });
});

describe('one-time password links', () => {
  it('works until it expires, and only with the secret whose hash it keeps', () => {
    const link = newPasswordLink('hash-1', T0);
    expect(link.expiresAt).toBe(T0 + PASSWORD_LINK_TTL_MS);
    expect(linkUsable(link, (hash) => hash === 'hash-1', T0 + PASSWORD_LINK_TTL_MS - 1)).toBe(true);
    expect(linkUsable(link, (hash) => hash === 'hash-1', T0 + PASSWORD_LINK_TTL_MS)).toBe(false);
    expect(linkUsable(link, (hash) => hash === 'other', T0)).toBe(false);
    expect(linkUsable(null, () => true, T0)).toBe(false);
  });

  it('reads back the token it wrote, and nothing that is not one', () => {
    const token = { agentId: '0f8e3c52-4c1b-4d5e-9a41-6a3c2b1d0e9f', secret: 'A'.repeat(43) };
    expect(parseLinkToken(formatLinkToken(token))).toEqual(token);
    expect(parseLinkToken(`${token.agentId}.${'A'.repeat(42)}`)).toBeNull();
    expect(parseLinkToken(`../etc.${'A'.repeat(43)}`)).toBeNull();
    expect(parseLinkToken('')).toBeNull();
  });

  it('is voided by a newer link and used up by setting the password', () => {
    const first = account();
    const relinked = withPasswordLink(first, newPasswordLink('h2', T0 + 5));
    expect(relinked.passwordLink?.secretHash).toBe('h2');
    expect(linkUsable(relinked.passwordLink, (hash) => hash === 'h', T0 + 10)).toBe(false);
    const set = withPassword(relinked, 'scrypt$new');
    expect(set.passwordLink).toBeNull();
    expect(set.passwordHash).toBe('scrypt$new');
  });
});

describe('accounts', () => {
  it('creates an active account with no password, lower-cased email, each language and queue once', () => {
    const created = newAccount('id', 'Alex@Example.TEST', { ...fields, languages: ['en', 'en'], queueIds: ['a', 'a', 'b'] }, newPasswordLink('h', T0), T0);
    expect(created).toMatchObject({ email: 'alex@example.test', active: true, passwordHash: '', sessionEpoch: 0, version: 1, languages: ['en'], queueIds: ['a', 'b'] });
  });

  it('moves the version on a change, and keeps the account as it was when nothing changes', () => {
    const before = account();
    expect(changedAccount(before, { displayName: 'Alex' })).toBe(before);
    const after = changedAccount(before, { role: 'supervisor', maxConcurrentChats: 5 });
    expect(after).toMatchObject({ role: 'supervisor', maxConcurrentChats: 5, version: before.version + 1, email: before.email });
    // A promotion keeps the sessions; a demotion ends them.
    expect(after.sessionEpoch).toBe(before.sessionEpoch);
    expect(changedAccount(after, { role: 'agent' }).sessionEpoch).toBe(before.sessionEpoch + 1);
    expect(changedAccount(after, { languages: ['fr'] }).sessionEpoch).toBe(before.sessionEpoch);
  });

  it('deactivation ends the sessions (a new epoch) and voids a pending link', () => {
    const before = account();
    const session = newSession('s', before.id, T0, 60_000, before.sessionEpoch);
    expect(accountHonours(before, session)).toBe(true);
    const after = deactivatedAccount(before);
    expect(after).toMatchObject({ active: false, passwordLink: null, sessionEpoch: 1 });
    expect(accountHonours(after, session)).toBe(false);
    // Even a session stamped with the new epoch is refused while the account is inactive.
    expect(accountHonours(after, { epoch: 1 })).toBe(false);
  });

  it('a new password ends the sessions opened before it', () => {
    const before = { ...account(), passwordHash: 'scrypt$old' };
    const session = newSession('s', before.id, T0, 60_000, before.sessionEpoch);
    expect(accountHonours(withPassword(before, 'scrypt$new'), session)).toBe(false);
  });

  it('tells when a change takes an active manager away', () => {
    const manager = account({ role: 'manager' });
    expect(isActiveManager(manager)).toBe(true);
    expect(removesActiveManager(manager, { ...manager, role: 'supervisor' })).toBe(true);
    expect(removesActiveManager(manager, deactivatedAccount(manager))).toBe(true);
    expect(removesActiveManager(manager, manager)).toBe(false);
    expect(removesActiveManager(account(), { ...account(), role: 'supervisor' })).toBe(false);
    expect(removesActiveManager(deactivatedAccount(manager), { ...deactivatedAccount(manager), role: 'agent' })).toBe(false);
  });

  it('names the queues that do not exist', () => {
    expect(unknownQueues(['general', 'nope'], new Set(['general']))).toEqual(['nope']);
    expect(unknownQueues([], new Set())).toEqual([]);
  });

  it('shows the audit log no secret', () => {
    const view = accountAuditView({ ...account(), passwordHash: 'scrypt$secret' });
    expect(JSON.stringify(view)).not.toMatch(/scrypt|secretHash|sessionEpoch/);
    expect(view).toEqual({ email: 'alex@example.test', displayName: 'Alex', role: 'agent', languages: ['en'], queueIds: ['general'], maxConcurrentChats: 3, active: true });
  });
});
