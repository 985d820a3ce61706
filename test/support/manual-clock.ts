/** A clock that moves only when a test says so. */
import type { Clock } from '../../server/services/clock.js';

export class ManualClock implements Clock {
  constructor(private time = Date.parse('2026-11-02T14:00:00Z')) {}

  now(): number {
    return this.time;
  }

  advance(milliseconds: number): void {
    this.time += milliseconds;
  }
}
