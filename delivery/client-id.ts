/**
 * Random ids made on the client: message and start ids (so that a resent command is stored once)
 * and the citizen's secret. From `crypto.getRandomValues`, not `crypto.randomUUID`: the latter
 * exists only in secure contexts, and the chat and the console must also work over plain HTTP (an
 * intranet address, a test page).
 */
import { CLIENT_ID_PATTERN } from '../protocol/limits.js';

/** `bytes` random bytes from the platform's CSPRNG, as lowercase hex (URL-safe, 2 characters a byte). */
export function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  let hex = '';
  for (const value of values) hex += value.toString(16).padStart(2, '0');
  return hex;
}

/** A fresh client id for a message or a chat start: 128 random bits, matching `CLIENT_ID_PATTERN`. */
export function newClientId(): string {
  return randomHex(16);
}

/** Whether a value (say, read back from storage) can be sent as a client id. */
export function isClientId(value: string): boolean {
  return CLIENT_ID_PATTERN.test(value);
}
