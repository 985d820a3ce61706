/**
 * A TCP proxy that keeps cutting connections, for the fault benchmark (`npm run bench:faults`)
 * and its smoke test: it forwards every connection to one backend port and, every `everyMs`,
 * resets every connection it holds (both ends, as a network failure does: an RST, no goodbye)
 * and, for `downMs`, refuses new ones: each is reset at once (`refuse`), or accepted and left
 * without an answer until the outage ends (`blackhole`, what a dead route looks like). Listens on
 * 127.0.0.1 only.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface CuttingProxyOptions {
  /** Time between the starts of two outages. */
  everyMs: number;
  /** How long each outage lasts. */
  downMs: number;
  /** What a connection opened during an outage meets; `refuse` by default. */
  mode?: 'refuse' | 'blackhole';
}

export interface CuttingProxy {
  url: string;
  /** Outages begun so far. */
  readonly cuts: number;
  /** Connections reset by an outage so far (client sides only). */
  readonly connectionsCut: number;
  /** Connections refused or black-holed during an outage so far. */
  readonly connectionsRefused: number;
  /** Whether an outage is going on now. */
  readonly down: boolean;
  /** Starts cutting: the first outage begins after `firstCutMs` (`everyMs` unless said), then one every `everyMs`. */
  startCutting(firstCutMs?: number): void;
  /** Stops cutting (the proxy keeps forwarding; an outage going on ends in its time): the settle period of a benchmark. */
  stopCutting(): void;
  close(): Promise<void>;
}

export async function startCuttingProxy(backendPort: number, options: CuttingProxyOptions): Promise<CuttingProxy> {
  const mode = options.mode ?? 'refuse';
  /** Client-side sockets being forwarded, each with its upstream once that is open. */
  const open = new Map<Socket, Socket | null>();
  const held = new Set<Socket>();
  let down = false;
  let cuts = 0;
  let connectionsCut = 0;
  let connectionsRefused = 0;
  let stopped = false;

  const reset = (socket: Socket) => {
    if (!socket.destroyed) socket.resetAndDestroy();
  };

  const server = createServer((client) => {
    client.on('error', () => {});
    if (down) {
      connectionsRefused++;
      if (mode === 'refuse') reset(client);
      else held.add(client);
      return;
    }
    client.pause();
    open.set(client, null);
    const upstream = connect(backendPort, '127.0.0.1');
    upstream.on('error', () => reset(client));
    client.on('close', () => {
      open.delete(client);
      reset(upstream);
    });
    upstream.on('close', () => reset(client));
    upstream.once('connect', () => {
      if (client.destroyed) return reset(upstream);
      open.set(client, upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  });

  const cut = () => {
    if (stopped) return;
    cuts++;
    down = true;
    for (const [client, upstream] of [...open]) {
      connectionsCut++;
      reset(client);
      if (upstream !== null) reset(upstream);
    }
    open.clear();
    upTimer = setTimeout(() => {
      down = false;
      for (const socket of held) reset(socket);
      held.clear();
    }, options.downMs);
  };
  let upTimer: NodeJS.Timeout | undefined;
  let everyTimer: NodeJS.Timeout | undefined;
  let firstTimer: NodeJS.Timeout | undefined;
  const startCutting = (firstCutMs = options.everyMs) => {
    stopped = false;
    firstTimer = setTimeout(() => {
      cut();
      everyTimer = setInterval(cut, options.everyMs);
    }, firstCutMs);
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  const stopCutting = () => {
    stopped = true;
    clearTimeout(firstTimer);
    clearInterval(everyTimer);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    get cuts() {
      return cuts;
    },
    get connectionsCut() {
      return connectionsCut;
    },
    get connectionsRefused() {
      return connectionsRefused;
    },
    get down() {
      return down;
    },
    startCutting,
    stopCutting,
    close: () =>
      new Promise<void>((resolve) => {
        stopCutting();
        clearTimeout(upTimer);
        for (const [client, upstream] of open) {
          reset(client);
          if (upstream !== null) reset(upstream);
        }
        for (const socket of held) reset(socket);
        server.close(() => resolve());
      }),
  };
}
