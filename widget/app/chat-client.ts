/**
 * The chat app's connection to the server and the state it draws from, with no UI in it.
 *
 * Delivery (delivery/outbox.ts): every message gets a client id before it is sent and stays in
 * `pending` until the server has it (acknowledged, or seen in `message:created` or a catch-up).
 * Messages go one at a time, in the order written; one that times out or meets a disconnect is
 * sent again, with the same id, before anything after it, and the server keeps one copy. After
 * each (re)connection the client asks for everything after the last sequence number it holds
 * without a gap, so nothing is lost and nothing is shown twice.
 */
import { newClientId, randomHex } from '../../delivery/client-id.js';
import { sendCommand, type CommandName, type CommandResult, type PayloadOf } from '../../delivery/command.js';
import { isClientFailure, isRetryable, type CommandErrorCode } from '../../delivery/failure.js';
import { confirmMessages, enqueue, retry, type Outbox } from '../../delivery/outbox.js';
import { isKnownTimeZone } from '../../protocol/time-zone-name.js';
import { createOutboxSender } from '../../delivery/outbox-sender.js';
import { contiguousSeq, hasGap, mergeMessages } from '../../delivery/sequence.js';
import { createTypingReceiver } from '../../delivery/typing.js';
import type { ErrorCode } from '../../protocol/error-codes.js';
import type { Language } from '../../protocol/languages.js';
import type { Message, VisitorConversation } from '../../protocol/models.js';
import type { RedactionKind } from '../../protocol/privacy.js';
import type { SurveyAnswers } from '../../protocol/survey.js';
import { VISITOR_NAMESPACE } from '../../protocol/namespaces.js';
import { connectDirect, type ConnectError, type DirectSocket, type MakeWebSocket } from './direct-socket.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import type {
  ConversationStart,
  LeaveMessage,
  VisitorClientEvents,
  VisitorQueueChange,
  VisitorServerEvents,
} from '../../protocol/visitor-events.js';
import {
  adoptView,
  applyChanges,
  followQueueWait,
  GAP_WAIT_MS,
  isNewer,
  isSameLine,
  placeFromView,
  queueNoteAfter,
  shownPosition,
  withEstimate,
  type PlaceInLine,
  type QueueNote,
} from './queue-place.js';

const ACK_TIMEOUT_MS = 8000;
/** Waits before connecting again after a refusal by the server's middleware: the first, then doubled up to the last. */
const REFUSED_RETRY_FIRST_MS = 3000;
const REFUSED_RETRY_MAX_MS = 60_000;
const START_ATTEMPTS = 3;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ChatState {
  /** `busy`: the server refused the connection because it is overloaded; it is tried again later, by itself. */
  connection: 'connecting' | 'online' | 'reconnecting' | 'busy';
  conversation: VisitorConversation | null;
  /** Why the place in line is what it is, when that needs saying (see `queueNoteAfter`). */
  queueNote: QueueNote | null;
  /** Confirmed messages, in sequence order. */
  messages: Message[];
  /** Messages the citizen sent that the server has not confirmed yet, in the order written. */
  pending: Outbox;
  starting: boolean;
  /** Why the last start or end failed, for the person to read. */
  actionError: ErrorCode | null;
  /** The chat cannot work here at all (unknown site, not allowed, outdated). */
  fatalError: ErrorCode | null;
  /** The agent is typing (it goes off by itself a few seconds after the last signal). */
  agentTyping: boolean;
}

export interface StartDetails {
  visitorName: string;
  topicId: string;
  language: Language;
  pageUrl: string;
  pageTitle: string;
}

/** What a citizen gives when leaving a message (empty strings for what they left out). */
export interface LeaveDetails {
  topicId: string;
  language: Language;
  visitorName: string;
  email: string;
  phone: string;
  text: string;
  pageUrl: string;
}

/** The reference of a stored message, or why it was not stored. */
export type LeaveResult = { reference: string; redacted: RedactionKind[] } | { code: ErrorCode };

type Listener = (state: ChatState) => void;
type VisitorSocket = DirectSocket<VisitorServerEvents>;

/** How to connect from Node, where there is no browser to send the page's origin. */
export interface OutsideBrowser {
  headers: Record<string, string>;
  makeWebSocket: MakeWebSocket;
}
type Command = CommandName<VisitorClientEvents>;

/** What the citizen is told: a client-side failure reads as the service being unavailable. */
const shownCode = (code: CommandErrorCode): ErrorCode => (isClientFailure(code) ? 'unavailable' : code);

