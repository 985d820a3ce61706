/**
 * Citizens who leave and idle chats (issue #7, point 5): the pure rules, with a manual clock, and
 * with properties checked over many random histories (fast-check): never closed before its
 * timeout, always warned (for the whole lead time, after the silence began) before an inactivity
 * close, and closed in the end when nobody acts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignConversation, closeConversation, openConversation, requeueConversation } from '../../server/domain/conversation-lifecycle.js';
import type { Conversation } from '../../server/domain/entities.js';
import {
  abandonedCounter,
  departureClose,
  idleStep,
  resetsIdleClock,
  visitorBack,
  visitorLeft,
  warnIdle,
  withdrawIdleWarning,
  type VisitorTimings,
} from '../../server/domain/visitor-presence.js';
import { ManualClock } from '../support/manual-clock.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const TIMINGS: VisitorTimings = { abandonGraceMs: MINUTE, goneTimeoutMs: 5 * MINUTE, idleTimeoutMs: 10 * MINUTE, idleWarningMs: 2 * MINUTE };

function queued(clock: ManualClock): Conversation {
  return openConversation(
    {
      id: 'c1',
      siteId: 'demo',
      queueId: 'permits-fr',
      topicId: 'permits',
      language: 'fr',
      visitorName: 'Marie',
      pageUrl: 'https://example.test/',
      pageTitle: null,
      visitorTokenHash: 'hash',
      reference: 'K7M-4QX',
    },
    clock.now(),
  );
}

describe('a citizen leaving and coming back', () => {
  it('notes when they left, once, and forgets it when they are back', () => {
    const clock = new ManualClock();
    const waiting = queued(clock);
    expect(waiting.visitorLeftAt).toBeNull();
    const left = visitorLeft(waiting, clock.now());
    expect(left).toMatchObject({ visitorLeftAt: clock.now(), version: 2 });
    clock.advance(SECOND);
    expect(visitorLeft(left, clock.now())).toBe(left);
    const back = visitorBack(left);
    expect(back).toMatchObject({ visitorLeftAt: null, version: 3 });
    expect(visitorBack(back)).toBe(back);
  });

  it('changes nothing once the chat is closed', () => {
    const clock = new ManualClock();
    const closed = closeConversation(queued(clock), { by: 'visitor', reason: 'visitor_ended' }, clock.now());
    expect(visitorLeft(closed, clock.now())).toBe(closed);
  });

  it('closes a waiting chat as abandoned after the grace, not before; a return within it keeps it', () => {
    const clock = new ManualClock();
    const left = visitorLeft(queued(clock), clock.now());
    clock.advance(TIMINGS.abandonGraceMs - 1);
    expect(departureClose(left, clock.now(), TIMINGS)).toBeNull();
    expect(departureClose(visitorBack(left), clock.now() + MINUTE, TIMINGS)).toBeNull();
    clock.advance(1);
    expect(departureClose(left, clock.now(), TIMINGS)).toBe('abandoned');
  });

  it('closes a chat in progress as "visitor gone" after the gone timeout', () => {
    const clock = new ManualClock();
    const active = assignConversation(queued(clock), 'agent-1', clock.now());
    const left = visitorLeft(active, clock.now());
    clock.advance(TIMINGS.abandonGraceMs);
    expect(departureClose(left, clock.now(), TIMINGS)).toBeNull();
    clock.advance(TIMINGS.goneTimeoutMs - TIMINGS.abandonGraceMs);
    expect(departureClose(left, clock.now(), TIMINGS)).toBe('visitor_gone');
  });

  it('does not count a chat an agent had answered, then gave back to the queue, as abandoned', () => {
    const clock = new ManualClock();
    const requeued = requeueConversation(assignConversation(queued(clock), 'agent-1', clock.now()), clock.now());
    const left = visitorLeft(requeued, clock.now());
    clock.advance(TIMINGS.abandonGraceMs);
    expect(departureClose(left, clock.now(), TIMINGS)).toBe('visitor_gone');
  });

  it('names the abandonment counter by queue and UTC day', () => {
    expect(abandonedCounter('permits-fr', Date.parse('2026-11-02T23:59:59Z'))).toBe('abandoned:permits-fr:2026-11-02');
  });
});

describe('an idle chat', () => {
  function active(clock: ManualClock): Conversation {
    return assignConversation(queued(clock), 'agent-1', clock.now());
  }

  it('warns the citizen at the lead time before the timeout, then closes at the timeout', () => {
    const clock = new ManualClock();
    let chat = active(clock);
    const since = clock.now();
    clock.advance(TIMINGS.idleTimeoutMs - TIMINGS.idleWarningMs - 1);
    expect(idleStep(chat, since, clock.now(), TIMINGS)).toEqual({ kind: 'none' });
    clock.advance(1);
    const warn = idleStep(chat, since, clock.now(), TIMINGS);
    expect(warn).toEqual({ kind: 'warn', closesAt: since + TIMINGS.idleTimeoutMs });
    chat = warnIdle(chat, clock.now(), since + TIMINGS.idleTimeoutMs);
    clock.advance(TIMINGS.idleWarningMs - 1);
    expect(idleStep(chat, since, clock.now(), TIMINGS)).toEqual({ kind: 'none' });
    clock.advance(1);
    expect(idleStep(chat, since, clock.now(), TIMINGS)).toEqual({ kind: 'close' });
  });

  it('gives the whole lead time when the warning comes late (the sweep was held up)', () => {
    const clock = new ManualClock();
    const chat = active(clock);
    const since = clock.now();
    clock.advance(TIMINGS.idleTimeoutMs + 5 * SECOND);
    expect(idleStep(chat, since, clock.now(), TIMINGS)).toEqual({ kind: 'warn', closesAt: clock.now() + TIMINGS.idleWarningMs });
  });

  it('takes back a warning made before the citizen acted, and counts the silence afresh', () => {
    const clock = new ManualClock();
    let chat = active(clock);
    clock.advance(TIMINGS.idleTimeoutMs - TIMINGS.idleWarningMs);
    chat = warnIdle(chat, clock.now(), clock.now() + TIMINGS.idleWarningMs);
    clock.advance(30 * SECOND);
    const activeAt = clock.now();
    clock.advance(TIMINGS.idleWarningMs);
    expect(idleStep(chat, activeAt, clock.now(), TIMINGS)).toEqual({ kind: 'withdraw' });
    const withdrawn = withdrawIdleWarning(chat);
    expect(withdrawn).toMatchObject({ idleWarnedAt: null, idleClosesAt: null });
    expect(withdrawIdleWarning(withdrawn)).toBe(withdrawn);
    expect(idleStep(withdrawn, activeAt, clock.now(), TIMINGS)).toEqual({ kind: 'none' });
  });

  it('leaves waiting and closed chats alone, and counts messages but not the service’s notices', () => {
    const clock = new ManualClock();
    clock.advance(TIMINGS.idleTimeoutMs * 2);
    expect(idleStep(queued(new ManualClock()), 0, clock.now(), TIMINGS)).toEqual({ kind: 'none' });
    expect([resetsIdleClock('visitor'), resetsIdleClock('agent'), resetsIdleClock('system')]).toEqual([true, true, false]);
  });

  it('forgets a standing warning when the chat is answered afresh or goes back to the queue', () => {
    const clock = new ManualClock();
    const warned = warnIdle(active(clock), clock.now(), clock.now() + MINUTE);
    expect(requeueConversation(warned, clock.now())).toMatchObject({ idleWarnedAt: null, idleClosesAt: null });
  });
});

/** One history of a chat in progress: sweeps and activity at random moments. */
const historyArbitrary = fc.array(
  fc.record({ after: fc.integer({ min: 0, max: 4 * MINUTE }), event: fc.constantFrom('sweep', 'sweep', 'sweep', 'activity') }),
  { maxLength: 60 },
);
const timingsArbitrary = fc
  .record({ timeout: fc.integer({ min: 2 * SECOND, max: 20 * MINUTE }), share: fc.double({ min: 0.01, max: 0.99, noNaN: true }) })
  .map(({ timeout, share }): VisitorTimings => ({
    abandonGraceMs: MINUTE,
    goneTimeoutMs: 5 * MINUTE,
    idleTimeoutMs: timeout,
    idleWarningMs: Math.max(1, Math.floor(timeout * share)),
  }));

