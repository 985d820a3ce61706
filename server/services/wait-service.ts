/**
 * Waits (README.md, "Waits"): what each queue's wait depends on (its staffing, from the agents
 * routing would use, and its typical handle time, from the handle times kept as chats close), for
 * the citizens waiting in it. Keeps the handle times as answered chats close; recomputes a queue's
 * inputs when its staffing may have changed (an agent's status or connection, a chat assigned,
 * ended or given back) and every WAIT_REFRESH_MS for what no event announces (a console that
 * dropped, another node that died, old handle times leaving the window); publishes
 * `queue.wait-changed` only for queues with someone waiting, and only when the inputs changed.
 *
 * Across nodes: everything is read from the store, so any node computes the same inputs, and the
 * inputs last announced to each queue are kept there too (`swapAnnounced`, atomic): whichever node
 * computes a change first announces it, once, and the others see it was said. Inputs handed out
 * in a view are announced the same way, so every citizen of a queue holds the last inputs said;
 * citizens keep those with the latest `at`.
 */
import type { QueueWait } from '../../protocol/models.js';
import type { Conversation } from '../domain/entities.js';
import { HANDLE_TIMES_KEPT, handleTimeOf, typicalHandleMs } from '../domain/handle-time.js';
import { queueStaffing } from '../domain/routing.js';
import { slotHolder } from '../domain/wrap-up.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { DomainEvent, EventBus } from './events.js';
import { readAvailableAgents } from './routing-agents.js';

/** Where the wait service says that the store did not answer. */
export interface WaitLogger {
  warn(details: object, message: string): void;
}

/** How often each node looks again on its own, for changes no event announced. */
export const WAIT_REFRESH_MS = 15_000;
/**
 * A change is looked at this long after it is heard of, and refreshes are at least this far apart,
 * so that a burst of changes (an agent back, then the chats routing gives them) is one update.
 */
export const WAIT_SETTLE_MS = 1000;
/** Inputs read for a view are reused this long (many citizens starting at once cost one read). */
const WAIT_CACHE_MS = 1000;

