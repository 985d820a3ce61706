/**
 * Prometheus metrics (README.md, "Monitoring"), in one registry per server (tests run several in
 * one process). Facts come from where they happen, without the services knowing of Prometheus:
 * the event bus (conversations, messages), the offer's decision listener, the store observer
 * (observed-store.ts, wrapped around the store in app.ts) and, at scrape time, one read of the
 * supervision picture (six store reads, one row per queue: at most QUEUES_MAX) and the transports'
 * connection counts.
 *
 * Counters and histograms are this node's (a scraper sums them over nodes); the queue gauges are
 * read from the store, so every node reports the same deployment-wide figures (use max, not sum).
 *
 * Labels are closed lists (namespace, sender, state, reason, repository, method) or queue ids
 * (configuration, bounded): never a visitor, conversation or agent id, so the answer's size is
 * bounded whatever the traffic.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ChatOffer } from '../../protocol/rollout-offer.js';
import type { Conversation } from '../domain/entities.js';
import type { StoreObserver } from '../stores/observed-store.js';
import type { DomainEvent, EventBus } from './events.js';
import type { OfferService } from './offer-service.js';
import type { SupervisionService } from './supervision-service.js';

/** Metric names start with this (Prometheus's own process and Node.js metrics keep theirs). */
export const METRICS_PREFIX = 'govchat_';

/** Time to a first answer: contact-centre service levels are set between 20 s and a few minutes. */
const WAIT_BUCKETS = [5, 10, 20, 30, 60, 90, 120, 180, 300, 600, 1200, 3600];
/** A stay in a queue until an agent has the chat: from routing's reaction (ms) to a long wait. */
const ASSIGNMENT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];
/** Store calls: memory answers in microseconds, Redis in about a millisecond. */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

export type ConnectionCounts = Record<'visitor' | 'agent', number>;

export interface MetricsLogger {
  warn(details: object, message: string): void;
}

export class MetricsService implements StoreObserver {
  readonly registry = new Registry();
  private connections: () => ConnectionCounts = () => ({ visitor: 0, agent: 0 });
  private readonly unsubscribes: Array<() => void> = [];
  private failing = false;

