/**
 * What an acceptable public name looks like (issue #10; protocol/public-name.ts has the schemas):
 * free of zod, so the console checks a proposal as the server will.
 */
import { PUBLIC_NAME_MAX } from './limits.js';

/**
 * Letters (any script, with their accents), spaces, hyphens, apostrophes (straight or curly) and
 * periods; at least one letter. So no digits, no `@`, no email, nothing a citizen could mistake for
 * an account or a number.
 */
const PUBLIC_NAME_FORM = /^[\p{L}\p{M} .'’-]+$/u;

export type PublicNameProblem = 'empty' | 'too_long' | 'characters' | 'no_letter' | 'spaces';

/** What is wrong with a proposed public name (already trimmed), or null when it is acceptable. */
export function publicNameProblem(name: string): PublicNameProblem | null {
  if (name.length === 0) return 'empty';
  if ([...name].length > PUBLIC_NAME_MAX) return 'too_long';
  if (!PUBLIC_NAME_FORM.test(name)) return 'characters';
  if (!/\p{L}/u.test(name)) return 'no_letter';
  if (/\s{2,}/u.test(name)) return 'spaces';
  return null;
}
