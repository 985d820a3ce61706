/**
 * The one way a socket command reaches the application: rate-limit, validate, authorise, run,
 * acknowledge. A namespace gives a table with one entry per command of its event map, typed by
 * that map: the payload comes from the schema protocol/ registers for the event, and the result
 * must be the event's acknowledgement fields, so a rename in protocol/ fails to compile here.
 *
 * Errors become `{ ok: false, error }` here and only here; an unknown error is logged with context
 * and answered as `internal`, never shown as is. A command the server does not know is answered
 * `invalid_payload` (if it asked for an answer), within a rate of its own.
 */
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { CommandSchemas } from '../../protocol/command-schemas.js';
import type { Ack, AckFields, ErrorCode } from '../../protocol/error-codes.js';
import type { UnavailableReason } from '../../protocol/hours.js';
import { AppError } from '../domain/app-error.js';
import { takeToken, type RatePolicy, type TokenBucket } from '../domain/rate-limit.js';
import { UNKNOWN_COMMAND_RATE } from '../domain/rate-policies.js';
import { describeIssues } from '../describe-issues.js';
import type { Clock } from '../services/clock.js';
import { dropConnection } from './connection-guard.js';
import type { InFlight } from './in-flight.js';

export interface CommandLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface CommandContext {
  logger: CommandLogger;
  clock: Clock;
  inFlight: InFlight;
  /** `draining` while the node shuts down: new connections are refused so clients go elsewhere. */
  lifecycle: { draining: boolean };
}

/** One command: its per-connection rate, and what it does for an authorised actor. */
export interface Command<Actor, Payload, Fields> {
  rate: RatePolicy;
  run(actor: Actor, payload: Payload): Promise<Fields>;
}

/** A handler for every command of an event map, typed by it; `Extra` adds per-command options. */
export type CommandTable<Events, Schemas extends CommandSchemas<Events>, Actor, Extra = unknown> = {
  [E in keyof Events]: Command<Actor, z.output<Schemas[E]>, AckFields<Events[E]>> & Extra;
};

export interface RouteOptions<Events, Schemas extends CommandSchemas<Events>, Actor, Extra> {
  schemas: Schemas;
  commands: CommandTable<Events, Schemas, Actor, Extra>;
  /** Who is asking, checked for each command before it runs (for example, a live session and a role). */
  actor(command: CommandTable<Events, Schemas, Actor, Extra>[keyof Events]): Promise<Actor>;
}

const INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again.';
/**
 * Refusals for rate in a row after which a connection is closed: a client that keeps sending
 * after being told to slow down is not a person (the chat app and the console back off).
 */
export const RATE_REFUSALS_BEFORE_CLOSE = 200;
const RATE_MESSAGE = 'You are sending too fast; wait a moment and try again.';
/** The bucket name for commands the server does not know (not a valid event name, so never a real one). */
const UNKNOWN = ' unknown';

/** Routes every command arriving on `socket` through `options.commands`. */
export function routeCommands<Events, Schemas extends CommandSchemas<Events>, Actor, Extra>(
  socket: Socket,
  context: CommandContext,
  options: RouteOptions<Events, Schemas, Actor, Extra>,
): void {
  const buckets = new Map<string, TokenBucket>();
  let refusedInARow = 0;
  const withinRate = (name: string, policy: RatePolicy): boolean => {
    const { allowed, bucket } = takeToken(buckets.get(name), policy, context.clock.now());
    buckets.set(name, bucket);
    refusedInARow = allowed ? 0 : refusedInARow + 1;
    if (refusedInARow === RATE_REFUSALS_BEFORE_CLOSE) {
      context.logger.warn({ socketId: socket.id }, 'connection closed: it kept sending after being told to slow down');
      dropConnection(socket.conn);
    }
    return allowed;
  };

  socket.onAny((event: unknown, ...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (response: Ack<object>) => void) : undefined;
    const payload = ack !== undefined && args.length === 1 ? undefined : args[0];
    const fail = (code: ErrorCode, message: string, reason?: UnavailableReason): void =>
      ack?.({ ok: false, error: reason === undefined ? { code, message } : { code, message, reason } });

    const name = typeof event === 'string' && Object.hasOwn(options.commands as object, event) ? (event as keyof Events & string) : null;
    if (name === null) {
      if (ack !== undefined && withinRate(UNKNOWN, UNKNOWN_COMMAND_RATE)) {
        fail('invalid_payload', `Unknown command "${String(event).slice(0, 64)}".`);
      }
      return;
    }
    const command = options.commands[name];
    if (!withinRate(name, command.rate)) return fail('rate_limited', RATE_MESSAGE);
    const parsed = (options.schemas[name] as z.ZodType).safeParse(payload ?? {});
    if (!parsed.success) return fail('invalid_payload', describeIssues(parsed.error));

    context.inFlight
      .track(async () => command.run(await options.actor(command), parsed.data as z.output<Schemas[typeof name]>))
      .then(
        (result) => ack?.({ ok: true, ...(result as object) }),
        (error: unknown) => {
          if (error instanceof AppError) return fail(error.code, error.message, error.reason);
          context.logger.error({ err: error, event: name, socketId: socket.id }, 'socket command failed');
          return fail('internal', INTERNAL_MESSAGE);
        },
      );
  });
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
        return next(handshakeError('internal', INTERNAL_MESSAGE));
      },
    );
  };
}

/** An error for a Socket.IO middleware's `next(error)`: the client gets it as `connect_error` with `data`. */
export function handshakeError(code: ErrorCode, message: string): Error & { data: { code: string; message: string } } {
  return Object.assign(new Error(message), { data: { code, message } });
}
