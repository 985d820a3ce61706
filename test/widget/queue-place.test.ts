/** The chat app's place in line: kept from the queue's deltas, resynced when one is missed. */
import { describe, expect, it } from 'vitest';
import type { VisitorConversation } from '../../protocol/models.js';
import { followQueue, isNewer } from '../../widget/app/queue-place.js';

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
