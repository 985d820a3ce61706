/**
 * The console's Socket.IO connection to the `/agent` namespace and one typed way to send it a
 * command: acknowledged, with a timeout, answering `Ack` or a client-side failure.
 */
import { io, type Socket } from 'socket.io-client';
import type { AgentClientEvents, AgentServerEvents } from '../../protocol/agent-events.js';
import type { Ack } from '../../protocol/error-codes.js';
import { AGENT_NAMESPACE } from '../../protocol/namespaces.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import type { ConsoleErrorCode } from './console-types.js';
import { errorCodeOf } from './wire-errors.js';

/** How long a command may wait for its acknowledgement before the console calls it lost. */
const COMMAND_TIMEOUT_MS = 10_000;

export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;

export type CommandName = keyof AgentClientEvents;
export type PayloadOf<E extends CommandName> = Parameters<AgentClientEvents[E]>[0];
/** The success fields of a command's acknowledgement. */
export type AckFieldsOf<E extends CommandName> =
  Parameters<Parameters<AgentClientEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

/** A command's outcome: the server's answer, or why none came (`timeout`, `disconnected`). */
export type CommandResult<T extends object> =
  | ({ ok: true } & T)
  | { ok: false; error: { code: ConsoleErrorCode; message: string } };

/** Opens the connection; the session cookie goes along because the console is same-origin. */
export function connectAgentSocket(): AgentSocket {
  // WebSocket first, long-polling only where WebSockets are blocked (see README, "Several nodes").
  return io(AGENT_NAMESPACE, {
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    auth: { protocolVersion: PROTOCOL_VERSION },
  });
}

/**
 * Sends a command and waits for its acknowledgement. A command is not sent while disconnected:
 * Socket.IO would buffer it and deliver it on reconnection, possibly long after the agent was told
 * it failed (an "accept" landing minutes later would surprise everyone).
 */
export async function sendCommand<E extends CommandName>(
  socket: AgentSocket,
  event: E,
  payload: PayloadOf<E>,
): Promise<CommandResult<AckFieldsOf<E>>> {
  if (!socket.connected) return failure('disconnected');
  // Socket.IO's types lose the answer's type once `timeout()` adds its error argument, so the
  // answer is read as unknown and checked for the `Ack` shape here.
  const untyped = socket as unknown as Socket;
  let response: unknown;
  try {
    response = await untyped.timeout(COMMAND_TIMEOUT_MS).emitWithAck(event, payload);
  } catch {
    return failure(socket.connected ? 'timeout' : 'disconnected');
  }
  if (typeof response === 'object' && response !== null && 'ok' in response) {
    if (response.ok === true) return response as CommandResult<AckFieldsOf<E>>;
    return failure(errorCodeOf(response) ?? 'internal');
  }
  return failure('internal');
}

function failure(code: ConsoleErrorCode): { ok: false; error: { code: ConsoleErrorCode; message: string } } {
  return { ok: false, error: { code, message: code } };
}

/** The `{ code }` a refused handshake carries in `connect_error`'s `data`. */
export function handshakeErrorCode(error: Error): ConsoleErrorCode | null {
  const data: unknown = (error as Error & { data?: unknown }).data;
  return errorCodeOf({ error: data });
}
