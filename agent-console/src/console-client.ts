/**
 * The console's live connection: owns the socket, keeps `ConsoleState` up to date from the
 * server's facts, catches up on missed messages, and delivers the outbox. Components read the
 * state through `useSyncExternalStore` and act through the methods here.
 */
import { newClientId } from '../../delivery/client-id.js';
import { sendCommand, type PayloadOf } from '../../delivery/command.js';
import { failure, isClientFailure } from '../../delivery/failure.js';
import { enqueue, retry } from '../../delivery/outbox.js';
import { createOutboxSender, type OutboxSender } from '../../delivery/outbox-sender.js';
import { contiguousSeq, hasGap } from '../../delivery/sequence.js';
import { createTypingReceiver } from '../../delivery/typing.js';
import type { AgentClientEvents, TransferTarget } from '../../protocol/agent-events.js';
import type { AgentQueueChange } from '../../protocol/agent-events.js';
import type { AgentConversation, AgentProfile, AwayReason } from '../../protocol/models.js';
import {
  connectAgentSocket,
  handshakeErrorCode,
  type AgentCommand,
  type AgentCommandResult,
  type AgentSocket,
} from './agent-socket.js';
import { AccountsClient } from './accounts-client.js';
import { SitesClient } from './sites-client.js';
import { PersonaClient } from './persona-client.js';
import { HistoryClient } from './history-client.js';
import { ReportsClient } from './reports-client.js';
import { markLooked, withAlert } from './alerts.js';
import {
  announce,
  findChat,
  initialState,
  markEndedByMe,
  markRead,
  removeChat,
  withConversation,
  withMessages,
  withNotes,
  withOutbox,
  withQueueChange,
  withSnapshot,
  withVisitorTyping,
  type AnnouncementItem,
  type Arrival,
  type ChatState,
  type ConsoleState,
  type TransferredTo,
} from './console-state.js';
import type { AgentCloseReason, SelectableStatus } from './console-types.js';
import { InboxClient } from './inbox-client.js';
import { SessionMemory } from './session-memory.js';
import { RolloutClient } from './rollout-client.js';
import { SupervisionClient } from './supervision-client.js';
import { errorCodeOf } from './wire-errors.js';

export type SessionEndCode = 'session_expired' | 'signed_out';

/** How long a command may wait for its acknowledgement before the console calls it lost. */
const COMMAND_TIMEOUT_MS = 10_000;
/** How long a chat this agent sent to a queue is not announced as new when it appears there. */
const SENT_TO_QUEUE_QUIET_MS = 10_000;
/** Wait before asking again when the server refused a handshake or a sync for a passing reason. */
const RETRY_AFTER_REFUSAL_MS = 5_000;

export class ConsoleClient {
  private state: ConsoleState;
  private readonly listeners = new Set<() => void>();
  private readonly memory: SessionMemory;
  private socket: AgentSocket | null = null;
  /** One sender per conversation: each outbox goes one message at a time, in order. */
  private readonly senders = new Map<string, OutboxSender>();
  /** Conversations being caught up; `true` when another catch-up was asked for meanwhile. */
  private readonly catchingUp = new Map<string, boolean>();
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /** Messages left when chat was not available, for the queues this agent sees. */
  readonly inbox = new InboxClient({
    list: (payload) => this.command('inbox:list', payload),
    answer: (payload) => this.command('inbox:answer', payload),
  });
  /** The supervision view (supervisors and managers): idle until the view is first opened. */
  readonly supervision = new SupervisionClient((event, payload) => this.command(event, payload));
  /** The Rollout page (supervisors read, managers change): idle until the page is first opened. */
  readonly rollout = new RolloutClient((event, payload) => this.command(event, payload));
  /** The Accounts page (managers) and changing one's own password (everyone). */
  readonly accounts = new AccountsClient((event, payload) => this.command(event, payload));
  /** The Sites and Queues pages (managers). */
  readonly sites = new SitesClient((event, payload) => this.command(event, payload));
  /** The Persona page (managers) and the tone notes beside a chat (everyone). */
  readonly personas = new PersonaClient((event, payload) => this.command(event, payload));

