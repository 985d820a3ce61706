/**
 * The chat app's connection to the server and the state it draws from, with no UI in it.
 *
 * Delivery: every message gets a client id before it is sent and stays in `pending` until the
 * server has it (acknowledged, or seen in `message:created`). Sends that time out or meet a
 * disconnect are sent again, with the same id, when the connection is back; the server keeps one
 * copy. After each (re)connection the client asks for everything after the last sequence number it
 * holds, so nothing is lost and nothing is shown twice.
 */
import { io, type Socket } from 'socket.io-client';
import type { VisitorClientEvents, VisitorServerEvents } from '../../protocol/visitor-events.js';
import type { ErrorCode } from '../../protocol/error-codes.js';
import { RETRYABLE_ERROR_CODES } from '../../protocol/error-codes.js';
import type { Language } from '../../protocol/languages.js';
import type { Message, VisitorConversation } from '../../protocol/models.js';
import { VISITOR_NAMESPACE } from '../../protocol/namespaces.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { randomId } from './random-id.js';

const ACK_TIMEOUT_MS = 8000;
const START_ATTEMPTS = 3;
const RETRY_DELAY_MS = 2000;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PendingMessage {
  clientId: string;
  text: string;
  /** `sending`: on the wire; `waiting`: held until the connection is back; `failed`: refused. */
  status: 'sending' | 'waiting' | 'failed';
  error: ErrorCode | null;
}

export interface ChatState {
  connection: 'connecting' | 'online' | 'reconnecting';
  conversation: VisitorConversation | null;
  /** Confirmed messages, in sequence order. */
  messages: Message[];
  pending: PendingMessage[];
  starting: boolean;
  /** Why the last start or end failed, for the person to read. */
  actionError: ErrorCode | null;
  /** The chat cannot work here at all (unknown site, not allowed, outdated). */
  fatalError: ErrorCode | null;
}

export interface StartDetails {
  visitorName: string;
  topicId: string;
  language: Language;
  pageUrl: string;
  pageTitle: string;
}

type Listener = (state: ChatState) => void;
type VisitorSocket = Socket<VisitorServerEvents, VisitorClientEvents>;

const FATAL_CODES: ReadonlySet<string> = new Set(['not_found', 'origin_not_allowed', 'client_outdated', 'invalid_payload']);

export class ChatClient {
  private state: ChatState = {
    connection: 'connecting',
    conversation: null,
    messages: [],
    pending: [],
    starting: false,
    actionError: null,
    fatalError: null,
  };
  private readonly listeners = new Set<Listener>();
  private readonly socket: VisitorSocket;
  private readonly tokenKey: string;
  private catchingUp = false;
  /** The token when sessionStorage is blocked (strict privacy settings): this page only. */
  private memoryToken: string | null = null;

  constructor(
    private readonly siteId: string,
    serverUrl: string,
  ) {
    this.tokenKey = `gov-chat:token:${siteId}`;
    this.socket = io(serverUrl + VISITOR_NAMESPACE, {
      // WebSocket first: no sticky sessions needed behind a load balancer; HTTP long-polling only
      // where WebSockets are blocked (see README, "Several nodes").
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      // A function, so every reconnection presents the token as it is then.
      auth: (send) => send({ protocolVersion: PROTOCOL_VERSION, siteId: this.siteId, ...this.tokenField() }),
    });
    this.socket.on('connect', () => void this.onConnect());
    this.socket.on('connect_error', (error) => this.onConnectError(error));
    this.socket.on('disconnect', (reason) => {
      this.update({ connection: 'reconnecting' });
      this.holdSendingMessages();
      // The server closed this connection on purpose (for example, while shutting down): Socket.IO
      // does not retry by itself in that case.
      if (reason === 'io server disconnect') this.socket.connect();
    });
    this.socket.on('message:created', (message) => {
      this.receive(message);
      this.fillGaps();
    });
    this.socket.on('conversation:updated', (conversation) => {
      // Updates can cross between server nodes: an older state (say, a queue position read just
      // before an agent accepted) must not replace a newer one.
      const held = this.state.conversation;
      if (held !== null && held.id === conversation.id && conversation.version < held.version) return;
      this.update({ conversation });
      this.fillGaps();
    });
  }

