/** Sessions: an idle session ends on its own, and ending it is announced so consoles close. */
import { describe, expect, it } from 'vitest';
import { AuthService } from '../../server/services/auth-service.js';
import { EventBus, type DomainEvent } from '../../server/services/events.js';
import { PasswordHasher } from '../../server/services/password-hasher.js';
import { RateLimits } from '../../server/services/rate-limits.js';
import { createMemoryStore } from '../../server/stores/memory-store.js';
import { ManualClock } from '../support/manual-clock.js';
import { TEST_HASHING } from '../support/test-server.js';

describe('sessions', () => {
  const TTL = 30 * 60_000;

  async function signedIn() {
    const clock = new ManualClock();
    const events = new EventBus();
    const published: DomainEvent[] = [];
    events.subscribe((event) => published.push(event));
    const store = createMemoryStore();
    const auth = new AuthService(store, clock, events, TTL, new PasswordHasher(TEST_HASHING), new RateLimits(store, clock));
    await auth.createAccount({ email: 'a@example.test', displayName: 'A', role: 'agent', password: 'a-long-enough-password' });
    const { session } = await auth.signIn('a@example.test', 'a-long-enough-password', { address: '10.0.0.1' });
    return { auth, clock, published, session };
  }

  it('ends an idle session once it expires, without renewing it by checking', async () => {
    const { auth, clock, published, session } = await signedIn();
    clock.advance(TTL - 1);
    expect(await auth.endIfExpired(session.id)).toBe(false);
    clock.advance(1);
    expect(await auth.endIfExpired(session.id)).toBe(true);
    expect(published).toContainEqual({ type: 'session.ended', sessionId: session.id, reason: 'session_expired' });
    await expect(auth.authenticate(session.id)).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('keeps a session alive while it is used', async () => {
    const { auth, clock, session } = await signedIn();
    for (let i = 0; i < 4; i++) {
      clock.advance(TTL - 60_000);
      await auth.authenticate(session.id);
    }
    expect(await auth.endIfExpired(session.id)).toBe(false);
  });
});
