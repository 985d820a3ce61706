/**
 * Agent availability, and what happens when an agent's console drops: a grace period to come back
 * (a reload, a flaky network), after which they are offline and their chats go back to the head of
 * the queue. Counts this process's connections per agent.
 */
import type { AgentStatus } from '../../protocol/models.js';
import type { AgentPresence } from '../domain/entities.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { ConversationService } from './conversation-service.js';
import type { EventBus } from './events.js';

export interface PresenceLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export class PresenceService {
  private readonly connections = new Map<string, number>();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly conversations: ConversationService,
    private readonly graceMs: number,
    private readonly logger: PresenceLogger,
  ) {}

  async statusOf(agentId: string): Promise<AgentPresence | null> {
    return this.store.presence.get(agentId);
  }

  async setStatus(agentId: string, status: AgentStatus): Promise<AgentPresence> {
    const current = await this.store.presence.get(agentId);
    if (current?.status === status) return current;
    const presence: AgentPresence = { agentId, status, since: this.clock.now() };
    await this.store.presence.put(presence);
    this.events.publish({ type: 'agent.presence-changed', presence });
    return presence;
  }

  /** A console connected: cancel any pending hand-back; a returning agent starts `away`. */
  async connected(agentId: string): Promise<void> {
    this.connections.set(agentId, (this.connections.get(agentId) ?? 0) + 1);
    const timer = this.graceTimers.get(agentId);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.graceTimers.delete(agentId);
    }
    const current = await this.store.presence.get(agentId);
    if (current === null || current.status === 'offline') await this.setStatus(agentId, 'away');
  }

  /**
   * A console disconnected. When it was the agent's last, start the grace period, or skip it when
   * the agent signed out (or their session expired): they are not coming back to these chats.
   */
  disconnected(agentId: string, options: { sessionEnded: boolean }): void {
    const remaining = (this.connections.get(agentId) ?? 1) - 1;
    if (remaining > 0) {
      this.connections.set(agentId, remaining);
      return;
    }
    this.connections.delete(agentId);
    const timer = setTimeout(() => {
      this.graceTimers.delete(agentId);
      this.goOffline(agentId).catch((error: unknown) =>
        this.logger.error({ err: error, agentId }, 'could not hand back the chats of a disconnected agent'),
      );
    }, options.sessionEnded ? 0 : this.graceMs);
    timer.unref();
    this.graceTimers.set(agentId, timer);
  }

  /** Stops the grace timers (on shutdown: another node, or the next start, takes over). */
  stop(): void {
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
  }

  private async goOffline(agentId: string): Promise<void> {
    await this.setStatus(agentId, 'offline');
    const requeued = await this.conversations.requeueAllOf(agentId);
    if (requeued.length > 0) {
      this.logger.info({ agentId, conversations: requeued.length }, 'agent stayed away; their chats went back to the queue');
    }
  }
}
