/**
 * The chat app's own Socket.IO client against a real Socket.IO server: the handshake with auth,
 * events both ways, acknowledgements and their time limit, the server's refusal and disconnect,
 * reconnection after a lost connection, and long-polling where the WebSocket cannot open.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { connectDirect, type ConnectError, type DirectSocket, type DirectSocketOptions, type MakeWebSocket } from '../../widget/app/direct-socket.js';
import { pollingEngine } from '../../widget/app/polling-engine.js';

type ServerEvents = { news: (item: { n: number }) => void };

const nodeWebSocket: MakeWebSocket = (url) => new NodeWebSocket(url) as unknown as WebSocket;
/** A WebSocket that never opens, as behind a proxy that blocks them: the server refuses its transport name. */
const blocked: MakeWebSocket = (url) => new NodeWebSocket(url.replace('transport=websocket', 'transport=blocked')) as unknown as WebSocket;

let http: HttpServer;
let io: Server;
let url: string;
/** Every socket that joined /visitor, with the auth it presented. */
let joined: { socket: ServerSocket; auth: Record<string, unknown> }[];
const clients: DirectSocket<ServerEvents>[] = [];

beforeEach(async () => {
  http = createServer();
  io = new Server(http, { pingInterval: 300, pingTimeout: 200 });
  joined = [];
  const visitors = io.of('/visitor');
  visitors.use((socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown>;
    if (auth.refuse === true) next(Object.assign(new Error('go away'), { data: { code: 'unavailable', retryAfter: 7 } }));
    else next();
  });
  visitors.on('connection', (socket) => {
    joined.push({ socket, auth: socket.handshake.auth as Record<string, unknown> });
    socket.on('echo', (payload: unknown, ack: (answer: unknown) => void) => ack({ ok: true, payload }));
    socket.on('silent', () => {});
    socket.on('tell', (payload: { n: number }) => socket.emit('news', payload));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await io.close();
});

function client(auth: () => object = () => ({ who: 'citizen' }), options: Partial<DirectSocketOptions> = {}): DirectSocket<ServerEvents> {
  const socket = connectDirect<ServerEvents>(url, '/visitor', { auth, makeWebSocket: nodeWebSocket, ...options });
  clients.push(socket);
  return socket;
}

function next<T = unknown>(socket: DirectSocket<ServerEvents>, event: 'connect' | 'disconnect' | 'connect_error' | 'news'): Promise<T> {
  return new Promise((resolve) => {
    const once = (value: T) => {
      socket.off(event, once as never);
      resolve(value);
    };
    socket.on(event, once as never);
  });
}

describe('DirectSocket, the chat app’s Socket.IO client', () => {
  it('joins the namespace with its auth, over a WebSocket, and hears events', async () => {
    const socket = client();
    await next(socket, 'connect');
    expect(socket.connected).toBe(true);
    expect(joined).toHaveLength(1);
    expect(joined[0]!.auth).toEqual({ who: 'citizen' });
    expect(joined[0]!.socket.conn.transport.name).toBe('websocket');
    const news = next<{ n: number }>(socket, 'news');
    socket.emit('tell', { n: 42 });
    expect(await news).toEqual({ n: 42 });
  });

  it('gets acknowledgements, in order, with text that needs escaping', async () => {
    const socket = client();
    await next(socket, 'connect');
    const texts = ['first', 'é "quoted" \\ / 😀', 'third'];
    const answers = await Promise.all(texts.map((text) => socket.timeout(2000).emitWithAck('echo', { text })));
    expect(answers).toEqual(texts.map((text) => ({ ok: true, payload: { text } })));
    const heard = await new Promise((resolve) => socket.emit('echo', 'callback', resolve));
    expect(heard).toEqual({ ok: true, payload: 'callback' });
  });

  it('rejects an acknowledgement that does not come in time', async () => {
    const socket = client();
    await next(socket, 'connect');
    await expect(socket.timeout(100).emitWithAck('silent', {})).rejects.toThrow(/timed out/);
  });

  it('gives the server’s refusal and its data to connect_error, and does not retry by itself', async () => {
    const socket = client(() => ({ refuse: true }));
    const error = await next<ConnectError>(socket, 'connect_error');
    expect(error.message).toBe('go away');
    expect(error.data).toEqual({ code: 'unavailable', retryAfter: 7 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(socket.connected).toBe(false);
    expect(joined).toHaveLength(0);
  });

  it('presents the auth as it is at each attempt', async () => {
    let refuse = true;
    const socket = client(() => ({ refuse }));
    await next(socket, 'connect_error');
    refuse = false;
    socket.connect();
    await next(socket, 'connect');
    expect(joined[0]!.auth).toEqual({ refuse: false });
  });

  it('says "io server disconnect" when the server lets it go, and stays out until asked', async () => {
    const socket = client();
    await next(socket, 'connect');
    const pending = socket.timeout(5000).emitWithAck('silent', {});
    const reason = next<string>(socket, 'disconnect');
    joined[0]!.socket.disconnect();
    expect(await reason).toBe('io server disconnect');
    await expect(pending).rejects.toThrow(/disconnected/);
    socket.connect();
    await next(socket, 'connect');
    expect(joined).toHaveLength(2);
  });

  it('reconnects by itself when the connection is lost', async () => {
    const socket = client();
    await next(socket, 'connect');
    const lost = next<string>(socket, 'disconnect');
    joined[0]!.socket.conn.close();
    expect(await lost).toBe('transport close');
    await next(socket, 'connect');
    expect(socket.connected).toBe(true);
    expect(joined).toHaveLength(2);
  });

  it('counts a server that stops pinging as lost: "ping timeout", then a new attempt', async () => {
    // A WebSocket that opens, says the server pings every 50 ms, and then says nothing more.
    const opened: FakeWebSocket[] = [];
    class FakeWebSocket {
      onopen: (() => void) | null = null;
      onmessage: ((event: { data: unknown }) => void) | null = null;
      onclose: (() => void) | null = null;
      onerror: (() => void) | null = null;
      sent: string[] = [];
      constructor() {
        opened.push(this);
        setTimeout(() => this.onmessage?.({ data: '0{"sid":"s","upgrades":[],"pingInterval":50,"pingTimeout":50,"maxPayload":1000}' }), 1);
      }
      send(data: string) {
        this.sent.push(data);
        if (data.startsWith('40/visitor,')) this.onmessage?.({ data: '40/visitor,{"sid":"n"}' });
      }
      close() {}
    }
    const socket = client(undefined, { makeWebSocket: () => new FakeWebSocket() as unknown as WebSocket });
    await next(socket, 'connect');
    const started = Date.now();
    expect(await next<string>(socket, 'disconnect')).toBe('ping timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    await next(socket, 'connect');
    expect(opened).toHaveLength(2);
  });

  it('can be closed while its WebSocket is still opening, and stays closed', async () => {
    const socket = client();
    socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(socket.connected).toBe(false);
    expect(joined).toHaveLength(0);
  });

  it('drops what is emitted while disconnected rather than sending it later', async () => {
    const socket = client();
    await next(socket, 'connect');
    socket.disconnect();
    socket.volatile.emit('tell', { n: 1 });
    socket.connect();
    await next(socket, 'connect');
    const news = next<{ n: number }>(socket, 'news');
    socket.emit('tell', { n: 2 });
    expect(await news).toEqual({ n: 2 });
  });

  it('falls back to HTTP long-polling when the WebSocket cannot open, and keeps working', async () => {
    let fallbacks = 0;
    const socket = client(undefined, {
      makeWebSocket: blocked,
      fallback: async () => {
        fallbacks++;
        return pollingEngine(url);
      },
    });
    await next(socket, 'connect');
    expect(fallbacks).toBe(1);
    expect(joined[0]!.socket.conn.transport.name).toBe('polling');
    expect(await socket.timeout(2000).emitWithAck('echo', 'over polling')).toEqual({ ok: true, payload: 'over polling' });
  });

  it('keeps trying the WebSocket while the fallback cannot reach the server, and falls back once it can', async () => {
    let asked = 0;
    const socket = client(undefined, {
      makeWebSocket: blocked,
      // The chat app's fallback checks the server over HTTP first: down for the first two asks.
      fallback: async () => {
        if (++asked <= 2) throw new Error('healthz unreachable');
        return pollingEngine(url);
      },
    });
    await next(socket, 'connect');
    expect(asked).toBe(3);
    expect(joined[0]!.socket.conn.transport.name).toBe('polling');
  });

  it('does not fall back once a WebSocket has worked on the page', async () => {
    let fallbacks = 0;
    const socket = client(undefined, {
      fallback: async () => {
        fallbacks++;
        return pollingEngine(url);
      },
    });
    await next(socket, 'connect');
    const lost = next(socket, 'disconnect');
    joined[0]!.socket.conn.close();
    await lost;
    await next(socket, 'connect');
    expect(fallbacks).toBe(0);
    expect(joined[1]!.socket.conn.transport.name).toBe('websocket');
  });
});
