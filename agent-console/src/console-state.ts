/**
 * The console's state and the pure steps that change it: a snapshot after (re)connecting, queue
 * and conversation updates, messages merged by id and ordered by seq, and the outbox of messages
 * the agent wrote that the server has not confirmed yet. No I/O here; see console-client.ts.
 */
import type { ConsoleSnapshot } from '../../protocol/agent-events.js';
import type { AgentConversation, AgentProfile, Message, Topic } from '../../protocol/models.js';
import type { ConnectionState, ConsoleErrorCode } from './console-types.js';

/** A message the agent wrote that the server has not confirmed yet. */
export interface PendingMessage {
  clientId: string;
  text: string;
  /** `sending` is retried until it is confirmed; `failed` waits for the agent to try again. */
  status: 'sending' | 'failed';
  errorCode: ConsoleErrorCode | null;
}

/** A conversation held by this agent, with what the console knows of it. */
export interface ChatState {
  conversation: AgentConversation;
  /** Confirmed messages, unique by id, in seq order. */
  messages: readonly Message[];
  pending: readonly PendingMessage[];
  /** The highest seq the agent has seen; visitor messages after it are unread. */
  readSeq: number;
  /** Ended from this console, so the notice can say "You ended the chat". */
  endedByMe: boolean;
}

/** Something to say in the polite live region. */
export type AnnouncementItem =
  | { kind: 'waiting'; conversation: AgentConversation }
  | { kind: 'taken-away' | 'ended'; visitorName: string | null };

export interface ConsoleState {
  connection: ConnectionState;
  agent: AgentProfile;
  topics: readonly Topic[];
  /** Waiting conversations, next first. */
  queue: readonly AgentConversation[];
  chats: readonly ChatState[];
  selectedId: string | null;
  /** True once the first `console:sync` has answered. */
  synced: boolean;
  /** The server refused this console's protocol version: only a reload helps. */
  outdated: boolean;
  /** The latest announcement; `id` changes each time so that repeated words are read again. */
  announcement: { id: number; items: readonly AnnouncementItem[] } | null;
}

/** What the console remembers of a chat across a reload. */
export interface RestoredChat {
  readSeq: number;
  pending: readonly PendingMessage[];
}

export function initialState(agent: AgentProfile): ConsoleState {
  return {
    connection: 'connecting',
    agent,
    topics: [],
    queue: [],
    chats: [],
    selectedId: null,
    synced: false,
    outdated: false,
    announcement: null,
  };
}

export function findChat(state: ConsoleState, conversationId: string): ChatState | undefined {
  return state.chats.find((chat) => chat.conversation.id === conversationId);
}

/**
 * Redraws from a snapshot. Chats already known keep their messages and outbox. A chat the
 * snapshot lacks is kept for now: closed, it waits for the agent to dismiss it; still open here, it
 * ended or went back to the queue while offline, which the caller settles by catching it up.
 */
export function withSnapshot(
  state: ConsoleState,
  snapshot: ConsoleSnapshot,
  restore: (conversationId: string) => RestoredChat,
): ConsoleState {
  const fromSnapshot = new Map(snapshot.conversations.map((conversation) => [conversation.id, conversation]));
  const chats: ChatState[] = [];
  for (const chat of state.chats) {
    const conversation = fromSnapshot.get(chat.conversation.id);
    chats.push(conversation === undefined ? chat : { ...chat, conversation });
    fromSnapshot.delete(chat.conversation.id);
  }
  for (const conversation of fromSnapshot.values()) chats.push(newChat(conversation, restore(conversation.id)));
  const selectedId = chats.some((chat) => chat.conversation.id === state.selectedId) ? state.selectedId : null;
  return { ...state, agent: snapshot.agent, topics: snapshot.topics, queue: snapshot.queue, chats, selectedId, synced: true };
}

function newChat(conversation: AgentConversation, restored: RestoredChat = { readSeq: 0, pending: [] }): ChatState {
  return { conversation, messages: [], pending: restored.pending, readSeq: restored.readSeq, endedByMe: false };
}

