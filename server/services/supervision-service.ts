/**
 * The supervisor's live view (README.md, "Supervisor live view"), for supervisors and managers
 * only: the picture of every queue and every agent, read with a fixed number of store reads
 * whatever their numbers; the chats of a queue or an agent (bounded); a chat opened read-only;
 * and an agent's chat limit.
 *
 * Live: after an event that may change the picture (a chat joining or leaving a queue or an agent,
 * an agent's presence or limit), the picture is read again, compared with the one this node read
 * last, and only the entries that differ are published (`supervision.changed`). Reads are gathered:
 * at most one a second per node, 250 ms after the first event of a burst. Every
 * SUPERVISION_REFRESH_MS each node reads again for what no event announces (a console gone within
 * its grace period, another node that died). Across nodes: every node reads the same store, and
 * each publishes what changed since it last read; entries carry when they were read (`at`), so a
 * console keeps the latest of each whichever node it came from.
 */
import { SUPERVISION_CHATS_MAX } from '../../protocol/limits.js';
import { AppError } from '../domain/app-error.js';
import type { Agent, Conversation } from '../domain/entities.js';
import { hasRole } from '../domain/roles.js';
import {
  agentSummary,
  diffSupervision,
  isEmptyDiff,
  maySetLimitOf,
  supervisionPicture,
  type AgentSummary,
  type SupervisionPicture,
} from '../domain/supervision.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { ConversationService } from './conversation-service.js';
import type { DomainEvent, EventBus } from './events.js';

export interface SupervisionLogger {
  warn(details: object, message: string): void;
}

/** A burst of events is gathered this long before the picture is read again. */
export const SUPERVISION_SETTLE_MS = 250;
/** Reads of the picture on one node are at least this far apart: at most one update a second. */
export const SUPERVISION_MIN_INTERVAL_MS = 1000;
/** How often each node reads again on its own, for changes no event announces. */
export const SUPERVISION_REFRESH_MS = 15_000;

/** Whose chats a supervisor lists: a queue's (first in line first) or an agent's (in progress). */
export type ChatsOf = { queueId: string } | { agentId: string };