const FATAL_CODES: ReadonlySet<string> = new Set(['not_found', 'origin_not_allowed', 'client_outdated', 'invalid_payload']);

export class ChatClient {
  // Methods are set in the constructor, over state held in its closure: local names minify where
  // private fields and methods would not, and class-field syntax, compiled for the chat app's older
  // target, would pull a defineProperty helper into the bundle.
  /** The state as it is now. */
  declare readonly getState: () => ChatState;
  /** Calls `listener` after every change; answers a function that stops it. */
  declare readonly subscribe: (listener: Listener) => () => void;
  /** Starts a conversation (idempotent: a start whose answer was lost is not repeated). */
  declare readonly start: (details: StartDetails) => Promise<void>;
  /** Shows the message at once (with its client id made now) and sends it after those before it. */
  declare readonly send: (text: string) => void;
  /** Sends a failed message again (same client id), in its place if it can still go first. */
  declare readonly retry: (clientId: string) => void;
  /** Ends the conversation. */
  declare readonly end: () => Promise<void>;
  /** "Stay in the chat": answers an inactivity warning, so the chat stays open. */
  declare readonly extend: () => Promise<void>;
  /** Closes the connection for good (the page is going away). */
  declare readonly close: () => void;
  /** Forgets the ended conversation so that a new one can start. */
  declare readonly reset: () => void;
  /**
   * Quick exit: ends the chat (told to the agent if the connection can still carry it), forgets it
   * here (the token in session storage too) and disconnects, so nothing of it stays in the tab.
   */
  declare readonly quickExit: () => void;
  /** Leaves a message for later (retried with the same client id, so it is stored once). */
  declare readonly leave: (details: LeaveDetails) => Promise<LeaveResult>;
  /** Says that the citizen is typing, or stopped (paced by delivery/typing.ts); only to an agent in the chat. */
  declare readonly typing: (typing: boolean) => void;
  /**
   * The citizen switched language: the chat follows (the agent sees it at once; a waiting chat
   * moves to that language's line). Told again after a reconnection if it could not be then.
   */
  declare readonly setLanguage: (language: Language) => void;
  /**
   * The citizen's own transcript, written by the server (in the chat's language, with the
   * reference): its file name and text, or null when it could not be had.
   */
  declare readonly transcript: () => Promise<{ name: string; text: Blob } | null>;
  /** Answers the survey after the chat (once); null when it was taken, else why not. */
  declare readonly answerSurvey: (answers: SurveyAnswers) => Promise<ErrorCode | null>;

