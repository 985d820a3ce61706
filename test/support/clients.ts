/**
 * Real clients for integration tests: HTTP with fetch, sockets with socket.io-client, the way the
 * widget and the console speak to the server.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { WebSocket as NodeWebSocket } from 'ws';
import type { AgentClientEvents, AgentServerEvents } from '../../protocol/agent-events.js';
import type { AckResponse } from '../../protocol/error-codes.js';
import type { ConversationStart, VisitorClientEvents, VisitorServerEvents } from '../../protocol/visitor-events.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import type { AuthService, NewAccount } from '../../server/services/auth-service.js';
import { DEMO_QUEUES } from '../../server/services/seed.js';
import type { OutsideBrowser } from '../../widget/app/chat-client.js';

export type VisitorSocket = Socket<VisitorServerEvents, VisitorClientEvents>;
export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;

const sockets = new Set<Socket>();

/**
 * Sends a command and resolves with its acknowledgement, typed from the event map (Socket.IO's
 * own `timeout().emitWithAck` loses the type of our acknowledgement union).
 */
export function ask<E extends keyof VisitorClientEvents>(
  socket: VisitorSocket,
  event: E,
  payload: Parameters<VisitorClientEvents[E]>[0],
): Promise<AckResponse<VisitorClientEvents[E]>>;
export function ask<E extends keyof AgentClientEvents>(
  socket: AgentSocket,
  event: E,
  payload: Parameters<AgentClientEvents[E]>[0],
): Promise<AckResponse<AgentClientEvents[E]>>;
export function ask(socket: Socket, event: string, payload: unknown): Promise<unknown> {
  return socket.timeout(5000).emitWithAck(event, payload);
}

/** Closes every socket the test opened (call in afterEach). */
export function closeAllSockets(): void {
  for (const socket of sockets) socket.disconnect();
  sockets.clear();
}

function track<S extends Socket>(socket: S): S {
  sockets.add(socket);
  return socket;
}

/** Resolves when the socket connects; rejects with the server's `connect_error` (its data has the code). */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

export interface VisitorOptions {
  siteId?: string;
  token?: string;
  /** The Origin header; the chat host itself (as from the widget's iframe) unless given. `null` sends none. */
  origin?: string | null;
  protocolVersion?: number;
  /** A client address of its own, as X-Forwarded-For (for a server started with TRUST_PROXY). */
  address?: string;
}

export function visitorSocket(url: string, options: VisitorOptions = {}): VisitorSocket {
  return track(
    io(`${url}/visitor`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: {
        protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION,
        siteId: options.siteId ?? 'demo',
        ...(options.token !== undefined ? { token: options.token } : {}),
      },
      extraHeaders: {
        ...originHeader(options.origin === undefined ? url : options.origin).extraHeaders,
        ...(options.address !== undefined ? { 'x-forwarded-for': options.address } : {}),
      },
    }),
  );
}

export async function connectVisitor(url: string, options: VisitorOptions = {}): Promise<VisitorSocket> {
  const socket = visitorSocket(url, options);
  await connected(socket);
  return socket;
}

export function startRequest(overrides: Partial<ConversationStart> = {}): ConversationStart {
  return {
    clientId: randomUUID(),
    secret: randomBytes(32).toString('base64url'),
    visitorName: 'Marie',
    // Permits wait in "agents pick" queues, so a test decides who accepts; benefits are routed.
    topicId: 'permits',
    language: 'fr',
    pageUrl: 'http://127.0.0.1/services/benefits',
    pageTitle: 'Benefits',
    visitorId: randomBytes(16).toString('base64url'),
    ...overrides,
  };
}

/** Connects a visitor and starts a chat; returns the socket, the token and the conversation id. */
export async function startChat(url: string, overrides: Partial<ConversationStart> = {}, options: VisitorOptions = {}) {
  const socket = await connectVisitor(url, options);
  const response = await ask(socket, 'conversation:start', startRequest(overrides));
  if (!response.ok) throw new Error(`start failed: ${response.error.code}`);
  return { socket, token: response.token, conversationId: response.conversation.id, conversation: response.conversation };
}

/** Signs in over HTTP; returns the session cookie header value. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie');
  if (cookie === null) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

export function agentSocket(url: string, cookie: string, options: { reconnection?: boolean; origin?: string | null } = {}): AgentSocket {
  const { extraHeaders } = originHeader(options.origin === undefined ? url : options.origin);
  return track(
    io(`${url}/agent`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: options.reconnection ?? false,
      auth: { protocolVersion: PROTOCOL_VERSION },
      extraHeaders: { cookie, ...extraHeaders },
    }),
  );
}

/**
 * The Origin header a browser would send. Node's WebSocket client sends none by itself, and the
 * server refuses connections that do not prove their origin.
 */
function originHeader(origin: string | null): { extraHeaders: Record<string, string> } {
  return { extraHeaders: origin === null ? {} : { origin: new URL(origin).origin } };
}

export async function connectAgent(url: string, cookie: string): Promise<AgentSocket> {
  const socket = agentSocket(url, cookie);
  await connected(socket);
  return socket;
}

/** Creates an agent account directly through the service, signs in, connects; status available. */
export async function onlineAgent(
  url: string,
  auth: AuthService,
  account: Partial<NewAccount> = {},
): Promise<{ socket: AgentSocket; cookie: string; email: string; password: string }> {
  const email = account.email ?? `agent-${randomUUID().slice(0, 8)}@example.test`;
  const password = account.password ?? 'a-long-enough-password';
  await auth.createAccount({ displayName: 'Alex', role: 'agent', languages: ['en', 'fr'], queueIds: DEMO_QUEUES.map((queue) => queue.id), ...account, email, password });
  const cookie = await signIn(url, email, password);
  const socket = await connectAgent(url, cookie);
  const status = await ask(socket, 'agent:set-status', { status: 'available' });
  if (!status.ok) throw new Error(`set-status failed: ${status.error.code}`);
  return { socket, cookie, email, password };
}

/** Resolves with the next event of that name whose payload passes `test`. */
export function nextEvent<T>(socket: Socket, event: string, test: (payload: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!test(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/**
 * What the chat app's ChatClient needs to run in Node: a WebSocket client that sends the page's
 * `Origin` (a browser sends it by itself) and any other headers, such as `x-forwarded-for`.
 */
export function outsideBrowser(headers: Record<string, string>): OutsideBrowser {
  return { headers, makeWebSocket: (url) => new NodeWebSocket(url, { headers }) as unknown as WebSocket };
}