  getState(): ChatState {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(details: StartDetails): Promise<void> {
    if (this.state.starting) return;
    this.update({ starting: true, actionError: null, messages: [], pending: [], conversation: null });
    const startRequest = {
      clientId: randomId(),
      secret: randomId(32),
      topicId: details.topicId,
      language: details.language,
      pageUrl: details.pageUrl,
      ...(details.visitorName.trim() ? { visitorName: details.visitorName.trim() } : {}),
      ...(details.pageTitle.trim() ? { pageTitle: details.pageTitle.trim().slice(0, 200) } : {}),
    };
    // The same client id and secret on every attempt: a start whose answer was lost is not repeated.
    for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      if (attempt > 1) await delay(attempt * 1000);
      await this.connectedWithin(ACK_TIMEOUT_MS);
      const response = await this.command('conversation:start', startRequest);
      if (response.ok) {
        this.storeToken(response.token);
        this.update({ starting: false, conversation: response.conversation });
        return;
      }
      if (!RETRYABLE_ERROR_CODES.has(response.error.code) || attempt === START_ATTEMPTS) {
        this.update({ starting: false, actionError: response.error.code });
        return;
      }
    }
  }

  send(text: string): void {
    const pending: PendingMessage = { clientId: randomId(), text, status: 'waiting', error: null };
    this.update({ pending: [...this.state.pending, pending] });
    void this.deliver(pending.clientId);
  }

  /** Sends a failed message again (same client id). */
  retry(clientId: string): void {
    this.setPending(clientId, { status: 'waiting', error: null });
    void this.deliver(clientId);
  }

  async end(): Promise<void> {
    const response = await this.command('conversation:end', {});
    if (response.ok) this.update({ conversation: response.conversation, actionError: null });
    else this.update({ actionError: response.error.code });
  }

  /** Closes the connection for good (the page is going away). */
  close(): void {
    this.socket.disconnect();
  }

  /** Forgets the ended conversation so that a new one can start. */
  reset(): void {
    this.storeToken(null);
    this.update({ conversation: null, messages: [], pending: [], actionError: null });
  }

  private async onConnect(): Promise<void> {
    this.update({ connection: 'online' });
    if (this.tokenField().token !== undefined) await this.catchUp();
    for (const pending of this.state.pending) {
      if (pending.status === 'waiting') void this.deliver(pending.clientId);
    }
  }

  private onConnectError(error: Error & { data?: { code?: string } }): void {
    const code = error.data?.code;
    if (code === 'unauthenticated') {
      // The stored chat is gone (expired, or another site's): start afresh.
      this.storeToken(null);
      this.update({ conversation: null, messages: [], pending: [] });
      this.socket.connect();
    } else if (code !== undefined && FATAL_CODES.has(code)) {
      this.update({ fatalError: code as ErrorCode });
    } else if (code !== undefined) {
      // A refusal by the server's middleware is not retried by Socket.IO; try again shortly.
      this.update({ connection: 'reconnecting' });
      setTimeout(() => this.socket.connect(), 3000);
    } else {
      this.update({ connection: 'reconnecting' });
    }
  }

  /**
   * Fetches what is missing when a sequence number was skipped or the conversation says it has
   * more than is held: a message whose live event was lost (say, its node died just after storing
   * it) still arrives.
   */
  private fillGaps(): void {
    const held = this.contiguousSeq();
    const latest = Math.max(this.state.messages[this.state.messages.length - 1]?.seq ?? 0, this.state.conversation?.lastSeq ?? 0);
    if (latest > held && !this.catchingUp) void this.catchUp();
  }

  /** Fetches the conversation and every message after the last one held, page by page. */
  private async catchUp(): Promise<void> {
    this.catchingUp = true;
    try {
      await this.fetchMissing();
    } finally {
      this.catchingUp = false;
    }
  }

