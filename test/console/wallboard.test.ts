/** The wallboard's figures from the supervision picture (agent-console/src/wallboard.ts), and its page's place. */
import { describe, expect, it } from 'vitest';
import { mayOpen, pageAt, pagesFor } from '../../agent-console/src/router.js';
import { waitClock, wallboardAgents, wallboardQueues } from '../../agent-console/src/wallboard.js';
import type { SupervisedAgent, SupervisedQueue } from '../../protocol/supervision.js';

const at = '2026-11-30T10:00:00.000Z';
const now = Date.parse(at);

const queue = (overrides: Partial<SupervisedQueue>): SupervisedQueue => ({
  id: 'permits-fr',
  name: { en: 'Permits (French)', fr: 'Permis (français)' },
  language: 'fr',
  mode: 'agents_pick',
  waiting: 0,
  oldestQueuedAt: null,
  agents: { available: 0, away: 0, withRoom: 0 },
  at,
  ...overrides,
});

const agent = (overrides: Partial<SupervisedAgent>): SupervisedAgent => ({
  id: 'a1',
  displayName: 'Camille',
  role: 'agent',
  status: 'available',
  awayReason: null,
  languages: ['fr'],
  queueIds: ['permits-fr'],
  openChats: 0,
  maxConcurrentChats: 3,
  connected: true,
  at,
  ...overrides,
});

describe('the wallboard', () => {
  it('shows each queue’s line, its longest wait, and who is free, busy (at their limit) or away', () => {
    const [shown] = wallboardQueues(
      [queue({ waiting: 3, oldestQueuedAt: new Date(now - 125_000).toISOString(), agents: { available: 3, away: 1, withRoom: 1 } })],
      now,
    );
    expect(shown).toMatchObject({ waiting: 3, longestWaitMs: 125_000, free: 1, busy: 2, away: 1, stuck: false });
    expect(wallboardQueues([queue({})], now)[0]).toMatchObject({ waiting: 0, longestWaitMs: null, stuck: false });
  });

  it('marks a queue where someone waits and nobody serving it has room', () => {
    const queues = wallboardQueues(
      [
        queue({ id: 'a', waiting: 1, oldestQueuedAt: at, agents: { available: 2, away: 0, withRoom: 0 } }),
        queue({ id: 'b', waiting: 0, agents: { available: 0, away: 0, withRoom: 0 } }),
      ],
      now,
    );
    expect(queues.map((shown) => shown.stuck)).toEqual([true, false]);
  });

  it('lists agents signed in, available first, then by name; offline accounts are left out', () => {
    const agents = wallboardAgents([
      agent({ id: '1', displayName: 'Zoé', status: 'available', openChats: 2 }),
      agent({ id: '2', displayName: 'Alex', status: 'away' }),
      agent({ id: '3', displayName: 'Bea', status: 'offline' }),
      agent({ id: '4', displayName: 'Camille', status: 'available' }),
    ]);
    expect(agents.map((shown) => [shown.displayName, shown.status, shown.openChats])).toEqual([
      ['Camille', 'available', 0],
      ['Zoé', 'available', 2],
      ['Alex', 'away', 0],
    ]);
  });

  it('reads waits as a clock', () => {
    expect(waitClock(0)).toBe('0:00');
    expect(waitClock(42_900)).toBe('0:42');
    expect(waitClock(725_000)).toBe('12:05');
    expect(waitClock(3_723_000)).toBe('1:02:03');
    expect(waitClock(-5)).toBe('0:00');
  });

  it('is a page of its own for supervisors and managers, in their navigation, not for agents', () => {
    expect(pageAt('/console/wallboard')).toBe('wallboard');
    expect(mayOpen('agent', 'wallboard')).toBe(false);
    expect(mayOpen('supervisor', 'wallboard')).toBe(true);
    expect(pagesFor('supervisor')).toContain('wallboard');
    expect(pagesFor('manager')).toContain('wallboard');
    expect(pagesFor('agent')).not.toContain('wallboard');
  });
});
