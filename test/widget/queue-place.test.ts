/**
 * The chat app's place in line: the server's word plus the queue's changes, each counted once in
 * any order (two nodes may interleave theirs), and asked again when a revision stays missing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VisitorConversation } from '../../protocol/models.js';
import { applyChanges, GAP_WAIT_MS, isNewer, placeFromView, shownPosition, type PlaceInLine } from '../../widget/app/queue-place.js';

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
  idleWarning: null,
  ...change,
});
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
