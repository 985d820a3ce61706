/**
 * Guards at the Engine.IO level, below the namespaces, where every connection starts:
 *
 * - JSON-P polling is refused. A `<script>` tag sends no `Origin`, so JSON-P would let any page
 *   open a session past the origin checks (and ride an agent's same-site cookie).
 * - Concurrent connections are counted per client address across all namespaces, so one address
 *   cannot exhaust the node's file descriptors.
 * - Output a client does not read is bounded: a connection whose unsent output passes a limit is
 *   cut, instead of the server buffering replies for it until it runs out of memory.
 */
import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import { clientAddress } from './request-source.js';

/**
 * Unsent output a connection may hold before it is cut: a few of the largest answers (a catch-up
 * page is at most 32,000 characters of text), far above what a reading client ever has queued.
 */
export const SOCKET_UNSENT_MAX_BYTES = 1024 * 1024;

export interface ConnectionGuardOptions {
  maxConnectionsPerAddress: number;
  /** Unsent bytes a connection may have queued (Engine.IO's buffer and the WebSocket's) before it is cut. */
  maxUnsentBytes: number;
  trustProxy: boolean;
}

export interface ConnectionGuardLogger {
  warn(details: object, message: string): void;
}

type Engine = Server['engine'];
type EngineSocket = Parameters<Parameters<Engine['on']>[1]>[0];
interface Packet {
  data?: unknown;
}

export class ConnectionGuard {
  private readonly connectionsByAddress = new Map<string, number>();

  constructor(
    private readonly options: ConnectionGuardOptions,
    private readonly logger: ConnectionGuardLogger,
  ) {}

  /** Engine.IO's `allowRequest`: called for each new session's first request. */
  readonly allowRequest = (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void): void => {
    if (new URL(request.url ?? '/', 'http://localhost').searchParams.has('j')) {
      callback('JSON-P polling is not supported.', false);
      return;
    }
    const address = clientAddress(request, this.options.trustProxy);
    if ((this.connectionsByAddress.get(address) ?? 0) >= this.options.maxConnectionsPerAddress) {
      callback('Too many connections from your address.', false);
      return;
    }
    callback(null, true);
  };

  /** Counts and watches every connection the engine opens. */
  watch(engine: Engine): void {
    engine.on('connection', (socket: EngineSocket) => {
      const address = clientAddress(socket.request, this.options.trustProxy);
      this.connectionsByAddress.set(address, (this.connectionsByAddress.get(address) ?? 0) + 1);
      socket.once('close', () => {
        const left = (this.connectionsByAddress.get(address) ?? 1) - 1;
        if (left <= 0) this.connectionsByAddress.delete(address);
        else this.connectionsByAddress.set(address, left);
      });
      this.boundOutput(socket, address);
    });
  }

  /** Open connections from an address on this node. */
  connectionsFrom(address: string): number {
    return this.connectionsByAddress.get(address) ?? 0;
  }

  /**
   * Packets wait in Engine.IO's buffer while the transport is busy, and in the WebSocket's buffer
   * until the client reads them. Their sum is checked as each packet is queued: O(1) per packet.
   */
  private boundOutput(socket: EngineSocket, address: string): void {
    let queuedBytes = 0;
    socket.on('packetCreate', (packet: Packet) => {
      queuedBytes += sizeOf(packet.data);
      const unsent = queuedBytes + transportBufferedBytes(socket);
      if (unsent > this.options.maxUnsentBytes) {
        this.logger.warn({ address, unsent }, 'connection cut: the client does not read what it asked for');
        dropConnection(socket);
      }
    });
    // Flushed packets move to the transport, where `transportBufferedBytes` counts them.
    socket.on('flush', () => {
      queuedBytes = 0;
    });
  }
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** Bytes the WebSocket holds that the client has not taken yet (0 for long-polling). */
function transportBufferedBytes(socket: EngineSocket): number {
  const webSocket = (socket.transport as { socket?: { bufferedAmount?: unknown } }).socket;
  return typeof webSocket?.bufferedAmount === 'number' ? webSocket.bufferedAmount : 0;
}

/**
 * Drops an Engine.IO connection and what it buffered at once: a graceful close would wait behind
 * data the client does not read.
 */
export function dropConnection(socket: EngineSocket): void {
  const webSocket = (socket.transport as { socket?: { terminate?: () => void } }).socket;
  if (typeof webSocket?.terminate === 'function') webSocket.terminate();
  socket.close(true);
}
