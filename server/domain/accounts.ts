/**
 * Console accounts as managers administer them (issue #9, point 1): the rules of a change, kept
 * pure. The wire schemas (protocol/accounts.ts) hold each field's form; here are the rules that
 * need the account or the deployment: queues that exist, the last active manager, what a
 * deactivation does to an account, and what the audit log may see of one (never a secret).
 */
import type { Language } from '../../protocol/languages.js';
import type { Role } from '../../protocol/models.js';
import type { Agent } from './entities.js';
import { hasRole } from './roles.js';
import type { PasswordLink } from './password-links.js';

/** The fields a manager sets; all of them at creation, any of them in an update. */
export interface AccountFields {
  displayName: string;
  role: Role;
  languages: Language[];
  queueIds: string[];
  maxConcurrentChats: number;
}

export type AccountChange = Partial<AccountFields>;

/** An active manager: someone who can still administer the deployment. */
export function isActiveManager(agent: Pick<Agent, 'role' | 'active'>): boolean {
  return agent.role === 'manager' && agent.active;
}

/**
 * Whether going from `before` to `after` takes away an active manager (a demotion or a
 * deactivation). The store refuses such a write, atomically, when it would leave none.
 */
export function removesActiveManager(before: Pick<Agent, 'role' | 'active'>, after: Pick<Agent, 'role' | 'active'>): boolean {
  return isActiveManager(before) && !isActiveManager(after);
}

/** The queue ids among `queueIds` that the deployment does not have (an empty list: all exist). */
export function unknownQueues(queueIds: readonly string[], known: ReadonlySet<string>): string[] {
  return queueIds.filter((id) => !known.has(id));
}

/** The account a manager creates: active, with no password until its owner sets one through the link. */
export function newAccount(id: string, email: string, fields: AccountFields, link: PasswordLink, now: number): Agent {
  return {
    id,
    email: email.toLowerCase(),
    ...fields,
    languages: [...new Set(fields.languages)],
    queueIds: [...new Set(fields.queueIds)],
    passwordHash: '',
    createdAt: now,
    active: true,
    sessionEpoch: 0,
    passwordLink: link,
    version: 1,
  };
}

/**
 * The account with a manager's change applied (the next version); the same account when nothing
 * changes. A demotion ends the account's sessions (a new epoch): what its open consoles follow
 * (supervision, chats watched read-only) was granted by the old role, so they sign in again.
 */
export function changedAccount(agent: Agent, change: AccountChange): Agent {
  const next: Agent = {
    ...agent,
    ...(change.displayName === undefined ? {} : { displayName: change.displayName }),
    ...(change.role === undefined ? {} : { role: change.role }),
    ...(change.languages === undefined ? {} : { languages: [...new Set(change.languages)] }),
    ...(change.queueIds === undefined ? {} : { queueIds: [...new Set(change.queueIds)] }),
    ...(change.maxConcurrentChats === undefined ? {} : { maxConcurrentChats: change.maxConcurrentChats }),
  };
  if (sameFields(next, agent)) return agent;
  return { ...next, version: agent.version + 1, sessionEpoch: isDemotion(agent.role, next.role) ? agent.sessionEpoch + 1 : agent.sessionEpoch };
}

/** Whether going from one role to the other loses rights (roles nest: roles.ts). */
export function isDemotion(from: Role, to: Role): boolean {
  return !hasRole(to, from);
}

/**
 * A deactivated account: it cannot sign in, its sessions end (a new epoch: every session opened
 * before is refused), and a pending password link is voided.
 */
export function deactivatedAccount(agent: Agent): Agent {
  return { ...agent, active: false, sessionEpoch: agent.sessionEpoch + 1, passwordLink: null, version: agent.version + 1 };
}

/**
 * A deactivated account made active again. Its old password is dropped: it was last used before
 * the deactivation (perhaps by someone who should no longer have it), so its owner sets a new one
 * through the fresh one-time link; until then the account cannot sign in. Its sessions stay ended
 * (a new epoch), and its settings are kept as they were.
 */
export function reactivatedAccount(agent: Agent, link: PasswordLink): Agent {
  return { ...agent, active: true, passwordHash: '', passwordLink: link, sessionEpoch: agent.sessionEpoch + 1, version: agent.version + 1 };
}

/** The account with a new one-time link (an older one is voided by it). */
export function withPasswordLink(agent: Agent, link: PasswordLink): Agent {
  return { ...agent, passwordLink: link, version: agent.version + 1 };
}

/**
 * The account with a new password hash: the link is used up, and every other session ends (a new
 * epoch), since whoever knew the old password may hold one.
 */
export function withPassword(agent: Agent, passwordHash: string): Agent {
  return { ...agent, passwordHash, passwordLink: null, sessionEpoch: agent.sessionEpoch + 1, version: agent.version + 1 };
}

/** What the audit log keeps of an account: its settings, never its password hash, link or sessions. */
export interface AccountAuditView {
  email: string;
  displayName: string;
  role: Role;
  languages: Language[];
  queueIds: string[];
  maxConcurrentChats: number;
  active: boolean;
}

export function accountAuditView(agent: Agent): AccountAuditView {
  return {
    email: agent.email,
    displayName: agent.displayName,
    role: agent.role,
    languages: [...agent.languages],
    queueIds: [...agent.queueIds],
    maxConcurrentChats: agent.maxConcurrentChats,
    active: agent.active,
  };
}

/** Whether the account has a password (one made by a manager has none until its link is used). */
export function hasPassword(agent: Pick<Agent, 'passwordHash'>): boolean {
  return agent.passwordHash !== '';
}

function sameFields(a: Agent, b: Agent): boolean {
  return (
    a.displayName === b.displayName &&
    a.role === b.role &&
    a.maxConcurrentChats === b.maxConcurrentChats &&
    a.languages.join() === b.languages.join() &&
    a.queueIds.join() === b.queueIds.join()
  );
}