  readonly history = new HistoryClient((event, payload) => this.command(event, payload));
  readonly reports = new ReportsClient((event, payload) => this.command(event, payload));
  /** Chats this agent is accepting now: their arrival is the agent's own doing, not news. */
  private readonly accepting = new Set<string>();
  /** Chats this agent is transferring now: their leaving is the agent's own doing, said once by `transfer`. */
  private readonly transferring = new Set<string>();
  /**
   * Chats this agent just sent to a queue they pick from: seen joining it, they are not news (and
   * announcing them would talk over the word that the transfer was made).
   */
  private readonly sentToQueue = new Set<string>();
  /** Visitors' typing, which goes off by itself a few seconds after the last signal. */
  private readonly visitorTyping = createTypingReceiver((conversationId, typing) =>
    this.update(withVisitorTyping(this.state, conversationId, typing)),
  );

  /**
   * `connect` opens the connection: the console's own (same-origin, the session cookie going
   * along) unless given; the fault benchmark runs this client in Node, where a socket needs the
   * server's address and the cookie given explicitly.
   */
  constructor(
    agent: AgentProfile,
    private readonly onSessionEnded: (code: SessionEndCode) => void,
    private readonly connect: () => AgentSocket = connectAgentSocket,
  ) {
    this.state = initialState(agent);
    this.memory = new SessionMemory(agent.id);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): ConsoleState => this.state;

  start(): void {
    const socket = this.connect();
    this.socket = socket;
    socket.on('connect', () => {
      this.update({ ...this.state, connection: 'connected' });
      void this.sync();
    });
    socket.on('disconnect', (reason) => {
      if (this.stopped) return;
      this.update({ ...this.state, connection: 'reconnecting' });
      for (const sender of this.senders.values()) sender.hold();
      // The server closed this connection on purpose; asking again tells us why (an expired
      // session is refused at the handshake and handled below).
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error) => this.handshakeFailed(socket, error));
    socket.on('queue:changed', (change) => this.queueChanged(change));
    socket.on('conversation:updated', (conversation) => this.conversationUpdated(conversation));
    socket.on('message:created', (message) => {
      if (findChat(this.state, message.conversationId) === undefined) return;
      // The message they were typing has arrived.
      if (message.author.kind === 'visitor') this.visitorTyping.clear(message.conversationId);
      this.update(withMessages(this.state, message.conversationId, [message], this.isOnScreen(message.conversationId)));
      const chat = findChat(this.state, message.conversationId);
      if (chat !== undefined && hasGap(chat.messages)) void this.catchUp(message.conversationId);
    });
    socket.on('agent:updated', (agent) => this.update({ ...this.state, agent }));
    socket.on('session:ended', ({ code }) => this.end(code));
    this.inbox.listen(socket);
    this.supervision.listen(socket);
    this.accounts.listen(socket);
    this.rollout.listen(socket);
    socket.on('typing:changed', ({ conversationId, typing }) => {
      if (findChat(this.state, conversationId) !== undefined) this.visitorTyping.heard(conversationId, typing);
    });
    socket.on('note:created', (note) => this.update(withNotes(this.state, note.conversationId, [note])));
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    window.addEventListener('focus', this.onFocus);
  }

  stop(): void {
    this.stopped = true;
    for (const sender of this.senders.values()) sender.cancel();
    clearTimeout(this.handshakeTimer);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    window.removeEventListener('focus', this.onFocus);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }

  /** Forgets what this tab remembered for the agent (at sign-out, on a shared workstation). */
  forget(): void {
    this.memory.clear();
  }

  /** Sets the agent's status; `reason` says why they are away (with `away` only). */
  async setStatus(status: SelectableStatus, reason?: AwayReason): Promise<AgentCommandResult<'agent:set-status'>> {
    const result = await this.command('agent:set-status', reason === undefined ? { status } : { status, reason });
    if (result.ok) this.update({ ...this.state, agent: result.agent });
    return result;
  }

  /** Proposes the signed-in agent's public name (it waits for a manager). */
  async proposePublicName(name: string): Promise<AgentCommandResult<'account:propose-public-name'>> {
    const result = await this.command('account:propose-public-name', { name });
    if (result.ok) this.update({ ...this.state, agent: result.agent });
    return result;
  }

