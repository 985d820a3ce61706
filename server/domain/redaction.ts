/**
 * Personal identifiers removed from a message before it is stored or relayed (README.md,
 * "Privacy"). Pure. `redact` is a stable name: checks outside the code call it.
 *
 * Always removed, because no chat needs them and a leak of one is a reportable breach:
 *   - social insurance numbers: 9 digits passing the Luhn check, written together or in groups
 *     separated by spaces, dashes or dots;
 *   - payment card numbers: 13 to 19 digits passing the Luhn check;
 *   - Ontario health card numbers: 10 digits passing the Luhn check, with an optional two-letter
 *     version code, when written as a health card is (4-3-3 groups, or with the version code) or
 *     named as one nearby ("health card", "OHIP", "carte santé", ...). A plain 10-digit number
 *     with no such sign is a phone number far more often, and is left alone.
 * Removed only when the site asks (agents often need them): phone numbers (North American),
 * e-mail addresses and Canadian postal codes.
 *
 * What must survive: numbers that fail Luhn, dates, amounts, reference numbers, and phone numbers
 * while that kind is off. Each removal leaves a typed, language-neutral marker such as
 * `[redacted:sin]`, which the widget and the console render in their reader's language.
 *
 * Context words in English and French ("SIN", "NAS", "numéro d'assurance sociale", ...) widen
 * what counts: after one, a 9-digit number passing Luhn is taken for a SIN whatever its separators.
 */

import { REDACTION_KINDS, redactionMarker, type RedactionKind, type SiteRedaction } from '../../protocol/privacy.js';

export { REDACTION_KINDS, redactionMarker, type RedactionKind };

/** The kinds a site may choose to remove as well (the others are always removed). */
export interface RedactionOptions {
  phone?: boolean;
  email?: boolean;
  postal?: boolean;
}

export interface Redaction {
  text: string;
  /** The kinds removed, each once, in the order of REDACTION_KINDS. */
  kinds: RedactionKind[];
}

/** The options a site's settings ask for (absent: the default, none of the optional kinds). */
export function redactionOptionsOf(site: { redaction?: SiteRedaction | undefined }): RedactionOptions {
  const chosen = site.redaction;
  return chosen === undefined ? {} : { phone: chosen.phone, email: chosen.email, postal: chosen.postalCode };
}