describe('idle chats, over random histories', () => {
  it('never closes before a full timeout of silence, and never without a warning that stood its whole lead time', () => {
    fc.assert(
      fc.property(timingsArbitrary, historyArbitrary, fc.boolean(), (timings, history, withdrawOnActivity) => {
        const clock = new ManualClock();
        let chat = assignConversation(queued(clock), 'agent-1', clock.now());
        let idleSince = clock.now();
        for (const { after, event } of history) {
          clock.advance(after);
          const now = clock.now();
          if (event === 'activity') {
            idleSince = now;
            // The service takes the warning back when the citizen acts; the rule must hold even if that write was lost.
            if (withdrawOnActivity) chat = withdrawIdleWarning(chat);
            continue;
          }
          const step = idleStep(chat, idleSince, now, timings);
          if (step.kind === 'warn') {
            expect(step.closesAt).toBeGreaterThanOrEqual(Math.max(idleSince + timings.idleTimeoutMs, now + timings.idleWarningMs));
            chat = warnIdle(chat, now, step.closesAt);
          } else if (step.kind === 'withdraw') {
            chat = withdrawIdleWarning(chat);
          } else if (step.kind === 'close') {
            expect(now - idleSince).toBeGreaterThanOrEqual(timings.idleTimeoutMs);
            expect(chat.idleWarnedAt).not.toBeNull();
            expect(chat.idleWarnedAt!).toBeGreaterThanOrEqual(idleSince);
            expect(now - chat.idleWarnedAt!).toBeGreaterThanOrEqual(timings.idleWarningMs);
            chat = closeConversation(chat, { by: 'system', reason: 'visitor_inactive' }, now);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('closes a silent chat within two sweeps of its timeout', () => {
    fc.assert(
      fc.property(timingsArbitrary, fc.integer({ min: 100, max: 10 * SECOND }), (timings, every) => {
        const clock = new ManualClock();
        let chat = assignConversation(queued(clock), 'agent-1', clock.now());
        const since = clock.now();
        while (chat.status === 'active') {
          clock.advance(every);
          const step = idleStep(chat, since, clock.now(), timings);
          if (step.kind === 'warn') chat = warnIdle(chat, clock.now(), step.closesAt);
          if (step.kind === 'close') chat = closeConversation(chat, { by: 'system', reason: 'visitor_inactive' }, clock.now());
        }
        expect(clock.now() - since).toBeLessThanOrEqual(timings.idleTimeoutMs + 2 * every);
      }),
      { numRuns: 300 },
    );
  });

  it('never closes a chat for departure before its grace or timeout, and always once past it', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 0, max: 20 * MINUTE }), (answered, away) => {
        const clock = new ManualClock();
        const chat = answered ? assignConversation(queued(clock), 'agent-1', clock.now()) : queued(clock);
        const left = visitorLeft(chat, clock.now());
        clock.advance(away);
        const limit = answered ? TIMINGS.goneTimeoutMs : TIMINGS.abandonGraceMs;
        expect(departureClose(left, clock.now(), TIMINGS)).toBe(away < limit ? null : answered ? 'visitor_gone' : 'abandoned');
        expect(departureClose(visitorBack(left), clock.now(), TIMINGS)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