  async accept(conversationId: string): Promise<AgentCommandResult<'conversation:accept'>> {
    this.accepting.add(conversationId);
    const result = await this.command('conversation:accept', { conversationId }).finally(() => this.accepting.delete(conversationId));
    if (result.ok) {
      const next = withConversation(this.state, result.conversation);
      this.update({ ...next, queue: next.queue.filter((queued) => queued.id !== conversationId) });
      this.select(conversationId);
      // Whatever the visitor wrote while waiting was never pushed to this agent.
      void this.catchUp(conversationId);
      void this.loadNotes(conversationId);
    }
    return result;
  }

  /** Says that the agent is typing in a chat (or stopped): volatile, unanswered (delivery/typing.ts). */
  typing(conversationId: string, typing: boolean): void {
    // Volatile: dropped rather than buffered while the connection cannot take it (a late "typing"
    // is worse than none); no acknowledgement asked.
    if (this.socket?.connected === true) this.socket.volatile.emit('typing:set', { conversationId, typing });
  }

  /** Adds an internal note; the same `clientId` on a retry adds it once. Never sent to the visitor. */
  async addNote(conversationId: string, clientId: string, text: string): Promise<AgentCommandResult<'note:add'>> {
    const result = await this.command('note:add', { conversationId, clientId, text });
    if (result.ok) this.update(withNotes(this.state, conversationId, [result.note]));
    return result;
  }

  async endChat(conversationId: string, reason: AgentCloseReason): Promise<AgentCommandResult<'conversation:end'>> {
    const result = await this.command('conversation:end', { conversationId, reason });
    if (result.ok) this.update(markEndedByMe(withConversation(this.state, result.conversation), conversationId));
    else if (result.error.code === 'conversation_closed') void this.catchUp(conversationId);
    return result;
  }

  /** Who and where the chat may be transferred to now. */
  async transferTargets(conversationId: string): Promise<AgentCommandResult<'agents:transfer-targets'>> {
    return this.command('agents:transfer-targets', { conversationId });
  }

  /**
   * Transfers the chat to another agent or a queue, with an optional note for the next agent. Once
   * done the chat is no longer this agent's: it leaves the list, and the live region says where it went.
   */
  async transfer(conversationId: string, to: TransferTarget, note: string | null, toName: TransferredTo): Promise<AgentCommandResult<'conversation:transfer'>> {
    const chat = findChat(this.state, conversationId);
    this.transferring.add(conversationId);
    if (to.kind === 'queue') this.sentToQueue.add(conversationId);
    const result = await this.command('conversation:transfer', note === null ? { conversationId, to } : { conversationId, to, note }).finally(() =>
      this.transferring.delete(conversationId),
    );
    // Its joining the queue is heard within moments, if this console follows that queue at all.
    setTimeout(() => this.sentToQueue.delete(conversationId), result.ok ? SENT_TO_QUEUE_QUIET_MS : 0);
    if (result.ok) {
      const items: AnnouncementItem[] = chat === undefined ? [] : [{ kind: 'transferred', visitorName: chat.conversation.visitorName, to: toName }];
      this.update(announce(removeChat(this.state, conversationId), items));
    } else if (result.error.code === 'forbidden' || result.error.code === 'conversation_closed') {
      // No longer ours to transfer: catching up says what became of it.
      void this.catchUp(conversationId);
    }
    return result;
  }

  /**
   * Records the wrap-up of an ended chat; once saved the chat leaves the list (the agent is free).
   * Refused as no longer owed (saved from another tab, or past its time): catching up shows which.
   */
  async wrapUp(conversationId: string, outcome: string, note: string | null): Promise<AgentCommandResult<'conversation:wrap-up'>> {
    const result = await this.command('conversation:wrap-up', note === null ? { conversationId, outcome } : { conversationId, outcome, note });
    if (result.ok) this.update(removeChat(withConversation(this.state, result.conversation), conversationId));
    else if (result.error.code === 'wrap_up_not_owed') void this.catchUp(conversationId);
    return result;
  }