/** Words that say a SIN follows, in English and French (accents optional, any case). */
const SIN_CONTEXT = /(?<![\p{L}\p{N}])(?:sin|nas|social\s+insurance(?:\s+(?:number|no\.?|#))?|(?:num[eé]ro|no\.?|n[°º])\s*d['’]\s*assurance[\s-]+sociale)(?![\p{L}\p{N}])/iu;
/** Words that say a health card number follows. */
const HEALTH_CONTEXT = /(?<![\p{L}\p{N}])(?:ohip|health\s*card|health\s+(?:insurance\s+)?number|carte\s+(?:d['’]\s*)?(?:assurance[\s-]+)?sant[eé]|(?:num[eé]ro|no\.?|n[°º])\s*d['’]\s*assurance[\s-]+sant[eé]|assurance[\s-]+sant[eé]\s+de\s+l['’]\s*ontario)(?![\p{L}\p{N}])/iu;
/** How far before a number its context word may be, in characters. */
const CONTEXT_REACH = 40;

/**
 * Runs of digits in groups joined by one space, dash or dot (a number as people type it), with an
 * optional two-letter version code after (health cards) and an optional `+` before (phone numbers).
 * Not inside a longer word or number.
 */
const DIGIT_RUN = /(?<![\p{L}\p{N}+])\+?\d+(?:[ .-]\d+)*(?:[ -]?[A-Z]{2})?(?![\p{L}\p{N}])/gu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** A Canadian postal code: A1A 1A1 (letters D, F, I, O, Q, U never appear; W and Z never first). */
const POSTAL = /(?<![\p{L}\p{N}])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d(?![\p{L}\p{N}])/giu;
/** A North American phone number: optional +1, area code (optionally in brackets), 3 + 4 digits. */
const PHONE = /(?<![\p{L}\p{N}+])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-]?)\d{3}[ .-]?\d{4}(?![\p{L}\p{N}])/gu;

/**
 * The text with personal identifiers replaced by typed markers, and the kinds found (see the
 * module comment). The same text always gives the same answer.
 */
export function redact(text: string, options: RedactionOptions = {}): Redaction {
  const found = new Set<RedactionKind>();
  let result = text;
  // E-mail first: an address can hold digits that would otherwise read as a number.
  if (options.email) result = replaceAll(result, EMAIL, () => 'email', found);
  result = result.replace(DIGIT_RUN, (run, offset: number, whole: string) => redactDigitRun(run, whole.slice(Math.max(0, offset - CONTEXT_REACH), offset), options, found));
  if (options.phone) result = replaceAll(result, PHONE, () => 'phone', found);
  if (options.postal) result = replaceAll(result, POSTAL, () => 'postal', found);
  return { text: result, kinds: REDACTION_KINDS.filter((kind) => found.has(kind)) };
}

function replaceAll(text: string, pattern: RegExp, kindOf: (match: string) => RedactionKind | null, found: Set<RedactionKind>): string {
  return text.replace(pattern, (match) => {
    const kind = kindOf(match);
    if (kind === null) return match;
    found.add(kind);
    return redactionMarker(kind);
  });
}

interface Group {
  digits: string;
  /** The text of the group and the separator before it, as written. */
  raw: string;
}

/**
 * One run of digit groups: the whole run if it is an identifier, else the longest identifier made
 * of whole consecutive groups within it (someone may type two numbers in a row), else unchanged.
 */
function redactDigitRun(written: string, before: string, options: RedactionOptions, found: Set<RedactionKind>): string {
  // A leading + belongs to a phone number (and goes with it); kept as written otherwise.
  const plus = written.startsWith('+') ? '+' : '';
  const run = written.slice(plus.length);
  const versionCode = /[ -]?([A-Z]{2})$/.exec(run);
  const numberPart = versionCode === null ? run : run.slice(0, versionCode.index);
  const groups: Group[] = [];
  const groupPattern = /([ .-]?)(\d+)/g;
  for (const match of numberPart.matchAll(groupPattern)) groups.push({ digits: match[2]!, raw: match[0] });
  // Spelled-out runs of many groups are tables of figures, not identifiers; keep matching bounded.
  if (groups.length > 12) return written;

  const whole = classify(groups, versionCode !== null, before, options);
  if (whole !== null) {
    found.add(whole);
    return `${whole === 'phone' ? '' : plus}${redactionMarker(whole)}`;
  }
  // Try sub-runs, longest first, left to right; replace what is found, keep the rest as written.
  for (let length = groups.length - 1; length >= 1; length--) {
    for (let start = 0; start + length <= groups.length; start++) {
      const part = groups.slice(start, start + length);
      const kind = classify(part, false, before, options);
      if (kind === null) continue;
      found.add(kind);
      const head = groups.slice(0, start).map((group) => group.raw).join('');
      const separator = /^[ .-]/.exec(part[0]!.raw)?.[0] ?? '';
      const tail = groups.slice(start + length).map((group) => group.raw).join('');
      const rest = redactDigitRun(tail.replace(/^[ .-]/, ''), before, options, found);
      const tailSeparator = /^[ .-]/.exec(tail)?.[0] ?? '';
      return `${plus}${head}${separator}${redactionMarker(kind)}${tail === '' ? '' : tailSeparator + rest}${versionCode?.[0] ?? ''}`;
    }
  }
  return written;
}

/** What kind of identifier these digit groups are, or null. */
function classify(groups: readonly Group[], hasVersionCode: boolean, before: string, options: RedactionOptions): RedactionKind | null {
  const digits = groups.map((group) => group.digits).join('');
  const sizes = groups.map((group) => group.digits.length);
  const separators = new Set(groups.slice(1).map((group) => group.raw[0]));
  const sameSeparator = separators.size <= 1;
  const luhn = passesLuhn(digits);

  if (digits.length === 9 && luhn) {
    const writtenAsSin = groups.length === 1 || (sameSeparator && sizes.join('-') === '3-3-3');
    if (writtenAsSin || SIN_CONTEXT.test(before)) return 'sin';
  }
  if (digits.length === 10 && luhn) {
    const writtenAsHealthCard = hasVersionCode || (sameSeparator && sizes.join('-') === '4-3-3');
    if (writtenAsHealthCard || HEALTH_CONTEXT.test(before)) return 'health';
  }
  if (digits.length >= 13 && digits.length <= 19 && luhn && sameSeparator && !separators.has('.')) return 'card';
  if (options.phone && isPhone(digits, sizes)) return 'phone';
  return null;
}

/** A North American number as digits: 10, or 11 starting with 1, in the usual groups. */
function isPhone(digits: string, sizes: readonly number[]): boolean {
  const shape = sizes.join('-');
  if (digits.length === 10) return ['10', '3-3-4', '3-7', '6-4'].includes(shape);
  if (digits.length === 11 && digits.startsWith('1')) return ['11', '1-3-3-4', '1-10'].includes(shape);
  return false;
}

/** The Luhn (mod 10) check that SINs, payment cards and Ontario health cards carry. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
