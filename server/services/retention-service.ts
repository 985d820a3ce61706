/**
 * Deletes closed conversations, with their messages, and answered left messages, once they are
 * older than the retention period (`RETENTION_DAYS`). Runs at start and then every hour on every node; deleting is
 * idempotent, so nodes need not agree on who does it.
 */
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export interface RetentionLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export class RetentionService {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly retentionMs: number,
    private readonly logger: RetentionLogger,
  ) {}

  start(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Deletes what has passed retention; returns how many conversations went (left messages are logged). */
  async sweep(): Promise<number> {
    try {
      const cutoff = this.clock.now() - this.retentionMs;
      const deleted = await this.store.conversations.deleteClosedBefore(cutoff);
      if (deleted > 0) this.logger.info({ deleted }, 'deleted closed conversations past retention');
      // Unanswered messages stay: like open chats, they are someone's request still waiting.
      const answered = await this.store.inbox.deleteAnsweredBefore(cutoff);
      if (answered > 0) this.logger.info({ deleted: answered }, 'deleted answered left messages past retention');
      return deleted;
    } catch (error) {
      this.logger.warn({ err: error }, 'retention sweep failed; it runs again within the hour');
      return 0;
    }
  }
}
