/** Client-generated ids for messages, so that a resent message is stored once by the server. */
import { CLIENT_ID_PATTERN } from '../../protocol/limits.js';

/**
 * A fresh id matching `CLIENT_ID_PATTERN`. `randomUUID` exists only in secure contexts (HTTPS or
 * localhost), so a console opened over plain HTTP on an intranet address falls back to
 * `getRandomValues`, which every browser offers everywhere.
 */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function isClientId(value: string): boolean {
  return CLIENT_ID_PATTERN.test(value);
}
