/**
 * The chat app's place in line and wait: the server's word plus the queue's changes, each counted
 * once in any order (two nodes may interleave theirs), asked again when a revision stays missing;
 * the wait worked out for the place from the queue's latest inputs; a place that grows explained.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QueueWait, VisitorConversation } from '../../protocol/models.js';
import {
  adoptView,
  applyChanges,
  followQueueWait,
  GAP_WAIT_MS,
  isNewer,
  placeFromView,
  queueNoteAfter,
  shownPosition,
  withEstimate,
  type PlaceInLine,
} from '../../widget/app/queue-place.js';

const waiting = (position: number, revision: number, change: Partial<VisitorConversation> = {}): VisitorConversation => ({
  id: 'c1',
  status: 'queued',
  topicId: 'benefits',
  language: 'en',
  visitorName: null,
  queueId: 'general',
  queuePosition: position,
  queueKey: 100,
  queueRevision: revision,
  agentName: null,
  closedBy: null,
  closeReason: null,
  startedAt: '2030-01-01T10:00:00.000Z',
  lastSeq: 0,
  version: 1,
  idleWarning: null,
  queueWait: null,
  estimatedWait: null,
  transferred: null,
  reference: 'K7M-4QX',
  surveyAnswered: false,
  ...change,
});
const MINUTE = 60_000;
const wait = (slots: number, freeSlots: number, handleMinutes: number, at = '2030-01-01T10:00:00.000Z'): QueueWait => ({
  slots,
  freeSlots,
  handleMs: handleMinutes * MINUTE,
  at,
});
/** The conversation as the chat app shows it after counting these changes from its view. */
const shown = (view: VisitorConversation, changes: ReturnType<typeof change>[]) => {
  const place = applyChanges(placeFromView(view, null, 0)!, changes, 0).place;
  return withEstimate({ ...view, queuePosition: shownPosition(place), queueRevision: place.revision });
};
const change = (revision: number, kind: 'joined' | 'left', key: number) => ({ revision, kind, key });
const placeAt = (position: number, revision: number): PlaceInLine => placeFromView(waiting(position, revision), null, 0)!;

