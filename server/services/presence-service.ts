/**
 * Agent availability, and what happens when an agent's console goes away: a grace period to come
 * back (a reload, a flaky network, a server node restarting), after which they are offline and
 * their chats go back to the head of the queue. Signing out skips the grace period.
 *
 * Works across server nodes: whether an agent is connected is asked of the whole cluster (the
 * realtime layer answers through `ConnectionDirectory`), the moment they left is kept in the
 * store, and a periodic sweep on every node hands back the chats of agents gone too long, even
 * when the node they were connected to died without a word.
 */
import type { AgentStatus, AwayReason } from '../../protocol/models.js';
import type { AgentPresence } from '../domain/entities.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { ConversationService } from './conversation-service.js';
import type { EventBus } from './events.js';

export interface PresenceLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Answers for the whole cluster which agents have a console connected. */
export interface ConnectionDirectory {
  isConnected(agentId: string): Promise<boolean>;
  connectedAgentIds(): Promise<Set<string>>;
}

const nobodyConnected: ConnectionDirectory = {
  isConnected: async () => false,
  connectedAgentIds: async () => new Set(),
};

export class PresenceService {
  private directory: ConnectionDirectory = nobodyConnected;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private sweepFailing = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly conversations: ConversationService,
    private readonly graceMs: number,
    private readonly logger: PresenceLogger,
  ) {}

  /** How often each node looks for agents gone longer than the grace period. */
  get sweepIntervalMs(): number {
    return Math.min(5000, Math.max(250, this.graceMs / 4));
  }

  /** Starts the periodic sweep, asking `directory` who is connected. */
  start(directory: ConnectionDirectory): void {
    this.directory = directory;
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  stop(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }

  async statusOf(agentId: string): Promise<AgentPresence | null> {
    return this.store.presence.get(agentId);
  }

  /** Sets the agent's status; `awayReason` (kept only with `away`) says why, when they said. */
  async setStatus(agentId: string, status: AgentStatus, awayReason: AwayReason | null = null): Promise<AgentPresence> {
    const current = await this.store.presence.get(agentId);
    const reason = status === 'away' ? awayReason : null;
    if (current?.status === status && (current.awayReason ?? null) === reason) return current;
    const presence: AgentPresence = {
      agentId,
      status,
      // A new reason for the same status is not a new status: routing's "idle since" stays put.
      since: current?.status === status ? current.since : this.clock.now(),
      disconnectedAt: current?.disconnectedAt ?? null,
      ...(reason === null ? {} : { awayReason: reason }),
    };
    await this.store.presence.put(presence);
    this.events.publish({ type: 'agent.presence-changed', presence });
    return presence;
  }

  /** A console connected: the agent is back (a returning agent starts `away`). */
  async connected(agentId: string): Promise<void> {
    const current = await this.store.presence.get(agentId);
    if (current === null || current.status === 'offline') {
      const presence: AgentPresence = { agentId, status: 'away', since: this.clock.now(), disconnectedAt: null };
      await this.store.presence.put(presence);
      this.events.publish({ type: 'agent.presence-changed', presence });
    } else if (current.disconnectedAt !== null) {
      // Back within the grace period: as before, and able to take chats again (routing listens).
      const presence = { ...current, disconnectedAt: null };
      await this.store.presence.put(presence);
      this.events.publish({ type: 'agent.presence-changed', presence });
    }
  }

  /**
   * A console disconnected. If the agent has no other console anywhere, note when they left (the
   * sweep hands their chats back after the grace period), or, when their session ended (signed
   * out or expired), hand them back at once.
   */
  async disconnected(agentId: string, options: { sessionEnded: boolean }): Promise<void> {
    if (await this.directory.isConnected(agentId)) return;
    if (options.sessionEnded || this.graceMs === 0) {
      await this.handBack(agentId);
      return;
    }
    const current = await this.store.presence.get(agentId);
    if (current !== null && current.disconnectedAt === null) {
      await this.store.presence.put({ ...current, disconnectedAt: this.clock.now() });
    }
  }

  /**
   * Hands back the chats of every agent who has had no console anywhere for the grace period.
   * An agent found missing without a recorded departure (their node died) is timed from now.
   * Agents already handed back are looked at again each round (one read): a hand-back that failed
   * half-way, or a chat taken in a race, is finished on a later round instead of staying stuck.
   */
  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const [presences, connected] = await Promise.all([this.store.presence.list(), this.directory.connectedAgentIds()]);
      const now = this.clock.now();
      for (const presence of presences) {
        if (connected.has(presence.agentId)) {
          // A departure noted from a stale read (the agent came back meanwhile) must not linger.
          if (presence.disconnectedAt !== null) await this.clearDeparture(presence.agentId);
        } else if (presence.disconnectedAt === null) {
          await this.noteDeparture(presence.agentId, now);
        } else if (now - presence.disconnectedAt >= this.graceMs) {
          await this.handBack(presence.agentId);
        }
      }
      this.sweepFailing = false;
    } catch (error) {
      // The store or the cluster did not answer (Redis away, a node dying): next round. Said once
      // per outage, not every round.
      if (!this.sweepFailing) this.logger.warn({ err: error }, 'presence sweep skipped; retrying every round');
      this.sweepFailing = true;
    } finally {
      this.sweeping = false;
    }
  }

  /**
   * Gives the agent's chats back to the queue and marks them offline now, whatever their consoles:
   * their account was deactivated (account-service.ts), so there is nothing to wait for.
   */
  async handBackNow(agentId: string): Promise<void> {
    await this.handBack(agentId);
  }

  /** Gives an absent agent's chats back to the queue, then marks them offline (in that order, so a failure is retried). */
  private async handBack(agentId: string): Promise<void> {
    const requeued = await this.conversations.requeueAllOf(agentId);
    await this.setStatus(agentId, 'offline');
    if (requeued.length > 0) {
      this.logger.info({ agentId, conversations: requeued.length }, 'agent gone; their chats went back to the queue');
    }
  }

  private async noteDeparture(agentId: string, at: number): Promise<void> {
    const current = await this.store.presence.get(agentId);
    if (current !== null && current.disconnectedAt === null) await this.store.presence.put({ ...current, disconnectedAt: at });
  }

  private async clearDeparture(agentId: string): Promise<void> {
    const current = await this.store.presence.get(agentId);
    if (current !== null && current.disconnectedAt !== null) await this.store.presence.put({ ...current, disconnectedAt: null });
  }
}
