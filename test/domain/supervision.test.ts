/**
 * The supervisor's live view as pure rules (issue #7, point 7): each queue's line and the agents
 * who serve it (counted as routing counts them), each agent's state and load, what changed between
 * two pictures, who may set whose limit, and the longest wait recovered from a queue score.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Agent, AgentPresence, Queue } from '../../server/domain/entities.js';
import { REQUEUED_PRIORITY } from '../../server/domain/conversation-lifecycle.js';
import { queuedAtOfScore, queueScore } from '../../server/domain/queue-order.js';
import { canTake } from '../../server/domain/routing.js';
import {
  diffSupervision,
  isEmptyDiff,
  maySetLimitOf,
  supervisionPicture,
  type SupervisionInputs,
} from '../../server/domain/supervision.js';

const T0 = Date.parse('2026-11-02T14:00:00Z');

const queue = (id: string, language: 'en' | 'fr', mode: Queue['mode'] = 'automatic'): Queue => ({ id, name: { en: id, fr: `${id} (fr)` }, language, mode });

const agent = (id: string, change: Partial<Agent> = {}): Agent => ({
  id,
  email: `${id}@example.test`,
  displayName: id.toUpperCase(),
  role: 'agent',
  passwordHash: 'scrypt$…',
  maxConcurrentChats: 2,
  languages: ['en', 'fr'],
  queueIds: ['general-en', 'general-fr'],
  createdAt: T0,
  active: true,
  sessionEpoch: 0,
  passwordLink: null,
  version: 1,
  ...change,
});

const presence = (agentId: string, change: Partial<AgentPresence> = {}): AgentPresence => ({ agentId, status: 'available', since: T0, disconnectedAt: null, ...change });

function inputs(change: Partial<SupervisionInputs> = {}): SupervisionInputs {
  return {
    queues: [queue('general-fr', 'fr'), queue('general-en', 'en'), queue('permits-fr', 'fr', 'agents_pick')],
    agents: [agent('b'), agent('a')],
    presences: [presence('a'), presence('b')],
    waiting: {},
    oldestQueuedAt: {},
    openChats: new Map(),
    ...change,
  };
}

describe('the picture', () => {
  it('lists queues by id and agents by name, with each queue’s line and longest wait', () => {
    const picture = supervisionPicture(inputs({ waiting: { 'general-fr': 3 }, oldestQueuedAt: { 'general-fr': T0 - 60_000, 'general-en': T0 } }));
    expect(picture.queues.map((entry) => entry.id)).toEqual(['general-en', 'general-fr', 'permits-fr']);
    expect(picture.agents.map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(picture.queues[1]).toEqual({
      id: 'general-fr',
      name: { en: 'general-fr', fr: 'general-fr (fr)' },
      language: 'fr',
      mode: 'automatic',
      waiting: 3,
      oldestQueuedAt: T0 - 60_000,
      agents: { available: 2, away: 0, withRoom: 2 },
    });
    // An oldest time without anyone waiting (two reads a moment apart) is not shown.
    expect(picture.queues[0]).toMatchObject({ waiting: 0, oldestQueuedAt: null });
  });

  it('counts the agents who serve a queue in its language: available and connected, away, and with room', () => {
    const picture = supervisionPicture(
      inputs({
        agents: [
          agent('full', { maxConcurrentChats: 2 }),
          agent('room'),
          agent('away'),
          agent('gone', { queueIds: ['general-fr'] }),
          agent('offline'),
          agent('english', { languages: ['en'] }),
          agent('elsewhere', { queueIds: ['permits-fr'] }),
        ],
        presences: [
          presence('full'),
          presence('room'),
          presence('away', { status: 'away', awayReason: 'meal' }),
          // Available, but the console is gone (within the grace period): routing gives them nothing.
          presence('gone', { disconnectedAt: T0 }),
          presence('offline', { status: 'offline' }),
          presence('english'),
          presence('elsewhere'),
        ],
        openChats: new Map([
          ['full', 2],
          ['room', 1],
        ]),
      }),
    );
    const fr = picture.queues.find((entry) => entry.id === 'general-fr')!;
    expect(fr.agents).toEqual({ available: 2, away: 1, withRoom: 1 });
    const en = picture.queues.find((entry) => entry.id === 'general-en')!;
    expect(en.agents).toEqual({ available: 3, away: 1, withRoom: 2 });
    expect(picture.queues.find((entry) => entry.id === 'permits-fr')!.agents).toEqual({ available: 1, away: 0, withRoom: 1 });

    const byId = new Map(picture.agents.map((entry) => [entry.id, entry]));
    expect(byId.get('away')).toMatchObject({ status: 'away', awayReason: 'meal', connected: true });
    expect(byId.get('gone')).toMatchObject({ status: 'available', connected: false });
    expect(byId.get('offline')).toMatchObject({ status: 'offline', connected: false, awayReason: null });
    expect(byId.get('full')).toMatchObject({ openChats: 2, maxConcurrentChats: 2 });
  });

  it('shows an agent who never signed in as offline, and one over a lowered limit as such', () => {
    const picture = supervisionPicture(inputs({ presences: [presence('a')], openChats: new Map([['a', 5]]) }));
    expect(picture.agents.find((entry) => entry.id === 'b')).toMatchObject({ status: 'offline', connected: false, openChats: 0 });
    expect(picture.agents.find((entry) => entry.id === 'a')).toMatchObject({ openChats: 5, maxConcurrentChats: 2 });
    expect(picture.queues.find((entry) => entry.id === 'general-en')!.agents).toEqual({ available: 1, away: 0, withRoom: 0 });
  });

  it('counts "with room" exactly as routing’s canTake, over random teams', () => {
    const arbitraryAgent = fc.record({
      languages: fc.subarray(['en', 'fr'] as const, { minLength: 1 }),
      queueIds: fc.subarray(['general-en', 'general-fr', 'permits-fr']),
      status: fc.constantFrom('available', 'away', 'offline'),
      connected: fc.boolean(),
      open: fc.nat(4),
      max: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryAgent, { maxLength: 8 }), (team) => {
        const agents = team.map((member, i) => agent(`a${i}`, { languages: [...member.languages], queueIds: [...member.queueIds], maxConcurrentChats: member.max }));
        const presences = team.map((member, i) => presence(`a${i}`, { status: member.status, disconnectedAt: member.connected ? null : T0 }));
        const openChats = new Map(team.map((member, i) => [`a${i}`, member.open]));
        const picture = supervisionPicture(inputs({ agents, presences, openChats }));
        for (const line of picture.queues) {
          const expected = team.filter((member, i) =>
            canTake(
              {
                id: `a${i}`,
                queueIds: member.queueIds,
                languages: member.languages,
                status: member.status,
                connected: member.connected && member.status !== 'offline',
                activeChats: member.open,
                maxChats: member.max,
                idleSince: 0,
              },
              { id: 'c', queueId: line.id, language: line.language },
            ),
          ).length;
          expect(line.agents.withRoom).toBe(expected);
          expect(line.agents.withRoom).toBeLessThanOrEqual(line.agents.available);
        }
      }),
    );
  });
});

describe('what changed between two pictures', () => {
  it('is everything the first time, nothing when the same, and only the entries that differ', () => {
    const before = supervisionPicture(inputs());
    expect(diffSupervision(null, before)).toMatchObject({ queues: before.queues, agents: before.agents, removedQueueIds: [], removedAgentIds: [] });
    expect(isEmptyDiff(diffSupervision(before, supervisionPicture(inputs())))).toBe(true);

    const after = supervisionPicture(inputs({ presences: [presence('a', { status: 'away' }), presence('b')], waiting: { 'permits-fr': 1 }, oldestQueuedAt: { 'permits-fr': T0 } }));
    const diff = diffSupervision(before, after);
    expect(diff.agents.map((entry) => entry.id)).toEqual(['a']);
    // a serves general-en and general-fr; the line of permits-fr changed.
    expect(diff.queues.map((entry) => entry.id)).toEqual(['general-en', 'general-fr', 'permits-fr']);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('names the entries that are gone', () => {
    const before = supervisionPicture(inputs());
    const after = supervisionPicture(inputs({ agents: [agent('a')], queues: [queue('general-en', 'en')] }));
    const diff = diffSupervision(before, after);
    expect(diff.removedAgentIds).toEqual(['b']);
    expect(diff.removedQueueIds).toEqual(['general-fr', 'permits-fr']);
  });
});

describe('who may set whose limit', () => {
  it('is a supervisor or manager, over accounts whose role is not above their own', () => {
    const roles = ['agent', 'supervisor', 'manager'] as const;
    const allowed = roles.flatMap((actor) => roles.filter((target) => maySetLimitOf({ role: actor }, { role: target })).map((target) => `${actor}→${target}`));
    expect(allowed).toEqual(['supervisor→agent', 'supervisor→supervisor', 'manager→agent', 'manager→supervisor', 'manager→manager']);
  });
});

describe('the longest wait from a queue score', () => {
  it('gives back when the chat joined, for new chats and chats given back alike', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4_102_444_800_000 }), fc.constantFrom(0, REQUEUED_PRIORITY), (queuedAt, queuePriority) => {
        expect(queuedAtOfScore(queueScore({ queuedAt, queuePriority }))).toBe(queuedAt);
      }),
    );
  });
});
