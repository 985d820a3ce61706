/**
 * Rate limits per client address, for what a script could repeat by opening new connections
 * (per-connection limits reset on every reconnect): visitor handshakes and chat starts.
 * Kept in this node's memory, so N nodes allow N times the rate; generous enough for a library's
 * or a service centre's shared address.
 */
import type { Socket } from 'socket.io';
import { takeToken, type RatePolicy, type TokenBucket } from '../domain/rate-limit.js';
import type { Clock } from '../services/clock.js';

/** Buckets idle this long are full again and can be forgotten. */
const FORGET_AFTER_MS = 10 * 60_000;

export class AddressLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private checks = 0;

  constructor(
    private readonly policy: RatePolicy,
    private readonly clock: Clock,
  ) {}

  /** Takes one token for this address; false when it has none left. */
  allow(address: string): boolean {
    const now = this.clock.now();
    if (++this.checks % 1000 === 0) this.forgetIdle(now);
    const { allowed, bucket } = takeToken(this.buckets.get(address), this.policy, now);
    this.buckets.set(address, bucket);
    return allowed;
  }

  private forgetIdle(now: number): void {
    for (const [address, bucket] of this.buckets) {
      if (now - bucket.updatedAt > FORGET_AFTER_MS) this.buckets.delete(address);
    }
  }
}

/** The client's address: the first X-Forwarded-For hop when a trusted proxy sets it. */
export function clientAddress(socket: Socket, trustProxy: boolean): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded.trim() !== '') return forwarded.split(',')[0]!.trim();
  return socket.handshake.address;
}
