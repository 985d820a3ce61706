/**
 * Password hashing with scrypt from Node's standard library (memory-hard; no native add-on to
 * build). Stored as `scrypt$N$r$p$salt$hash`, so the cost can be raised later without breaking
 * existing hashes.
 *
 * scrypt runs on libuv's thread pool (4 threads by default), which file reads and DNS share: a
 * flood of sign-ins would otherwise fill it and stall every page the server sends. So at most
 * `concurrency` hashes run at once, at most `maxWaiting` wait, and the rest are refused at once
 * with `rate_limited` (retryable) instead of queueing without bound.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { AppError } from '../domain/app-error.js';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export interface PasswordHashingOptions {
  /** The cost of new hashes. */
  cost: ScryptCost;
  /**
   * Hashes computed at once: at most half the cores (each hash keeps one busy for ~100 ms) and
   * half of libuv's pool of 4, so that the event loop and file reads keep going during a flood.
   */
  concurrency: number;
  /** Hashes waiting for a turn; beyond that, sign-ins are refused until the queue shortens. */
  maxWaiting: number;
}

/** Production cost: about 100 ms and 32 MiB a hash on the development machine. */
export const PRODUCTION_HASHING: PasswordHashingOptions = {
  cost: { N: 2 ** 15, r: 8, p: 1 },
  concurrency: Math.max(1, Math.min(2, Math.floor(availableParallelism() / 2))),
  maxWaiting: 16,
};

/** How long the node reports itself saturated after refusing a hash. */
const SATURATED_AFTER_REFUSAL_MS = 5000;

const KEY_LENGTH = 64;
// N=2^15, r=8 needs 32 MiB; Node's default ceiling is exactly 32 MiB, so raise it.
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export class PasswordHasher {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private unusableHash: Promise<string> | undefined;
  /** `performance.now()` of the last refusal: a monotonic clock, unlike the application's. */
  private lastRefusalAt: number | undefined;

  constructor(private readonly options: PasswordHashingOptions = PRODUCTION_HASHING) {}

  /**
   * A readiness signal: the waiting line is at least half full, or a hash was refused in the last
   * few seconds (a flood arrives at once, then the line drains while its stragglers are refused).
   */
  get saturated(): boolean {
    const refusedLately = this.lastRefusalAt !== undefined && performance.now() - this.lastRefusalAt < SATURATED_AFTER_REFUSAL_MS;
    return refusedLately || this.waiting.length >= this.options.maxWaiting / 2;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const { cost } = this.options;
    const key = await this.inTurn(() => derive(password, salt, cost));
    return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, key] = stored.split('$');
    if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
    const expected = Buffer.from(key, 'base64');
    const actual = await this.inTurn(() => derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) }));
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  /**
   * Spends the time of one verification without matching anything: called when the email is
   * unknown, so a wrong email and a wrong password take as long and cannot be told apart.
   */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.unusableHash ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(password, await this.unusableHash);
    return false;
  }

  /** Runs `work` when a slot is free; refuses at once when the waiting line is full. */
  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.options.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= this.options.maxWaiting) {
        this.lastRefusalAt = performance.now();
        throw new AppError('rate_limited', 'The server is busy signing people in; try again in a moment.');
      }
      // The slot is handed over by the finishing hash (`running` stays counted), never raced for.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.running--;
    }
  }
}
