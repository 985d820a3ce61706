/**
 * Soft-launch bucketing (issue #8): MurmurHash3 against its reference vectors, the buckets of
 * Unleash's published client specification (gradual and flexible rollout), and the property that
 * widening a share never removes anyone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmurhash3x86, rolloutBucket, withinShare } from '../../server/domain/rollout.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('MurmurHash3 x86 32-bit', () => {
  it('matches the reference vectors', () => {
    expect(murmurhash3x86(utf8(''), 0)).toBe(0);
    expect(murmurhash3x86(utf8(''), 1)).toBe(0x514e28b7);
    expect(murmurhash3x86(utf8(''), 0xffffffff)).toBe(0x81f16f39);
    expect(murmurhash3x86(utf8('a'), 0x9747b28c)).toBe(0x7fa09ea6);
    expect(murmurhash3x86(utf8('abc'), 0)).toBe(0xb3dd93fa);
    expect(murmurhash3x86(utf8('abcd'), 0x9747b28c)).toBe(0xf0478627);
    expect(murmurhash3x86(utf8('Hello, world!'), 0x9747b28c)).toBe(0x24884cba);
    expect(murmurhash3x86(utf8('The quick brown fox jumps over the lazy dog'), 0x9747b28c)).toBe(0x2fa826cd);
  });
});

describe('rolloutBucket, as Unleash buckets', () => {
  // Unleash client specification: 03-gradual-rollout-user-id-strategy and 10-flexible-rollout-strategy.
  const cases: Array<[groupId: string, id: string, percentage: number, offered: boolean]> = [
    ['AB12A', '123', 100, true],
    ['AB12A', '122', 50, true],
    ['AB12A', '155', 50, false],
    ['AB12A', '122', 0, false],
    ['Feature.flexibleRollout.10', '174', 10, true],
    ['Feature.flexibleRollout.10', '499', 10, false],
    ['Feature.flexibleRollout.userId.55', '25', 55, true],
    ['Feature.flexibleRollout.sessionId.42', '147', 42, true],
  ];
  it.each(cases)('group %s, id %s at %i %% → offered: %s', (groupId, id, percentage, offered) => {
    expect(withinShare(rolloutBucket(groupId, id), percentage)).toBe(offered);
  });

  it('gives buckets from 1 to 100', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (group, id) => {
      const bucket = rolloutBucket(group, id);
      expect(bucket).toBeGreaterThanOrEqual(1);
      expect(bucket).toBeLessThanOrEqual(100);
    }));
  });

  it('never removes anyone when a share widens, and removes the most recently added first when it narrows', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.uuid(), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (group, id, a, b) => {
        const [narrow, wide] = a <= b ? [a, b] : [b, a];
        const bucket = rolloutBucket(group, id);
        if (withinShare(bucket, narrow)) expect(withinShare(bucket, wide)).toBe(true);
        // Those dropped when narrowing are exactly those whose bucket lies above the narrower share.
        if (withinShare(bucket, wide) && !withinShare(bucket, narrow)) expect(bucket).toBeGreaterThan(narrow);
      }),
    );
  });
});