/** Keeps handle times, computes each queue's wait inputs, and publishes them when they change. */
export class WaitService {
  private readonly cache = new Map<string, { readAt: number; wait: Promise<QueueWait> }>();
  /** Handle times being recorded: a refresh waits for them, so it counts the chat that just ended. */
  private writes: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  /** A refresh is due (its timer set) or running. */
  private scheduled = false;
  /** A change was heard while a refresh was due or running: one more after it. */
  private again = false;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly logger: WaitLogger,
  ) {}

  /** Listens for the events that change waits, and refreshes every WAIT_REFRESH_MS. */
  start(): void {
    this.unsubscribe = this.events.subscribe((event) => this.heard(event));
    this.refreshTimer = setInterval(() => this.request(), WAIT_REFRESH_MS);
    this.refreshTimer.unref();
  }

  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.refreshTimer);
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.scheduled = false;
    this.stopped = true;
  }

  /** A queue's wait inputs now (read at most once a second per queue and node). */
  async waitOf(queueId: string): Promise<QueueWait> {
    // Wall time, not the injected clock: the cache spares the store, it is no rule of the domain.
    const now = Date.now();
    const cached = this.cache.get(queueId);
    if (cached !== undefined && now - cached.readAt < WAIT_CACHE_MS) return cached.wait;
    const wait = this.compute([queueId]).then(async (waits) => {
      const computed = waits.get(queueId)!;
      // Handed to a citizen: the others in the queue must hear it too if it is news.
      await this.announce(queueId, computed);
      return computed;
    });
    const entry = { readAt: now, wait };
    this.cache.set(queueId, entry);
    wait.catch(() => {
      if (this.cache.get(queueId) === entry) this.cache.delete(queueId);
    });
    return wait;
  }

  /** Asks for a refresh soon; changes heard meanwhile make one refresh, not one each. */
  request(): void {
    if (this.stopped) return;
    if (this.scheduled) {
      this.again = true;
      return;
    }
    this.scheduled = true;
    this.settleTimer = setTimeout(() => void this.runScheduled(), WAIT_SETTLE_MS);
    this.settleTimer.unref();
  }

  /** Resolves once no refresh is due or running (tests, and shutdown). */
  async settled(): Promise<void> {
    while (this.scheduled) await new Promise((resolve) => setTimeout(resolve, WAIT_SETTLE_MS / 10));
  }

  /**
   * Recomputes the inputs of every queue with someone waiting and publishes those that changed.
   * Never throws: when the store is away the next refresh tries again (said once per outage).
   */
  async refresh(): Promise<void> {
    try {
      const queueIds = Object.keys(await this.store.conversations.queueLengths()).sort();
      const waits = queueIds.length === 0 ? new Map<string, QueueWait>() : await this.compute(queueIds);
      const readAt = Date.now();
      for (const [queueId, wait] of waits) this.cache.set(queueId, { readAt, wait: Promise.resolve(wait) });
      await Promise.all([...waits].map(([queueId, wait]) => this.announce(queueId, wait)));
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'wait refresh failed; retrying every refresh');
      this.failing = true;
    }
  }

  /** Runs the refresh that was asked for, then, if a change came meanwhile, asks for the next. */
  private async runScheduled(): Promise<void> {
    this.again = false;
    await this.refresh();
    this.scheduled = false;
    if (this.again) this.request();
  }

  /** Publishes a queue's inputs unless they are the ones last announced to it (by any node). */
  private async announce(queueId: string, wait: QueueWait): Promise<void> {
    if (await this.store.waits.swapAnnounced(queueId, `${wait.slots}|${wait.freeSlots}|${wait.handleMs}`)) {
      this.events.publish({ type: 'queue.wait-changed', queueId, wait });
    }
  }

  /** The inputs of these queues, from one read of the agents and one of each queue's handle times. */
  private async compute(queueIds: readonly string[]): Promise<Map<string, QueueWait>> {
    await this.writes;
    const [queues, available, handleTimes] = await Promise.all([
      this.store.queues.list(),
      readAvailableAgents(this.store),
      Promise.all(queueIds.map((queueId) => this.store.waits.recentHandleTimes(queueId))),
    ]);
    const now = this.clock.now();
    const agents = available.map(({ routing }) => routing);
    const queueById = new Map(queues.map((queue) => [queue.id, queue]));
    return new Map(
      queueIds.map((queueId, i) => {
        const queue = queueById.get(queueId);
        // A queue without its record (left over by an old version) is routed to no one.
        const { slots, freeSlots } = queue === undefined ? { slots: 0, freeSlots: 0 } : queueStaffing(queue, agents);
        const wait: QueueWait = { slots, freeSlots, handleMs: typicalHandleMs(handleTimes[i]!, now), at: new Date(now).toISOString() };
        return [queueId, wait];
      }),
    );
  }

  private heard(event: DomainEvent): void {
    if (event.type === 'conversation.changed') {
      const { conversation, previous } = event;
      if (previous?.status === 'active' && conversation.status === 'closed') this.recordHandleTime(conversation);
      if (changesStaffing(conversation, previous)) this.changed();
    } else if (event.type === 'agent.presence-changed' || event.type === 'agent.changed') {
      // Status and connection, or the chat limit: who serves the queue, and with how many slots.
      this.changed();
    }
  }

  /** Staffing may have changed: forget cached inputs and refresh soon. */
  private changed(): void {
    this.cache.clear();
    this.request();
  }

  /** Keeps the handle time of an answered chat that just closed (once: only the node that closed it hears this). */
  private recordHandleTime(conversation: Conversation): void {
    const sample = handleTimeOf(conversation);
    if (sample === null) return;
    this.writes = this.writes
      .then(() => this.store.waits.recordHandleTime(conversation.queueId, sample, HANDLE_TIMES_KEPT))
      .catch((error: unknown) => this.logger.warn({ err: error, queueId: conversation.queueId }, 'could not keep a handle time'));
  }
}

/** Whether a change of a conversation changes whose slot it takes (a slot taken or freed; a wrap-up owed keeps it). */
function changesStaffing(conversation: Conversation, previous: Conversation | null): boolean {
  return (previous === null ? null : slotHolder(previous)) !== slotHolder(conversation);
}
