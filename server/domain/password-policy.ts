/**
 * What a console password must be (issue #9, point 1): at least PASSWORD_MIN_LENGTH characters,
 * at most PASSWORD_MAX_LENGTH (a bound on what hashing one costs), and not one of the common
 * passwords (compared lower-case, so "Password12345" is as common as "password12345"). The list is
 * passed in (server/data/common-passwords.txt, read by the services): the domain reads no file.
 */
import { PASSWORD_MAX, PASSWORD_MIN_LENGTH } from '../../protocol/limits.js';

/** Characters (code points), not bytes: a passphrase in French counts its accents once. */
export { PASSWORD_MIN_LENGTH };
/** Past this a password is refused: hashing a megabyte on every sign-in would be a way to load the server. */
export const PASSWORD_MAX_LENGTH = PASSWORD_MAX;

/** Why a password was refused; each is an error code of its own (protocol/error-codes.ts), translated by clients. */
export type PasswordRefusal = 'password_too_short' | 'password_too_long' | 'password_common';

/** Null when the password may be used, else why not. */
export function checkPassword(password: string, common: ReadonlySet<string>, account?: { email: string }): PasswordRefusal | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'password_too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'password_too_long';
  const folded = password.toLowerCase();
  if (common.has(folded)) return 'password_common';
  // The account's own email (or its local part, when long enough to pass the length) is the first guess anyone makes.
  if (account !== undefined) {
    const email = account.email.toLowerCase();
    if (folded === email || folded === email.split('@')[0]) return 'password_common';
  }
  return null;
}

/** Developers' text for each refusal (clients show their own, in English and French, by code). */
export const PASSWORD_REFUSAL_MESSAGES: Record<PasswordRefusal, string> = {
  password_too_short: `A password needs at least ${PASSWORD_MIN_LENGTH} characters.`,
  password_too_long: `A password can have at most ${PASSWORD_MAX_LENGTH} characters.`,
  password_common: 'This password is too common (or is the account’s email); choose another.',
};

/** The common-password list from its text form: one a line, lower-cased, blank lines skipped. */
export function parsePasswordList(text: string): Set<string> {
  const list = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const password = line.trim().toLowerCase();
    if (password !== '') list.add(password);
  }
  return list;
}
