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
      ws.onmessage = ws.onclose = null;
      // Closing one still opening reports an error afterwards (Node's `ws` throws it if unheard).
      ws.onerror = () => {};
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
  /**
   * Loads the long-polling engine when WebSockets seem blocked; rejects when the server cannot be
   * reached at all (then the WebSocket is tried again, and this again after its next failure).
   * None outside a browser.
   */
  fallback?: () => Promise<OpenEngine>;
}

/**
 * A Socket.IO client socket for one namespace, with the `socket.io-client` members the chat app
 * uses (`connected`, `on`, `off`, `connect`, `disconnect`, `emit`, `volatile.emit`,
 * `timeout().emitWithAck`) and its reserved events: `connect`, `connect_error` and `disconnect`
 * with the same reasons.
 */
export interface DirectSocket<ServerEvents> {
  readonly connected: boolean;
  on<E extends keyof (ServerEvents & ReservedEvents) & string>(event: E, handler: (ServerEvents & ReservedEvents)[E]): void;
  off<E extends keyof (ServerEvents & ReservedEvents) & string>(event: E, handler: (ServerEvents & ReservedEvents)[E]): void;
  /** Opens a connection now, unless one is open or opening. */
  connect(): void;
  /** Leaves the namespace and closes the connection; no retry follows. */
  disconnect(): void;
  /** Sends an event; a function as the last argument receives the server's acknowledgement. */
  emit(event: string, ...args: unknown[]): void;
  /** Emits that are dropped, not kept, when they cannot go now (all of this client's are). */
  readonly volatile: { emit(event: string, ...args: unknown[]): void };
  /** An acknowledged emit that rejects when no answer comes within `ms` or the connection drops. */
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
}

/**
 * Opens a socket to `namespace` at once. A lost connection is retried by itself; a refusal by the
 * server and a disconnect by the server are not (the caller decides, as with `socket.io-client`).
 * Written as a closure rather than a class so that the minifier can shorten its private names.
 */
export function connectDirect<ServerEvents>(serverUrl: string, namespace: string, options: DirectSocketOptions): DirectSocket<ServerEvents> {
  const prefix = `${namespace},`;
  const handlers = new Map<string, Set<Handler>>();
  const acks = new Map<number, Ack>();
  let connected = false;
  let nextAckId = 0;
  let engine: Engine | null = null;
  let openEngine = webSocketEngine(serverUrl, options.makeWebSocket);
  let fallback = options.fallback;
  let attempts = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether this page ever joined the namespace: after that, a failed attempt is an outage, not a block. */
  let everConnected = false;

  const fire = (event: string, ...args: unknown[]): void => {
    for (const handler of [...(handlers.get(event) ?? [])]) handler(...args);
  };
  const send = (packet: string): void => {
    if (connected) engine?.send(packet);
  };
  const expectAck = (ack: Ack): number => {
    acks.set(nextAckId, ack);
    return nextAckId++;
  };
  const event = (id: number | '', name: string, args: unknown[]): void => send(`2${prefix}${id}${JSON.stringify([name, ...args])}`);
  /** Lets go of the engine without hearing its close. */
  const drop = (): void => {
    const closing = engine;
    engine = null;
    closing?.close();
  };
  /** The namespace is left: answers still awaited fail, and `disconnect` is heard if it was connected. */
  const ended = (reason: string): void => {
    const wasConnected = connected;
    connected = false;
    const waiting = [...acks.values()];
    acks.clear();
    for (const ack of waiting) ack(new Error('socket has been disconnected'));
    if (wasConnected) fire('disconnect', reason);
  };
  const retryLater = (): void => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, Math.min(RETRY_FIRST_MS * 2 ** attempts++, RETRY_MAX_MS) * (0.5 + Math.random()));
  };

  /** One Socket.IO packet from the server: `<type><namespace>,<ack id><JSON>`. */
  const receive = (data: string): void => {
    if (!data.startsWith(prefix, 1)) return;
    const type = data[0];
    const body = data.slice(1 + prefix.length);
    const id = /^\d*/.exec(body)![0];
    const json = body.slice(id.length);
    const payload: any = json === '' ? undefined : JSON.parse(json);
    if (type === '2' && Array.isArray(payload)) fire(...(payload as [string, ...unknown[]]));
    else if (type === '3') {
      const ack = acks.get(Number(id));
      acks.delete(Number(id));
      ack?.(null, payload[0]);
    } else if (type === '0') {
      connected = true;
      attempts = 0;
      everConnected = true;
      fire('connect');
    } else if (type === '4') {
      // Refused by a namespace middleware: the engine is closed, and retrying is the caller's call.
      drop();
      fire('connect_error', Object.assign(new Error(payload.message), { data: payload.data }));
    } else if (type === '1') {
      drop();
      ended('io server disconnect');
    }
  };

  /** The engine closed by itself: say so, then try again after a wait (or at once over the fallback). */
  const lost = (reason: string, everOpened: boolean): void => {
    engine = null;
    if (connected) ended(reason);
    else fire('connect_error', new Error(reason));
    const loadFallback = fallback;
    if (!everOpened && !everConnected && loadFallback !== undefined) {
      // A WebSocket that never opened on this page: perhaps blocked on the way. Long-polling from
      // now on, if the fallback finds the server there.
      loadFallback().then((polling) => {
        fallback = undefined;
        openEngine = polling;
        connect();
      }, retryLater);
    } else retryLater();
  };

  function connect(): void {
    if (engine !== null) return;
    clearTimeout(retryTimer);
    const opening: Engine = openEngine({
      opened: () => {
        if (engine === opening) opening.send(`0${prefix}${JSON.stringify(options.auth())}`);
      },
      packet: (data) => {
        if (engine === opening) receive(data);
      },
      closed: (reason, everOpened) => {
        if (engine === opening) lost(reason, everOpened);
      },
    });
    engine = opening;
  }

  const socket: DirectSocket<ServerEvents> = {
    get connected() {
      return connected;
    },
    on: (name, handler) => {
      const set = handlers.get(name) ?? new Set<Handler>();
      handlers.set(name, set.add(handler as Handler));
    },
    off: (name, handler) => {
      handlers.get(name)?.delete(handler as Handler);
    },
    connect,
    disconnect: () => {
      clearTimeout(retryTimer);
      if (engine === null) return;
      send(`1${prefix}`);
      drop();
      ended('io client disconnect');
    },
    emit: (name, ...args) => {
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') return event('', name, args);
      args.pop();
      event(expectAck((error, answer) => error === null && ack(answer)), name, args);
    },
    volatile: { emit: (name, ...args) => socket.emit(name, ...args) },
    timeout: (ms) => ({
      emitWithAck: (name, ...args) =>
        new Promise((resolve, reject) => {
          const id = expectAck((error, answer) => {
            clearTimeout(timer);
            if (error === null) resolve(answer);
            else reject(error);
          });
          const timer = setTimeout(() => {
            acks.delete(id);
            reject(new Error('operation has timed out'));
          }, ms);
          event(id, name, args);
        }),
    }),
  };
  connect();
  return socket;
}
