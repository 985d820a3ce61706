/** Small types the console's modules share that the wire contract does not define. */
import type { ErrorCode } from '../../protocol/error-codes.js';
import type { AgentStatus, CloseReason, ServiceCloseReason } from '../../protocol/models.js';

/** Errors the console can meet: the server's codes plus the ones only a client sees. */
export type ConsoleErrorCode = ErrorCode | 'timeout' | 'disconnected' | 'network';

/** The statuses an agent may choose; `offline` is only ever set by the server. */
export type SelectableStatus = Exclude<AgentStatus, 'offline'>;

/** Reasons an agent may give when ending a chat (`visitor_ended` is the visitor's own, the rest the service's). */
export type AgentCloseReason = Exclude<CloseReason, 'visitor_ended' | ServiceCloseReason>;

/** How the console's connection to the server is doing. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';
