/**
 * The supervision view over the console's live connection (supervisors and managers): subscribes
 * (`supervision:subscribe`) and applies `supervision:changed`; lists a queue's or an agent's chats;
 * watches one chat read-only (`supervision:watch`, then its messages, notes and changes as they
 * come, caught up by `messages:since`); sets an agent's limit. After a reconnection the console
 * calls `resume()`, which asks for all of it again. Components read it with `useSyncExternalStore`.
 */
import type { PayloadOf } from '../../delivery/command.js';
import { contiguousSeq, hasGap } from '../../delivery/sequence.js';
import type { AgentClientEvents } from '../../protocol/agent-events.js';
import type { AgentCommand, AgentCommandResult, AgentSocket } from './agent-socket.js';
import {
  emptySupervision,
  sameChatsOf,
  withSupervisionChange,
  withSupervisionSnapshot,
  withWatchedConversation,
  withWatchedMessages,
  withWatchedNotes,
  type ChatsOf,
  type SupervisionState,
} from './supervision-state.js';

/** The console's one command path (it ends the session on a refusal that says so). */
export type SendCommand = <E extends AgentCommand>(event: E, payload: PayloadOf<AgentClientEvents, E>) => Promise<AgentCommandResult<E>>;

/** How long after a change to its queue or agent a list of chats is read again. */
const LIST_REFRESH_MS = 1000;

export class SupervisionClient {
  private state: SupervisionState = emptySupervision;
  private readonly listeners = new Set<() => void>();
  /** A catch-up is running for the watched chat; `true` when another was asked for meanwhile. */
  private catchingUp: boolean | null = null;
  /** A quiet reload of the list is due. */
  private listTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly send: SendCommand) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): SupervisionState => this.state;

  /** Follows the live events of a (new) connection. */
  listen(socket: AgentSocket): void {
    socket.on('supervision:changed', (change) => {
      if (this.state.subscribed) this.update(withSupervisionChange(this.state, change));
    });
    // The same events an agent's own chats get: here, for the chat being watched (if any).
    socket.on('conversation:updated', (conversation) => {
      const before = this.state.watched;
      this.update(withWatchedConversation(this.state, conversation));
      const watched = this.state.watched;
      if (watched !== before && watched !== null && hasGap(watched.messages, watched.conversation.lastSeq)) void this.catchUp();
    });
    socket.on('message:created', (message) => {
      this.update(withWatchedMessages(this.state, message.conversationId, [message]));
      const watched = this.state.watched;
      if (watched?.conversation.id === message.conversationId && hasGap(watched.messages)) void this.catchUp();
    });
    socket.on('note:created', (note) => this.update(withWatchedNotes(this.state, note.conversationId, [note])));
  }

  /** Opens the view: the picture now, then changes as they come. Asking again reads it afresh. */
  async open(): Promise<void> {
    this.update({ ...this.state, subscribed: true });
    const result = await this.send('supervision:subscribe', {});
    this.update(result.ok ? withSupervisionSnapshot(this.state, result.supervision) : { ...this.state, error: result.error.code });
  }

  /** After a reconnection: the rooms were this connection's, so join them again and catch up. */
  async resume(): Promise<void> {
    const { subscribed, list, watched } = this.state;
    await Promise.all([
      subscribed ? this.open() : null,
      list !== null ? this.showChats(list.of) : null,
      watched !== null ? this.watch(watched.conversation.id) : null,
    ]);
  }

  /** Lists a queue's chats (first in line first) or an agent's (in progress). */
  async showChats(of: ChatsOf): Promise<void> {
    const keep = this.state.list !== null && sameChatsOf(this.state.list.of, of) ? this.state.list : null;
    this.update({ ...this.state, list: { of, chats: keep?.chats ?? [], total: keep?.total ?? 0, loading: true, error: null } });
    const result = await this.send('supervision:chats', of);
    if (this.state.list === null || !sameChatsOf(this.state.list.of, of)) return;
    this.update({
      ...this.state,
      list: result.ok ? { of, chats: result.chats, total: result.total, loading: false, error: null } : { ...this.state.list, loading: false, error: result.error.code },
    });
  }

  /**
   * The list's queue or agent changed (a chat joined, left, was taken): reads the list again a
   * second later (changes meanwhile make one read), keeping what is shown if that fails.
   */
  refreshChats(): void {
    if (this.listTimer !== undefined || this.state.list === null) return;
    this.listTimer = setTimeout(() => {
      this.listTimer = undefined;
      const list = this.state.list;
      if (list === null) return;
      void this.send('supervision:chats', list.of).then((result) => {
        const current = this.state.list;
        if (!result.ok || current === null || !sameChatsOf(current.of, list.of)) return;
        this.update({ ...this.state, list: { ...current, chats: result.chats, total: result.total, error: null } });
      });
    }, LIST_REFRESH_MS);
  }

  /** Opens a chat read-only (one at a time here: the one open before is let go). Resolves with whether it opened. */
  async watch(conversationId: string): Promise<boolean> {
    const previous = this.state.watched;
    if (previous !== null && previous.conversation.id !== conversationId) void this.send('supervision:unwatch', { conversationId: previous.conversation.id });
    const result = await this.send('supervision:watch', { conversationId });
    if (!result.ok) {
      this.update({ ...this.state, watchError: result.error.code, watched: previous?.conversation.id === conversationId ? previous : null });
      return false;
    }
    const same = previous?.conversation.id === conversationId ? previous : null;
    this.update({
      ...this.state,
      watchError: null,
      watched: same === null ? { conversation: result.conversation, messages: [], notes: [] } : same,
    });
    this.update(withWatchedConversation(this.state, result.conversation));
    await Promise.all([this.catchUp(), this.loadNotes(conversationId)]);
    return true;
  }

  /** Closes the chat being watched. */
  async stopWatching(): Promise<void> {
    const watched = this.state.watched;
    this.update({ ...this.state, watched: null, watchError: null });
    if (watched !== null) await this.send('supervision:unwatch', { conversationId: watched.conversation.id });
  }

  /** Sets an agent's limit; the answer (the agent as now) is applied at once. */
  async setLimit(agentId: string, maxConcurrentChats: number): Promise<AgentCommandResult<'agent:set-limit'>> {
    const result = await this.send('agent:set-limit', { agentId, maxConcurrentChats });
    if (result.ok) {
      this.update(withSupervisionChange(this.state, { queues: [], agents: [result.agent], removedQueueIds: [], removedAgentIds: [], at: result.agent.at }));
    }
    return result;
  }

  private async loadNotes(conversationId: string): Promise<void> {
    const result = await this.send('notes:list', { conversationId });
    if (result.ok) this.update(withWatchedNotes(this.state, conversationId, result.notes));
  }

  /** Asks for every message after the last one held without a gap, page by page. */
  private async catchUp(): Promise<void> {
    if (this.catchingUp !== null) {
      this.catchingUp = true;
      return;
    }
    this.catchingUp = false;
    try {
      for (;;) {
        const watched = this.state.watched;
        if (watched === null) return;
        const conversationId = watched.conversation.id;
        const result = await this.send('messages:since', { conversationId, afterSeq: contiguousSeq(watched.messages) });
        if (!result.ok) return;
        this.update(withWatchedMessages(withWatchedConversation(this.state, result.conversation), conversationId, result.messages));
        if (result.hasMore && result.messages.length > 0) continue;
        if (this.catchingUp) {
          this.catchingUp = false;
          continue;
        }
        return;
      }
    } finally {
      this.catchingUp = null;
    }
  }

  private update(next: SupervisionState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
