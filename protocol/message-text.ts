/**
 * The one rule for chat message text, shared by the server's schema and both composers so that
 * what a composer accepts is exactly what the server accepts. Free of any schema library so the
 * widget can import it cheaply.
 */

/**
 * Matches a character that shows something: anything but white space (`\s`, the set `trim`
 * removes, no-break spaces included), zero-width characters (U+200B–U+200D, U+2060, U+FEFF,
 * U+00AD) and bidirectional controls (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069).
 */
const VISIBLE = /[^\s\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;

/** The text as it is stored and counted: without leading or trailing white space (NBSP included). */
export function normalizeMessageText(text: string): string {
  return text.trim();
}

/**
 * True when the message would show nothing: only white space (which `trim` already covers,
 * no-break spaces included), zero-width characters and bidirectional controls. Such a message is
 * refused rather than sent as an empty bubble, or as an invisible override that reorders what
 * follows it.
 */
export function isBlankMessage(text: string): boolean {
  return !VISIBLE.test(text);
}

/**
 * The length a message is held to, in Unicode code points (`[...text].length`): what people count
 * as characters, so an emoji or a character outside the Basic Multilingual Plane counts once, not
 * twice as UTF-16 units (`String.length`) would. Count the normalized text.
 */
export function messageLength(text: string): number {
  let count = 0;
  // Iterating a string walks code points; no array is built for a long message.
  for (const _ of text) count++;
  return count;
}
