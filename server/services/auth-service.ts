/**
 * Console accounts and sessions: sign in, recognise a session on each request, sign out, create
 * accounts. Passwords are stored only as scrypt hashes; sessions live in the store so they can be
 * ended from anywhere and survive a restart when the store does.
 */
import type { Language } from '../../protocol/languages.js';
import type { Role } from '../../protocol/models.js';
import { AppError } from '../domain/app-error.js';
import type { Agent, Session } from '../domain/entities.js';
import { SIGN_IN_RATE_PER_ADDRESS, SIGN_IN_RATE_PER_ADDRESS_AND_ACCOUNT } from '../domain/rate-policies.js';
import { hasPassword } from '../domain/accounts.js';
import { seededPublicName } from '../domain/public-name.js';
import { accountHonours, isSessionLive, newSession, renewSession } from '../domain/sessions.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import type { PasswordHasher } from './password-hasher.js';
import type { RateLimits } from './rate-limits.js';
import { newId, newSecret } from './secrets.js';

export interface NewAccount {
  email: string;
  displayName: string;
  role: Role;
  password: string;
  maxConcurrentChats?: number;
  languages?: Language[];
  /** The queues the account serves; none unless given (a manager assigns them). */
  queueIds?: string[];
  /**
   * A public name approved from the start (the demo accounts, set up by whoever runs the
   * deployment); none unless given: citizens read "an agent" until a manager approves one.
   */
  publicName?: string;
}

export interface Authenticated {
  agent: Agent;
  session: Session;
}

export const DEFAULT_MAX_CONCURRENT_CHATS = 3;

export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly sessionTtlMs: number,
    private readonly passwords: PasswordHasher,
    private readonly rateLimits: RateLimits,
  ) {}

  /** Creates an account; null when the email is taken. */
  async createAccount(account: NewAccount): Promise<Agent | null> {
    const agent: Agent = {
      id: newId(),
      email: account.email.toLowerCase(),
      displayName: account.displayName,
      role: account.role,
      passwordHash: await this.passwords.hash(account.password),
      maxConcurrentChats: account.maxConcurrentChats ?? DEFAULT_MAX_CONCURRENT_CHATS,
      languages: account.languages ?? ['en', 'fr'],
      queueIds: account.queueIds ?? [],
      createdAt: this.clock.now(),
      active: true,
      sessionEpoch: 0,
      passwordLink: null,
      ...(account.publicName === undefined ? {} : { publicName: seededPublicName(account.publicName, this.clock.now()) }),
      version: 1,
    };
    return (await this.store.agents.insert(agent)) ? agent : null;
  }

  /**
   * Checks the credentials and opens a session. The error never says which of the two was wrong.
   * Limited before any hashing, per address and account (guessing at one account) and per address
   * (a flood trying a new email each time): `rate_limited`.
   */
  async signIn(email: string, password: string, from: { address: string }): Promise<Authenticated> {
    const tooMany = 'Too many sign-in attempts; wait a minute and try again.';
    await this.rateLimits.enforce('sign-in', from.address, SIGN_IN_RATE_PER_ADDRESS, tooMany);
    await this.rateLimits.enforce('sign-in-account', `${from.address}|${email}`, SIGN_IN_RATE_PER_ADDRESS_AND_ACCOUNT, tooMany);
    const found = await this.store.agents.findByEmail(email);
    // A deactivated account, or one whose owner has not set a password yet, is refused like an
    // unknown email, after as long a hash: the answer does not tell which accounts exist.
    const agent = found !== null && found.active && hasPassword(found) ? found : null;
    const valid =
      agent === null ? await this.passwords.verifyAgainstNothing(password) : await this.passwords.verify(password, agent.passwordHash);
    if (agent === null || !valid) throw new AppError('invalid_credentials', 'The email or password is not right.');
    // A new random id at every sign-in: a session id seen before sign-in is never reused (fixation).
    const session = newSession(newSecret(), agent.id, this.clock.now(), this.sessionTtlMs, agent.sessionEpoch);
    await this.store.sessions.put(session);
    return { agent, session };
  }

  /**
   * Opens a session for the active account with this email, which an identity provider has
   * verified (single sign-on); null when no active account has it. No account is ever created
   * here, and none needs a password.
   */
  async signInVerified(email: string): Promise<Authenticated | null> {
    const agent = await this.store.agents.findByEmail(email.toLowerCase());
    if (agent === null || !agent.active) return null;
    const session = newSession(newSecret(), agent.id, this.clock.now(), this.sessionTtlMs, agent.sessionEpoch);
    await this.store.sessions.put(session);
    return { agent, session };
  }

  /** The agent behind a session id, renewing the session's lifetime; throws when it has ended. */
  async authenticate(sessionId: string | null): Promise<Authenticated> {
    if (sessionId === null) throw new AppError('unauthenticated', 'Sign in to continue.');
    const session = await this.store.sessions.get(sessionId);
    if (session === null) throw new AppError('unauthenticated', 'Sign in to continue.');
    const now = this.clock.now();
    if (!isSessionLive(session, now)) {
      await this.store.sessions.delete(session.id);
      this.events.publish({ type: 'session.ended', sessionId: session.id, reason: 'session_expired' });
      throw new AppError('session_expired', 'Your session has expired; sign in again.');
    }
    const agent = await this.store.agents.get(session.agentId);
    if (agent === null) throw new AppError('unauthenticated', 'Sign in to continue.');
    if (!accountHonours(agent, session)) {
      // Deactivated, or its password changed since: the session is over, here and on every node.
      await this.store.sessions.delete(session.id);
      this.events.publish({ type: 'session.ended', sessionId: session.id, reason: 'signed_out' });
      throw new AppError('unauthenticated', 'Sign in to continue.');
    }
    const renewed = renewSession(session, now, this.sessionTtlMs);
    if (renewed !== null) await this.store.sessions.put(renewed);
    return { agent, session: renewed ?? session };
  }

  /**
   * Ends the session if it has expired, without renewing it (an open but idle console is not a
   * use); says whether it ended. Checked now and then for every connected console.
   */
  async endIfExpired(sessionId: string): Promise<boolean> {
    const session = await this.store.sessions.get(sessionId);
    if (session !== null && isSessionLive(session, this.clock.now())) return false;
    if (session !== null) await this.store.sessions.delete(session.id);
    this.events.publish({ type: 'session.ended', sessionId, reason: 'session_expired' });
    return true;
  }

  async signOut(sessionId: string): Promise<void> {
    await this.store.sessions.delete(sessionId);
    this.events.publish({ type: 'session.ended', sessionId, reason: 'signed_out' });
  }
}

