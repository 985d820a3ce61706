/**
 * Conversation reference numbers (issue #10, "After the chat"): what a citizen quotes on the phone
 * and an agent types into History. Pure: the store hands out the sequence numbers (atomically,
 * once each, on every node: `store.references.next()`); this module turns one into its reference
 * and back, and reads what someone typed.
 *
 * - **Alphabet**: the digits 2–9 and the letters without I, L, O and U: 30 characters. No 0/O or
 *   1/I/L pair to confuse when read aloud, written down or typed (and, as in Crockford's base 32,
 *   no U, so no accidental words).
 * - **Format**: `K7M-4QX`, two groups of three: short enough to say on the phone, and 30⁶ (729
 *   million) per deployment. Past that, `K7MQ-4QXB` (30⁸ more), so the numbers never run out.
 * - **Unique**: a bijection from the sequence number. The sequence is scrambled first (a small
 *   Feistel permutation, cycle-walked into the space), so neighbouring chats do not get
 *   neighbouring references and a reference does not tell how many chats there were. It is not a
 *   secret and opens nothing: the citizen's transcript and survey need their token.
 */

export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE = REFERENCE_ALPHABET.length;

/** Each width's characters, and how many bits its permutation works in (2^bits ≥ BASE^width). */
const WIDTHS = [
  { width: 6, space: BASE ** 6, halfBits: 15 },
  { width: 8, space: BASE ** 8, halfBits: 20 },
] as const;

/** Sequence numbers run from 1 to this (both included). */
export const REFERENCE_SEQUENCE_MAX = WIDTHS[0].space + WIDTHS[1].space;

/** A fixed key: the scrambling hides volume and order, it does not protect anything. */
const ROUND_KEYS = [0x3c6ef372, 0x5be0cd19, 0x1f83d9ab, 0x9b05688c];

function round(half: number, key: number, mask: number): number {
  let h = Math.imul(half ^ key, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) & mask;
}

/** A permutation of [0, 2^(2·halfBits)), and its inverse. */
function feistel(value: number, halfBits: number, inverse: boolean): number {
  const size = 2 ** halfBits;
  const mask = size - 1;
  let left = Math.floor(value / size);
  let right = value % size;
  if (!inverse) {
    for (const key of ROUND_KEYS) [left, right] = [right, left ^ round(right, key, mask)];
  } else {
    for (let i = ROUND_KEYS.length - 1; i >= 0; i--) [left, right] = [right ^ round(left, ROUND_KEYS[i]!, mask), left];
  }
  return left * size + right;
}

/** Walks the permutation's cycle until it lands inside [0, space): a permutation of that range. */
function scramble(value: number, space: number, halfBits: number, inverse: boolean): number {
  let next = value;
  do next = feistel(next, halfBits, inverse);
  while (next >= space);
  return next;
}

/** The reference of the `sequence`-th conversation (1 ≤ sequence ≤ REFERENCE_SEQUENCE_MAX). */
export function referenceFromSequence(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > REFERENCE_SEQUENCE_MAX) {
    throw new RangeError(`No reference for sequence number ${sequence}.`);
  }
  let index = sequence - 1;
  const spec = index < WIDTHS[0].space ? WIDTHS[0] : WIDTHS[1];
  if (spec === WIDTHS[1]) index -= WIDTHS[0].space;
  let value = scramble(index, spec.space, spec.halfBits, false);
  let text = '';
  for (let i = 0; i < spec.width; i++) {
    text = REFERENCE_ALPHABET[value % BASE]! + text;
    value = Math.floor(value / BASE);
  }
  const half = spec.width / 2;
  return `${text.slice(0, half)}-${text.slice(half)}`;
}

/**
 * What someone typed, as the reference it can only be: upper case, spaces and dashes anywhere (or
 * none), `K7M-4QX`, `k7m4qx` and `K7M 4QX` alike. Null when it cannot be a reference (a character
 * outside the alphabet, the wrong length).
 */
export function normaliseReference(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s\-‐‑–—]/g, '');
  if (!WIDTHS.some((spec) => spec.width === compact.length)) return null;
  for (const character of compact) if (!REFERENCE_ALPHABET.includes(character)) return null;
  const half = compact.length / 2;
  return `${compact.slice(0, half)}-${compact.slice(half)}`;
}

/** The sequence number a reference was made from; null for anything that is not a reference. */
export function sequenceOfReference(typed: string): number | null {
  const reference = normaliseReference(typed);
  if (reference === null) return null;
  const compact = reference.replace('-', '');
  const spec = compact.length === WIDTHS[0].width ? WIDTHS[0] : WIDTHS[1];
  let value = 0;
  for (const character of compact) value = value * BASE + REFERENCE_ALPHABET.indexOf(character);
  const index = scramble(value, spec.space, spec.halfBits, true);
  return index + 1 + (spec === WIDTHS[1] ? WIDTHS[0].space : 0);
}
