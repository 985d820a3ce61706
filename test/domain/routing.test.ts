/**
 * Automatic assignment (issue #7): the candidates, the selection and the plan for a queue, with
 * examples and with properties checked over many random situations (fast-check): never over a
 * limit, never two agents for a chat, never a language or queue an agent does not serve, never the
 * oldest chat of a queue passed over while a later one is served.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../protocol/languages.js';
import { canTake, idleSince, pickAgent, planAssignments, type RoutingAgent, type RoutingChat } from '../../server/domain/routing.js';

const agent = (id: string, change: Partial<RoutingAgent> = {}): RoutingAgent => ({
  id,
  queueIds: ['general-en'],
  languages: ['en'],
  status: 'available',
  connected: true,
  activeChats: 0,
  maxChats: 3,
  idleSince: 0,
  ...change,
});
const chat = (id: string, queueId = 'general-en', language: Language = 'en'): RoutingChat => ({ id, queueId, language });

describe('who can take a chat', () => {
  it('is an available, connected agent under their limit who serves the queue and speaks the language', () => {
    expect(canTake(agent('a'), chat('c'))).toBe(true);
    expect(canTake(agent('a', { status: 'away' }), chat('c'))).toBe(false);
    expect(canTake(agent('a', { status: 'offline' }), chat('c'))).toBe(false);
    expect(canTake(agent('a', { connected: false }), chat('c'))).toBe(false);
    expect(canTake(agent('a', { activeChats: 3 }), chat('c'))).toBe(false);
    expect(canTake(agent('a'), chat('c', 'permits-en'))).toBe(false);
    // No silent fallback: a French chat is never given to an agent who does not speak French.
    expect(canTake(agent('a', { queueIds: ['general-fr'] }), chat('c', 'general-fr', 'fr'))).toBe(false);
    expect(canTake(agent('a', { queueIds: ['general-fr'], languages: ['en', 'fr'] }), chat('c', 'general-fr', 'fr'))).toBe(true);
  });
});

describe('choosing among them', () => {
  it('picks the least busy, then the one idle longest, then by id', () => {
    const busy = agent('busy', { activeChats: 2, idleSince: 0 });
    const idleLong = agent('idle-long', { activeChats: 1, idleSince: 100 });
    const idleShort = agent('idle-short', { activeChats: 1, idleSince: 500 });
    expect(pickAgent(chat('c'), [busy, idleShort, idleLong])?.id).toBe('idle-long');
    expect(pickAgent(chat('c'), [agent('b'), agent('a')])?.id).toBe('a');
    expect(pickAgent(chat('c'), [agent('x', { status: 'away' })])).toBeNull();
  });

  it('counts idleness from the last assignment or from becoming available, whichever is later', () => {
    expect(idleSince(1000, undefined)).toBe(1000);
    expect(idleSince(1000, 5000)).toBe(5000);
    expect(idleSince(9000, 5000)).toBe(9000);
  });
});

describe('planning a queue', () => {
  it('spreads chats over agents, least busy first, and stops at their limits', () => {
    const plan = planAssignments(
      ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => chat(id)),
      [agent('a', { maxChats: 2 }), agent('b', { maxChats: 2, idleSince: 10 })],
      1000,
    );
    expect(plan).toEqual([
      { chatId: 'c1', agentId: 'a' },
      { chatId: 'c2', agentId: 'b' },
      { chatId: 'c3', agentId: 'a' },
      { chatId: 'c4', agentId: 'b' },
    ]);
  });

  it('lets a French chat wait for a French-speaking agent while English chats go ahead', () => {
    const plan = planAssignments(
      [chat('fr-1', 'general-fr', 'fr'), chat('en-1'), chat('fr-2', 'general-fr', 'fr')],
      [agent('english-only', { queueIds: ['general-en', 'general-fr'] })],
      0,
    );
    expect(plan).toEqual([{ chatId: 'en-1', agentId: 'english-only' }]);
  });
});

const languageArb = fc.constantFrom<Language>(...LANGUAGES);
const queueIds = ['general-en', 'general-fr', 'permits-en'] as const;
const agentArb = fc.record({
  id: fc.uuid(),
  queueIds: fc.subarray([...queueIds]),
  languages: fc.subarray([...LANGUAGES], { minLength: 1 }),
  status: fc.constantFrom('available', 'away', 'offline' as const),
  connected: fc.boolean(),
  maxChats: fc.integer({ min: 1, max: 4 }),
  activeChats: fc.integer({ min: 0, max: 4 }),
  idleSince: fc.integer({ min: 0, max: 10_000 }),
});
const chatsArb = fc.uniqueArray(
  fc.record({ id: fc.uuid(), queueId: fc.constantFrom(...queueIds), language: languageArb }),
  { selector: (c) => c.id, maxLength: 40 },
);

describe('planning, over many random situations', () => {
  it('never goes over a limit, never gives a chat twice, never mismatches queue, language or state', () => {
    fc.assert(
      fc.property(fc.uniqueArray(agentArb, { selector: (a) => a.id, maxLength: 8 }), chatsArb, (agents, chats) => {
        const plan = planAssignments(chats, agents, 20_000);
        const byId = new Map(agents.map((a) => [a.id, a]));
        const chatById = new Map(chats.map((c) => [c.id, c]));
        expect(new Set(plan.map((a) => a.chatId)).size).toBe(plan.length);
        const given = new Map<string, number>();
        for (const { chatId, agentId } of plan) {
          const a = byId.get(agentId)!;
          const c = chatById.get(chatId)!;
          expect(a.status).toBe('available');
          expect(a.connected).toBe(true);
          expect(a.queueIds).toContain(c.queueId);
          expect(a.languages).toContain(c.language);
          given.set(agentId, (given.get(agentId) ?? 0) + 1);
        }
        for (const [agentId, count] of given) {
          const a = byId.get(agentId)!;
          expect(a.activeChats + count).toBeLessThanOrEqual(a.maxChats);
        }
      }),
    );
  });

  it('never serves a later chat of a queue while an earlier one with the same needs waits', () => {
    fc.assert(
      fc.property(fc.uniqueArray(agentArb, { selector: (a) => a.id, maxLength: 8 }), chatsArb, (agents, chats) => {
        const planned = new Set(planAssignments(chats, agents, 0).map((a) => a.chatId));
        chats.forEach((later, index) => {
          if (!planned.has(later.id)) return;
          for (const earlier of chats.slice(0, index)) {
            if (earlier.queueId === later.queueId && earlier.language === later.language) expect(planned.has(earlier.id)).toBe(true);
          }
        });
      }),
    );
  });

  it('leaves no chat waiting that an agent with room could take', () => {
    fc.assert(
      fc.property(fc.uniqueArray(agentArb, { selector: (a) => a.id, maxLength: 8 }), chatsArb, (agents, chats) => {
        const plan = planAssignments(chats, agents, 0);
        const planned = new Set(plan.map((a) => a.chatId));
        const left = agents.map((a) => ({ ...a, activeChats: a.activeChats + plan.filter((p) => p.agentId === a.id).length }));
        // The first unserved chat of each queue and language: nobody can take it.
        const seen = new Set<string>();
        for (const c of chats) {
          const needs = `${c.queueId}|${c.language}`;
          if (planned.has(c.id) || seen.has(needs)) continue;
          seen.add(needs);
          expect(pickAgent(c, left)).toBeNull();
        }
      }),
    );
  });
});
