/** Why a command did not succeed, as a client sees it, and whether sending it again can help. */
import { RETRYABLE_ERROR_CODES, type ErrorCode } from '../protocol/error-codes.js';

/** Failures only a client sees: no answer in time, or no connection to send on. */
export type ClientFailureCode = 'timeout' | 'disconnected';

/** Every reason a command can fail: the server's codes plus the client-side ones. */
export type CommandErrorCode = ErrorCode | ClientFailureCode;

/** A command's failure, in the shape of a refused `Ack`. */
export type CommandFailure = {
  ok: false;
  error: { code: CommandErrorCode; message: string };
};

/** True for the failures only a client sees; both may be retried. */
export function isClientFailure(code: CommandErrorCode): code is ClientFailureCode {
  return code === 'timeout' || code === 'disconnected';
}

/** True when the same command, sent again unchanged later, may succeed. */
export function isRetryable(code: CommandErrorCode): boolean {
  return isClientFailure(code) || RETRYABLE_ERROR_CODES.has(code);
}

/** A failure with the code as its message (the code is what clients translate). */
export function failure(code: CommandErrorCode): CommandFailure {
  return { ok: false, error: { code, message: code } };
}