  /**
   * `outsideBrowser` is for running in Node (the tests and benchmarks): a WebSocket client and the
   * headers it sends, since a browser sends the `Origin` the server checks by itself and Node's
   * clients do not. `visitorId` is the loader's random visitor id (the frame's `visitor`), sent
   * with a start so that the server judges the soft launch's rules for this visitor; a frame
   * opened without one makes its own.
   */
  constructor(siteId: string, serverUrl: string, outsideBrowser?: OutsideBrowser, visitorId: string = randomHex(16)) {
    const headers = outsideBrowser?.headers;
    let state: ChatState = {
      connection: 'connecting',
      conversation: null,
      queueNote: null,
      messages: [],
      pending: [],
      starting: false,
      actionError: null,
      fatalError: null,
      agentTyping: false,
    };
    const listeners = new Set<Listener>();
    const tokenKey = `gov-chat:token:${siteId}`;
    let catchingUp = false;
    /** The token when sessionStorage is blocked (strict privacy settings): this page only. */
    let memoryToken: string | null = null;

    const update = (change: Partial<ChatState>): void => {
      state = { ...state, ...change };
      for (const listener of listeners) listener(state);
    };

    /** The change that puts `next` in place of the conversation held, with the note it calls for. */
    const showing = (next: VisitorConversation): Partial<ChatState> => ({
      conversation: next,
      queueNote: queueNoteAfter(state.conversation, next, state.queueNote),
    });

    const tokenField = (): { token?: string } => {
      try {
        const token = sessionStorage.getItem(tokenKey);
        return token ? { token } : {};
      } catch {
        return memoryToken ? { token: memoryToken } : {};
      }
    };

    const storeToken = (token: string | null): void => {
      memoryToken = token;
      try {
        if (token === null) sessionStorage.removeItem(tokenKey);
        else sessionStorage.setItem(tokenKey, token);
      } catch {
        // Storage is blocked (strict privacy settings): the token lives in memory for this page only.
      }
    };

    const socket: VisitorSocket = connectDirect(serverUrl, VISITOR_NAMESPACE, {
      // A function, so every reconnection presents the token as it is then.
      auth: () => ({ protocolVersion: PROTOCOL_VERSION, siteId, ...tokenField() }),
      // A WebSocket: no sticky sessions needed behind a load balancer. HTTP long-polling (a chunk
      // loaded then) only where WebSockets are blocked: the WebSocket never opened on this page,
      // yet the server answers over HTTP (a server that is down is waited for instead); see
      // README, "Several nodes".
      ...(outsideBrowser === undefined
        ? {
            makeWebSocket: (url) => new WebSocket(url),
            fallback: () =>
              fetch(`${serverUrl}/healthz`)
                .then((response) => (response.ok ? import('./polling-engine.js') : Promise.reject(new Error(`healthz ${response.status}`))))
                .then((module) => module.pollingEngine(serverUrl)),
          }
        : { makeWebSocket: outsideBrowser.makeWebSocket }),
    });

    /** Sends a command and waits for its acknowledgement, or says why none came. */
    const command = <E extends Command>(event: E, payload: PayloadOf<VisitorClientEvents, E>): Promise<CommandResult<VisitorClientEvents, E>> =>
      sendCommand<VisitorClientEvents, E>(socket, event, payload, ACK_TIMEOUT_MS);

    /**
     * Sends a command that is safe to repeat (its client id makes the server keep one), waiting for
     * a connection first, up to START_ATTEMPTS times while what went wrong may pass.
     */
    const commandWithRetries = async <E extends Command>(event: E, payload: PayloadOf<VisitorClientEvents, E>): Promise<CommandResult<VisitorClientEvents, E>> => {
      for (let attempt = 1; ; attempt++) {
        if (attempt > 1) await delay(attempt * 1000);
        await connectedWithin(ACK_TIMEOUT_MS);
        const response = await command(event, payload);
        if (response.ok || !isRetryable(response.error.code) || attempt === START_ATTEMPTS) return response;
      }
    };

    /** Merges confirmed messages and retires the citizen's pending copies they confirm. */
    const receive = (incoming: readonly Message[]): void => {
      const messages = mergeMessages(state.messages, incoming);
      const pending = confirmMessages(state.pending, incoming, 'visitor');
      if (messages !== state.messages || pending !== state.pending) update({ messages, pending });
    };

    const sender = createOutboxSender({
      read: () => state.pending,
      write: (pending) => update({ pending }),
      connected: () => socket.connected,
      send: async (item) => {
        const response = await command('message:send', { clientId: item.clientId, text: item.text });
        if (response.ok) receive([response.message]);
        return response;
      },
    });

    /** Fetches the conversation and every message after the last one held without a gap, page by page. */
    const catchUp = async (): Promise<void> => {
      catchingUp = true;
      try {
        for (;;) {
          const response = await command('conversation:sync', { afterSeq: contiguousSeq(state.messages) });
          if (!response.ok) return;
          showConversation(response.conversation);
          receive(response.messages);
          if (!response.hasMore || response.messages.length === 0) return;
        }
      } finally {
        catchingUp = false;
      }
    };

    /**
     * Fetches what is missing when a sequence number was skipped or the conversation says it has
     * more than is held: a message whose live event was lost (say, its node died just after storing
     * it) still arrives.
     */
    const fillGaps = (): void => {
      if (!catchingUp && hasGap(state.messages, state.conversation?.lastSeq)) void catchUp();
    };

    /** The citizen's place in line, kept from the server's views and the queue's changes. */
    let place: PlaceInLine | null = null;
    let gapCheck: ReturnType<typeof setTimeout> | undefined;

    /** Shows a view of the conversation from the server, unless a newer one is held. */
    const showConversation = (conversation: VisitorConversation): void => {
      // Updates can cross between server nodes: an older state (say, a place in line read just
      // before an agent accepted) must not replace a newer one.
      if (!isNewer(conversation, state.conversation)) return;
      // Places and revisions belong to one queue: a chat that moved to another starts afresh.
      if (!isSameLine(state.conversation, conversation)) place = null;
      place = placeFromView(conversation, place, Date.now());
      // The later of its wait inputs and those held: a view built from inputs read a moment ago can
      // arrive after a newer `queue:wait`.
      showPlace(adoptView(conversation, state.conversation));
    };

    /** Shows the conversation at the place kept here, with its wait worked out for that place. */
    const showPlace = (conversation: VisitorConversation): void => {
      const placed = place === null ? conversation : withEstimate({ ...conversation, queuePosition: shownPosition(place), queueRevision: place.revision });
      update(showing(placed));
      clearTimeout(gapCheck);
      // A revision still missing a while from now: ask for the place again then.
      if (place?.gapSince != null) gapCheck = setTimeout(() => followChanges([]), GAP_WAIT_MS);
    };

    const followChanges = (changes: readonly VisitorQueueChange[]): void => {
      if (place === null || state.conversation === null) return;
      const followed = applyChanges(place, changes, Date.now());
      place = followed.place;
      showPlace(state.conversation);
      if (followed.resync && !catchingUp) void catchUp();
    };

    /** Resolves when connected, or after `timeoutMs` in any case (the command then reports it). */
    const connectedWithin = (timeoutMs: number): Promise<void> => {
      if (socket.connected) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          socket.off('connect', done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        socket.on('connect', done);
      });
    };

