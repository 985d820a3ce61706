/** Turns a validation failure into the one-line message an `invalid_payload` answer carries. */
import type { z } from 'zod';

/** A one-line description of what failed validation, e.g. `text: The message is empty.` */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
