/**
 * The rules for the reply details a citizen may leave with a message (an email address, a phone
 * number), shared by the server's schema and the chat app's form so that what the form accepts is
 * what the server accepts. Free of any schema library so the widget can import it cheaply.
 */
import { EMAIL_MAX } from './limits.js';

/** Longest phone number, as typed (spaces, dashes, brackets and an extension included). */
export const PHONE_MAX = 30;

/**
 * One `@`, something before it, a dotted domain of letters, digits and hyphens after it, no spaces,
 * quotes, brackets or URL punctuation (so it cannot add fields to a `mailto:` link): a typo
 * catcher, not a proof.
 */
export function isValidEmail(text: string): boolean {
  return text.length <= EMAIL_MAX && /^[^\s@"()<>[\]\\,;:?&=/]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(text);
}

/** Digits with the usual separators, an optional leading `+` and extension (`x123`, `ext. 123`): 7 to 15 digits before any extension. */
export function isValidPhone(text: string): boolean {
  if (text.length > PHONE_MAX) return false;
  const match = /^\+?[\d\s().-]+?(?:\s*(?:x|ext\.?|poste)\s*\d{1,6})?$/i.exec(text);
  if (match === null) return false;
  const digits = text.replace(/(?:x|ext\.?|poste)\s*\d{1,6}$/i, '').replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}
