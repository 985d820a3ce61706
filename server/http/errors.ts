/**
 * One error shape for HTTP (`{ error: { code, message } }`), and the one place that maps
 * application errors and Fastify's own errors onto it. 5xx details never leave the server.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode, HttpErrorResponse } from '../../protocol/error-codes.js';
import type { UnavailableReason } from '../../protocol/hours.js';
import { AppError } from '../domain/app-error.js';

/** The HTTP status each error code is answered with. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_payload: 400,
  payload_too_large: 413,
  unauthenticated: 401,
  session_expired: 401,
  invalid_credentials: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  at_capacity: 409,
  conversation_closed: 409,
  chat_unavailable: 409,
  target_unavailable: 409,
  target_at_capacity: 409,
  language_mismatch: 409,
  invalid_target: 409,
  transfer_limit: 409,
  wrap_up_not_owed: 409,
  password_too_short: 400,
  password_too_long: 400,
  password_common: 400,
  last_manager: 409,
  link_invalid: 410,
  invalid_policy: 400,
  self_approval: 403,
  not_pending: 409,
  not_proposer: 403,
  approval_not_needed: 409,
  rate_limited: 429,
  client_outdated: 426,
  unavailable: 503,
  internal: 500,
};

/** The body of an HTTP error answer. */
export function errorBody(code: ErrorCode, message: string, reason?: UnavailableReason): HttpErrorResponse {
  return { error: reason === undefined ? { code, message } : { code, message, reason } };
}

/** Maps an error Fastify or a plugin raised (bad JSON, body too large, rate limit) to our codes. */
function fromFastifyError(error: FastifyError): AppError | null {
  const status = error.statusCode ?? 500;
  if (status === 413) return new AppError('payload_too_large', 'The request body is too large.');
  if (status === 429) return new AppError('rate_limited', 'Too many requests; wait a moment and try again.');
  if (status === 415) return new AppError('invalid_payload', 'Send the body as application/json.');
  if (status >= 400 && status < 500) return new AppError('invalid_payload', error.message);
  return null;
}

/**
 * Answers an error in our shape: an AppError with its code, Fastify's own errors mapped to ours,
 * anything else as `internal` (logged here, its details kept from the client).
 */
export function sendError(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = error instanceof AppError ? error : fromFastifyError(error);
  if (known === null) {
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(errorBody('internal', 'Something went wrong on our side. Please try again.'));
  }
  return reply.status(HTTP_STATUS[known.code]).send(errorBody(known.code, known.message, known.reason));
}

/** Routes every error and every unknown address of `app` to the one error shape. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('not_found', `Nothing at ${request.method} ${request.url.split('?')[0]}.`)),
  );
}
