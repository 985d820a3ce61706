/**
 * One typed way to send a command over Socket.IO and wait for its acknowledgement, for any
 * namespace's event map (`VisitorClientEvents`, `AgentClientEvents`): the payload and the answer
 * are read from the map, so a renamed event or field in protocol/ breaks every client at compile
 * time.
 */
import type { AckResponse } from '../protocol/error-codes.js';
import { failure, type CommandFailure } from './failure.js';

/** The little of a Socket.IO client socket that sending a command needs (a test can fake it). */
export interface CommandSocket {
  readonly connected: boolean;
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
}

/** The command names of an event map. */
export type CommandName<Events> = keyof Events & string;

/** What a command takes. */
export type PayloadOf<Events, E extends CommandName<Events>> = Events[E] extends (payload: infer P, ack: never) => void
  ? P
  : never;

/** A command's answer when it succeeded: the `{ ok: true }` branch of its `Ack`. */
export type SuccessOf<Events, E extends CommandName<Events>> = Extract<AckResponse<Events[E]>, { ok: true }>;

/** A command's outcome: its success, the server's refusal, or a client-side failure. */
export type CommandResult<Events, E extends CommandName<Events>> = SuccessOf<Events, E> | CommandFailure;

/**
 * Sends a command and waits up to `timeoutMs` for its acknowledgement. Nothing is emitted while
 * disconnected: Socket.IO would buffer the command and deliver it on reconnection, possibly long
 * after the person was told it failed (an "accept" landing minutes later surprises everyone), and
 * the outbox resends messages itself. An answer not in the `Ack` shape counts as `internal`. The
 * error code is not checked against this client's list: the handshake refuses a client of another
 * protocol version, and checking here would put every code in the chat app's bundle; a client
 * that translates codes falls back for one it does not know.
 */
export async function sendCommand<Events, E extends CommandName<Events>>(
  socket: CommandSocket,
  event: E,
  payload: PayloadOf<Events, E>,
  timeoutMs: number,
): Promise<CommandResult<Events, E>> {
  if (!socket.connected) return failure('disconnected');
  let answer: unknown;
  try {
    answer = await socket.timeout(timeoutMs).emitWithAck(event, payload);
  } catch {
    // Socket.IO rejects both when the time is up and when the connection drops meanwhile.
    return failure(socket.connected ? 'timeout' : 'disconnected');
  }
  // Socket.IO cannot check an answer's type; the `ok` shape is checked here, the rest is trusted.
  if (isRecord(answer) && answer.ok === true) return answer as SuccessOf<Events, E>;
  if (isRecord(answer) && answer.ok === false && isRecord(answer.error) && typeof answer.error.code === 'string') {
    return answer as CommandFailure;
  }
  return failure('internal');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