export class SupervisionService {
  /** The picture this node read last: what its next update is compared with. */
  private last: SupervisionPicture | null = null;
  private unsubscribe: (() => void) | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  /** A read is due (its timer set) or running. */
  private scheduled = false;
  /** An event came while a read was due or running: one more after it. */
  private again = false;
  private lastReadAt = Number.NEGATIVE_INFINITY;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly conversations: ConversationService,
    private readonly logger: SupervisionLogger,
  ) {}

  /**
   * Listens for the events that change the picture, reads it every SUPERVISION_REFRESH_MS, and
   * reads it once now; resolves when that first read is done.
   */
  start(): Promise<void> {
    this.unsubscribe = this.events.subscribe((event) => {
      if (changesPicture(event)) this.request();
    });
    this.refreshTimer = setInterval(() => this.request(), SUPERVISION_REFRESH_MS);
    this.refreshTimer.unref();
    // The first picture is what later ones are compared with; it is not news to anyone.
    this.scheduled = true;
    return this.refresh({ announce: false }).finally(() => {
      this.scheduled = false;
      if (this.again) this.request();
    });
  }

  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.refreshTimer);
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    this.scheduled = false;
    this.stopped = true;
  }

  /** Asks for a read soon: 250 ms after the first event of a burst, and at least a second after the last read. */
  request(): void {
    if (this.stopped) return;
    if (this.scheduled) {
      this.again = true;
      return;
    }
    this.scheduled = true;
    const delay = Math.max(SUPERVISION_SETTLE_MS, this.lastReadAt + SUPERVISION_MIN_INTERVAL_MS - Date.now());
    this.settleTimer = setTimeout(() => void this.runScheduled(), delay);
    this.settleTimer.unref();
  }

  /** Resolves once no read is due or running (tests, and shutdown). */
  async settled(): Promise<void> {
    while (this.scheduled) await new Promise((resolve) => setTimeout(resolve, SUPERVISION_SETTLE_MS / 5));
  }

  /** The whole picture now (six store reads), for a supervisor or manager. */
  async snapshot(actor: Agent): Promise<{ picture: SupervisionPicture; at: number }> {
    assertSupervises(actor);
    return this.read();
  }

  /**
   * The same picture for the service's own use (metrics, read at each scrape): no actor, nothing
   * published, nothing kept. Six store reads, bounded by the number of queues and accounts.
   */
  async currentPicture(): Promise<{ picture: SupervisionPicture; at: number }> {
    return this.read();
  }

  /**
   * The chats of a queue (first in line first) or of an agent (in progress, oldest assignment
   * first), at most SUPERVISION_CHATS_MAX, and how many there are in all.
   */
  async chats(actor: Agent, of: ChatsOf): Promise<{ chats: Conversation[]; total: number }> {
    assertSupervises(actor);
    if ('queueId' in of) {
      const [lengths, chats] = await Promise.all([
        this.store.conversations.queueLengths(),
        this.store.conversations.listQueued(of.queueId, SUPERVISION_CHATS_MAX),
      ]);
      return { chats, total: Math.max(lengths[of.queueId] ?? 0, chats.length) };
    }
    const held = await this.store.conversations.listActiveByAgent(of.agentId);
    return { chats: held.slice(0, SUPERVISION_CHATS_MAX), total: held.length };
  }

  /**
   * A chat a supervisor or manager may watch read-only: any chat (the reading rule lets them read
   * every chat). Watching assigns nothing and counts against no one's limit.
   */
  async watchable(actor: Agent, conversationId: string): Promise<Conversation> {
    assertSupervises(actor);
    return this.conversations.readableBy(actor, conversationId);
  }

  /**
   * Sets an agent's chat limit (the schema held it to 1…AGENT_CHAT_LIMIT_MAX). Takes effect at once
   * on every node: accepts and routing read the account afresh, and `agent.changed` wakes routing
   * here and tells the agent's consoles. Lowering it below the chats open takes none away: it only
   * stops new ones until they are under it.
   */
  async setLimit(actor: Agent, agentId: string, maxConcurrentChats: number): Promise<AgentSummary> {
    assertSupervises(actor);
    const target = await this.store.agents.get(agentId);
    if (target === null) throw new AppError('not_found', 'There is no such agent.');
    if (!maySetLimitOf(actor, target)) throw new AppError('forbidden', 'Your role does not allow changing this account.');
    const saved = target.maxConcurrentChats === maxConcurrentChats ? target : await this.store.agents.setLimit(agentId, maxConcurrentChats);
    if (saved === null) throw new AppError('not_found', 'There is no such agent.');
    if (saved !== target) this.events.publish({ type: 'agent.changed', agent: saved });
    const [presence, open] = await Promise.all([this.store.presence.get(agentId), this.store.conversations.countActiveByAgent([agentId])]);
    return agentSummary(saved, presence, open.get(agentId) ?? 0);
  }

  /**
   * Reads the picture and publishes what changed since this node last read it. Never throws: when
   * the store is away the next read tries again (said once per outage).
   */
  async refresh(options: { announce: boolean } = { announce: true }): Promise<void> {
    try {
      const { picture, at } = await this.read();
      const change = diffSupervision(this.last, picture);
      this.last = picture;
      if (options.announce && !isEmptyDiff(change)) this.events.publish({ type: 'supervision.changed', change, at });
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'supervision refresh failed; retrying at the next change or refresh');
      this.failing = true;
    }
  }

  /** Six reads, whatever the numbers of agents, queues and waiting chats. `at` is taken before them. */
  private async read(): Promise<{ picture: SupervisionPicture; at: number }> {
    const at = this.clock.now();
    const [queues, accounts, presences, waiting, oldestQueuedAt] = await Promise.all([
      this.store.queues.list(),
      this.store.agents.list(),
      this.store.presence.list(),
      this.store.conversations.queueLengths(),
      this.store.conversations.oldestQueuedAt(),
    ]);
    // Deactivated accounts leave the view (a row missing from a later picture is gone).
    const agents = accounts.filter((agent) => agent.active);
    const openChats = await this.store.conversations.countActiveByAgent(agents.map((agent) => agent.id));
    return { picture: supervisionPicture({ queues, agents, presences, waiting, oldestQueuedAt, openChats }), at };
  }

  private async runScheduled(): Promise<void> {
    this.again = false;
    this.lastReadAt = Date.now();
    await this.refresh();
    this.scheduled = false;
    if (this.again) this.request();
  }
}

function assertSupervises(actor: Agent): void {
  if (!hasRole(actor.role, 'supervisor')) throw new AppError('forbidden', 'Only supervisors and managers may do this.');
}

/** Events after which a queue's line, an agent's state or load, or a limit may differ. */
function changesPicture(event: DomainEvent): boolean {
  switch (event.type) {
    case 'conversation.changed': {
      const { conversation, previous, joined, left } = event;
      const heldBefore = previous?.status === 'active' ? previous.agentId : null;
      const heldNow = conversation.status === 'active' ? conversation.agentId : null;
      return joined !== null || left !== null || heldBefore !== heldNow;
    }
    case 'agent.presence-changed':
    case 'agent.changed':
      return true;
    default:
      return false;
  }
}
