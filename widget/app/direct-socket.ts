/**
 * The chat app's Socket.IO client: one namespace over one WebSocket, speaking the Socket.IO 5 and
 * Engine.IO 4 protocols (https://socket.io/docs/v4/socket-io-protocol/) with only what the chat
 * app uses: connect with auth, events, acknowledgements with a time limit, volatile emits, and
 * reconnection with backoff.
 *
 * Why not `socket.io-client`: it is about 13 KB gzipped (both transports, upgrades, binary
 * packets, multiplexing, buffering), half of the citizen's whole download budget (25 KB). This is
 * about 1.5 KB. Where WebSockets are blocked (some proxies), the first failed attempt loads
 * Engine.IO's own client with HTTP long-polling (`polling-engine.ts`) as a separate chunk, and the
 * same Socket.IO layer runs over it; nobody else downloads it.
 *
 * What it does not do, on purpose: emits while disconnected are dropped, not buffered (the outbox
 * resends messages itself, and a command must not land minutes after the person was told it
 * failed; see delivery/command.ts), and binary packets are not supported (the protocol is JSON).
 */

/** The Engine.IO session that carries Socket.IO packets: opened, then closed once. */
export interface Engine {
  send(packet: string): void;
  close(): void;
}

/** What an engine tells the Socket.IO layer. `closed` comes once, with whether it ever opened. */
export interface EngineEvents {
  opened(): void;
  packet(data: string): void;
  closed(reason: string, everOpened: boolean): void;
}

/** Opens an Engine.IO session to the server. */
export type OpenEngine = (events: EngineEvents) => Engine;

/** Builds a WebSocket: the browser's, or (in Node) one that can send headers such as Origin. */
export type MakeWebSocket = (url: string) => WebSocket;

/** Without the server's open packet within this time, an attempt has failed (Socket.IO's default). */
const OPEN_TIMEOUT_MS = 20_000;
/** Reconnection waits: Socket.IO's defaults (1 s doubling to 5 s, each ±50 %). */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 5000;

