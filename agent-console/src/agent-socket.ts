/**
 * The console's Socket.IO connection to the `/agent` namespace. Commands go through
 * delivery/command.ts (`sendCommand`), typed by `AgentClientEvents`.
 */
import { io, type Socket } from 'socket.io-client';
import type { CommandName, CommandResult } from '../../delivery/command.js';
import type { AgentClientEvents, AgentServerEvents } from '../../protocol/agent-events.js';
import { AGENT_NAMESPACE } from '../../protocol/namespaces.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import type { ConsoleErrorCode } from './console-types.js';
import { errorCodeOf } from './wire-errors.js';

export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;

/** A console command's name. */
export type AgentCommand = CommandName<AgentClientEvents>;

/** A console command's outcome: its success, the server's refusal, or a client-side failure. */
export type AgentCommandResult<E extends AgentCommand> = CommandResult<AgentClientEvents, E>;

/** Opens the connection; the session cookie goes along because the console is same-origin. */
export function connectAgentSocket(): AgentSocket {
  // WebSocket first, long-polling only where WebSockets are blocked (see README, "Several nodes").
  return io(AGENT_NAMESPACE, {
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    auth: { protocolVersion: PROTOCOL_VERSION },
  });
}

/** The `{ code }` a refused handshake carries in `connect_error`'s `data`. */
export function handshakeErrorCode(error: Error): ConsoleErrorCode | null {
  const data: unknown = (error as Error & { data?: unknown }).data;
  return errorCodeOf({ error: data });
}
