/**
 * The capacity guard (README.md, "Soft launch"), kept per site and queue in the store so that every
 * node answers the same: every node steps every guard each GUARD_TICK_MS from the queue's load now
 * (the wait a new chat would have, waiting chats per available agent), with the thresholds of the
 * site's policy (`policy.guard`). Steps are deterministic from the same load and time, so two nodes
 * stepping at once write the same state; the offer reads the guards at most once per
 * GUARD_CACHE_MS per node.
 */
import type { GuardState } from '../domain/capacity-guard.js';
import { OPEN_GUARD, stepGuard } from '../domain/capacity-guard.js';
import { typicalHandleMs } from '../domain/handle-time.js';
import { queueLoad } from '../domain/queue-load.js';
import type { GuardRecord, Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { RolloutService } from './rollout-service.js';
import { readAvailableAgents } from './routing-agents.js';

/** How often each node steps the guards. */
export const GUARD_TICK_MS = 5000;
/** How long a node reuses the guards it read (the offer is on every page view). */
export const GUARD_CACHE_MS = 2000;

export interface GuardLogger {
  warn(details: object, message: string): void;
}

export class CapacityGuardService {
  private timer: NodeJS.Timeout | undefined;
  private cache: { readAt: number; records: Promise<GuardRecord[]> } | null = null;
  private failing = false;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly rollout: RolloutService,
    private readonly logger: GuardLogger,
  ) {}

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), GUARD_TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Steps every site's queues' guards once (one at a time per node). Never throws. */
  tick(): Promise<void> {
    this.ticking ??= this.step().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  /** The guards of a site's queues, by queue id (read at most once per GUARD_CACHE_MS per node). */
  async guardsOf(siteId: string): Promise<Map<string, GuardRecord>> {
    const records = await this.records();
    return new Map(records.filter((record) => record.siteId === siteId).map((record) => [record.queueId, record]));
  }

  private records(): Promise<GuardRecord[]> {
    // Wall time, not the injected clock: the cache spares the store, it is no rule of the domain.
    const now = Date.now();
    if (this.cache !== null && now - this.cache.readAt < GUARD_CACHE_MS) return this.cache.records;
    const records = this.store.capacityGuards.list();
    const entry = { readAt: now, records };
    this.cache = entry;
    records.catch(() => {
      if (this.cache === entry) this.cache = null;
    });
    return records;
  }

  private async step(): Promise<void> {
    try {
      const [sites, queues, available, lengths, stored] = await Promise.all([
        this.store.sites.list(),
        this.store.queues.list(),
        readAvailableAgents(this.store),
        this.store.conversations.queueLengths(),
        this.store.capacityGuards.list(),
      ]);
      const now = this.clock.now();
      const agents = available.map(({ routing }) => routing);
      const queueById = new Map(queues.map((queue) => [queue.id, queue]));
      const previous = new Map(stored.map((record) => [`${record.siteId}|${record.queueId}`, record.state]));
      const queueIds = [...new Set(sites.flatMap((site) => site.topics.flatMap((topic) => Object.values(topic.queues))))].filter((id) => queueById.has(id));
      const handleMs = new Map(
        await Promise.all(queueIds.map(async (queueId) => [queueId, typicalHandleMs(await this.store.waits.recentHandleTimes(queueId), now)] as const)),
      );
      const next: GuardRecord[] = [];
      for (const site of sites) {
        const { guard } = await this.rollout.policyOf(site);
        for (const queueId of new Set(site.topics.flatMap((topic) => Object.values(topic.queues)))) {
          const queue = queueById.get(queueId);
          if (queue === undefined) continue;
          const load = queueLoad(queue, agents, lengths[queueId] ?? 0, handleMs.get(queueId)!);
          const state: GuardState = stepGuard(previous.get(`${site.id}|${queueId}`) ?? OPEN_GUARD, load, guard, now);
          next.push({ siteId: site.id, queueId, state, load, at: now });
        }
      }
      await this.store.capacityGuards.put(next);
      this.cache = { readAt: Date.now(), records: Promise.resolve(next) };
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'capacity guard step failed; retrying every step');
      this.failing = true;
    }
  }
}
