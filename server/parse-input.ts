/** Parses outside input with its protocol schema, or throws `invalid_payload` saying what is wrong. */
import type { z } from 'zod';
import { AppError } from './domain/app-error.js';

export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError('invalid_payload', describeIssues(result.error));
}

/** A one-line description of what failed validation, e.g. `text: The message is empty.` */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
