/**
 * The name citizens see for an agent (issue #10: "Agents may show a first name or an alias to
 * citizens, their own choice, approved by a manager"). The agent proposes it from their account
 * page (`account:propose-public-name`); a manager approves or declines it from the Accounts page
 * (`admin:accounts:decide-public-name`). Until one is approved citizens read a generic "an agent"
 * in their language, never the account's display name or email.
 *
 * The form of an acceptable name is here (the console checks it as the agent types; the server's
 * schema refuses anything else); the rules of its life (pending, approved, declined) are
 * server/domain/public-name.ts. The rule itself is protocol/public-name-rules.ts (no zod: the
 * console imports it); clients import only types from here.
 */
import { z } from 'zod';
import { PUBLIC_NAME_MAX } from './limits.js';
import { publicNameProblem, type PublicNameProblem } from './public-name-rules.js';

export { publicNameProblem, type PublicNameProblem } from './public-name-rules.js';

const PROBLEM_MESSAGES: Record<PublicNameProblem, string> = {
  empty: 'Enter a first name or an alias.',
  too_long: `A public name can have at most ${PUBLIC_NAME_MAX} characters.`,
  characters: 'A public name can hold letters, spaces, hyphens, apostrophes and periods only.',
  no_letter: 'A public name needs at least one letter.',
  spaces: 'A public name cannot hold two spaces in a row.',
};

export const PublicNameSchema = z
  .string()
  .trim()
  .superRefine((name, context) => {
    const problem = publicNameProblem(name);
    if (problem !== null) context.addIssue({ code: 'custom', message: PROBLEM_MESSAGES[problem] });
  });

/** The signed-in agent proposes their own public name (it waits for a manager). */
export const PublicNameProposeSchema = z.object({ name: PublicNameSchema }).strict();
export type PublicNamePropose = z.input<typeof PublicNameProposeSchema>;

export const PUBLIC_NAME_DECISIONS = ['approve', 'decline'] as const;
export type PublicNameDecision = (typeof PUBLIC_NAME_DECISIONS)[number];

/**
 * A manager decides on an account's pending proposal. `name` is the proposal as the manager read
 * it: a proposal replaced meanwhile is not decided blindly (`not_pending`).
 */
export const PublicNameDecideSchema = z
  .object({
    agentId: z.string().min(1).max(64),
    name: PublicNameSchema,
    decision: z.enum(PUBLIC_NAME_DECISIONS),
  })
  .strict();
export type PublicNameDecide = z.input<typeof PublicNameDecideSchema>;

/** An account's public name as its owner and managers see it. */
export const PublicNameViewSchema = z.object({
  /** What citizens read now; null: the generic "an agent". */
  approved: z.string().nullable(),
  /** The latest proposal, while it waits or after it was declined; null when none (or it was approved). */
  request: z
    .object({
      name: z.string(),
      status: z.enum(['pending', 'declined']),
      proposedAt: z.iso.datetime(),
      decidedAt: z.iso.datetime().nullable(),
    })
    .nullable(),
});
export type PublicNameView = z.infer<typeof PublicNameViewSchema>;
