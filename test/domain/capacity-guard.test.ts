/**
 * The capacity guard (issue #8, point 3) with a manual clock: closes at once past a threshold,
 * reopens only after the measures stay under the dead band for the calm time, and does not flap
 * on a load that hovers at the threshold (property).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARD, OPEN_GUARD, queuePerAgent, stepGuard, validateGuard, type CapacityGuardSettings, type GuardState, type QueueLoad } from '../../server/domain/capacity-guard.js';

const settings: CapacityGuardSettings = { ...DEFAULT_GUARD, enabled: true, maxWaitMinutes: 20, maxQueuePerAgent: 4, reopenRatio: 0.75, reopenAfterMs: 5 * 60_000 };
const load = (waitMinutes: number | null, waiting = 0, availableAgents = 1): QueueLoad => ({ waitMinutes, waiting, availableAgents });
const MINUTE = 60_000;

describe('the capacity guard', () => {
  it('closes at once when the wait passes the threshold, saying why', () => {
    expect(stepGuard(OPEN_GUARD, load(20), settings, 0)).toBe(OPEN_GUARD);
    expect(stepGuard(OPEN_GUARD, load(21), settings, 1000)).toEqual({ closed: true, reason: 'wait', since: 1000, calmSince: null });
  });

  it('closes when waiting chats per available agent pass the threshold (all of them with nobody available)', () => {
    expect(stepGuard(OPEN_GUARD, load(null, 9, 2), settings, 0)).toMatchObject({ closed: true, reason: 'queue_per_agent' });
    expect(stepGuard(OPEN_GUARD, load(null, 8, 2), settings, 0).closed).toBe(false);
    expect(queuePerAgent(load(null, 5, 0))).toBe(5);
  });

  it('reopens only after both measures stay under the dead band for the calm time', () => {
    let state: GuardState = stepGuard(OPEN_GUARD, load(30), settings, 0);
    // Under the threshold but inside the dead band (15 < 18 < 20): stays closed, not calm.
    state = stepGuard(state, load(18), settings, 1 * MINUTE);
    expect(state).toMatchObject({ closed: true, calmSince: null });
    state = stepGuard(state, load(10), settings, 2 * MINUTE);
    expect(state).toMatchObject({ closed: true, calmSince: 2 * MINUTE });
    state = stepGuard(state, load(10), settings, 6 * MINUTE);
    expect(state.closed).toBe(true);
    // A burst back into the band restarts the calm time.
    state = stepGuard(state, load(16), settings, 6.5 * MINUTE);
    expect(state).toMatchObject({ closed: true, calmSince: null });
    state = stepGuard(state, load(10), settings, 7 * MINUTE);
    state = stepGuard(state, load(10), settings, 12 * MINUTE);
    expect(state).toEqual({ closed: false, reason: null, since: 12 * MINUTE, calmSince: null });
  });

  it('opens at once when turned off', () => {
    const closed = stepGuard(OPEN_GUARD, load(30), settings, 0);
    expect(stepGuard(closed, load(30), { ...settings, enabled: false }, 10)).toEqual({ closed: false, reason: null, since: 10, calmSince: null });
    expect(stepGuard(OPEN_GUARD, load(300), { ...settings, enabled: false }, 10)).toBe(OPEN_GUARD);
  });

  it('changes state at most once per calm time on a load hovering around the threshold (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: 14, max: 26, noNaN: true }), { minLength: 10, maxLength: 300 }), (waits) => {
        let state = OPEN_GUARD;
        let changes = 0;
        let lastChange = -Infinity;
        waits.forEach((wait, i) => {
          const now = i * 10_000;
          const next = stepGuard(state, load(wait), settings, now);
          if (next.closed !== state.closed) {
            // Reopening needs the calm time since it closed; closing is immediate.
            if (state.closed) expect(now - lastChange).toBeGreaterThanOrEqual(settings.reopenAfterMs);
            changes++;
            lastChange = now;
          }
          state = next;
        });
        expect(changes).toBeLessThanOrEqual(1 + Math.floor((waits.length * 10_000) / settings.reopenAfterMs) * 2);
      }),
    );
  });

  it('validates its settings', () => {
    expect(validateGuard(settings)).toEqual([]);
    expect(validateGuard({ ...settings, maxWaitMinutes: 0 })).toHaveLength(1);
    expect(validateGuard({ ...settings, maxWaitMinutes: null, maxQueuePerAgent: null })).toHaveLength(1);
    expect(validateGuard({ ...settings, enabled: false, maxWaitMinutes: null, maxQueuePerAgent: null })).toEqual([]);
    expect(validateGuard({ ...settings, reopenRatio: 1 })).toHaveLength(1);
    expect(validateGuard({ ...settings, reopenAfterMs: 1000 })).toHaveLength(1);
  });
});