    const agentTyping = createTypingReceiver((_key, typing) => update({ agentTyping: typing }));
    /** The language the citizen chose last, and whether the server is being told it now. */
    let language: Language | null = null;
    let tellingLanguage = false;
    const tellLanguage = async (): Promise<void> => {
      if (tellingLanguage) return;
      tellingLanguage = true;
      try {
        for (;;) {
          const wanted = language;
          const conversation = state.conversation;
          if (wanted === null || conversation === null || conversation.status === 'closed' || conversation.language === wanted) return;
          const response = await command('conversation:set-language', { language: wanted });
          // Not now (offline, say): told again after the next connection.
          if (!response.ok) return;
          showConversation(response.conversation);
          if (response.conversation.language === wanted) return;
        }
      } finally {
        tellingLanguage = false;
      }
    };

    /** Forgets the conversation held here. */
    const forget = (): void => {
      sender.cancel();
      storeToken(null);
      update({ conversation: null, queueNote: null, messages: [], pending: [], actionError: null });
    };

    socket.on('connect', () => {
      refusedRetryMs = REFUSED_RETRY_FIRST_MS;
      update({ connection: 'online' });
      // Resent before catching up, not retired by it: a message a dying node stored but never
      // announced is announced to the agent on its retry (the server keeps one copy).
      sender.flush();
      if (tokenField().token !== undefined) void catchUp().then(tellLanguage);
    });
    /** The wait before the next attempt after a refusal; back to the first once connected. */
    let refusedRetryMs = REFUSED_RETRY_FIRST_MS;
    let refusedRetry: ReturnType<typeof setTimeout> | undefined;
    socket.on('connect_error', (error: ConnectError) => {
      const code = error.data?.code;
      if (code === 'unauthenticated') {
        // The stored chat is gone (expired, or another site's): start afresh.
        forget();
        socket.connect();
      } else if (code !== undefined && FATAL_CODES.has(code)) {
        update({ fatalError: code as ErrorCode });
      } else {
        // `unavailable`: the server is shedding load (server/realtime/pressure-guard.ts).
        update({ connection: code === 'unavailable' ? 'busy' : 'reconnecting' });
        // A refusal by the server's middleware is not retried by Socket.IO; try again later, waiting
        // longer each time (at least what the server asked), with some randomness so that the
        // citizens refused together do not all come back together.
        if (code !== undefined) {
          const asked = Number(error.data?.retryAfter) * 1000;
          const wait = Math.max(refusedRetryMs, Number.isFinite(asked) ? Math.min(asked, REFUSED_RETRY_MAX_MS) : 0);
          refusedRetryMs = Math.min(refusedRetryMs * 2, REFUSED_RETRY_MAX_MS);
          clearTimeout(refusedRetry);
          refusedRetry = setTimeout(() => socket.connect(), wait * (0.75 + Math.random() / 2));
        }
      }
    });
    socket.on('disconnect', (reason) => {
      update({ connection: 'reconnecting' });
      sender.hold();
      // The server closed this connection on purpose (for example, while shutting down): Socket.IO
      // does not retry by itself in that case.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('message:created', (message) => {
      // The message they were typing has arrived.
      if (message.author.kind === 'agent') agentTyping.clear('agent');
      receive([message]);
      fillGaps();
    });
    socket.on('typing:changed', ({ typing }) => agentTyping.heard('agent', typing));
    socket.on('conversation:updated', (conversation) => {
      // Updates can cross between server nodes: an older state (say, a queue position read just
      // before an agent accepted) must not replace a newer one.
      showConversation(conversation);
      fillGaps();
    });
    socket.on('queue:changed', ({ queueId, changes }) => {
      // A batch of the queue this chat just left can still arrive: its revisions are not ours.
      if (queueId === state.conversation?.queueId) followChanges(changes);
    });
    socket.on('queue:wait', (wait) => {
      const followed = state.conversation === null ? null : followQueueWait(state.conversation, wait);
      if (followed !== null) update({ conversation: followed });
    });

