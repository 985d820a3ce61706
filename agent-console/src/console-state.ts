/**
 * The console's state and the pure steps that change it: a snapshot after (re)connecting, queue
 * and conversation updates, messages merged by id and ordered by seq, and each chat's outbox of
 * messages the agent wrote that the server has not confirmed yet (delivery/outbox.ts). No I/O
 * here; see console-client.ts.
 */
import { confirmMessages, type Outbox } from '../../delivery/outbox.js';
import { latestSeq, mergeMessages } from '../../delivery/sequence.js';
import type { AgentQueueChange, ConsoleSnapshot } from '../../protocol/agent-events.js';
import type { CannedAnswer, Note, WrapUpOutcome } from '../../protocol/agent-tools.js';
import type { Bilingual } from '../../protocol/languages.js';
import type { AgentConversation, AgentProfile, Message, QueueEntry, Topic } from '../../protocol/models.js';
import type { ConnectionState } from './console-types.js';

/** A conversation held by this agent, with what the console knows of it. */
export interface ChatState {
  conversation: AgentConversation;
  /** Confirmed messages, unique by id, in seq order. */
  messages: readonly Message[];
  /** Messages the agent wrote that the server has not confirmed yet, in the order written. */
  pending: Outbox;
  /** The highest seq the agent has seen; visitor messages after it are unread. */
  readSeq: number;
  /** Ended from this console, so the notice can say "You ended the chat". */
  endedByMe: boolean;
  /** Internal notes (never sent to the visitor), unique by id, oldest first. */
  notes: readonly Note[];
  /** The visitor is typing (it expires by itself: delivery/typing.ts). */
  visitorTyping: boolean;
}

/** Something to say in the polite live region. */
export type AnnouncementItem =
  | { kind: 'waiting'; conversation: QueueEntry }
  | { kind: 'assigned'; conversation: AgentConversation }
  | { kind: 'taken-away' | 'ended'; visitorName: string | null }
  /** A chat left this agent for another agent or a queue (their own transfer, or a supervisor's). */
  | { kind: 'transferred'; visitorName: string | null; to: TransferredTo };

/** Where a chat was transferred to, as an announcement names it. */
export type TransferredTo = { kind: 'agent'; name: string | null } | { kind: 'queue'; name: Bilingual };

export interface ConsoleState {
  connection: ConnectionState;
  agent: AgentProfile;
  topics: readonly Topic[];
  /** Waiting conversations, next first (by `key`). */
  queue: readonly QueueEntry[];
  /** The revision of each queue that `queue` reflects (see `withQueueChange`). */
  queueRevisions: Readonly<Record<string, number>>;
  /** Chats that left a queue since the last snapshot, with their version then: a late "joined" does not bring them back. */
  departed: Readonly<Record<string, number>>;
  chats: readonly ChatState[];
  selectedId: string | null;
  /** True once the first `console:sync` has answered. */
  synced: boolean;
  /** The server refused this console's protocol version: only a reload helps. */
  outdated: boolean;
  /** The latest announcement; `id` changes each time so that repeated words are read again. */
  announcement: { id: number; items: readonly AnnouncementItem[] } | null;
  /** Canned answers, as the server lists them. */
  cannedAnswers: readonly CannedAnswer[];
  /** The outcomes a wrap-up may record, in the order to offer them. */
  wrapUpOutcomes: readonly WrapUpOutcome[];
  /** Chats that arrived while the agent was not looking, by id (alerts.ts: the tab title counts them). */
  unseen: readonly string[];
  /** The latest new-chat alert; `id` changes each time, so that each sounds once (alerts.ts). */
  alert: { id: number; arrivals: readonly Arrival[] } | null;
}

/** A chat that just arrived for this agent: waiting in a queue they pick from, or given to them. */
export type Arrival = Extract<AnnouncementItem, { kind: 'waiting' | 'assigned' }>;

/** What the console remembers of a chat across a reload. */
export interface RestoredChat {
  readSeq: number;
  pending: Outbox;
}

