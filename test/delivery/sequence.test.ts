import { describe, expect, it } from 'vitest';
import { contiguousSeq, hasGap, latestSeq, mergeMessages } from '../../delivery/sequence.js';

const m = (seq: number, id = `m${seq}`) => ({ id, seq });
const seqs = (messages: readonly { seq: number }[]) => messages.map((message) => message.seq);

describe('contiguousSeq', () => {
  it('is 0 with no messages, or when the first is missing', () => {
    expect(contiguousSeq([])).toBe(0);
    expect(contiguousSeq([m(2), m(3)])).toBe(0);
  });

  it('stops before the first gap, whatever follows it', () => {
    expect(contiguousSeq([m(1), m(2), m(3)])).toBe(3);
    expect(contiguousSeq([m(1), m(2), m(4), m(5)])).toBe(2);
  });

  it('ignores duplicates', () => {
    expect(contiguousSeq([m(1), m(1), m(2), m(2), m(3)])).toBe(3);
  });

  it('does not depend on the order of arrival', () => {
    expect(contiguousSeq([m(3), m(1), m(2), m(5)])).toBe(3);
  });
});

describe('hasGap', () => {
  it('sees a hole before the latest message held', () => {
    expect(hasGap([m(1), m(3)])).toBe(true);
    expect(hasGap([m(1), m(2)])).toBe(false);
  });

  it('sees messages the server has and the client does not', () => {
    expect(hasGap([m(1), m(2)], 3)).toBe(true);
    expect(hasGap([m(1), m(2)], 2)).toBe(false);
    expect(hasGap([], 0)).toBe(false);
  });
});

describe('mergeMessages', () => {
  it('orders by seq whatever the order of arrival', () => {
    const merged = mergeMessages([m(2)], [m(5), m(1), m(3)]);
    expect(seqs(merged)).toEqual([1, 2, 3, 5]);
    expect(latestSeq(merged)).toBe(5);
  });

  it('keeps each message once, by id and by seq, the copy held first winning', () => {
    const held = [m(1, 'a'), m(2, 'b')];
    const merged = mergeMessages(held, [m(2, 'b'), { id: 'a', seq: 1 }, m(3, 'c'), m(3, 'c')]);
    expect(merged.map((message) => message.id)).toEqual(['a', 'b', 'c']);
    expect(merged[0]).toBe(held[0]);
  });

  it('answers the held list itself when nothing is new', () => {
    const held = [m(1), m(2)];
    expect(mergeMessages(held, [m(2), m(1)])).toBe(held);
    expect(mergeMessages(held, [])).toBe(held);
  });
});
