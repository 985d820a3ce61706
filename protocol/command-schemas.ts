/**
 * Ties each namespace's commands to the schema that validates their payloads. A namespace builds
 * its `...COMMAND_SCHEMAS` with `exactCommandSchemas<Events>()({ ... })`: pairing a command with a
 * schema whose input is not exactly the command's payload type (another command's schema, one with
 * a field more or less), or leaving a command without one, fails the type check; the server
 * registers its handlers from these objects only (server/realtime).
 */
import type { z } from 'zod';
import type { CommandPayload } from './error-codes.js';

/** For every command of an event map, a schema whose input fits the command's payload type. */
export type CommandSchemas<Events> = {
  [E in keyof Events]: z.ZodType<unknown, CommandPayload<Events[E]>>;
};

/** True when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** `Schemas` where every input is exactly its payload type; a mismatch becomes an error to read. */
export type ExactCommandSchemas<Events, Schemas extends CommandSchemas<Events>> = {
  [E in keyof Events]: Same<z.input<Schemas[E]>, CommandPayload<Events[E]>> extends true
    ? Schemas[E]
    : { error: 'the schema input is not exactly the payload type of this command'; command: E };
};

/** Checks a namespace's schemas at compile time (see the module comment); at run time, the identity. */
export function exactCommandSchemas<Events>(): <Schemas extends CommandSchemas<Events>>(
  schemas: Schemas & ExactCommandSchemas<Events, Schemas>,
) => Schemas {
  return (schemas) => schemas;
}
