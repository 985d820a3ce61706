/**
 * Whether this node is saturated, for `/readyz`: a load balancer stops sending it new connections
 * while it is. Two signs: the password-hashing line is full (a sign-in flood), or the event loop
 * is late (every request waits).
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { PasswordHasher } from './password-hasher.js';

/** Event-loop delay (99th percentile over the last second) above which the node calls itself saturated. */
export const EVENT_LOOP_DELAY_LIMIT_MS = 200;
const WINDOW_MS = 1000;

export class LoadMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private timer: NodeJS.Timeout | undefined;
  private lastDelayMs = 0;

  constructor(private readonly passwords: PasswordHasher) {}

  start(): void {
    this.histogram.enable();
    this.timer = setInterval(() => {
      this.lastDelayMs = this.histogram.percentile(99) / 1e6;
      this.histogram.reset();
    }, WINDOW_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  /** Why the node is saturated now, or null when it is not. */
  saturation(): string | null {
    if (this.passwords.saturated) return 'Too many sign-ins at once.';
    if (this.lastDelayMs > EVENT_LOOP_DELAY_LIMIT_MS) return `The event loop is ${Math.round(this.lastDelayMs)} ms late.`;
    return null;
  }
}