    this.getState = () => state;
    this.subscribe = (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
    this.start = async (details) => {
      if (state.starting) return;
      sender.cancel();
      language = details.language;
      update({ starting: true, actionError: null, messages: [], pending: [], conversation: null, queueNote: null });
      // Every field named, on a typed literal: a field renamed in protocol/ fails to compile here.
      const startRequest: ConversationStart = {
        clientId: newClientId(),
        secret: randomHex(32),
        topicId: details.topicId,
        language: details.language,
        pageUrl: details.pageUrl,
        visitorName: details.visitorName.trim() || undefined,
        pageTitle: details.pageTitle.trim().slice(0, 200) || undefined,
        visitorId,
        timeZone: browserTimeZone(),
      };
      // The same client id and secret on every attempt: a start whose answer was lost is not repeated.
      const response = await commandWithRetries('conversation:start', startRequest);
      if (!response.ok) return update({ starting: false, actionError: shownCode(response.error.code) });
      storeToken(response.token);
      update({ starting: false });
      showConversation(response.conversation);
    };
    this.send = (text) => {
      update({ pending: enqueue(state.pending, newClientId(), text) });
      sender.flush();
    };
    this.retry = (clientId) => {
      update({ pending: retry(state.pending, clientId) });
      sender.flush();
    };
    this.end = async () => {
      const response = await command('conversation:end', {});
      update(response.ok ? { ...showing(response.conversation), actionError: null } : { actionError: shownCode(response.error.code) });
    };
    this.extend = async () => {
      const response = await command('conversation:extend', {});
      if (!response.ok) update({ actionError: shownCode(response.error.code) });
      else update({ actionError: null, ...(isNewer(response.conversation, state.conversation) ? { conversation: response.conversation } : {}) });
    };
    this.close = () => {
      sender.cancel();
      clearTimeout(refusedRetry);
      socket.disconnect();
    };
    this.reset = forget;
    this.quickExit = () => {
      if (socket.connected && state.conversation !== null && state.conversation.status !== 'closed') socket.emit('conversation:end', {}, () => {});
      forget();
      clearTimeout(refusedRetry);
      socket.disconnect();
    };
    this.leave = async (details) => {
      // Every field named, on a typed literal: a field renamed in protocol/ fails to compile here.
      const request: LeaveMessage = {
        clientId: newClientId(),
        topicId: details.topicId,
        language: details.language,
        visitorName: details.visitorName.trim() || undefined,
        email: details.email.trim() || undefined,
        phone: details.phone.trim() || undefined,
        text: details.text,
        pageUrl: details.pageUrl,
      };
      const response = await commandWithRetries('message:leave', request);
      return response.ok ? { reference: response.reference, redacted: response.redacted } : { code: shownCode(response.error.code) };
    };
    this.typing = (typing) => {
      // Volatile and unanswered: dropped rather than buffered when it cannot go now.
      if (socket.connected && state.conversation?.status === 'active') socket.volatile.emit('typing:set', { typing });
    };
    this.setLanguage = (next) => {
      language = next;
      void tellLanguage();
    };
    this.transcript = async () => {
      // The token goes in the body (never in an address); the server answers an attachment.
      const response = await fetch(`${serverUrl}/api/widget/transcript`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ site: siteId, token: tokenField().token }),
      }).catch(() => null);
      if (response?.ok !== true) return null;
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'transcript.txt';
      return { name, text: await response.blob() };
    };
    this.answerSurvey = async (answers) => {
      const response = await command('survey:answer', answers);
      if (!response.ok) return shownCode(response.error.code);
      if (isNewer(response.conversation, state.conversation)) update({ conversation: response.conversation });
      return null;
    };
  }
}

/**
 * The browser's time-zone name, for reports (the server keeps only whether it is outside the
 * site's); undefined when the browser gives none or one not shaped as an IANA name.
 */
function browserTimeZone(): string | undefined {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return typeof zone === 'string' && isKnownTimeZone(zone) ? zone : undefined;
  } catch {
    return undefined;
  }
}
