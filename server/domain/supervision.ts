/**
 * The supervisor's live view, as pure rules: each queue's line and the agents who serve it, each
 * agent's state and load (from records read once each, whatever their number), and what changed
 * between two such pictures, so that only changed entries travel. Times are epoch milliseconds.
 */
import type { Language } from '../../protocol/languages.js';
import type { AgentStatus, AwayReason, Role } from '../../protocol/models.js';
import type { Agent, AgentPresence, Queue, QueueMode } from './entities.js';
import { hasRole } from './roles.js';
import { canTake, servesNow, type RoutingAgent } from './routing.js';

/** One queue now: its line, and the agents who serve it (see protocol/supervision.ts). */
export interface QueueSummary {
  id: string;
  name: { en: string; fr: string };
  language: Language;
  mode: QueueMode;
  waiting: number;
  /** When the chat waiting longest joined the queue; null when none waits. */
  oldestQueuedAt: number | null;
  agents: { available: number; away: number; withRoom: number };
}

/** One account now: state, languages, queues and load. */
export interface AgentSummary {
  id: string;
  displayName: string;
  role: Role;
  status: AgentStatus;
  awayReason: AwayReason | null;
  languages: Language[];
  queueIds: string[];
  openChats: number;
  maxConcurrentChats: number;
  connected: boolean;
}

export interface SupervisionPicture {
  queues: QueueSummary[];
  agents: AgentSummary[];
}

/** What the picture is made from: one read of each (see SupervisionService). */
export interface SupervisionInputs {
  queues: readonly Queue[];
  agents: readonly Agent[];
  presences: readonly AgentPresence[];
  /** Chats waiting per queue (queues with none may be left out). */
  waiting: Readonly<Record<string, number>>;
  /** The earliest `queuedAt` of the chats waiting in each queue (queues with none left out). */
  oldestQueuedAt: Readonly<Record<string, number>>;
  /** Chats in progress per agent (agents with none may be left out). */
  openChats: ReadonlyMap<string, number>;
}

/** The picture: queues by id, agents by name (then id), so that two pictures line up. */
export function supervisionPicture(inputs: SupervisionInputs): SupervisionPicture {
  const presenceOf = new Map(inputs.presences.map((presence) => [presence.agentId, presence]));
  const agents = [...inputs.agents]
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((agent) => agentSummary(agent, presenceOf.get(agent.id) ?? null, inputs.openChats.get(agent.id) ?? 0));
  // Routing's own view of each agent, so that "available" and "with room" count whom routing would use.
  const routing = agents.map((agent) => ({ summary: agent, routing: routingAgentOf(agent) }));
  const queues = [...inputs.queues]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((queue): QueueSummary => {
      const waiting = inputs.waiting[queue.id] ?? 0;
      const counts = { available: 0, away: 0, withRoom: 0 };
      for (const { summary, routing: agent } of routing) {
        if (!serves(summary, queue)) continue;
        if (summary.status === 'away') counts.away++;
        if (servesNow(agent, { queueId: queue.id, language: queue.language })) counts.available++;
        if (canTake(agent, { id: '', queueId: queue.id, language: queue.language })) counts.withRoom++;
      }
      return {
        id: queue.id,
        name: { en: queue.name.en, fr: queue.name.fr },
        language: queue.language,
        mode: queue.mode,
        waiting,
        oldestQueuedAt: waiting === 0 ? null : (inputs.oldestQueuedAt[queue.id] ?? null),
        agents: counts,
      };
    });
  return { queues, agents };
}

/** An agent serves a queue that is theirs, in its language (whatever their status). */
function serves(agent: Pick<AgentSummary, 'queueIds' | 'languages'>, queue: Pick<Queue, 'id' | 'language'>): boolean {
  return agent.queueIds.includes(queue.id) && agent.languages.includes(queue.language);
}

/** One account as the view shows it, from its record, its presence (null: never signed in) and its chats in progress. */
export function agentSummary(agent: Agent, presence: AgentPresence | null, openChats: number): AgentSummary {
  const status = presence?.status ?? 'offline';
  return {
    id: agent.id,
    displayName: agent.displayName,
    role: agent.role,
    status,
    awayReason: status === 'away' ? (presence?.awayReason ?? null) : null,
    languages: [...agent.languages],
    queueIds: [...agent.queueIds],
    openChats,
    maxConcurrentChats: agent.maxConcurrentChats,
    connected: presence !== null && status !== 'offline' && presence.disconnectedAt === null,
  };
}

function routingAgentOf(agent: AgentSummary): RoutingAgent {
  return {
    id: agent.id,
    queueIds: agent.queueIds,
    languages: agent.languages,
    status: agent.status,
    connected: agent.connected,
    activeChats: agent.openChats,
    maxChats: agent.maxConcurrentChats,
    idleSince: 0,
  };
}

/** The entries of `next` that differ from `previous` (all of them when there is none), and those gone. */
export interface SupervisionDiff {
  queues: QueueSummary[];
  agents: AgentSummary[];
  removedQueueIds: string[];
  removedAgentIds: string[];
}

export function diffSupervision(previous: SupervisionPicture | null, next: SupervisionPicture): SupervisionDiff {
  return {
    queues: changedEntries(previous?.queues ?? [], next.queues),
    agents: changedEntries(previous?.agents ?? [], next.agents),
    removedQueueIds: goneIds(previous?.queues ?? [], next.queues),
    removedAgentIds: goneIds(previous?.agents ?? [], next.agents),
  };
}

export function isEmptyDiff(diff: SupervisionDiff): boolean {
  return diff.queues.length === 0 && diff.agents.length === 0 && diff.removedQueueIds.length === 0 && diff.removedAgentIds.length === 0;
}

/** Entries are built field by field in one order (above), so equal entries serialise alike. */
function changedEntries<T extends { id: string }>(previous: readonly T[], next: readonly T[]): T[] {
  const before = new Map(previous.map((entry) => [entry.id, JSON.stringify(entry)]));
  return next.filter((entry) => before.get(entry.id) !== JSON.stringify(entry));
}

function goneIds(previous: readonly { id: string }[], next: readonly { id: string }[]): string[] {
  const present = new Set(next.map((entry) => entry.id));
  return previous.filter((entry) => !present.has(entry.id)).map((entry) => entry.id);
}

/**
 * Whether `actor` may change `target`'s account settings (the chat limit): supervisors and
 * managers, over accounts whose role is not above their own (a supervisor does not set a
 * manager's limit). Roles nest as in roles.ts.
 */
export function maySetLimitOf(actor: Pick<Agent, 'role'>, target: Pick<Agent, 'role'>): boolean {
  return hasRole(actor.role, 'supervisor') && hasRole(actor.role, target.role);
}
