/**
 * Automatic assignment, as a pipeline of pure steps: the candidates for a chat (agents who serve
 * its queue and speak its language, available, connected, under their limit), the selection
 * (least busy, then longest idle, then a stable tie-break), and a plan for a whole queue that
 * serves chats strictly in queue order. The service claims each planned pair atomically in the
 * store (compare-and-set with the agent's limit), so a plan made from a stale picture is safe:
 * a claim that no longer holds fails and the chat waits for the next round.
 */
import type { Language } from '../../protocol/languages.js';
import type { AgentStatus } from '../../protocol/models.js';
import { AppError } from './app-error.js';
import type { Queue } from './entities.js';

/** What routing knows of an agent at the moment it plans. */
export interface RoutingAgent {
  id: string;
  queueIds: readonly string[];
  languages: readonly Language[];
  status: AgentStatus;
  /** False while the agent's console is away (within the reconnect grace): no new chats then. */
  connected: boolean;
  activeChats: number;
  maxChats: number;
  /** Since when the agent has been without a new chat: their last assignment, or becoming available. */
  idleSince: number;
}

/** What routing knows of a waiting chat. */
export interface RoutingChat {
  id: string;
  queueId: string;
  language: Language;
}

export interface Assignment {
  chatId: string;
  agentId: string;
}

/** Whether the agent may be given this chat now. The one place the rules of eligibility live. */
export function canTake(agent: RoutingAgent, chat: RoutingChat): boolean {
  return servesNow(agent, chat) && agent.activeChats < agent.maxChats;
}

/**
 * Whether the agent answers this queue in this language now (available, connected), full or not:
 * `canTake` without the limit, so that waits count the same agents routing gives chats to.
 */
export function servesNow(agent: RoutingAgent, chat: Pick<RoutingChat, 'queueId' | 'language'>): boolean {
  return agent.status === 'available' && agent.connected && agent.queueIds.includes(chat.queueId) && agent.languages.includes(chat.language);
}

/** Orders candidates: fewest open chats first, then the one idle longest, then by id (stable). */
export function compareCandidates(a: RoutingAgent, b: RoutingAgent): number {
  return a.activeChats - b.activeChats || a.idleSince - b.idleSince || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The agent who should get the chat now, or null when nobody can take it. */
export function pickAgent(chat: RoutingChat, agents: readonly RoutingAgent[]): RoutingAgent | null {
  let best: RoutingAgent | null = null;
  for (const agent of agents) {
    if (canTake(agent, chat) && (best === null || compareCandidates(agent, best) < 0)) best = agent;
  }
  return best;
}

/**
 * Plans assignments for waiting chats given in queue order (one queue, or several each in its
 * own order). Chats are served strictly in order within their queue: when the oldest chat of a
 * queue cannot be given to anyone, no later chat of that queue and language is (they need the
 * same agents), so the oldest is never passed over. Each assignment counts against the agent for the rest of the plan.
 */
export function planAssignments(waiting: readonly RoutingChat[], agents: readonly RoutingAgent[], now: number): Assignment[] {
  const pool = agents.map((agent) => ({ ...agent }));
  // Chats that need the same agents (same queue and language) are served in order.
  const blocked = new Set<string>();
  const plan: Assignment[] = [];
  for (const chat of waiting) {
    const needs = `${chat.queueId}|${chat.language}`;
    if (blocked.has(needs)) continue;
    const agent = pickAgent(chat, pool);
    if (agent === null) {
      blocked.add(needs);
      continue;
    }
    plan.push({ chatId: chat.id, agentId: agent.id });
    agent.activeChats++;
    agent.idleSince = now;
  }
  return plan;
}

/** Since when an agent has had no new chat: the later of their last assignment and becoming available. */
export function idleSince(availableSince: number, lastAssignedAt: number | undefined): number {
  return Math.max(availableSince, lastAssignedAt ?? Number.NEGATIVE_INFINITY);
}

/**
 * Whether an agent may pick this waiting chat themselves: only from a queue in "agents pick" mode
 * that they serve, in a language they speak (automatic queues are routed; see `planAssignments`).
 * Throws `forbidden` saying why not.
 */
export function assertMayPick(
  agent: Pick<RoutingAgent, 'queueIds' | 'languages'>,
  chat: RoutingChat,
  queue: Pick<Queue, 'mode'> | null,
): void {
  if (queue === null || !agent.queueIds.includes(chat.queueId)) {
    throw new AppError('forbidden', 'You do not serve the queue this chat waits in.');
  }
  if (!agent.languages.includes(chat.language)) throw new AppError('forbidden', 'This chat is in a language you do not serve.');
  if (queue.mode !== 'agents_pick') throw new AppError('forbidden', 'Chats in this queue are given to agents automatically.');
}

/** The queues whose waiting chats an agent may pick from (and so sees in their console's list). */
export function pickableQueueIds(agent: Pick<RoutingAgent, 'queueIds' | 'languages'>, queues: readonly Queue[]): string[] {
  return queues
    .filter((queue) => queue.mode === 'agents_pick' && agent.queueIds.includes(queue.id) && agent.languages.includes(queue.language))
    .map((queue) => queue.id);
}

/** How many chats a queue's agents can hold now, and how many more they can take (a queue's staffing). */
export interface QueueStaffing {
  slots: number;
  freeSlots: number;
}

/**
 * A queue's staffing: the limits of the agents who serve it now (`servesNow`), summed, and the
 * room under those limits. An agent serving several queues counts in each (their slots are shared).
 */
export function queueStaffing(queue: Pick<Queue, 'id' | 'language'>, agents: readonly RoutingAgent[]): QueueStaffing {
  let slots = 0;
  let freeSlots = 0;
  for (const agent of agents) {
    if (!servesNow(agent, { queueId: queue.id, language: queue.language })) continue;
    slots += agent.maxChats;
    freeSlots += Math.max(0, agent.maxChats - agent.activeChats);
  }
  return { slots, freeSlots };
}