/** The state before the first sync: the agent known from sign-in, nothing else yet. */
export function initialState(agent: AgentProfile): ConsoleState {
  return {
    connection: 'connecting',
    agent,
    topics: [],
    queue: [],
    queueRevisions: {},
    departed: {},
    chats: [],
    selectedId: null,
    synced: false,
    outdated: false,
    announcement: null,
    cannedAnswers: [],
    wrapUpOutcomes: [],
    unseen: [],
    alert: null,
  };
}

/** The chat held for a conversation, if it is listed. */
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
  return {
    ...state,
    agent: snapshot.agent,
    topics: snapshot.topics,
    queue: sortedQueue(snapshot.queue),
    queueRevisions: snapshot.queueRevisions,
    departed: {},
    chats,
    selectedId,
    synced: true,
    // `?? []`: a server of the previous version sends none.
    wrapUpOutcomes: snapshot.wrapUpOutcomes ?? [],
  };
}

/**
 * Applies one queue change. Changes up to the revision already reflected are skipped; one that
 * skips a revision means a change was missed, and the caller asks for a snapshot ('resync').
 * Changes apply by id and version, so one seen twice (in the snapshot and as an event, or from two
 * server nodes in either order) changes nothing the second time.
 */
export function withQueueChange(state: ConsoleState, change: AgentQueueChange): ConsoleState | 'resync' {
  const known = state.queueRevisions[change.queueId] ?? 0;
  if (change.revision <= known) return state;
  if (change.revision > known + 1) return 'resync';
  const queueRevisions = { ...state.queueRevisions, [change.queueId]: change.revision };
  if (change.kind === 'left') {
    return {
      ...state,
      queueRevisions,
      queue: state.queue.filter((entry) => entry.id !== change.id || entry.version > change.version),
      departed: { ...state.departed, [change.id]: Math.max(change.version, state.departed[change.id] ?? 0) },
    };
  }
  const { entry } = change;
  const departedAt = state.departed[entry.id];
  const held = state.queue.find((candidate) => candidate.id === entry.id);
  if ((departedAt !== undefined && departedAt >= entry.version) || (held !== undefined && held.version >= entry.version)) {
    return { ...state, queueRevisions };
  }
  return { ...state, queueRevisions, queue: sortedQueue([...state.queue.filter((candidate) => candidate.id !== entry.id), entry]) };
}

