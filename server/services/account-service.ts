/**
 * Accounts administered by managers (issue #9, point 1): create, change, deactivate, reset a
 * password, list; and, for everyone, setting a password through a one-time link and changing one's
 * own. Every change is saved by compare-and-set (`agents.replace`, which also keeps the last active
 * manager), announced on the event bus (routing, the consoles of the account on every node), and
 * recorded in the audit log, never with a password, hash or token.
 */
import { ACCOUNTS_MAX } from '../../protocol/limits.js';
import {
  accountAuditView,
  changedAccount,
  deactivatedAccount,
  hasPassword,
  newAccount,
  reactivatedAccount,
  unknownQueues,
  withPassword,
  withPasswordLink,
  type AccountChange,
  type AccountFields,
} from '../domain/accounts.js';
import { AppError } from '../domain/app-error.js';
import type { AuditRecord } from '../domain/audit-log.js';
import type { Agent } from '../domain/entities.js';
import { formatLinkToken, linkUsable, newPasswordLink, parseLinkToken } from '../domain/password-links.js';
import { checkPassword, PASSWORD_REFUSAL_MESSAGES } from '../domain/password-policy.js';
import {
  CHANGE_PASSWORD_RATE_PER_ACCOUNT,
  PASSWORD_LINK_EMAIL_RATE_PER_ACCOUNT,
  SET_PASSWORD_RATE_PER_ADDRESS,
} from '../domain/rate-policies.js';
import { decidedPublicName, proposedPublicName, publicNameAuditView } from '../domain/public-name.js';
import { hasRole } from '../domain/roles.js';
import type { PublicNameDecision } from '../../protocol/public-name.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import type { Mailer } from './mailer.js';
import type { PasswordHasher } from './password-hasher.js';
import type { PresenceService } from './presence-service.js';
import type { RateLimits } from './rate-limits.js';
import { matchesHash, newId, newSecret, sha256 } from './secrets.js';

/**
 * Where account changes are recorded: the audit log (the AuditService's `record` fits). A narrow
 * port, so that this service needs nothing else of it.
 */
export interface AuditRecorder {
  record(record: Omit<AuditRecord, 'at'>): Promise<unknown>;
}

export interface AccountLogger {
  warn(details: object, message: string): void;
}

/** A new one-time link, as the manager is shown it once. */
export interface IssuedLink {
  url: string;
  expiresAt: number;
  /** Also sent to the account's email (SMTP configured, and within the per-account rate). */
  emailed: boolean;
}

/** Where links point: the console's public address (`PUBLIC_URL`, or the origin the manager's console proved). */
export interface LinkOptions {
  linkBase: string;
}

/** The path of the page that sets a password; the token follows as `?token=`. */
export const SET_PASSWORD_PATH = '/set-password';

/** Compare-and-set attempts before a change is answered `conflict` (someone else keeps changing the account). */
const REPLACE_ATTEMPTS = 3;