/** An Engine.IO session over one WebSocket: the open packet, the server's pings, and the close. */
export function webSocketEngine(serverUrl: string, makeWebSocket: MakeWebSocket): OpenEngine {
  return (events) => {
    const ws = makeWebSocket(`${serverUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    let opened = false;
    let done = false;
    let pingLimitMs = OPEN_TIMEOUT_MS;
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const finish = (reason: string): void => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      ws.close();
      events.closed(reason, opened);
    };
    // The server pings every pingInterval; silence for longer than that plus pingTimeout is a dead link.
    const expectWithin = (ms: number): void => {
      clearTimeout(deadline);
      deadline = setTimeout(() => finish('ping timeout'), ms);
    };
    expectWithin(OPEN_TIMEOUT_MS);
    ws.onmessage = ({ data }) => {
      if (typeof data !== 'string') return;
      const type = data[0];
      if (type === '4') events.packet(data.slice(1));
      else if (type === '2') {
        expectWithin(pingLimitMs);
        ws.send('3');
      } else if (type === '0') {
        const handshake = JSON.parse(data.slice(1)) as { pingInterval: number; pingTimeout: number };
        pingLimitMs = handshake.pingInterval + handshake.pingTimeout;
        opened = true;
        expectWithin(pingLimitMs);
        events.opened();
      } else if (type === '1') finish('transport close');
    };
    ws.onclose = () => finish('transport close');
    ws.onerror = () => finish('transport error');
    return {
      send: (packet) => {
        if (!done) ws.send(`4${packet}`);
      },
      close: () => finish('io client disconnect'),
    };
  };
}

type Handler = (...args: any[]) => void;
/** The events every socket hears, named as `socket.io-client` names them. */
export interface ReservedEvents {
  connect: () => void;
  connect_error: (error: ConnectError) => void;
  disconnect: (reason: string) => void;
}
type Ack = (error: Error | null, answer?: unknown) => void;

/** An error as `socket.io-client` gives it to `connect_error`: the server's `data` when it refused. */
export type ConnectError = Error & { data?: { code?: string; retryAfter?: unknown } };

export interface DirectSocketOptions {
  /** Sent with every connection attempt, read afresh each time. */
  auth: () => object;
  makeWebSocket: MakeWebSocket;
  /** Loads the long-polling engine when WebSockets are blocked; none outside a browser. */
  fallback?: () => Promise<OpenEngine>;
}

/**
 * A Socket.IO client socket for one namespace, with the `socket.io-client` methods the chat app
 * calls (`on`, `off`, `connect`, `disconnect`, `emit`, `volatile.emit`, `timeout().emitWithAck`)
 * and its reserved events: `connect`, `connect_error` and `disconnect` with the same reasons.
 * It connects at once. A lost connection is retried by itself; a refusal by the server and a
 * disconnect by the server are not (the caller decides, as with `socket.io-client`).
 */
export class DirectSocket<ServerEvents extends { [E in keyof ServerEvents]: Handler }> {
  connected = false;
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly acks = new Map<number, Ack>();
  private nextAckId = 0;
  private engine: Engine | null = null;
  private openEngine: OpenEngine;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private webSocketWorked = false;
  private fallback: DirectSocketOptions['fallback'];
  private readonly prefix: string;

  constructor(serverUrl: string, namespace: string, private readonly options: DirectSocketOptions) {
    this.prefix = `${namespace},`;
    this.openEngine = webSocketEngine(serverUrl, options.makeWebSocket);
    this.fallback = options.fallback;
    this.connect();
  }

  on<E extends keyof (ServerEvents & ReservedEvents) & string>(event: E, handler: (ServerEvents & ReservedEvents)[E]): void {
    const set = this.handlers.get(event) ?? new Set<Handler>();
    set.add(handler as Handler);
    this.handlers.set(event, set);
  }

  off<E extends keyof (ServerEvents & ReservedEvents) & string>(event: E, handler: (ServerEvents & ReservedEvents)[E]): void {
    this.handlers.get(event)?.delete(handler as Handler);
  }

  /** Opens a connection now, unless one is open or opening. */
  connect(): void {
    if (this.engine !== null) return;
    clearTimeout(this.retryTimer);
    const engine = this.openEngine({
      opened: () => {
        if (this.engine === engine) engine.send(`0${this.prefix}${JSON.stringify(this.options.auth())}`);
      },
      packet: (data) => {
        if (this.engine === engine) this.receive(data);
      },
      closed: (reason, everOpened) => {
        if (this.engine === engine) this.lost(reason, everOpened);
      },
    });
    this.engine = engine;
  }

  /** Leaves the namespace and closes the connection; no retry follows. */
  disconnect(): void {
    clearTimeout(this.retryTimer);
    const engine = this.engine;
    if (engine === null) return;
    if (this.connected) engine.send(`1${this.prefix}`);
    this.engine = null;
    engine.close();
    this.ended('io client disconnect');
  }

  /** Sends an event; a function as the last argument receives the server's acknowledgement. */
  emit(event: string, ...args: unknown[]): void {
    let id = '';
    if (typeof args[args.length - 1] === 'function') {
      const ack = args.pop() as Handler;
      id = this.expectAck((error, answer) => {
        if (error === null) ack(answer);
      });
    }
    this.send(`2${this.prefix}${id}${JSON.stringify([event, ...args])}`);
  }

  /** Emits that are dropped, not kept, when they cannot go now (all of this client's are). */
  readonly volatile = { emit: (event: string, ...args: unknown[]): void => this.emit(event, ...args) };

  /** An acknowledged emit that rejects when no answer comes within `ms` or the connection drops. */
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> } {
    return {
      emitWithAck: (event, ...args) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            this.acks.delete(Number(id));
            reject(new Error('operation has timed out'));
          }, ms);
          const id = this.expectAck((error, answer) => {
            clearTimeout(timer);
            if (error === null) resolve(answer);
            else reject(error);
          });
          this.send(`2${this.prefix}${id}${JSON.stringify([event, ...args])}`);
        }),
    };
  }

  private expectAck(ack: Ack): string {
    const id = this.nextAckId++;
    this.acks.set(id, ack);
    return String(id);
  }

  private send(packet: string): void {
    if (this.connected) this.engine?.send(packet);
  }

  private fire(event: string, args: unknown[]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(...args);
  }

  /** One Socket.IO packet from the server: `<type><namespace>,<ack id><JSON>`. */
  private receive(data: string): void {
    if (!data.startsWith(this.prefix, 1)) return;
    const type = data[0];
    const body = data.slice(1 + this.prefix.length);
    const id = /^\d*/.exec(body)![0];
    const json = body.slice(id.length);
    const payload: unknown = json === '' ? undefined : JSON.parse(json);
    if (type === '2' && Array.isArray(payload)) {
      const [event, ...args] = payload as [string, ...unknown[]];
      this.fire(event, args);
    } else if (type === '3') {
      const ack = this.acks.get(Number(id));
      this.acks.delete(Number(id));
      ack?.(null, (payload as unknown[])[0]);
    } else if (type === '0') {
      this.connected = true;
      this.attempts = 0;
      this.webSocketWorked = true;
      this.fire('connect', []);
    } else if (type === '4') {
      // Refused by a namespace middleware: the engine is closed, and retrying is the caller's call.
      const refusal = payload as { message: string; data?: ConnectError['data'] };
      const engine = this.engine;
      this.engine = null;
      engine?.close();
      this.fire('connect_error', [Object.assign(new Error(refusal.message), { data: refusal.data })]);
    } else if (type === '1') {
      const engine = this.engine;
      this.engine = null;
      engine?.close();
      this.ended('io server disconnect');
    }
  }

  /** The engine closed by itself: say so, then try again after a wait (or at once over the fallback). */
  private lost(reason: string, everOpened: boolean): void {
    this.engine = null;
    if (this.connected) this.ended(reason);
    else this.fire('connect_error', [new Error(reason)]);
    const fallback = this.fallback;
    if (!everOpened && !this.webSocketWorked && fallback !== undefined) {
      // A WebSocket that never opened on this page: likely blocked on the way. Use long-polling from now on.
      this.fallback = undefined;
      void fallback().then(
        (openEngine) => {
          this.openEngine = openEngine;
          this.connect();
        },
        () => this.retryLater(),
      );
      return;
    }
    this.retryLater();
  }

  private retryLater(): void {
    const wait = Math.min(RETRY_FIRST_MS * 2 ** this.attempts++, RETRY_MAX_MS) * (0.5 + Math.random());
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), wait);
  }

  /** The namespace is left: answers still awaited fail, and `disconnect` is heard if it was connected. */
  private ended(reason: string): void {
    const wasConnected = this.connected;
    this.connected = false;
    const waiting = [...this.acks.values()];
    this.acks.clear();
    for (const ack of waiting) ack(new Error('socket has been disconnected'));
    if (wasConnected) this.fire('disconnect', [reason]);
  }
}