  /** Asks the visitor whether they are still there (a message from the service, in the chat's language). */
  async askStillThere(conversationId: string): Promise<AgentCommandResult<'conversation:ask-still-there'>> {
    const result = await this.command('conversation:ask-still-there', { conversationId, clientId: newClientId() });
    if (result.ok) this.update(withMessages(this.state, conversationId, [result.message], this.isOnScreen(conversationId)));
    return result;
  }

  /** Shows the message at once and delivers it after those before it; it stays in the outbox until the server confirms it. */
  send(conversationId: string, text: string): void {
    const chat = findChat(this.state, conversationId);
    if (chat === undefined) return;
    this.update(withOutbox(this.state, conversationId, enqueue(chat.pending, newClientId(), text)));
    this.senderFor(conversationId).flush();
  }

  /** Sends a failed message again (same client id), in its place if it can still go first. */
  retry(conversationId: string, clientId: string): void {
    const chat = findChat(this.state, conversationId);
    if (chat === undefined) return;
    this.update(withOutbox(this.state, conversationId, retry(chat.pending, clientId)));
    this.senderFor(conversationId).flush();
  }

  select(conversationId: string | null): void {
    let next: ConsoleState = { ...this.state, selectedId: conversationId };
    if (conversationId !== null && document.visibilityState === 'visible') next = markRead(next, conversationId);
    this.update(next);
  }

  /** Removes an ended chat from the list once the agent is done with it. */
  dismiss(conversationId: string): void {
    this.update(removeChat(this.state, conversationId));
  }

  draftOf(conversationId: string): string {
    return this.memory.draft(conversationId);
  }

  saveDraft(conversationId: string, text: string): void {
    this.memory.saveDraft(conversationId, text);
  }

  private update(next: ConsoleState): void {
    if (next === this.state) return;
    this.state = next;
    // Before the first sync the chats are not known yet, and saving would wipe what a reload kept.
    if (next.synced) this.memory.saveChats(next.chats, next.selectedId);
    for (const listener of this.listeners) listener();
  }

  /** Every command checks the session again on the server; a refusal for that reason ends it here too. */
  private async command<E extends AgentCommand>(event: E, payload: PayloadOf<AgentClientEvents, E>): Promise<AgentCommandResult<E>> {
    if (this.socket === null) return failure('disconnected');
    const result = await sendCommand<AgentClientEvents, E>(this.socket, event, payload, COMMAND_TIMEOUT_MS);
    if (result.ok) return result;
    const { code } = result.error;
    if (code === 'unauthenticated' || code === 'session_expired') this.end('session_expired');
    // Every code the console shows is translated: one it does not know reads as `internal`.
    return isClientFailure(code) || errorCodeOf(result) !== null ? result : failure('internal');
  }

  /** After every (re)connection: redraw from the snapshot, catch up every chat, resend the outbox. */
  private async sync(): Promise<void> {
    const result = await this.command('console:sync', {});
    if (this.stopped) return;
    if (!result.ok) {
      if (this.socket?.connected === true) {
        setTimeout(() => {
          if (!this.stopped && this.socket?.connected === true) void this.sync();
        }, RETRY_AFTER_REFUSAL_MS);
      }
      return;
    }
    const firstSync = !this.state.synced;
    let next = withSnapshot(this.state, result, (id) => this.memory.restore(id));
    if (firstSync && this.memory.selectedId !== null && findChat(next, this.memory.selectedId) !== undefined) {
      next = { ...next, selectedId: this.memory.selectedId };
    }
    this.update(next);
    void this.inbox.reload();
    // Rooms belong to a connection: the supervision view and a chat watched are joined again.
    void this.supervision.resume();
    void this.rollout.resume();
    void this.accounts.resume();
    void this.sites.resume();
    // Catching up also settles a chat the snapshot lacked: it ended or went back to the queue while
    // this console was away, and asking for its messages says which (an ended chat stays readable,
    // a requeued one is forbidden).
    for (const chat of next.chats) if (chat.conversation.status !== 'closed') void this.catchUp(chat.conversation.id);
    for (const chat of next.chats) void this.loadNotes(chat.conversation.id);
    void this.loadCannedAnswers();
    this.deliverAll();
  }

