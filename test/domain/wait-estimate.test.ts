/**
 * Honest waits (issue #7): the estimate the server and the chat app share
 * (protocol/wait-estimate.ts), the bands it is said in, the typical handle time it rests on
 * (server/domain/handle-time.ts, with a manual clock), and a queue's staffing
 * (server/domain/routing.ts). Properties over many random inputs (fast-check): a wait never
 * shortens when the place in line grows, nor when agents leave or chats last longer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateWait, waitBand, WAIT_BANDS, type WaitInputs } from '../../protocol/wait-estimate.js';
import {
  DEFAULT_HANDLE_MS,
  HANDLE_TIME_WINDOW_MS,
  HANDLE_TIMES_KEPT,
  handleTimeOf,
  typicalHandleMs,
  type HandleTime,
} from '../../server/domain/handle-time.js';
import { canTake, queueStaffing, type RoutingAgent } from '../../server/domain/routing.js';

const MINUTE = 60_000;
const inputs = (slots: number, freeSlots: number, handleMinutes: number): WaitInputs => ({ slots, freeSlots, handleMs: handleMinutes * MINUTE });
const minutesAt = (position: number, wait: WaitInputs) => (estimateWait(position, wait).ms ?? NaN) / MINUTE;

describe('the estimate', () => {
  it('promises no time when nobody who could answer the queue is available', () => {
    expect(estimateWait(1, inputs(0, 0, 8))).toEqual({ band: 'no_agent', ms: null });
    expect(estimateWait(40, inputs(0, 0, 8))).toEqual({ band: 'no_agent', ms: null });
  });

  it('is about nothing while there are as many free slots as the place in line (routing assigns at once)', () => {
    expect(estimateWait(1, inputs(3, 1, 8))).toEqual({ band: 'under_1', ms: 0 });
    expect(estimateWait(3, inputs(6, 3, 8))).toEqual({ band: 'under_1', ms: 0 });
  });

  it('counts, for the chats ahead that find no free slot, one slot freeing every handle time ÷ slots', () => {
    // Two agents of 3 chats, all busy, 12-minute chats: a slot frees every 2 minutes.
    expect(minutesAt(1, inputs(6, 0, 12))).toBe(2);
    expect(minutesAt(5, inputs(6, 0, 12))).toBe(10);
    // One free slot takes the next chat at once; the second waits for one slot to free.
    expect(minutesAt(2, inputs(6, 1, 12))).toBe(2);
    expect(estimateWait(5, inputs(6, 0, 12)).band).toBe('about_10');
  });
});

describe('the bands', () => {
  it('say a wait in the nearest round figure, from "less than a minute" to "more than 30 minutes"', () => {
    const at = (minutes: number) => waitBand(minutes * MINUTE);
    expect([0, 0.99].map(at)).toEqual(['under_1', 'under_1']);
    expect([1, 2, 3.49].map(at)).toEqual(['about_2', 'about_2', 'about_2']);
    expect([3.5, 5, 7.49].map(at)).toEqual(['about_5', 'about_5', 'about_5']);
    expect([7.5, 12.49].map(at)).toEqual(['about_10', 'about_10']);
    expect([12.5, 17.49].map(at)).toEqual(['about_15', 'about_15']);
    expect([17.5, 24.99].map(at)).toEqual(['about_20', 'about_20']);
    expect([25, 34.99].map(at)).toEqual(['about_30', 'about_30']);
    expect([35, 240, Number.POSITIVE_INFINITY].map(at)).toEqual(['over_30', 'over_30', 'over_30']);
  });

  it('are listed shortest first, so their order is the order of waits', () => {
    const said = [0, 1, 4, 9, 14, 19, 29, 50].map((minutes) => WAIT_BANDS.indexOf(waitBand(minutes * MINUTE)));
    expect(said).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

const inputsArb = fc
  .record({ slots: fc.integer({ min: 0, max: 60 }), free: fc.integer({ min: 0, max: 60 }), handleMs: fc.integer({ min: 0, max: 3 * 60 * MINUTE }) })
  .map(({ slots, free, handleMs }): WaitInputs => ({ slots, freeSlots: Math.min(free, slots), handleMs }));
const positionArb = fc.integer({ min: 1, max: 500 });
/** A wait as an order: the band's rank, then its milliseconds (no agent is the longest of all). */
const rank = (position: number, wait: WaitInputs): [number, number] => {
  const { band, ms } = estimateWait(position, wait);
  return [WAIT_BANDS.indexOf(band), ms ?? Number.POSITIVE_INFINITY];
};

describe('the estimate, over many random situations', () => {
  it('never decreases when the place in line grows, all else equal', () => {
    fc.assert(
      fc.property(inputsArb, positionArb, positionArb, (wait, a, b) => {
        const [nearer, further] = a <= b ? [a, b] : [b, a];
        const [bandNear, msNear] = rank(nearer, wait);
        const [bandFar, msFar] = rank(further, wait);
        expect(msFar).toBeGreaterThanOrEqual(msNear);
        expect(bandFar).toBeGreaterThanOrEqual(bandNear);
      }),
    );
  });

  it('never grows with more free slots, more slots, or shorter chats', () => {
    fc.assert(
      fc.property(inputsArb, positionArb, fc.integer({ min: 1, max: 10 }), (wait, position, more) => {
        const [, base] = rank(position, wait);
        if (wait.freeSlots + more <= wait.slots) expect(rank(position, { ...wait, freeSlots: wait.freeSlots + more })[1]).toBeLessThanOrEqual(base);
        expect(rank(position, { ...wait, slots: wait.slots + more })[1]).toBeLessThanOrEqual(base);
        expect(rank(position, { ...wait, handleMs: Math.max(0, wait.handleMs - more * MINUTE) })[1]).toBeLessThanOrEqual(base);
      }),
    );
  });
});

