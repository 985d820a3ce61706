/**
 * The wallboard's figures (supervisors and managers; README.md, "Wallboard"), the pure part: what
 * the big screen shows of the supervision picture (supervision-state.ts, kept live by
 * supervision-client.ts, the same one the Supervision page uses). No I/O, no DOM.
 */
import type { AgentStatus } from '../../protocol/models.js';
import type { SupervisedAgent, SupervisedQueue } from '../../protocol/supervision.js';

export interface WallboardQueue {
  id: string;
  name: { en: string; fr: string };
  waiting: number;
  /** The longest wait now, in milliseconds; null when nobody waits. */
  longestWaitMs: number | null;
  /** Available with a free slot: could take a chat now. */
  free: number;
  /** Available but at their limit. */
  busy: number;
  away: number;
  /** Someone waits and nobody serving the queue has room: the line only grows. */
  stuck: boolean;
}

export interface WallboardAgent {
  id: string;
  displayName: string;
  status: AgentStatus;
  openChats: number;
  maxConcurrentChats: number;
}

/** The queues as the wallboard shows them, in the picture's order. */
export function wallboardQueues(queues: readonly SupervisedQueue[], now: number): WallboardQueue[] {
  return queues.map((queue) => ({
    id: queue.id,
    name: queue.name,
    waiting: queue.waiting,
    longestWaitMs: queue.oldestQueuedAt === null ? null : Math.max(0, now - Date.parse(queue.oldestQueuedAt)),
    free: queue.agents.withRoom,
    busy: Math.max(0, queue.agents.available - queue.agents.withRoom),
    away: queue.agents.away,
    stuck: queue.waiting > 0 && queue.agents.withRoom === 0,
  }));
}

const STATUS_ORDER: Record<AgentStatus, number> = { available: 0, away: 1, offline: 2 };

/** Agents signed in (available or away), available first, then by name: offline accounts only fill the screen. */
export function wallboardAgents(agents: readonly SupervisedAgent[]): WallboardAgent[] {
  return agents
    .filter((agent) => agent.status !== 'offline')
    .map(({ id, displayName, status, openChats, maxConcurrentChats }) => ({ id, displayName, status, openChats, maxConcurrentChats }))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
}

/** A wait as a clock reads across a room: "0:42", "12:05", "1:02:03". */
export function waitClock(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (value: number) => String(value).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}
