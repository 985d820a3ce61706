import type { ErrorCode } from '../../protocol/error-codes.js';
import type { UnavailableReason } from '../../protocol/hours.js';

/**
 * The one error type the application throws on purpose. The code is stable and part of the
 * protocol; the message is for developers and logs (clients show their own translated text).
 * Transports map it to an acknowledgement or an HTTP status in one place each.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** With `chat_unavailable`: why, for the client to say so. */
    readonly reason?: UnavailableReason,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
