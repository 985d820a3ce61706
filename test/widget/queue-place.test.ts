/** The chat app's place in line and wait: kept from the queue's deltas and wait updates, resynced when one is missed. */
import { describe, expect, it } from 'vitest';
import type { QueueWait, VisitorConversation } from '../../protocol/models.js';
import { adoptView, followQueue, followQueueWait, isNewer, queueNoteAfter } from '../../widget/app/queue-place.js';

const waiting = (position: number, revision: number, change: Partial<VisitorConversation> = {}): VisitorConversation => ({
  id: 'c1',
  status: 'queued',
  topicId: 'benefits',
  language: 'en',
  visitorName: null,
  queuePosition: position,
  queueKey: 100,
  queueRevision: revision,
  agentName: null,
  closedBy: null,
  closeReason: null,
  startedAt: '2030-01-01T10:00:00.000Z',
  lastSeq: 0,
  version: 1,
  queueWait: null,
  estimatedWait: null,
  ...change,
});
const MINUTE = 60_000;
const wait = (slots: number, freeSlots: number, handleMinutes: number, at = '2030-01-01T10:00:00.000Z'): QueueWait => ({
  slots,
  freeSlots,
  handleMs: handleMinutes * MINUTE,
  at,
});
const change = (revision: number, kind: 'joined' | 'left', key: number) => ({ queueId: 'general', revision, kind, key });

describe('following the queue', () => {
  it('moves up when a chat ahead leaves, back when one is put ahead, and not for chats behind', () => {
    expect(followQueue(waiting(3, 7), change(8, 'left', 50))).toMatchObject({ queuePosition: 2, queueRevision: 8 });
    expect(followQueue(waiting(3, 7), change(8, 'joined', 50))).toMatchObject({ queuePosition: 4, queueRevision: 8 });
    expect(followQueue(waiting(3, 7), change(8, 'joined', 150))).toMatchObject({ queuePosition: 3, queueRevision: 8 });
    expect(followQueue(waiting(3, 7), change(8, 'left', 100))).toMatchObject({ queuePosition: 3 });
  });

  it('ignores what it has seen, asks again when a change was missed, and never goes below first', () => {
    expect(followQueue(waiting(3, 7), change(7, 'left', 50))).toBeNull();
    expect(followQueue(waiting(3, 7), change(9, 'left', 50))).toBe('resync');
    expect(followQueue(waiting(1, 7), change(8, 'left', 50))).toMatchObject({ queuePosition: 1 });
    expect(followQueue(waiting(2, 7, { status: 'active', queuePosition: null }), change(8, 'left', 50))).toBeNull();
  });

  it('keeps the newest view: a newer version, or at the same version the later place in line', () => {
    expect(isNewer(waiting(2, 8), waiting(3, 7))).toBe(true);
    expect(isNewer(waiting(3, 7), waiting(2, 8))).toBe(false);
    expect(isNewer(waiting(5, 1, { version: 2, status: 'active' }), waiting(2, 8))).toBe(true);
    expect(isNewer(waiting(2, 9), waiting(2, 8, { version: 2 }))).toBe(false);
  });
});

describe('the estimated wait, kept with the place', () => {
  it('works the wait out again when the place moves', () => {
    // One agent with 2 slots, both busy, 10-minute chats: a slot frees every 5 minutes.
    const held = waiting(3, 7, { queueWait: wait(2, 0, 10), estimatedWait: 'about_15' });
    expect(followQueue(held, change(8, 'left', 50))).toMatchObject({ queuePosition: 2, estimatedWait: 'about_10' });
    expect(followQueue(held, change(8, 'joined', 50))).toMatchObject({ queuePosition: 4, estimatedWait: 'about_20' });
  });

  it('takes a queue wait update unless the one held is later, and says when nobody can answer', () => {
    const held = waiting(2, 7, { queueWait: wait(2, 0, 10, '2030-01-01T10:00:05.000Z'), estimatedWait: 'about_10' });
    const update = (w: QueueWait) => ({ queueId: 'general', ...w });
    expect(followQueueWait(held, update(wait(4, 1, 10, '2030-01-01T10:00:06.000Z')))).toMatchObject({
      queueWait: { slots: 4, freeSlots: 1 },
      estimatedWait: 'about_2',
    });
    expect(followQueueWait(held, update(wait(0, 0, 10, '2030-01-01T10:00:06.000Z')))).toMatchObject({ estimatedWait: 'no_agent' });
    expect(followQueueWait(held, update(wait(4, 4, 10, '2030-01-01T10:00:04.000Z')))).toBeNull();
    expect(followQueueWait(waiting(2, 7, { status: 'active', queuePosition: null }), update(wait(4, 4, 10)))).toBeNull();
  });

  it('keeps the later wait inputs when a view read a moment earlier arrives after an update', () => {
    const held = waiting(2, 7, { queueWait: wait(3, 0, 10, '2030-01-01T10:00:09.000Z'), estimatedWait: 'about_5' });
    const stale = waiting(2, 7, { queueWait: wait(0, 0, 10, '2030-01-01T10:00:01.000Z'), estimatedWait: 'no_agent' });
    expect(adoptView(stale, held)).toMatchObject({ queueWait: { slots: 3 }, estimatedWait: 'about_5' });
    const fresh = waiting(2, 7, { queueWait: wait(0, 0, 10, '2030-01-01T10:00:10.000Z'), estimatedWait: 'no_agent' });
    expect(adoptView(fresh, held)).toBe(fresh);
    expect(adoptView(stale, null)).toBe(stale);
  });
});

describe('a place that moves back is explained', () => {
  it('says an interrupted chat went back to the front when the place grows, until it moves up again', () => {
    const noted = queueNoteAfter(waiting(2, 7), waiting(3, 8), null);
    expect(noted).toBe('moved_back');
    expect(queueNoteAfter(waiting(3, 8), waiting(3, 9), noted)).toBe('moved_back');
    expect(queueNoteAfter(waiting(3, 9), waiting(2, 10), noted)).toBeNull();
    expect(queueNoteAfter(waiting(3, 7), waiting(2, 8), null)).toBeNull();
  });

  it('says the agent was cut off when a chat under way waits again, and nothing once it is answered or for another chat', () => {
    const active = waiting(1, 7, { status: 'active', queuePosition: null, version: 2 });
    expect(queueNoteAfter(active, waiting(1, 9, { version: 3 }), null)).toBe('returned');
    expect(queueNoteAfter(waiting(1, 9, { version: 3 }), waiting(1, 9, { version: 4, status: 'active', queuePosition: null }), 'returned')).toBeNull();
    expect(queueNoteAfter(waiting(2, 7), waiting(3, 8, { id: 'other' }), null)).toBeNull();
    expect(queueNoteAfter(null, waiting(3, 8), null)).toBeNull();
  });
});

describe('a server of the previous version, which sends no wait', () => {
  it('keeps following the place, with no wait', () => {
    const { queueWait: _wait, estimatedWait: _band, ...older } = waiting(3, 7);
    const held = older as VisitorConversation;
    expect(followQueue(held, change(8, 'left', 50))).toMatchObject({ queuePosition: 2, estimatedWait: null });
    expect(adoptView(held, waiting(3, 6, { queueWait: wait(1, 0, 8) }))).toBe(held);
  });
});