/** A conversation of mine changed: update it, add it (just assigned), or drop it (taken away). */
export function withConversation(state: ConsoleState, conversation: AgentConversation): ConsoleState {
  const existing = findChat(state, conversation.id);
  // Updates can cross between server nodes: never let an older state replace a newer one.
  if (existing !== undefined && conversation.version < existing.conversation.version) return state;
  const mine = conversation.agentId === state.agent.id;
  if (!mine && conversation.status !== 'closed') {
    if (existing === undefined) return state;
    return removeChat(state, conversation.id);
  }
  if (existing === undefined) {
    // A closed chat the agent already dismissed is not brought back.
    if (!mine || conversation.status === 'closed') return state;
    return { ...state, chats: [...state.chats, newChat(conversation)] };
  }
  return replaceChat(state, conversation.id, (chat) => ({ ...chat, conversation }));
}

/** Merges messages (dedupe by id, order by seq) and retires the pending copies they confirm. */
export function withMessages(
  state: ConsoleState,
  conversationId: string,
  incoming: readonly Message[],
  markRead: boolean,
): ConsoleState {
  if (incoming.length === 0 || findChat(state, conversationId) === undefined) return state;
  return replaceChat(state, conversationId, (chat) => {
    const byId = new Map(chat.messages.map((message) => [message.id, message]));
    for (const message of incoming) byId.set(message.id, message);
    const messages = [...byId.values()].sort((a, b) => a.seq - b.seq);
    const confirmed = new Set(incoming.filter((message) => message.author.kind === 'agent').map((m) => m.clientId));
    const pending = chat.pending.filter((item) => !confirmed.has(item.clientId));
    const readSeq = markRead ? Math.max(chat.readSeq, lastSeq(messages)) : chat.readSeq;
    return { ...chat, messages, pending, readSeq };
  });
}

export function withPending(state: ConsoleState, conversationId: string, item: PendingMessage): ConsoleState {
  return replaceChat(state, conversationId, (chat) => ({ ...chat, pending: [...chat.pending, item] }));
}

export function updatePending(
  state: ConsoleState,
  conversationId: string,
  clientId: string,
  change: Pick<PendingMessage, 'status' | 'errorCode'>,
): ConsoleState {
  return replaceChat(state, conversationId, (chat) => ({
    ...chat,
    pending: chat.pending.map((item) => (item.clientId === clientId ? { ...item, ...change } : item)),
  }));
}

export function markRead(state: ConsoleState, conversationId: string): ConsoleState {
  const chat = findChat(state, conversationId);
  if (chat === undefined || chat.readSeq >= lastSeq(chat.messages)) return state;
  return replaceChat(state, conversationId, (current) => ({ ...current, readSeq: lastSeq(current.messages) }));
}

export function markEndedByMe(state: ConsoleState, conversationId: string): ConsoleState {
  return replaceChat(state, conversationId, (chat) => ({ ...chat, endedByMe: true }));
}

export function removeChat(state: ConsoleState, conversationId: string): ConsoleState {
  const chats = state.chats.filter((chat) => chat.conversation.id !== conversationId);
  return { ...state, chats, selectedId: state.selectedId === conversationId ? null : state.selectedId };
}

export function announce(state: ConsoleState, items: readonly AnnouncementItem[]): ConsoleState {
  if (items.length === 0) return state;
  return { ...state, announcement: { id: (state.announcement?.id ?? 0) + 1, items } };
}

/** The chats that still count against the agent's capacity. */
export function openChats(chats: readonly ChatState[]): number {
  return chats.filter((chat) => chat.conversation.status !== 'closed').length;
}

/** Visitor messages the agent has not seen. */
export function unreadCount(chat: ChatState): number {
  return chat.messages.filter((message) => message.seq > chat.readSeq && message.author.kind === 'visitor').length;
}

export function lastSeq(messages: readonly Message[]): number {
  return messages.at(-1)?.seq ?? 0;
}

/**
 * The highest seq up to which nothing is missing (seqs start at 1 and have no gaps), so a
 * catch-up after a missed event asks from the first hole, not from the latest message.
 */
export function contiguousSeq(messages: readonly Message[]): number {
  let seq = 0;
  for (const message of messages) {
    if (message.seq === seq + 1) seq = message.seq;
    else if (message.seq > seq + 1) break;
  }
  return seq;
}

function replaceChat(state: ConsoleState, conversationId: string, change: (chat: ChatState) => ChatState): ConsoleState {
  let changed = false;
  const chats = state.chats.map((chat) => {
    if (chat.conversation.id !== conversationId) return chat;
    changed = true;
    return change(chat);
  });
  return changed ? { ...state, chats } : state;
}

export function withQueue(state: ConsoleState, queue: readonly AgentConversation[]): ConsoleState {
  return { ...state, queue };
}