  private async fetchMissing(): Promise<void> {
    for (;;) {
      const response = await this.command('conversation:sync', { afterSeq: this.contiguousSeq() });
      if (!response.ok) return;
      this.update({ conversation: response.conversation });
      for (const message of response.messages) this.receive(message);
      if (!response.hasMore) return;
    }
  }

  private async deliver(clientId: string): Promise<void> {
    const pending = this.state.pending.find((candidate) => candidate.clientId === clientId);
    if (pending === undefined || pending.status === 'sending' || !this.socket.connected) return;
    this.setPending(clientId, { status: 'sending' });
    const response = await this.command('message:send', { clientId, text: pending.text });
    if (response.ok) {
      this.receive(response.message);
    } else if (RETRYABLE_ERROR_CODES.has(response.error.code)) {
      // Held for the next connection; if this one is still up, try again shortly as well.
      this.setPending(clientId, { status: 'waiting' });
      setTimeout(() => void this.deliver(clientId), RETRY_DELAY_MS);
    } else {
      this.setPending(clientId, { status: 'failed', error: response.error.code });
    }
  }

  private receive(message: Message): void {
    const messages = this.state.messages;
    const pending = this.state.pending.filter(
      (candidate) => !(message.author.kind === 'visitor' && candidate.clientId === message.clientId),
    );
    if (messages.some((held) => held.seq === message.seq)) {
      if (pending.length !== this.state.pending.length) this.update({ pending });
      return;
    }
    const next = [...messages, message].sort((a, b) => a.seq - b.seq);
    this.update({ messages: next, pending });
  }

  /** Resolves when connected, or after `timeoutMs` in any case (the command then reports it). */
  private connectedWithin(timeoutMs: number): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.socket.off('connect', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.socket.on('connect', done);
    });
  }

  /** Emits a command and waits for its acknowledgement; a timeout or no connection is `unavailable`. */
  private async command<E extends keyof VisitorClientEvents>(
    event: E,
    payload: Parameters<VisitorClientEvents[E]>[0],
  ): Promise<Parameters<Parameters<VisitorClientEvents[E]>[1]>[0]> {
    type Response = Parameters<Parameters<VisitorClientEvents[E]>[1]>[0];
    const unavailable = { ok: false, error: { code: 'unavailable', message: 'No answer from the server.' } } as Response;
    if (!this.socket.connected) return unavailable;
    // Socket.IO's typings cannot follow a generic event name through emitWithAck.
    const emitter = this.socket.timeout(ACK_TIMEOUT_MS) as unknown as {
      emitWithAck(event: E, payload: unknown): Promise<Response>;
    };
    try {
      return await emitter.emitWithAck(event, payload);
    } catch {
      return unavailable;
    }
  }

  private holdSendingMessages(): void {
    if (!this.state.pending.some((pending) => pending.status === 'sending')) return;
    this.update({
      pending: this.state.pending.map((pending) => (pending.status === 'sending' ? { ...pending, status: 'waiting' } : pending)),
    });
  }

  private setPending(clientId: string, change: Partial<PendingMessage>): void {
    this.update({
      pending: this.state.pending.map((pending) => (pending.clientId === clientId ? { ...pending, ...change } : pending)),
    });
  }

  /**
   * The last sequence number up to which every message is held. Not simply the latest: a live
   * message can arrive while older ones are still being fetched, and those must not be skipped.
   */
  private contiguousSeq(): number {
    let seq = 0;
    for (const message of this.state.messages) {
      if (message.seq !== seq + 1) break;
      seq = message.seq;
    }
    return seq;
  }

  private tokenField(): { token?: string } {
    try {
      const token = sessionStorage.getItem(this.tokenKey);
      return token ? { token } : {};
    } catch {
      return this.memoryToken ? { token: this.memoryToken } : {};
    }
  }


  private storeToken(token: string | null): void {
    this.memoryToken = token;
    try {
      if (token === null) sessionStorage.removeItem(this.tokenKey);
      else sessionStorage.setItem(this.tokenKey, token);
    } catch {
      // Storage is blocked (strict privacy settings): the token lives in memory for this page only.
    }
  }

  private update(change: Partial<ChatState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener(this.state);
  }
}

