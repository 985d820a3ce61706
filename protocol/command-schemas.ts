/**
 * Ties each namespace's commands to the schema that validates their payloads. A namespace exports
 * one `...COMMAND_SCHEMAS` object checked against its event map with `satisfies CommandSchemas<…>`:
 * pairing a command with a schema of another shape, or leaving a command without one, fails the
 * type check, and the server registers handlers from these objects only (server/realtime).
 */
import type { z } from 'zod';
import type { CommandPayload } from './error-codes.js';

/** For every command of an event map, a schema whose input is exactly the command's payload type. */
export type CommandSchemas<Events> = {
  [E in keyof Events]: z.ZodType<unknown, CommandPayload<Events[E]>>;
};
