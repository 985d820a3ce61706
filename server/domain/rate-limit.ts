/**
 * Token buckets: a burst of `capacity` actions, refilled at `refillPerSecond`. Pure: the caller
 * keeps the bucket and passes the time.
 */
export interface RatePolicy {
  capacity: number;
  refillPerSecond: number;
}

export interface TokenBucket {
  tokens: number;
  updatedAt: number;
}

export function takeToken(
  bucket: TokenBucket | undefined,
  policy: RatePolicy,
  now: number,
): { allowed: boolean; bucket: TokenBucket } {
  const previous = bucket ?? { tokens: policy.capacity, updatedAt: now };
  const elapsedSeconds = Math.max(0, now - previous.updatedAt) / 1000;
  const tokens = Math.min(policy.capacity, previous.tokens + elapsedSeconds * policy.refillPerSecond);
  if (tokens < 1) return { allowed: false, bucket: { tokens, updatedAt: now } };
  return { allowed: true, bucket: { tokens: tokens - 1, updatedAt: now } };
}

/**
 * How long until the bucket is full again, in milliseconds: after that it holds no state worth
 * keeping (a fresh bucket is full), so stores may forget it then, and not before.
 */
export function millisecondsUntilFull(bucket: TokenBucket, policy: RatePolicy): number {
  return Math.ceil((Math.max(0, policy.capacity - bucket.tokens) / policy.refillPerSecond) * 1000);
}