export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly passwords: PasswordHasher,
    private readonly rateLimits: RateLimits,
    private readonly presence: PresenceService,
    private readonly audit: AuditRecorder,
    private readonly commonPasswords: ReadonlySet<string>,
    private readonly mailer: Mailer | null,
    private readonly logger: AccountLogger,
  ) {}

  /** Every account, by display name (at most ACCOUNTS_MAX: creation stops there). */
  async list(actor: Agent): Promise<Agent[]> {
    assertManager(actor);
    const accounts = await this.store.agents.list();
    return accounts.sort((a, b) => a.displayName.localeCompare(b.displayName) || (a.id < b.id ? -1 : 1)).slice(0, ACCOUNTS_MAX);
  }

  /** Creates an account with no password, and the link its owner sets one with. */
  async create(actor: Agent, input: AccountFields & { email: string }, options: LinkOptions): Promise<{ agent: Agent; link: IssuedLink }> {
    assertManager(actor);
    const { email, ...fields } = input;
    await this.assertQueuesExist(fields.queueIds);
    if ((await this.store.agents.list()).length >= ACCOUNTS_MAX) {
      throw new AppError('at_capacity', `A deployment holds at most ${ACCOUNTS_MAX} accounts.`);
    }
    const now = this.clock.now();
    const secret = newSecret();
    const agent = newAccount(newId(), email, fields, newPasswordLink(sha256(secret), now), now);
    if (!(await this.store.agents.insert(agent))) throw new AppError('conflict', 'An account with this email exists already.');
    await this.record(actor, 'account.created', agent, null, accountAuditView(agent));
    this.events.publish({ type: 'agent.changed', agent });
    const link = await this.issued(actor, agent, secret, options);
    return { agent, link };
  }

  /**
   * Changes an account's settings, at once on every node: its commands read the account each time,
   * routing and its consoles hear `agent.changed`, and a demotion ends its sessions.
   */
  async update(actor: Agent, agentId: string, change: AccountChange): Promise<Agent> {
    assertManager(actor);
    if (change.queueIds !== undefined) await this.assertQueuesExist(change.queueIds);
    const { before, after } = await this.replace(agentId, (current) => {
      if (!current.active) throw new AppError('conflict', 'This account is deactivated.');
      return changedAccount(current, change);
    });
    if (after === before) return after;
    await this.record(actor, 'account.updated', after, accountAuditView(before), accountAuditView(after));
    this.events.publish({ type: 'agent.changed', agent: after });
    if (after.sessionEpoch !== before.sessionEpoch) this.events.publish({ type: 'account.sessions-ended', agentId, exceptSessionId: null });
    return after;
  }

  /**
   * Deactivates an account: it cannot sign in, its console connections on every node close, and its
   * chats in progress go back to the head of their queues at once. Not one's own (another manager
   * does it), nor the last active manager. Deactivating it again changes nothing.
   */
  async deactivate(actor: Agent, agentId: string): Promise<Agent> {
    assertManager(actor);
    if (agentId === actor.id) throw new AppError('invalid_target', 'Another manager has to deactivate your account.');
    const { before, after } = await this.replace(agentId, (current) => (current.active ? deactivatedAccount(current) : current));
    if (after === before) return after;
    this.events.publish({ type: 'account.sessions-ended', agentId, exceptSessionId: null });
    this.events.publish({ type: 'agent.changed', agent: after });
    await this.presence.handBackNow(agentId);
    await this.record(actor, 'account.deactivated', after, accountAuditView(before), accountAuditView(after));
    return after;
  }

  /**
   * Makes a deactivated account active again, with a fresh one-time link: its owner sets a new
   * password through it (the old one no longer works), and signs in only then. Its queues that no
   * longer exist are dropped, so it comes back serving only real ones. An active account is
   * refused (`conflict`), so that a second click does not void the link the first one gave.
   */
  async reactivate(actor: Agent, agentId: string, options: LinkOptions): Promise<{ agent: Agent; link: IssuedLink }> {
    assertManager(actor);
    const known = new Set((await this.store.queues.list()).map((queue) => queue.id));
    const secret = newSecret();
    const { before, after } = await this.replace(agentId, (current) => {
      if (current.active) throw new AppError('conflict', 'This account is active already.');
      const reactivated = reactivatedAccount(current, newPasswordLink(sha256(secret), this.clock.now()));
      return { ...reactivated, queueIds: reactivated.queueIds.filter((id) => known.has(id)) };
    });
    await this.record(actor, 'account.reactivated', after, accountAuditView(before), accountAuditView(after));
    this.events.publish({ type: 'agent.changed', agent: after });
    return { agent: after, link: await this.issued(actor, after, secret, options) };
  }

  /**
   * A new one-time link for an active account (a newer link voids the older one). The current
   * password keeps working until the link is used: a reset is for a forgotten password.
   */
  async resetPassword(actor: Agent, agentId: string, options: LinkOptions): Promise<{ agent: Agent; link: IssuedLink }> {
    assertManager(actor);
    const secret = newSecret();
    const { after } = await this.replace(agentId, (current) => {
      if (!current.active) throw new AppError('conflict', 'This account is deactivated.');
      return withPasswordLink(current, newPasswordLink(sha256(secret), this.clock.now()));
    });
    return { agent: after, link: await this.issued(actor, after, secret, options) };
  }

  /**
   * Sets the password of the account a one-time link names: once (the link is cleared in the same
   * compare-and-set), before it expires, never through a link a newer one replaced. Every session
   * of the account ends. Limited per client address before anything is looked up.
   */
  async setPasswordWithLink(tokenText: string, password: string, from: { address: string }): Promise<Agent> {
    await this.rateLimits.enforce('set-password', from.address, SET_PASSWORD_RATE_PER_ADDRESS, 'Too many attempts; wait a minute and try again.');
    const token = parseLinkToken(tokenText);
    const invalid = () => new AppError('link_invalid', 'This link has expired or was already used; ask a manager for a new one.');
    if (token === null) throw invalid();
    const usable = (agent: Agent | null): agent is Agent =>
      agent !== null && agent.active && linkUsable(agent.passwordLink, (hash) => matchesHash(token.secret, hash), this.clock.now());
    const found = await this.store.agents.get(token.agentId);
    if (!usable(found)) throw invalid();
    this.assertAcceptable(password, found);
    const passwordHash = await this.passwords.hash(password);
    const { after } = await this.replace(token.agentId, (current) => {
      if (!usable(current)) throw invalid();
      return withPassword(current, passwordHash);
    });
    this.events.publish({ type: 'account.sessions-ended', agentId: after.id, exceptSessionId: null });
    await this.record(after, 'account.password-changed', after, null, { by: 'link' });
    return after;
  }

  /**
   * Changes the signed-in account's own password, the current one checked first. The account's
   * other sessions end; the one that asked (`sessionId`) stays signed in.
   */
  async changeOwnPassword(agent: Agent, sessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    await this.rateLimits.enforce('change-password', agent.id, CHANGE_PASSWORD_RATE_PER_ACCOUNT, 'Too many attempts; wait a minute and try again.');
    const valid = hasPassword(agent) ? await this.passwords.verify(currentPassword, agent.passwordHash) : await this.passwords.verifyAgainstNothing(currentPassword);
    if (!valid) throw new AppError('invalid_credentials', 'The current password is not right.');
    this.assertAcceptable(newPassword, agent);
    const passwordHash = await this.passwords.hash(newPassword);
    const session = await this.store.sessions.get(sessionId);
    if (session === null) throw new AppError('unauthenticated', 'Sign in to continue.');
    // Stamped one epoch ahead first (sessions.ts, `accountHonours`), so that this session outlives
    // the change and none of its commands falls between; put back if the change does not happen.
    await this.store.sessions.put({ ...session, epoch: agent.sessionEpoch + 1 });
    try {
      const { after } = await this.replace(agent.id, (current) => {
        if (current.passwordHash !== agent.passwordHash || current.sessionEpoch !== agent.sessionEpoch) {
          throw new AppError('conflict', 'Your account changed meanwhile; try again.');
        }
        return withPassword(current, passwordHash);
      });
      this.events.publish({ type: 'account.sessions-ended', agentId: agent.id, exceptSessionId: sessionId });
      await this.record(agent, 'account.password-changed', after, null, { by: 'owner' });
    } catch (error) {
      await this.store.sessions.put(session);
      throw error;
    }
  }

  /**
   * The signed-in agent proposes the first name or alias citizens will see (always their own: the
   * actor is the account). It waits for a manager; citizens go on reading the approved one, or "an
   * agent". Managers' Accounts pages hear of it (`agent.changed`); audited.
   */
  async proposePublicName(agent: Agent, name: string): Promise<Agent> {
    const { before, after } = await this.replace(agent.id, (current) => {
      if (!current.active) throw new AppError('conflict', 'This account is deactivated.');
      return proposedPublicName(current, name, this.clock.now());
    });
    if (after === before) return after;
    await this.record(agent, 'account.public-name-proposed', after, publicNameAuditView(before), publicNameAuditView(after));
    this.events.publish({ type: 'agent.changed', agent: after });
    return after;
  }

  /**
   * A manager approves or declines an account's pending proposal `name` (not their own: another
   * manager decides that). Approved, it is what citizens see from the next view of a chat on.
   */
  async decidePublicName(actor: Agent, agentId: string, name: string, decision: PublicNameDecision): Promise<Agent> {
    assertManager(actor);
    const { before, after } = await this.replace(agentId, (current) => decidedPublicName(current, { name, decision }, actor.id, this.clock.now()));
    const action = decision === 'approve' ? 'account.public-name-approved' : 'account.public-name-declined';
    await this.record(actor, action, after, publicNameAuditView(before), publicNameAuditView(after));
    this.events.publish({ type: 'agent.changed', agent: after });
    return after;
  }

  /** Reads, changes and saves an account by compare-and-set, a few times if it moves meanwhile. */
  private async replace(agentId: string, change: (current: Agent) => Agent): Promise<{ before: Agent; after: Agent }> {
    for (let attempt = 0; attempt < REPLACE_ATTEMPTS; attempt++) {
      const before = await this.store.agents.get(agentId);
      if (before === null) throw new AppError('not_found', 'There is no such account.');
      const after = change(before);
      if (after === before) return { before, after };
      const outcome = await this.store.agents.replace(after, before.version);
      if (outcome === 'saved') return { before, after };
      if (outcome === 'last_manager') {
        throw new AppError('last_manager', 'This is the last active manager: give another account the manager role first.');
      }
    }
    throw new AppError('conflict', 'This account changed while you acted on it; try again.');
  }

  /** Records the link (without its secret), emails it when SMTP is configured, and returns it for the manager. */
  private async issued(actor: Agent, agent: Agent, secret: string, options: LinkOptions): Promise<IssuedLink> {
    const url = `${options.linkBase}${SET_PASSWORD_PATH}?token=${formatLinkToken({ agentId: agent.id, secret })}`;
    const expiresAt = agent.passwordLink!.expiresAt;
    const emailed = await this.emailLink(agent, url, expiresAt);
    await this.record(actor, 'account.password-link', agent, null, { expiresAt: new Date(expiresAt).toISOString(), emailed });
    return { url, expiresAt, emailed };
  }

  private async emailLink(agent: Agent, url: string, expiresAt: number): Promise<boolean> {
    if (this.mailer === null) return false;
    try {
      await this.rateLimits.enforce('password-link-email', agent.id, PASSWORD_LINK_EMAIL_RATE_PER_ACCOUNT, 'Too many emails to this account.');
      await this.mailer.send(passwordLinkEmail(agent, url, expiresAt));
      return true;
    } catch (error) {
      // The manager has the link on screen and passes it on; the email is a convenience.
      this.logger.warn({ err: error instanceof AppError ? error.code : String(error), agentId: agent.id }, 'password link not emailed');
      return false;
    }
  }

  private assertAcceptable(password: string, agent: Agent): void {
    const refusal = checkPassword(password, this.commonPasswords, agent);
    if (refusal !== null) throw new AppError(refusal, PASSWORD_REFUSAL_MESSAGES[refusal]);
  }

  private async assertQueuesExist(queueIds: readonly string[]): Promise<void> {
    const unknown = unknownQueues(queueIds, new Set((await this.store.queues.list()).map((queue) => queue.id)));
    if (unknown.length > 0) throw new AppError('invalid_payload', `There is no queue ${unknown.join(', ')}.`);
  }

  private async record(actor: Agent, action: string, target: Agent, before: unknown, after: unknown): Promise<void> {
    await this.audit.record({ actor: actor.id, action, target: `account:${target.id}`, before, after, reason: null, approver: null });
  }
}

/** Only managers administer accounts (the command table says so too; checked again here). */
function assertManager(actor: Agent): void {
  if (!hasRole(actor.role, 'manager')) throw new AppError('forbidden', 'Only managers administer accounts.');
}

/** The email carrying a link, in both languages (the account has no language of its own for mail). */
export function passwordLinkEmail(agent: Agent, url: string, expiresAt: number): { to: string; subject: string; text: string } {
  const until = new Date(expiresAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return {
    to: agent.email,
    subject: 'Set your password / Créez votre mot de passe',
    text: [
      `Hello ${agent.displayName},`,
      '',
      'Set the password of your live-chat console account by opening this link. It works once, until ' + until + '.',
      url,
      '',
      '---',
      '',
      `Bonjour ${agent.displayName},`,
      '',
      'Créez le mot de passe de votre compte de la console de clavardage en ouvrant ce lien. Il ne sert qu’une fois, jusqu’au ' + until + '.',
      url,
      '',
      'If you did not expect this email, ignore it. / Si vous n’attendiez pas ce courriel, n’en tenez pas compte.',
    ].join('\n'),
  };
}