  private readonly connectionGauge = new Gauge({
    name: `${METRICS_PREFIX}connections`,
    help: 'Socket.IO connections open on this node, by namespace.',
    labelNames: ['namespace'] as const,
    registers: [this.registry],
    collect: () => {
      const counts = this.connections();
      this.connectionGauge.set({ namespace: 'visitor' }, counts.visitor);
      this.connectionGauge.set({ namespace: 'agent' }, counts.agent);
    },
  });
  private readonly queueWaiting = new Gauge({
    name: `${METRICS_PREFIX}queue_waiting`,
    help: 'Chats waiting in each queue now (deployment-wide, read from the store).',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  private readonly queueOldestWait = new Gauge({
    name: `${METRICS_PREFIX}queue_oldest_wait_seconds`,
    help: 'How long the chat waiting longest in each queue has waited (0 when none waits).',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  private readonly queueAgents = new Gauge({
    name: `${METRICS_PREFIX}queue_agents`,
    help: "Agents serving each queue, by state: available, away, with_room (available with a free slot).",
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  private readonly queueFiguresUp = new Gauge({
    name: `${METRICS_PREFIX}queue_figures_up`,
    help: '1 when the queue figures of this scrape were read from the store, 0 when the read failed.',
    registers: [this.registry],
  });
  private readonly conversationsStarted = new Counter({
    name: `${METRICS_PREFIX}conversations_started_total`,
    help: 'Chats started on this node, by queue.',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  private readonly conversationsClosed = new Counter({
    name: `${METRICS_PREFIX}conversations_closed_total`,
    help: 'Chats ended on this node, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly waits = new Histogram({
    name: `${METRICS_PREFIX}wait_seconds`,
    help: "Citizens' time to a first answer (from starting the chat to an agent having it), by queue.",
    labelNames: ['queue'] as const,
    buckets: WAIT_BUCKETS,
    registers: [this.registry],
  });
  private readonly assignmentLatency = new Histogram({
    name: `${METRICS_PREFIX}assignment_latency_seconds`,
    help: 'Each stay in a queue until an agent had the chat (first arrival, requeue, transfer to a queue), by queue.',
    labelNames: ['queue'] as const,
    buckets: ASSIGNMENT_BUCKETS,
    registers: [this.registry],
  });
  private readonly messages = new Counter({
    name: `${METRICS_PREFIX}messages_total`,
    help: 'Chat messages stored on this node, by sender (visitor, agent, system).',
    labelNames: ['sender'] as const,
    registers: [this.registry],
  });
  private readonly offerDecisions = new Counter({
    name: `${METRICS_PREFIX}offer_decisions_total`,
    help: 'Page views answered by the offer on this node, by state and refusal reason (none unless refused).',
    labelNames: ['state', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly storeSeconds = new Histogram({
    name: `${METRICS_PREFIX}store_operation_seconds`,
    help: 'Store calls made by this node, by repository and method, successful or not.',
    labelNames: ['repository', 'method'] as const,
    buckets: STORE_BUCKETS,
    registers: [this.registry],
  });
  private readonly storeErrors = new Counter({
    name: `${METRICS_PREFIX}store_errors_total`,
    help: 'Store calls that failed on this node (Redis away, a script error), by repository and method.',
    labelNames: ['repository', 'method'] as const,
    registers: [this.registry],
  });

  private supervision: SupervisionService | null = null;

  constructor(private readonly logger: MetricsLogger) {
    // Node.js and process metrics, event-loop lag among them (nodejs_eventloop_lag_seconds).
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Starts counting the facts (called once, where the services are composed: counting starts with
   * them). The supervision service answers the queue figures at each scrape.
   */
  listen(events: EventBus, supervision: SupervisionService, offers: OfferService): void {
    if (this.unsubscribes.length > 0) return;
    this.supervision = supervision;
    this.unsubscribes.push(
      events.subscribe((event) => this.count(event)),
      offers.onDecision((decision) => this.countDecision(decision)),
    );
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /** Where this node's open connections are counted (the transports know them). */
  countConnections(source: () => ConnectionCounts): void {
    this.connections = source;
  }

  observe(repository: string, method: string, seconds: number, ok: boolean): void {
    this.storeSeconds.observe({ repository, method }, seconds);
    if (!ok) this.storeErrors.inc({ repository, method });
  }

  /** The text exposition: reads the queues once, then every metric. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    await this.readQueues();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async readQueues(): Promise<void> {
    // Queues gone since the last scrape must not linger.
    this.queueWaiting.reset();
    this.queueOldestWait.reset();
    this.queueAgents.reset();
    try {
      if (this.supervision === null) throw new Error('metrics: not listening to the services yet');
      const { picture, at } = await this.supervision.currentPicture();
      for (const queue of picture.queues) {
        const labels = { queue: queue.id };
        this.queueWaiting.set(labels, queue.waiting);
        this.queueOldestWait.set(labels, queue.oldestQueuedAt === null ? 0 : Math.max(0, at - queue.oldestQueuedAt) / 1000);
        this.queueAgents.set({ ...labels, state: 'available' }, queue.agents.available);
        this.queueAgents.set({ ...labels, state: 'away' }, queue.agents.away);
        this.queueAgents.set({ ...labels, state: 'with_room' }, queue.agents.withRoom);
      }
      this.queueFiguresUp.set(1);
      this.failing = false;
    } catch (error) {
      // The store's own calls are counted as errors; the scrape still answers with the rest.
      if (!this.failing) this.logger.warn({ err: error }, 'metrics: queue figures not read');
      this.failing = true;
      this.queueFiguresUp.set(0);
    }
  }

  private count(event: DomainEvent): void {
    if (event.type === 'message.created') {
      this.messages.inc({ sender: event.message.author.kind });
      return;
    }
    if (event.type !== 'conversation.changed') return;
    const { conversation, previous } = event;
    if (previous === null) {
      this.conversationsStarted.inc({ queue: conversation.queueId });
      return;
    }
    if (previous.status === 'queued' && conversation.status === 'active' && conversation.assignedAt !== null) {
      this.countAssignment(previous, conversation.assignedAt);
    }
    if (previous.status !== 'closed' && conversation.status === 'closed') {
      this.conversationsClosed.inc({ reason: conversation.closeReason ?? 'unknown' });
    }
  }

  private countAssignment(queued: Conversation, assignedAt: number): void {
    const labels = { queue: queued.queueId };
    this.assignmentLatency.observe(labels, Math.max(0, assignedAt - queued.queuedAt) / 1000);
    // Priority 0: it never went back to a queue (requeued or transferred), so this is its first answer.
    if (queued.queuePriority === 0) this.waits.observe(labels, Math.max(0, assignedAt - queued.createdAt) / 1000);
  }

  private countDecision(decision: Pick<ChatOffer, 'state' | 'reason'>): void {
    this.offerDecisions.inc({ state: decision.state, reason: decision.reason ?? 'none' });
  }
}
