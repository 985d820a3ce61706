/**
 * Cluster-wide rate limits (kept in the store: with Redis, every node counts against the same
 * buckets), for what a client could otherwise repeat by reconnecting or by asking another node.
 */
import { AppError } from '../domain/app-error.js';
import type { RatePolicy } from '../domain/rate-limit.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';

export class RateLimits {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Takes a token from bucket `scope|key`; throws `rate_limited` with `message` when there is none. */
  async enforce(scope: string, key: string, policy: RatePolicy, message: string): Promise<void> {
    if (!(await this.store.rateLimits.take(`${scope}|${key}`, policy, this.clock.now()))) {
      throw new AppError('rate_limited', message);
    }
  }
}
