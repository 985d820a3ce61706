/**
 * The Accounts page's and the change-password page's logic (issue #9, point 1): what a form is
 * missing before it is sent, what an edit sends (only what changed), where a server refusal is
 * shown (the last-manager rule beside the role), the list's order, and the queues offered.
 */
import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../protocol/accounts.js';
import {
  checkAccountEdit,
  checkNewAccount,
  checkPasswordChange,
  draftOf,
  emptyDraft,
  fieldOfRefusal,
  fieldsInFormOrder,
  mayDeactivate,
  passwordFieldOfRefusal,
  queueChoices,
  refusalOf,
  pendingPublicNames,
  sortedAccounts,
  toggled,
  withAccount,
} from '../../agent-console/src/accounts-state.js';

const account = (overrides: Partial<AccountView> = {}): AccountView => ({
  id: 'a1',
  email: 'alex@example.test',
  displayName: 'Alex',
  publicName: { approved: null, request: null },
  role: 'agent',
  languages: ['en'],
  queueIds: ['general-en'],
  maxConcurrentChats: 3,
  active: true,
  passwordSet: true,
  linkExpiresAt: null,
  createdAt: '2026-11-30T10:00:00.000Z',
  ...overrides,
});

describe('a new account', () => {
  it('starts as an agent in both languages with the default limit', () => {
    expect(emptyDraft()).toEqual({ email: '', displayName: '', role: 'agent', languages: ['en', 'fr'], queueIds: [], maxConcurrentChats: '3' });
  });

  it('says, field by field, what is missing or wrong', () => {
    const checked = checkNewAccount({ ...emptyDraft(), languages: [], maxConcurrentChats: '0' });
    expect(checked).toEqual({
      ok: false,
      problems: { email: 'email_missing', displayName: 'name_missing', languages: 'languages_missing', maxConcurrentChats: 'limit_invalid' },
    });
    // Focus goes to the first of them as the form shows them, the email.
    expect(checked.ok ? [] : fieldsInFormOrder(checked.problems)).toEqual(['email', 'displayName', 'languages', 'maxConcurrentChats']);
    const typo = checkNewAccount({ ...emptyDraft(), email: 'robin.example.test', displayName: 'Robin' });
    expect(typo).toEqual({ ok: false, problems: { email: 'email_invalid' } });
  });

  it('refuses a limit that is not a whole number from 1 to 20', () => {
    for (const limit of ['', '2.5', '21', '-1', 'three']) {
      expect(checkNewAccount({ ...emptyDraft(), email: 'r@example.test', displayName: 'R', maxConcurrentChats: limit }).ok, limit).toBe(false);
    }
    expect(checkNewAccount({ ...emptyDraft(), email: 'r@example.test', displayName: 'R', maxConcurrentChats: '20' }).ok).toBe(true);
  });

  it('sends the trimmed values, languages in their usual order', () => {
    const draft = { ...emptyDraft(), email: '  robin@example.test ', displayName: ' Robin ', languages: toggled(toggled(['en', 'fr'] as const, 'en', false), 'en', true), queueIds: ['general-fr'], maxConcurrentChats: ' 2 ' };
    expect(draft.languages).toEqual(['fr', 'en']);
    expect(checkNewAccount(draft)).toEqual({
      ok: true,
      payload: { email: 'robin@example.test', displayName: 'Robin', role: 'agent', languages: ['en', 'fr'], queueIds: ['general-fr'], maxConcurrentChats: 2 },
    });
  });
});

describe('an edit', () => {
  it('starts from what the account has now', () => {
    expect(draftOf(account())).toEqual({ email: 'alex@example.test', displayName: 'Alex', role: 'agent', languages: ['en'], queueIds: ['general-en'], maxConcurrentChats: '3' });
  });

  it('sends only what changed', () => {
    const draft = { ...draftOf(account()), role: 'supervisor' as const, maxConcurrentChats: '5' };
    expect(checkAccountEdit(account(), draft)).toEqual({ ok: true, payload: { agentId: 'a1', role: 'supervisor', maxConcurrentChats: 5 } });
  });

  it('takes the same queues or languages in another order as no change', () => {
    const held = account({ queueIds: ['general-en', 'permits-en'], languages: ['en', 'fr'] });
    const draft = { ...draftOf(held), queueIds: ['permits-en', 'general-en'], languages: ['fr', 'en'] as ('en' | 'fr')[] };
    expect(checkAccountEdit(held, draft)).toEqual({ ok: false, problems: { form: 'nothing_changed' } });
    expect(checkAccountEdit(held, { ...draft, queueIds: ['permits-en'] })).toEqual({ ok: true, payload: { agentId: 'a1', queueIds: ['permits-en'] } });
  });

  it('still checks the fields', () => {
    expect(checkAccountEdit(account(), { ...draftOf(account()), languages: [] })).toEqual({ ok: false, problems: { languages: 'languages_missing' } });
  });
});