describe('following the queue', () => {
  it('moves up when a chat ahead leaves, back when one is put ahead, and not for chats behind', () => {
    expect(shownPosition(applyChanges(placeAt(3, 7), [change(8, 'left', 50)], 0).place)).toBe(2);
    expect(shownPosition(applyChanges(placeAt(3, 7), [change(8, 'joined', 50)], 0).place)).toBe(4);
    expect(shownPosition(applyChanges(placeAt(3, 7), [change(8, 'joined', 150)], 0).place)).toBe(3);
    expect(shownPosition(applyChanges(placeAt(3, 7), [change(8, 'left', 100), change(9, 'left', 60)], 0).place)).toBe(2);
  });

  it('counts each change once, in whatever order the batches come, and what the view already counts not at all', () => {
    const first = applyChanges(placeAt(5, 10), [change(12, 'left', 1)], 0).place;
    expect(shownPosition(first)).toBe(4);
    expect(first.gapSince).toBe(0);
    const filled = applyChanges(first, [change(11, 'left', 2), change(12, 'left', 1), change(10, 'left', 3)], 1).place;
    expect(shownPosition(filled)).toBe(3);
    expect(filled).toMatchObject({ revision: 12, gapSince: null, beyondGap: new Map() });
  });

  it('asks again when a revision stays missing, and never shows a place below first', () => {
    const gapped = applyChanges(placeAt(2, 1), [change(3, 'left', 1)], 1000);
    expect(gapped.resync).toBe(false);
    expect(applyChanges(gapped.place, [], 1000 + GAP_WAIT_MS).resync).toBe(true);
    expect(shownPosition(applyChanges(placeAt(1, 1), [change(2, 'left', 1), change(3, 'left', 2)], 0).place)).toBe(1);
    expect(placeFromView(waiting(2, 7, { status: 'active', queuePosition: null }), null, 0)).toBeNull();
  });

  it('keeps the changes seen beyond a fresh view of the server', () => {
    const seen = applyChanges(placeAt(6, 1), [change(5, 'left', 1)], 0).place;
    // The server's new word at revision 4 does not yet count revision 5.
    const rebased = placeFromView(waiting(4, 4), seen, 10)!;
    expect(shownPosition(rebased)).toBe(3);
    expect(rebased).toMatchObject({ revision: 5, gapSince: null });
  });

  it('gives the same place whatever the order the changes arrive in (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom<'joined' | 'left'>('joined', 'left'), key: fc.integer({ min: 0, max: 200 }) }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 50 }),
        fc.nat(),
        (moves, start, seed) => {
          const changes = moves.map((m, i) => change(i + 2, m.kind, m.key));
          const inOrder = applyChanges(placeAt(start, 1), changes, 0).place;
          const shuffled = [...changes].sort((a, b) => ((a.revision * 7919 + seed) % 101) - ((b.revision * 7919 + seed) % 101));
          let place = placeAt(start, 1);
          for (const c of shuffled) place = applyChanges(place, [c], 0).place;
          expect(place.revision).toBe(inOrder.revision);
          expect(shownPosition(place)).toBe(shownPosition(inOrder));
        },
      ),
    );
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
    expect(shown(held, [change(8, 'left', 50)])).toMatchObject({ queuePosition: 2, estimatedWait: 'about_10' });
    expect(shown(held, [change(8, 'joined', 50)])).toMatchObject({ queuePosition: 4, estimatedWait: 'about_20' });
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

  it('never mixes queues: a wait of another queue is ignored, and a view of the new queue is taken whatever its time', () => {
    // The citizen switched language: the chat now waits in the French line.
    const held = waiting(1, 7, { queueWait: wait(0, 0, 10, '2030-01-01T10:00:09.000Z'), estimatedWait: 'no_agent' });
    const moved = waiting(3, 2, { queueId: 'general-fr', queueWait: wait(2, 2, 10, '2030-01-01T10:00:01.000Z'), estimatedWait: 'about_5' });
    expect(adoptView(moved, held)).toBe(moved);
    expect(followQueueWait(moved, { queueId: 'general', ...wait(0, 0, 10, '2030-01-01T10:00:20.000Z') })).toBeNull();
    expect(followQueueWait(moved, { queueId: 'general-fr', ...wait(0, 0, 10, '2030-01-01T10:00:20.000Z') })).toMatchObject({ estimatedWait: 'no_agent' });
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

  it('says nothing when the chat moved to another line: the citizen switched language themselves', () => {
    expect(queueNoteAfter(waiting(1, 7), waiting(3, 2, { queueId: 'general-fr' }), null)).toBeNull();
    expect(queueNoteAfter(waiting(1, 7), waiting(3, 2, { queueId: 'general-fr' }), 'moved_back')).toBeNull();
  });

  it('says the agent was cut off when a chat under way waits again, and nothing once it is answered or for another chat', () => {
    const active = waiting(1, 7, { status: 'active', queuePosition: null, version: 2 });
    expect(queueNoteAfter(active, waiting(1, 9, { version: 3 }), null)).toBe('returned');
    expect(queueNoteAfter(waiting(1, 9, { version: 3 }), waiting(1, 9, { version: 4, status: 'active', queuePosition: null }), 'returned')).toBeNull();
    expect(queueNoteAfter(waiting(2, 7), waiting(3, 8, { id: 'other' }), null)).toBeNull();
    expect(queueNoteAfter(null, waiting(3, 8), null)).toBeNull();
  });

  it('does not say the agent was cut off when a transfer put the chat in line (the view says that itself)', () => {
    const active = waiting(1, 7, { status: 'active', queuePosition: null, version: 2 });
    expect(queueNoteAfter(active, waiting(1, 9, { version: 3, transferred: 'queue' }), null)).toBeNull();
    // A server of the previous version sends no `transferred`: as before.
    const { transferred: _none, ...older } = waiting(1, 9, { version: 3 });
    expect(queueNoteAfter(active, older as VisitorConversation, null)).toBe('returned');
  });
});

describe('a server of the previous version, which sends no wait', () => {
  it('keeps following the place, with no wait', () => {
    const { queueWait: _wait, estimatedWait: _band, ...older } = waiting(3, 7);
    const held = older as VisitorConversation;
    expect(shown(held, [change(8, 'left', 50)])).toMatchObject({ queuePosition: 2, estimatedWait: null });
    expect(adoptView(held, waiting(3, 6, { queueWait: wait(1, 0, 8) }))).toBe(held);
  });
});