const NOW = Date.parse('2030-03-04T15:00:00Z');
const closed = (minutesAgo: number, handleMinutes: number): HandleTime => ({ closedAt: NOW - minutesAgo * MINUTE, handleMs: handleMinutes * MINUTE });

describe('the typical handle time', () => {
  it('is the default before a queue has any history', () => {
    expect(typicalHandleMs([], NOW)).toBe(DEFAULT_HANDLE_MS);
  });

  it('is the median of recent chats, padded with the default up to five, so one short chat does not decide', () => {
    expect(typicalHandleMs([closed(1, 2)], NOW)).toBe(DEFAULT_HANDLE_MS);
    expect(typicalHandleMs([closed(1, 2), closed(2, 3)], NOW)).toBe(DEFAULT_HANDLE_MS);
    // Three of five are the queue's own: their median wins.
    expect(typicalHandleMs([closed(1, 2), closed(2, 3), closed(3, 4)], NOW)).toBe(4 * MINUTE);
    expect(typicalHandleMs([1, 2, 3, 4, 5, 6].map((i) => closed(i, i)), NOW)).toBe(3.5 * MINUTE);
  });

  it('counts only chats closed within the window, and at most the latest kept', () => {
    const old = Array.from({ length: 5 }, (_, i) => closed(HANDLE_TIME_WINDOW_MS / MINUTE + 1 + i, 30));
    expect(typicalHandleMs([...old, closed(5, 4), closed(6, 4), closed(7, 4), closed(8, 4), closed(9, 4)], NOW)).toBe(4 * MINUTE);
    expect(typicalHandleMs(old, NOW)).toBe(DEFAULT_HANDLE_MS);
    const many = [...Array.from({ length: HANDLE_TIMES_KEPT }, (_, i) => closed(i, 3)), ...Array.from({ length: 60 }, (_, i) => closed(60 + i, 20))];
    expect(typicalHandleMs(many, NOW)).toBe(3 * MINUTE);
  });

  it('is never under 30 seconds, and rounded to 10 seconds', () => {
    expect(typicalHandleMs([1, 2, 3, 4, 5].map((i) => ({ closedAt: NOW - i, handleMs: 2000 })), NOW)).toBe(30_000);
    expect(typicalHandleMs([1, 2, 3, 4, 5].map((i) => ({ closedAt: NOW - i, handleMs: 184_000 })), NOW)).toBe(180_000);
  });

  it('is taken from assignment to closing, never negative, and only for answered chats', () => {
    expect(handleTimeOf({ assignedAt: NOW - 5 * MINUTE, closedAt: NOW })).toEqual({ closedAt: NOW, handleMs: 5 * MINUTE });
    expect(handleTimeOf({ assignedAt: NOW + 50, closedAt: NOW })).toEqual({ closedAt: NOW, handleMs: 0 });
    expect(handleTimeOf({ assignedAt: null, closedAt: NOW })).toBeNull();
  });
});

const agent = (id: string, change: Partial<RoutingAgent> = {}): RoutingAgent => ({
  id,
  queueIds: ['general-fr'],
  languages: ['fr'],
  status: 'available',
  connected: true,
  activeChats: 0,
  maxChats: 3,
  idleSince: 0,
  ...change,
});
const generalFr = { id: 'general-fr', language: 'fr' as const };

describe("a queue's staffing", () => {
  it('sums the limits of the agents routing would give its chats to, full or not, and their room', () => {
    const staffing = queueStaffing(generalFr, [agent('a', { activeChats: 3 }), agent('b', { activeChats: 1, maxChats: 2 }), agent('c', { activeChats: 5, maxChats: 3 })]);
    expect(staffing).toEqual({ slots: 8, freeSlots: 1 });
  });

  it('counts no one who is away, cut off, serves other queues or does not speak its language: no silent fallback to English', () => {
    const englishOnly = agent('en', { languages: ['en'], queueIds: ['general-en', 'general-fr'] });
    expect(
      queueStaffing(generalFr, [agent('away', { status: 'away' }), agent('gone', { connected: false }), agent('other', { queueIds: ['permits-fr'] }), englishOnly]),
    ).toEqual({ slots: 0, freeSlots: 0 });
    expect(estimateWait(1, { ...queueStaffing(generalFr, [englishOnly]), handleMs: DEFAULT_HANDLE_MS }).band).toBe('no_agent');
  });

  it('counts free slots exactly where routing could give a chat', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: fc.constantFrom('available', 'away', 'offline' as const),
            connected: fc.boolean(),
            languages: fc.subarray(['en', 'fr'] as const, { minLength: 1 }),
            queueIds: fc.subarray(['general-fr', 'general-en']),
            maxChats: fc.integer({ min: 1, max: 4 }),
            activeChats: fc.integer({ min: 0, max: 5 }),
          }),
          { maxLength: 8 },
        ),
        (records) => {
          const agents = records.map((record, i) => agent(`a${i}`, { ...record, languages: [...record.languages] }));
          const { freeSlots } = queueStaffing(generalFr, agents);
          const chat = { id: 'c', queueId: 'general-fr', language: 'fr' as const };
          expect(freeSlots > 0).toBe(agents.some((a) => canTake(a, chat)));
        },
      ),
    );
  });
});
