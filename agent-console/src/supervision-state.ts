/**
 * The supervision view's state (supervisors and managers) and the pure steps that change it: the
 * picture of every queue and agent, changes applied entry by entry (the latest `at` wins, since
 * changes from two server nodes may cross), a list of chats, and one chat watched read-only. No
 * I/O here; see supervision-client.ts.
 */
import { mergeMessages } from '../../delivery/sequence.js';
import type { Note } from '../../protocol/agent-tools.js';
import type { AgentConversation, Message } from '../../protocol/models.js';
import type { SupervisedAgent, SupervisedQueue, SupervisionChange, SupervisionSnapshot } from '../../protocol/supervision.js';
import type { ConsoleErrorCode } from './console-types.js';

/** Whose chats are listed: a queue's, or an agent's. */
export type ChatsOf = { queueId: string } | { agentId: string };

export interface ChatList {
  of: ChatsOf;
  chats: readonly AgentConversation[];
  /** How many there are in all (the list holds the first of them). */
  total: number;
  loading: boolean;
  error: ConsoleErrorCode | null;
}

/** A chat opened read-only: its state, messages and notes as they arrive. */
export interface WatchedChat {
  conversation: AgentConversation;
  /** Unique by id, in seq order. */
  messages: readonly Message[];
  /** Unique by id, oldest first. */
  notes: readonly Note[];
}

export interface SupervisionState {
  /** The console asked for the view (and asks again after each reconnection). */
  subscribed: boolean;
  /** The first picture has arrived. */
  loaded: boolean;
  error: ConsoleErrorCode | null;
  /** By id. */
  queues: readonly SupervisedQueue[];
  /** By name. */
  agents: readonly SupervisedAgent[];
  list: ChatList | null;
  watched: WatchedChat | null;
  watchError: ConsoleErrorCode | null;
}

export const emptySupervision: SupervisionState = {
  subscribed: false,
  loaded: false,
  error: null,
  queues: [],
  agents: [],
  list: null,
  watched: null,
  watchError: null,
};

type Entry = { id: string; at: string };

/**
 * Merges entries by id, keeping for each the one read last (`at`; a tie goes to the newcomer, which
 * came from the same node later). `complete`: the incoming entries are everything there was at
 * `asOf`, so a held entry read before that and absent from them is gone.
 */
function merged<T extends Entry>(held: readonly T[], incoming: readonly T[], removed: readonly string[], asOf: string, complete: boolean): T[] {
  const byId = new Map(held.map((entry) => [entry.id, entry]));
  const present = new Set(incoming.map((entry) => entry.id));
  for (const entry of incoming) {
    const current = byId.get(entry.id);
    if (current === undefined || current.at <= entry.at) byId.set(entry.id, entry);
  }
  for (const id of removed) {
    const current = byId.get(id);
    if (current !== undefined && current.at <= asOf) byId.delete(id);
  }
  if (complete) {
    for (const [id, current] of byId) if (!present.has(id) && current.at <= asOf) byId.delete(id);
  }
  return [...byId.values()];
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byName = (a: SupervisedAgent, b: SupervisedAgent) => a.displayName.localeCompare(b.displayName) || byId(a, b);

/** The whole picture (after subscribing, and again after each reconnection). */
export function withSupervisionSnapshot(state: SupervisionState, snapshot: SupervisionSnapshot): SupervisionState {
  return {
    ...state,
    loaded: true,
    error: null,
    queues: merged(state.queues, snapshot.queues, [], snapshot.at, true).sort(byId),
    agents: merged(state.agents, snapshot.agents, [], snapshot.at, true).sort(byName),
  };
}

/** What changed, entry by entry; an entry older than the one held changes nothing. */
export function withSupervisionChange(state: SupervisionState, change: SupervisionChange): SupervisionState {
  return {
    ...state,
    queues: merged(state.queues, change.queues, change.removedQueueIds, change.at, false).sort(byId),
    agents: merged(state.agents, change.agents, change.removedAgentIds, change.at, false).sort(byName),
  };
}

/** The chat being watched changed; an older state (from another node, late) changes nothing. */
export function withWatchedConversation(state: SupervisionState, conversation: AgentConversation): SupervisionState {
  const watched = state.watched;
  if (watched === null || watched.conversation.id !== conversation.id || conversation.version < watched.conversation.version) return state;
  return { ...state, watched: { ...watched, conversation } };
}

export function withWatchedMessages(state: SupervisionState, conversationId: string, incoming: readonly Message[]): SupervisionState {
  const watched = state.watched;
  if (watched === null || watched.conversation.id !== conversationId || incoming.length === 0) return state;
  return { ...state, watched: { ...watched, messages: mergeMessages(watched.messages, incoming) } };
}

export function withWatchedNotes(state: SupervisionState, conversationId: string, incoming: readonly Note[]): SupervisionState {
  const watched = state.watched;
  if (watched === null || watched.conversation.id !== conversationId) return state;
  if (incoming.every((note) => watched.notes.some((held) => held.id === note.id))) return state;
  const notes = [...new Map([...watched.notes, ...incoming].map((note) => [note.id, note])).values()].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || byId(a, b),
  );
  return { ...state, watched: { ...watched, notes } };
}

/** Whether two "whose chats" are the same. */
export function sameChatsOf(a: ChatsOf, b: ChatsOf): boolean {
  return 'queueId' in a ? 'queueId' in b && a.queueId === b.queueId : 'agentId' in b && a.agentId === b.agentId;
}

/**
 * Whether a supervisor may set this account's limit, as the server decides it: supervisors and
 * managers, over roles not above their own (the server checks again).
 */
export function maySetLimit(me: { role: SupervisedAgent['role'] }, target: { role: SupervisedAgent['role'] }): boolean {
  const rank = { agent: 1, supervisor: 2, manager: 3 } as const;
  return rank[me.role] >= rank.supervisor && rank[me.role] >= rank[target.role];
}