  /** A chat's notes, merged with what is held (one may have arrived live meanwhile). */
  private async loadNotes(conversationId: string): Promise<void> {
    const result = await this.command('notes:list', { conversationId });
    // A refusal means the chat is not ours to read any more; catching up settles that.
    if (result.ok) this.update(withNotes(this.state, conversationId, result.notes));
  }

  private async loadCannedAnswers(): Promise<void> {
    const result = await this.command('canned-answers:list', {});
    if (result.ok) this.update({ ...this.state, cannedAnswers: result.cannedAnswers });
  }

  /** Applies a queue change; a missed one (a revision skipped) is settled by a fresh snapshot. */
  private queueChanged(change: AgentQueueChange): void {
    if (!this.state.synced) return;
    const next = withQueueChange(this.state, change);
    if (next === 'resync') {
      void this.sync();
      return;
    }
    // A chat newly in line is announced; one seen again (from the snapshot, or twice) is not.
    const isListed = (state: ConsoleState, id: string) => state.queue.some((entry) => entry.id === id);
    const mine = change.kind === 'joined' && this.sentToQueue.delete(change.entry.id);
    if (change.kind === 'joined' && !mine && !isListed(this.state, change.entry.id) && isListed(next, change.entry.id)) {
      const arrivals: Arrival[] = [{ kind: 'waiting', conversation: change.entry }];
      this.update(withAlert(announce(next, arrivals), arrivals, this.looking()));
    } else {
      this.update(next);
    }
  }

  private conversationUpdated(conversation: AgentConversation): void {
    // Picked by this agent (here, or in another of their tabs): it was in their list of waiting
    // chats. Chats of automatic queues are never listed there: routing gave this one. One just
    // transferred to them was given too, whatever lists it was once in.
    const transferredToMe = conversation.lastTransfer?.kind === 'agent' && conversation.lastTransfer.at === conversation.assignedAt;
    const picked =
      this.accepting.has(conversation.id) ||
      (!transferredToMe && (this.state.queue.some((entry) => entry.id === conversation.id) || this.state.departed[conversation.id] !== undefined));
    const before = findChat(this.state, conversation.id);
    const chat = this.applyConversation(conversation);
    if (before === undefined && chat !== undefined && conversation.status === 'active') {
      if (!picked) {
        const arrivals: Arrival[] = [{ kind: 'assigned', conversation }];
        this.update(withAlert(announce(this.state, arrivals), arrivals, this.looking()));
      }
      void this.loadNotes(conversation.id);
    }
    if (chat !== undefined && hasGap(chat.messages, conversation.lastSeq)) void this.catchUp(conversation.id);
  }

  /**
   * Applies a conversation as the server now sees it, from an event or a catch-up, and says so
   * when it left this agent or was ended by the visitor. Returns the chat, if it is still listed.
   */
  private applyConversation(conversation: AgentConversation): ChatState | undefined {
    const before = findChat(this.state, conversation.id);
    const next = withConversation(this.state, conversation);
    const after = findChat(next, conversation.id);
    const items: AnnouncementItem[] = [];
    if (before !== undefined && after === undefined) {
      if (this.transferring.has(conversation.id)) {
        // The agent's own transfer: `transfer` says where it went.
      } else if (conversation.status === 'active') {
        // A supervisor gave it to someone else.
        items.push({ kind: 'transferred', visitorName: conversation.visitorName, to: { kind: 'agent', name: conversation.agentName } });
      } else {
        items.push({ kind: 'taken-away', visitorName: conversation.visitorName });
      }
    } else if (before !== undefined && before.conversation.status !== 'closed' && conversation.status === 'closed') {
      // The chat on screen says so itself; one in the background is worth a word.
      if (conversation.closedBy === 'visitor' && this.state.selectedId !== conversation.id) {
        items.push({ kind: 'ended', visitorName: conversation.visitorName });
      }
    }
    this.update(announce(next, items));
    return after;
  }

