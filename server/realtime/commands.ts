/**
 * The shape every socket command handler shares: rate-limit, validate, run, acknowledge.
 * Handlers return the success fields; errors become `{ ok: false, error }` here and only here.
 * An unknown error is logged with context and answered as `internal`, never shown as is.
 */
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { Ack } from '../../protocol/error-codes.js';
import { AppError } from '../domain/app-error.js';
import { takeToken, type RatePolicy, type TokenBucket } from '../domain/rate-limit.js';
import { describeIssues } from '../parse-input.js';
import type { Clock } from '../services/clock.js';
import type { InFlight } from './in-flight.js';

export interface CommandLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface CommandOptions {
  /** Per-connection limit for this command. */
  rate?: RatePolicy;
}

export interface CommandContext {
  logger: CommandLogger;
  clock: Clock;
  inFlight: InFlight;
  /** `draining` while the node shuts down: new connections are refused so clients go elsewhere. */
  lifecycle: { draining: boolean };
}

/** Per-socket token buckets, one per rate-limited command. */
const bucketsBySocket = new WeakMap<Socket, Map<string, TokenBucket>>();

export type CommandListener = (...args: unknown[]) => void;

export function defineCommand<Schema extends z.ZodType, Result extends object>(
  socket: Socket,
  context: CommandContext,
  event: string,
  schema: Schema,
  run: (payload: z.output<Schema>) => Promise<Result>,
  options: CommandOptions = {},
): CommandListener {
  return (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (response: Ack<Result>) => void) : undefined;
    const payload = ack !== undefined && args.length === 1 ? undefined : args[0];
    const reply = (response: Ack<Result>): void => {
      if (ack !== undefined) ack(response);
    };
    const fail = (code: AppError['code'], message: string): void => reply({ ok: false, error: { code, message } });

    if (options.rate !== undefined && !withinRate(socket, event, options.rate, context.clock.now())) {
      fail('rate_limited', 'You are sending too fast; wait a moment and try again.');
      return;
    }
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) {
      fail('invalid_payload', describeIssues(parsed.error));
      return;
    }
    context.inFlight.track(() => run(parsed.data)).then(
      (result) => reply({ ok: true, ...result }),
      (error: unknown) => {
        if (error instanceof AppError) {
          fail(error.code, error.message);
          return;
        }
        context.logger.error({ err: error, event, socketId: socket.id }, 'socket command failed');
        fail('internal', 'Something went wrong on our side. Please try again.');
      },
    );
  };
}

function withinRate(socket: Socket, event: string, policy: RatePolicy, now: number): boolean {
  let buckets = bucketsBySocket.get(socket);
  if (buckets === undefined) bucketsBySocket.set(socket, (buckets = new Map()));
  const { allowed, bucket } = takeToken(buckets.get(event), policy, now);
  buckets.set(event, bucket);
  return allowed;
}

/**
 * Runs a namespace's handshake check, turning its AppError into a `connect_error` the client can
 * read, and refusing every handshake while the node drains.
 */
export function handshakeMiddleware<S extends Socket>(
  context: CommandContext,
  check: (socket: S) => Promise<void>,
): (socket: S, next: (error?: Error) => void) => void {
  return (socket, next) => {
    if (context.lifecycle.draining) {
      next(handshakeError('unavailable', 'This server is restarting; connecting to another.'));
      return;
    }
    check(socket).then(
      () => next(),
      (error: unknown) => {
        if (error instanceof AppError) return next(handshakeError(error.code, error.message));
        context.logger.error({ err: error }, 'handshake failed');
        return next(handshakeError('internal', 'Something went wrong on our side. Please try again.'));
      },
    );
  };
}

/** An error for a Socket.IO middleware's `next(error)`: the client gets it as `connect_error` with `data`. */
export function handshakeError(code: AppError['code'], message: string): Error & { data: { code: string; message: string } } {
  return Object.assign(new Error(message), { data: { code, message } });
}