describe('server refusals', () => {
  it('shows the last-manager rule beside the role when an edit demotes', () => {
    expect(fieldOfRefusal('update', 'last_manager', { agentId: 'm', role: 'agent' })).toBe('role');
    // Without a role change it cannot be the role's fault: under the form.
    expect(fieldOfRefusal('update', 'last_manager', { agentId: 'm', maxConcurrentChats: 2 })).toBe('form');
    expect(fieldOfRefusal('deactivate', 'last_manager')).toBe('form');
  });

  it('shows an email already taken beside the email, in words of its own', () => {
    expect(fieldOfRefusal('create', 'conflict')).toBe('email');
    expect(refusalOf('create', 'conflict')).toBe('email_taken');
    expect(refusalOf('update', 'conflict')).toBe('conflict');
  });

  it('shows an unknown queue beside the queues, anything else under the form', () => {
    expect(fieldOfRefusal('create', 'invalid_payload', { queueIds: ['gone'] })).toBe('queueIds');
    expect(fieldOfRefusal('create', 'invalid_payload', { queueIds: [] })).toBe('form');
    expect(fieldOfRefusal('create', 'rate_limited')).toBe('form');
  });
});

describe('the list', () => {
  it('puts active accounts first, each group by name, whatever the case', () => {
    const list = [account({ id: 'z', displayName: 'zoe' }), account({ id: 'b', displayName: 'Bea', active: false }), account({ id: 'a', displayName: 'Alex' })];
    expect(sortedAccounts(list, 'en').map((item) => item.id)).toEqual(['a', 'z', 'b']);
  });

  it('replaces an account with the server’s answer, or adds a new one', () => {
    const list = [account()];
    expect(withAccount(list, account({ role: 'manager' }))).toEqual([account({ role: 'manager' })]);
    expect(withAccount(list, account({ id: 'a2' })).map((item) => item.id)).toEqual(['a1', 'a2']);
  });

  it('offers no way to deactivate oneself or an account already deactivated', () => {
    expect(mayDeactivate(account(), 'me')).toBe(true);
    expect(mayDeactivate(account({ id: 'me' }), 'me')).toBe(false);
    expect(mayDeactivate(account({ active: false }), 'me')).toBe(false);
  });

  it('offers the queues the console knows in its language, and keeps ones it does not know', () => {
    const known = [{ id: 'general-en', name: { en: 'General (English)', fr: 'Général (anglais)' } }];
    expect(queueChoices(known, 'fr', ['general-en', 'old-queue'])).toEqual([
      { id: 'general-en', name: 'Général (anglais)' },
      { id: 'old-queue', name: 'old-queue' },
    ]);
  });
});

describe('changing one’s password', () => {
  const good = { currentPassword: 'correct-horse-battery', newPassword: 'A morning by the river', confirmation: 'A morning by the river' };

  it('lets a complete, matching change through', () => {
    expect(checkPasswordChange(good)).toEqual({ ok: true });
  });

  it('says what is missing, too short, the same as before, or typed twice differently', () => {
    expect(checkPasswordChange({ currentPassword: '', newPassword: '', confirmation: '' })).toEqual({
      ok: false,
      problems: { currentPassword: 'current_missing', newPassword: 'new_missing' },
    });
    expect(checkPasswordChange({ ...good, newPassword: 'short one', confirmation: 'short one' })).toEqual({ ok: false, problems: { newPassword: 'too_short' } });
    expect(checkPasswordChange({ ...good, newPassword: good.currentPassword, confirmation: good.currentPassword })).toEqual({
      ok: false,
      problems: { newPassword: 'same_as_current' },
    });
    expect(checkPasswordChange({ ...good, confirmation: 'A morning by the rivers' })).toEqual({ ok: false, problems: { confirmation: 'mismatch' } });
  });

  it('counts characters, not UTF-16 units, toward the least length', () => {
    const eleven = 'ééééééééééé';
    expect(checkPasswordChange({ ...good, newPassword: eleven, confirmation: eleven }).ok).toBe(false);
    const emoji = '😀'.repeat(12);
    expect(checkPasswordChange({ ...good, newPassword: emoji, confirmation: emoji }).ok).toBe(true);
  });

  it('shows the server’s refusals beside the field they are about', () => {
    expect(passwordFieldOfRefusal('invalid_credentials')).toBe('currentPassword');
    expect(passwordFieldOfRefusal('password_common')).toBe('newPassword');
    expect(passwordFieldOfRefusal('password_too_short')).toBe('newPassword');
    expect(passwordFieldOfRefusal('rate_limited')).toBe('form');
  });
});

describe('public names to approve', () => {
  it('lists the active accounts whose proposal waits, oldest first; not the declined, approved or deactivated', () => {
    const pending = (id: string, proposedAt: string, change: Partial<AccountView> = {}) =>
      account({ id, publicName: { approved: null, request: { name: `N${id}`, status: 'pending', proposedAt, decidedAt: null } }, ...change });
    const accounts = [
      pending('late', '2026-11-30T12:00:00.000Z'),
      pending('early', '2026-11-30T09:00:00.000Z'),
      pending('gone', '2026-11-30T08:00:00.000Z', { active: false }),
      account({ id: 'declined', publicName: { approved: null, request: { name: 'X', status: 'declined', proposedAt: '2026-11-30T07:00:00.000Z', decidedAt: '2026-11-30T07:30:00.000Z' } } }),
      account({ id: 'approved', publicName: { approved: 'Alex', request: null } }),
    ];
    expect(pendingPublicNames(accounts).map((one) => one.id)).toEqual(['early', 'late']);
  });
});
