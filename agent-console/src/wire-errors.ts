/** Reads the one error shape (`{ error: { code, message } }`) from untrusted JSON. */
import { ERROR_CODES, type ErrorCode } from '../../protocol/error-codes.js';

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** The code of an `{ error: { code } }` body, if it is one we know; null for anything else. */
export function errorCodeOf(body: unknown): ErrorCode | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error: unknown = body.error;
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code: unknown = error.code;
  return typeof code === 'string' && KNOWN_CODES.has(code) ? (code as ErrorCode) : null;
}