  /** Asks for every message after the last one held without a gap, page by page. */
  private async catchUp(conversationId: string): Promise<void> {
    if (this.catchingUp.has(conversationId)) {
      this.catchingUp.set(conversationId, true);
      return;
    }
    this.catchingUp.set(conversationId, false);
    try {
      for (;;) {
        const chat = findChat(this.state, conversationId);
        if (chat === undefined || this.stopped) return;
        const afterSeq = contiguousSeq(chat.messages);
        const result = await this.command('messages:since', { conversationId, afterSeq });
        if (!result.ok) {
          if (result.error.code === 'forbidden' || result.error.code === 'not_found') {
            // No longer ours to read: it went back to the queue (or to someone else) meanwhile.
            const items: AnnouncementItem[] = [{ kind: 'taken-away', visitorName: chat.conversation.visitorName }];
            this.update(announce(removeChat(this.state, conversationId), items));
          }
          // Any other failure is retried by the next sync, after a reconnection.
          return;
        }
        // Supervisors and managers may read any chat, so an answer can also say it is not ours any more.
        if (this.applyConversation(result.conversation) === undefined) return;
        this.update(withMessages(this.state, conversationId, result.messages, this.isOnScreen(conversationId)));
        if (result.hasMore && result.messages.length > 0) continue;
        if (this.catchingUp.get(conversationId) === true) {
          this.catchingUp.set(conversationId, false);
          continue;
        }
        return;
      }
    } finally {
      this.catchingUp.delete(conversationId);
    }
  }

  private deliverAll(): void {
    // Chats no longer listed have nothing left to send.
    for (const [conversationId, sender] of this.senders) {
      if (findChat(this.state, conversationId) !== undefined) continue;
      sender.cancel();
      this.senders.delete(conversationId);
    }
    for (const chat of this.state.chats) this.senderFor(chat.conversation.id).flush();
  }

  /** The sender of a chat's outbox, made on first use. */
  private senderFor(conversationId: string): OutboxSender {
    let sender = this.senders.get(conversationId);
    if (sender === undefined) {
      sender = createOutboxSender({
        read: () => findChat(this.state, conversationId)?.pending ?? [],
        write: (pending) => this.update(withOutbox(this.state, conversationId, pending)),
        connected: () => this.socket?.connected === true && !this.stopped,
        send: async (item) => {
          const result = await this.command('message:send', { conversationId, clientId: item.clientId, text: item.text });
          if (result.ok) this.update(withMessages(this.state, conversationId, [result.message], this.isOnScreen(conversationId)));
          return result;
        },
      });
      this.senders.set(conversationId, sender);
    }
    return sender;
  }

  private handshakeFailed(socket: AgentSocket, error: Error): void {
    if (this.stopped) return;
    // While `active`, Socket.IO is retrying a network failure by itself.
    if (socket.active) return;
    const code = handshakeErrorCode(error);
    if (code === 'unauthenticated' || code === 'session_expired') {
      this.end('session_expired');
    } else if (code === 'client_outdated') {
      this.update({ ...this.state, outdated: true });
      this.stop();
    } else {
      this.update({ ...this.state, connection: this.state.synced ? 'reconnecting' : 'connecting' });
      clearTimeout(this.handshakeTimer);
      this.handshakeTimer = setTimeout(() => socket.connect(), RETRY_AFTER_REFUSAL_MS);
    }
  }

  private end(code: SessionEndCode): void {
    if (this.stopped) return;
    // Signed out (here or in another tab): nothing of the chats should outlive the session.
    if (code === 'signed_out') this.memory.clear();
    this.stop();
    this.onSessionEnded(code);
  }

  /** Messages in the chat on screen count as read, but only while the page is visible. */
  private isOnScreen(conversationId: string): boolean {
    return this.state.selectedId === conversationId && document.visibilityState === 'visible';
  }

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'visible' && this.state.selectedId !== null) {
      this.update(markRead(this.state, this.state.selectedId));
    }
    if (this.looking()) this.update(markLooked(this.state));
  };

  private readonly onFocus = (): void => {
    if (this.looking()) this.update(markLooked(this.state));
  };

  /** The agent is looking at the console: it is on screen and has the focus (not another window). */
  private looking(): boolean {
    return document.visibilityState === 'visible' && document.hasFocus();
  }
}
