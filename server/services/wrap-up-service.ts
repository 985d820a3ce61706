/**
 * Wrap-ups (server/domain/wrap-up.ts): the agent records the outcome of an ended chat they held,
 * and a sweep on every node records as not recorded those left past their deadline. Both are a
 * compare-and-set of the conversation (so of several nodes sweeping at once, one records it),
 * published as `conversation.changed`: the agent's consoles hear it, and routing runs, since the
 * agent has a free slot again.
 */
import { AppError } from '../domain/app-error.js';
import type { Agent, Conversation, WrapUpOutcome } from '../domain/entities.js';
import { expireWrapUp, recordWrapUp } from '../domain/wrap-up.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { ConversationService } from './conversation-service.js';

export interface WrapUpLogger {
  warn(details: object, message: string): void;
}

/** Wrap-ups looked at per sweep round trip: a batch, so that a backlog never makes one huge read. */
const SWEEP_BATCH = 200;

export class WrapUpService {
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private failing = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly conversations: ConversationService,
    private readonly wrapUpMs: number,
    private readonly logger: WrapUpLogger,
  ) {}

  /** How often each node sweeps: a quarter of the deadline, between 250 ms and 5 s. */
  get sweepIntervalMs(): number {
    return Math.min(5000, Math.max(250, this.wrapUpMs / 4));
  }

  start(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  stop(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  /** The outcome codes agents may record, in the order to offer them. */
  async outcomes(): Promise<WrapUpOutcome[]> {
    return this.store.wrapUpOutcomes.list();
  }

  /** Records the wrap-up the agent owes for this chat; a retry of the same choice answers the same. */
  async record(agent: Agent, conversationId: string, choice: { outcome: string; note: string | null }): Promise<Conversation> {
    const known = new Set((await this.outcomes()).map((outcome) => outcome.id));
    const now = this.clock.now();
    const { conversation } = await this.conversations.change(conversationId, (current) => recordWrapUp(current, agent.id, choice, known, now));
    return conversation;
  }

  /**
   * Records as not recorded every wrap-up past its deadline, batch by batch; answers how many this
   * node recorded. Never throws: a store away is tried again next round (said once per outage).
   */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    let expired = 0;
    try {
      const now = this.clock.now();
      for (;;) {
        const due = await this.store.conversations.wrapUpsDue(now, SWEEP_BATCH);
        let recorded = 0;
        for (const conversation of due) if (await this.expire(conversation.id, now)) recorded++;
        expired += recorded;
        // A full batch may have more behind it; one where nothing moved is left to the next round.
        if (due.length < SWEEP_BATCH || recorded === 0) break;
      }
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'wrap-up sweep failed; retrying every round');
      this.failing = true;
    } finally {
      this.sweeping = false;
    }
    return expired;
  }

  /** Whether this node recorded the expiry (another node, or the agent, may have been first). */
  private async expire(conversationId: string, now: number): Promise<boolean> {
    try {
      const { conversation, previous } = await this.conversations.change(conversationId, (current) => expireWrapUp(current, now));
      return conversation !== previous;
    } catch (error) {
      // Gone meanwhile (retention), or changing too fast: the next round looks again.
      if (error instanceof AppError && (error.code === 'not_found' || error.code === 'conflict')) return false;
      throw error;
    }
  }
}
