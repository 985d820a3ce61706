/**
 * Citizens who leave, and idle chats: the service side of server/domain/visitor-presence.ts, built
 * like agent presence (presence-service.ts).
 *
 * Whether a citizen is connected is asked of the whole cluster (the realtime layer answers through
 * `VisitorDirectory`), the moment they left is kept on the conversation, and a periodic sweep on
 * every node closes what the rules say must close: waiting chats whose citizen is gone past the
 * abandonment grace, chats in progress whose citizen is gone past the timeout, and chats in
 * progress silent too long (after warning the citizen). A citizen whose node died without a word
 * is timed from the first sweep that misses them: neither gone at once, nor never.
 */
import { setImmediate } from 'node:timers/promises';
import { AppError } from '../domain/app-error.js';
import { departureClose, idleStep, type PresenceFacts, type VisitorTimings } from '../domain/visitor-presence.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { ConversationService } from './conversation-service.js';
import type { PresenceLogger } from './presence-service.js';

/** Chats a sweep settles between two pauses that let the event loop serve what waits. */
export const SWEEP_SLICE = 500;

/** Answers for the whole cluster which conversations have a citizen's connection open. */
export interface VisitorDirectory {
  isConnected(conversationId: string): Promise<boolean>;
  /** Which of these conversations have a citizen connected (one question to the cluster for all). */
  connectedAmong(conversationIds: readonly string[]): Promise<Set<string>>;
  connectedConversationIds(): Promise<Set<string>>;
}

const nobodyConnected: VisitorDirectory = {
  isConnected: async () => false,
  connectedAmong: async () => new Set(),
  connectedConversationIds: async () => new Set(),
};

/** Notes citizens leaving and coming back, and sweeps for chats to close or warn (see the module comment). */
export class VisitorPresenceService {
  private directory: VisitorDirectory = nobodyConnected;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private sweepFailing = false;
  /** Presence steps of each conversation on this node, one after another (a reload's disconnect, then its connect). */
  private readonly lines = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly conversations: ConversationService,
    private readonly timings: VisitorTimings,
    private readonly logger: PresenceLogger,
  ) {}

  /** How often each node sweeps: a quarter of the shortest timing, between 250 ms and 5 s. */
  get sweepIntervalMs(): number {
    const { abandonGraceMs, goneTimeoutMs, idleWarningMs } = this.timings;
    return Math.min(5000, Math.max(250, Math.min(abandonGraceMs, goneTimeoutMs, idleWarningMs) / 4));
  }

  /** Starts the periodic sweep, asking `directory` who is connected. */
  start(directory: VisitorDirectory): void {
    this.directory = directory;
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  stop(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  /** A citizen's connection opened for this conversation: they are back, if they had left. */
  connected(conversationId: string): Promise<void> {
    return this.inLine(conversationId, () => this.conversations.noteVisitorBack(conversationId));
  }

  /** A citizen's connection closed. With no other connection anywhere, note when they left. */
  disconnected(conversationId: string): Promise<void> {
    return this.inLine(conversationId, async () => {
      if (!(await this.directory.isConnected(conversationId))) await this.conversations.noteVisitorLeft(conversationId);
    });
  }

  /**
   * One round over every open conversation: departures noted or forgotten as the cluster answers,
   * then the chats whose time has come closed, warned or relieved of a warning. Reads every open
   * chat (one read of the records and one of the idle clocks) but writes only what changes.
   */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const [open, idle] = await Promise.all([this.store.conversations.listOpen(), this.store.conversations.idleSince()]);
      // Asked after the list: a chat listed has had the time to connect before it is looked for.
      const connected = await this.directory.connectedConversationIds();
      // Missing without a recorded departure (their node died, or they are connecting right now):
      // asked once more, all in one question, then timed from now.
      const missing = open.filter((conversation) => !connected.has(conversation.id) && conversation.visitorLeftAt === null);
      const foundSince = missing.length === 0 ? new Set<string>() : await this.directory.connectedAmong(missing.map(({ id }) => id));
      const now = this.clock.now();
      for (const [looked, conversation] of open.entries()) {
        // Settling a chat that needs nothing never leaves the microtask queue: without a pause, a
        // round over 10,000 open chats kept every message waiting until it ended (a CPU profile
        // of `npm run bench:scale` showed the rounds as the node's longest tasks).
        if (looked > 0 && looked % SWEEP_SLICE === 0) await setImmediate();
        const present = connected.has(conversation.id) || foundSince.has(conversation.id);
        await this.settle(conversation, present, idle.get(conversation.id), now);
      }
      this.sweepFailing = false;
    } catch (error) {
      // The store or the cluster did not answer (Redis away, a node dying): next round. Said once
      // per outage, not every round.
      if (!this.sweepFailing) this.logger.warn({ err: error }, 'visitor presence sweep skipped; retrying every round');
      this.sweepFailing = true;
    } finally {
      this.sweeping = false;
    }
  }

  private async settle(conversation: PresenceFacts, connected: boolean, idleSince: number | undefined, now: number): Promise<void> {
    const { id } = conversation;
    try {
      if (connected) {
        // A departure noted from a stale answer (they came back through another node) must not linger.
        if (conversation.visitorLeftAt !== null) await this.connected(id);
      } else if (conversation.visitorLeftAt === null) {
        await this.inLine(id, () => this.conversations.noteVisitorLeft(id));
      } else if (departureClose(conversation, now, this.timings) !== null) {
        if ((await this.conversations.settleDeparture(id)) !== null) return;
      }
      if (conversation.status === 'active') {
        const since = idleSince ?? conversation.assignedAt ?? now;
        if (idleStep(conversation, since, now, this.timings).kind !== 'none') await this.conversations.settleIdle(id, since);
      }
    } catch (error) {
      // This chat moved on meanwhile (a lost race): the next round looks again. Anything else, such
      // as the store being away, ends the round.
      if (!(error instanceof AppError) || error.code === 'unavailable' || error.code === 'internal') throw error;
    }
  }

  /** Runs `step` after the steps already waiting for this conversation on this node. */
  private inLine(conversationId: string, step: () => Promise<void>): Promise<void> {
    const run = (this.lines.get(conversationId) ?? Promise.resolve()).then(step);
    const settled = run.catch(() => {});
    this.lines.set(conversationId, settled);
    void settled.then(() => {
      if (this.lines.get(conversationId) === settled) this.lines.delete(conversationId);
    });
    return run;
  }
}
