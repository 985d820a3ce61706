/**
 * Automatic assignment, the service side of server/domain/routing.ts: a round reads the available
 * agents and, if any has room, the head of each automatic queue (as many chats as its agents have
 * free slots), plans with the domain, and claims each planned pair atomically (compare-and-set with
 * the agent's limit). A round runs when a chat arrives, an agent becomes available or comes back,
 * a slot frees (a chat leaves an agent, or the wrap-up of one that ended is recorded), a supervisor
 * changes an agent's limit, and on a periodic sweep
 * for anything missed. Rounds on one node never overlap (requests meanwhile run one more round);
 * rounds on several nodes may, and the atomic claim makes that safe: one assignment per chat,
 * never an agent over their limit, whichever node wins.
 */
import type { Agent, Conversation, Queue } from '../domain/entities.js';
import { planAssignments, queueStaffing } from '../domain/routing.js';
import { slotHolder } from '../domain/wrap-up.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { ConversationService } from './conversation-service.js';
import type { DomainEvent, EventBus } from './events.js';
import { readAvailableAgents } from './routing-agents.js';

export interface AssignmentLogger {
  warn(details: object, message: string): void;
}

/** How often each node looks again on its own, for a change it did not hear of (another node's). */
export const ASSIGNMENT_SWEEP_MS = 2000;

export class AssignmentService {
  private pending = false;
  private running: Promise<void> | null = null;
  private unsubscribe: (() => void) | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly conversations: ConversationService,
    private readonly logger: AssignmentLogger,
  ) {}

  start(): void {
    this.unsubscribe = this.events.subscribe((event) => {
      if (wakesRouting(event)) this.request();
    });
    this.sweepTimer = setInterval(() => this.request(), ASSIGNMENT_SWEEP_MS);
    this.sweepTimer.unref();
    this.request();
  }

  stop(): void {
    this.unsubscribe?.();
    clearInterval(this.sweepTimer);
  }

  /** Asks for a round soon; requests made while one runs lead to one more round after it. */
  request(): void {
    if (this.running !== null) {
      this.pending = true;
      return;
    }
    this.running = (async () => {
      do {
        this.pending = false;
        await this.round();
      } while (this.pending);
    })().finally(() => (this.running = null));
  }

  /** Resolves once no round is running or asked for (tests, and shutdown). */
  async settled(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  /** One round: plans over every automatic queue and claims what it planned; resolves with the count. */
  async round(): Promise<number> {
    try {
      const assigned = await this.assignWaiting();
      this.failing = false;
      return assigned;
    } catch (error) {
      // The store is away (Redis down): the sweep tries again. Said once per outage.
      if (!this.failing) this.logger.warn({ err: error }, 'assignment round failed; retrying every sweep');
      this.failing = true;
      return 0;
    }
  }

  private async assignWaiting(): Promise<number> {
    // Agents first: with nobody free (the usual state while a queue builds up), a round reads no
    // queue at all, so a chat joining a long queue costs a few reads, not the queue.
    const available = await readAvailableAgents(this.store);
    if (available.length === 0) return 0;
    const agents = available.map(({ routing }) => routing);
    const queues = (await this.store.queues.list()).filter((queue) => queue.mode === 'automatic').sort((a, b) => (a.id < b.id ? -1 : 1));
    const waiting = (await Promise.all(queues.map((queue) => this.headOfQueue(queue, queueStaffing(queue, agents).freeSlots)))).flat();
    if (waiting.length === 0) return 0;
    const plan = planAssignments(waiting, agents, this.clock.now());
    if (plan.length === 0) return 0;
    const agentById = new Map<string, Agent>(available.map(({ agent }) => [agent.id, agent]));
    const chatById = new Map(waiting.map((chat) => [chat.id, chat]));
    // All claims in one atomic step; one that fails (the chat was taken, changed or ended, the
    // agent filled up: another node's round, a pick, a citizen leaving) stops the chats behind it
    // in its queue, and another round starts from a fresh picture.
    const { assigned, failed } = await this.conversations.assignAllByRouting(
      plan.map(({ chatId, agentId }) => ({ agent: agentById.get(agentId)!, waiting: chatById.get(chatId)! })),
    );
    if (failed > 0) this.pending = true;
    return assigned;
  }

  /**
   * The chats at the head of a queue that the free slots of its agents could take, and no more:
   * chats are served in order. A chat in another language than its queue's (its topic removed
   * after a language switch) could sit there unplaceable and hide the rest: then the whole queue.
   */
  private async headOfQueue(queue: Queue, freeSlots: number): Promise<Conversation[]> {
    if (freeSlots === 0) return [];
    const head = await this.store.conversations.listQueued(queue.id, freeSlots);
    const mixed = head.length === freeSlots && head.some((chat) => chat.language !== queue.language);
    return mixed ? this.store.conversations.listQueued(queue.id) : head;
  }
}

/** Events after which a waiting chat may have found an agent. */
function wakesRouting(event: DomainEvent): boolean {
  switch (event.type) {
    case 'conversation.changed': {
      // A chat joined a queue, or a slot freed: an agent's chat went elsewhere (a transfer, back
      // to the queue), or its wrap-up was recorded (by them, or by the deadline).
      const freed = event.previous === null ? null : slotHolder(event.previous);
      return event.joined !== null || (freed !== null && slotHolder(event.conversation) !== freed);
    }
    case 'agent.presence-changed':
      return event.presence.status === 'available' && event.presence.disconnectedAt === null;
    case 'agent.changed':
      // A supervisor changed the agent's chat limit: a raised one has room for a waiting chat now.
      return true;
    default:
      return false;
  }
}
