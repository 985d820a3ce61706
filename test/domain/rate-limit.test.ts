import { describe, expect, it } from 'vitest';
import { millisecondsUntilFull, takeToken, type TokenBucket } from '../../server/domain/rate-limit.js';

describe('token bucket', () => {
  const policy = { capacity: 3, refillPerSecond: 1 };

  it('allows a burst up to the capacity, then refuses', () => {
    let bucket: TokenBucket | undefined;
    const results = [];
    for (let i = 0; i < 4; i++) {
      const outcome = takeToken(bucket, policy, 1000);
      bucket = outcome.bucket;
      results.push(outcome.allowed);
    }
    expect(results).toEqual([true, true, true, false]);
  });

  it('refills with time, never above the capacity', () => {
    let bucket = { tokens: 0, updatedAt: 0 };
    expect(takeToken(bucket, policy, 500).allowed).toBe(false);
    bucket = takeToken(bucket, policy, 1000).bucket;
    expect(bucket.tokens).toBeCloseTo(0);
    expect(takeToken({ tokens: 0, updatedAt: 0 }, policy, 3_600_000).bucket.tokens).toBe(2);
  });
});

describe('when a bucket may be forgotten', () => {
  it('is the time the refill takes to bring it back to capacity', () => {
    const policy = { capacity: 10, refillPerSecond: 2 };
    expect(millisecondsUntilFull({ tokens: 10, updatedAt: 0 }, policy)).toBe(0);
    expect(millisecondsUntilFull({ tokens: 4, updatedAt: 0 }, policy)).toBe(3000);
    expect(millisecondsUntilFull({ tokens: 0.5, updatedAt: 0 }, policy)).toBe(4750);
  });
});
