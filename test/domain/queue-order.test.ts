import { describe, expect, it } from 'vitest';
import { compareQueueOrder, queueScore } from '../../server/domain/queue-order.js';

const entry = (id: string, queuedAt: number, queuePriority = 0) => ({ id, queuedAt, queuePriority, queueId: 'general' });

describe('queue order', () => {
  it('serves first come, first served', () => {
    const order = [entry('b', 20), entry('a', 10), entry('c', 30)].sort(compareQueueOrder).map((c) => c.id);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('serves a requeued chat (higher priority) before older new chats', () => {
    const order = [entry('old', 10), entry('requeued', 500, 1)].sort(compareQueueOrder).map((c) => c.id);
    expect(order).toEqual(['requeued', 'old']);
  });

  it('gives scores that sort exactly like the comparison', () => {
    const entries = [entry('a', 1_700_000_000_000), entry('b', 1_700_000_000_001), entry('c', 1_800_000_000_000, 1)];
    const byScore = [...entries].sort((x, y) => queueScore(x) - queueScore(y)).map((c) => c.id);
    expect(byScore).toEqual([...entries].sort(compareQueueOrder).map((c) => c.id));
  });
});
