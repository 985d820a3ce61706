import { describe, expect, it } from 'vitest';
import { hasRole } from '../../server/domain/roles.js';
import { isSessionLive, newSession, renewSession, SESSION_RENEW_INTERVAL_MS } from '../../server/domain/sessions.js';

describe('roles', () => {
  it('nest: manager ⊃ supervisor ⊃ agent', () => {
    expect(hasRole('manager', 'agent')).toBe(true);
    expect(hasRole('manager', 'supervisor')).toBe(true);
    expect(hasRole('supervisor', 'agent')).toBe(true);
    expect(hasRole('agent', 'supervisor')).toBe(false);
    expect(hasRole('supervisor', 'manager')).toBe(false);
  });
});

describe('sessions', () => {
  const ttl = 60 * 60_000;

  it('live until their expiry, not at it', () => {
    const session = newSession('s', 'a', 0, ttl);
    expect(isSessionLive(session, ttl - 1)).toBe(true);
    expect(isSessionLive(session, ttl)).toBe(false);
  });

  it('renew by use, but not more than once per interval', () => {
    const session = newSession('s', 'a', 0, ttl);
    expect(renewSession(session, SESSION_RENEW_INTERVAL_MS - 1, ttl)).toBeNull();
    expect(renewSession(session, SESSION_RENEW_INTERVAL_MS, ttl)).toMatchObject({ expiresAt: SESSION_RENEW_INTERVAL_MS + ttl });
  });
});
