/** Console session rules: a fixed idle lifetime, renewed by use (at most once a minute). */
import type { Session } from './entities.js';

/** Renewals closer together than this are skipped, to spare the store a write per request. */
export const SESSION_RENEW_INTERVAL_MS = 60_000;

export function newSession(id: string, agentId: string, now: number, ttlMs: number, epoch = 0): Session {
  return { id, agentId, createdAt: now, lastSeenAt: now, expiresAt: now + ttlMs, epoch };
}

export function isSessionLive(session: Session, now: number): boolean {
  return now < session.expiresAt;
}

/**
 * Whether the account still honours the session: it is active and the session was opened under
 * its current epoch (a deactivation, a demotion or a password change since then ends it, on every
 * node). A session stamped one ahead is the one changing its own password, stamped just before the
 * account moves to that epoch (so that it survives the change, and no command of its falls between).
 */
export function accountHonours(agent: { active: boolean; sessionEpoch: number }, session: Pick<Session, 'epoch'>): boolean {
  return agent.active && session.epoch >= agent.sessionEpoch;
}

/** The renewed session, or null when it was renewed recently enough. */
export function renewSession(session: Session, now: number, ttlMs: number): Session | null {
  if (now - session.lastSeenAt < SESSION_RENEW_INTERVAL_MS) return null;
  return { ...session, lastSeenAt: now, expiresAt: now + ttlMs };
}