/** Next first: lower key first (chats given back come first, then first come, first served). */
function sortedQueue(queue: readonly QueueEntry[]): QueueEntry[] {
  return [...queue].sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Each waiting chat's position in its own queue (1 = next). */
export function queuePositions(queue: readonly QueueEntry[]): ReadonlyMap<string, number> {
  const next = new Map<string, number>();
  const positions = new Map<string, number>();
  for (const entry of queue) {
    const position = (next.get(entry.queueId) ?? 0) + 1;
    next.set(entry.queueId, position);
    positions.set(entry.id, position);
  }
  return positions;
}

function newChat(conversation: AgentConversation, restored: RestoredChat = { readSeq: 0, pending: [] }): ChatState {
  return { conversation, messages: [], pending: restored.pending, readSeq: restored.readSeq, endedByMe: false, notes: [], visitorTyping: false };
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

/**
 * Merges messages (each once, by id and seq, in seq order) and retires the agent's pending copies
 * they confirm; `markRead` when the chat is on screen.
 */
export function withMessages(
  state: ConsoleState,
  conversationId: string,
  incoming: readonly Message[],
  markRead: boolean,
): ConsoleState {
  if (incoming.length === 0 || findChat(state, conversationId) === undefined) return state;
  return replaceChat(state, conversationId, (chat) => {
    const messages = mergeMessages(chat.messages, incoming);
    const pending = confirmMessages(chat.pending, incoming, 'agent');
    const readSeq = markRead ? Math.max(chat.readSeq, latestSeq(messages)) : chat.readSeq;
    return { ...chat, messages, pending, readSeq };
  });
}

/** Replaces a chat's outbox with its next state (see delivery/outbox.ts). */
export function withOutbox(state: ConsoleState, conversationId: string, pending: Outbox): ConsoleState {
  const chat = findChat(state, conversationId);
  if (chat === undefined || chat.pending === pending) return state;
  return replaceChat(state, conversationId, (current) => ({ ...current, pending }));
}

/** The agent has seen everything in the chat so far. */
export function markRead(state: ConsoleState, conversationId: string): ConsoleState {
  const chat = findChat(state, conversationId);
  if (chat === undefined || chat.readSeq >= latestSeq(chat.messages)) return state;
  return replaceChat(state, conversationId, (current) => ({ ...current, readSeq: latestSeq(current.messages) }));
}

/** Remembers that this console ended the chat, for the notice. */
export function markEndedByMe(state: ConsoleState, conversationId: string): ConsoleState {
  return replaceChat(state, conversationId, (chat) => ({ ...chat, endedByMe: true }));
}

/** Drops a chat from the list (dismissed, or no longer this agent's), and the selection with it. */
export function removeChat(state: ConsoleState, conversationId: string): ConsoleState {
  const chats = state.chats.filter((chat) => chat.conversation.id !== conversationId);
  return { ...state, chats, selectedId: state.selectedId === conversationId ? null : state.selectedId };
}

/** Says something in the live region; nothing to say changes nothing. */
export function announce(state: ConsoleState, items: readonly AnnouncementItem[]): ConsoleState {
  if (items.length === 0) return state;
  return { ...state, announcement: { id: (state.announcement?.id ?? 0) + 1, items } };
}

/** Whether the agent still owes the wrap-up of this ended chat (it keeps one of their slots until then). */
export function owesWrapUp(conversation: AgentConversation): boolean {
  return conversation.status === 'closed' && conversation.wrapUp != null && conversation.wrapUp.outcome === null;
}

/** The chats that still count against the agent's capacity: those in progress, and those whose wrap-up is owed. */
export function openChats(chats: readonly ChatState[]): number {
  return chats.filter((chat) => chat.conversation.status !== 'closed' || owesWrapUp(chat.conversation)).length;
}

/** Visitor messages the agent has not seen. */
export function unreadCount(chat: ChatState): number {
  return chat.messages.filter((message) => message.seq > chat.readSeq && message.author.kind === 'visitor').length;
}

/** Merges notes (each once, by id), oldest first. */
export function withNotes(state: ConsoleState, conversationId: string, incoming: readonly Note[]): ConsoleState {
  const chat = findChat(state, conversationId);
  if (chat === undefined || incoming.every((note) => chat.notes.some((held) => held.id === note.id))) return state;
  const byId = new Map([...chat.notes, ...incoming].map((note) => [note.id, note]));
  const notes = [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return replaceChat(state, conversationId, (current) => ({ ...current, notes }));
}

/** One line of a chat as the console shows it: a message, or a note (never sent to the visitor). */
export type TimelineItem = { kind: 'message'; message: Message } | { kind: 'note'; note: Note };

/** Messages in seq order, each note placed before the first message sent after it. */
export function timelineOf(chat: Pick<ChatState, 'messages' | 'notes'>): TimelineItem[] {
  const items: TimelineItem[] = [];
  let next = 0;
  for (const message of chat.messages) {
    while (next < chat.notes.length && chat.notes[next]!.createdAt < message.sentAt) items.push({ kind: 'note', note: chat.notes[next++]! });
    items.push({ kind: 'message', message });
  }
  for (; next < chat.notes.length; next++) items.push({ kind: 'note', note: chat.notes[next]! });
  return items;
}

/** Whether the visitor of a chat is typing. */
export function withVisitorTyping(state: ConsoleState, conversationId: string, typing: boolean): ConsoleState {
  const chat = findChat(state, conversationId);
  if (chat === undefined || chat.visitorTyping === typing) return state;
  return replaceChat(state, conversationId, (current) => ({ ...current, visitorTyping: typing }));
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

