/**
 * A Socket.IO client written by hand over a raw TCP socket, for the attacks a real client would not
 * make: it can stop reading (so the server's answers pile up) while it keeps sending, and it sends
 * any header it likes. Speaks just enough of WebSocket (RFC 6455) and Engine.IO v4 to connect to a
 * namespace and send events.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

export interface RawSocketIo {
  /** Text frames received so far (Engine.IO packets), while reading. */
  readonly received: string[];
  /** Sends one Socket.IO event to the namespace, with an acknowledgement id. */
  emit(event: string, payload: unknown): void;
  /** Writes `count` events as fast as the connection takes them; resolves when all are written or it closes. */
  flood(count: number, event: string, payload: unknown): Promise<number>;
  /** Stops reading: what the server sends piles up in the kernel, then in the server. */
  stopReading(): void;
  /** Resolves when the connection is closed. */
  readonly closed: Promise<void>;
  /**
   * Resolves once the server has closed the connection, even while this side does not read (a
   * paused socket does not see the server's FIN): small writes fail once the server is gone.
   */
  untilClosedByServer(timeoutMs?: number): Promise<void>;
  isClosed(): boolean;
  destroy(): void;
}

export interface RawConnectOptions {
  url: string;
  namespace: string;
  auth: object;
  headers?: Record<string, string>;
}

/** Connects over WebSocket and joins `namespace`; rejects with the server's refusal packet if refused. */
export async function connectRaw(options: RawConnectOptions): Promise<RawSocketIo> {
  const { hostname, port } = new URL(options.url);
  const socket = connect({ host: hostname, port: Number(port) });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const headers = {
    Host: `${hostname}:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    Origin: new URL(options.url).origin,
    ...options.headers,
  };
  const request = [`GET /socket.io/?EIO=4&transport=websocket HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''];
  socket.write(request.join('\r\n'));

  const received: string[] = [];
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  let reading = true;
  const waiters = new Set<() => void>();
  let closedFlag = false;
  const closed = new Promise<void>((resolve) => socket.once('close', () => ((closedFlag = true), resolve())));
  socket.on('error', () => {});

  socket.on('data', (chunk: Buffer) => {
    if (!reading) return;
    buffer = Buffer.concat([buffer, chunk]);
    if (!upgraded) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const head = buffer.subarray(0, end).toString();
      buffer = buffer.subarray(end + 4);
      if (!head.startsWith('HTTP/1.1 101')) {
        received.push(`HTTP ${head.split('\r\n')[0]}`);
        socket.destroy();
        for (const wake of waiters) wake();
        return;
      }
      upgraded = true;
    }
    for (;;) {
      const frame = readFrame(buffer);
      if (frame === null) break;
      buffer = buffer.subarray(frame.length);
      if (frame.opcode === 1) received.push(frame.payload.toString());
    }
    for (const wake of waiters) wake();
  });

  const waitFor = (test: () => boolean, timeoutMs = 5000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no answer; received ${JSON.stringify(received.slice(-3))}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const send = (text: string): boolean => socket.write(maskedTextFrame(text));
  await waitFor(() => received.some((packet) => packet.startsWith('0') || packet.startsWith('HTTP')));
  if (received[0]?.startsWith('HTTP')) {
    socket.destroy();
    throw Object.assign(new Error(`refused: ${received[0]}`), { packet: received[0] });
  }
  send(`40${options.namespace},${JSON.stringify(options.auth)}`);
  await waitFor(() => received.some((packet) => packet.startsWith(`40${options.namespace},`) || packet.startsWith(`44${options.namespace},`)));
  const refusal = received.find((packet) => packet.startsWith(`44${options.namespace},`));
  if (refusal !== undefined) {
    socket.destroy();
    throw Object.assign(new Error(`refused: ${refusal}`), { packet: refusal });
  }

  let nextAckId = 0;
  const eventFrame = (event: string, payload: unknown) => `42${options.namespace},${nextAckId++}${JSON.stringify([event, payload])}`;
  return {
    received,
    emit: (event, payload) => void send(eventFrame(event, payload)),
    flood: async (count, event, payload) => {
      let written = 0;
      while (written < count && !closedFlag) {
        const ok = send(eventFrame(event, payload));
        written++;
        if (!ok) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed]);
      }
      return written;
    },
    stopReading: () => {
      reading = false;
      socket.pause();
    },
    closed,
    untilClosedByServer: async (timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (!closedFlag) {
        if (Date.now() > deadline) throw new Error('the server did not close the connection');
        send('3'); // an Engine.IO pong: harmless while the connection lives
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    isClosed: () => closedFlag,
    destroy: () => socket.destroy(),
  };
}

function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const lengthBytes = payload.length < 126 ? 0 : payload.length < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + 4);
  header[0] = 0x81; // FIN, text
  if (lengthBytes === 0) header[1] = 0x80 | payload.length;
  else if (lengthBytes === 2) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(payload.length, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  mask.copy(header, 2 + lengthBytes);
  for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return Buffer.concat([header, payload]);
}

function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (buffer.length < 2) return null;
  const opcode = buffer[0]! & 0x0f;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  if (buffer.length < offset + length) return null;
  return { opcode, payload: buffer.subarray(offset, offset + length), length: offset + length };
}

