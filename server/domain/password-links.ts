/**
 * One-time links to set a password (issue #9, point 1): made when a manager creates an account or
 * resets its password. The link carries `<account id>.<secret>`; only the secret's SHA-256 is kept,
 * on the account, with its expiry, so that a newer link replaces (voids) an older one, using it
 * clears it (single use, by the account's compare-and-set), and a copy of the store holds nothing
 * that opens an account. Pure: the caller makes the secret and hashes it.
 */

/** How long a link works: three days, for a newcomer who gets it on a Friday. */
export const PASSWORD_LINK_TTL_MS = 72 * 60 * 60 * 1000;

/** What the account keeps of its latest link. */
export interface PasswordLink {
  /** SHA-256 (hex) of the link's secret. */
  secretHash: string;
  createdAt: number;
  expiresAt: number;
}

export function newPasswordLink(secretHash: string, now: number, ttlMs: number = PASSWORD_LINK_TTL_MS): PasswordLink {
  return { secretHash, createdAt: now, expiresAt: now + ttlMs };
}

/** A link's token as it travels: the account's id and the secret. */
export interface PasswordLinkToken {
  agentId: string;
  secret: string;
}

/** The token in the link's text. */
export function formatLinkToken(token: PasswordLinkToken): string {
  return `${token.agentId}.${token.secret}`;
}

/** The token read back from a link's text; null when it cannot be one (then nothing is looked up). */
export function parseLinkToken(text: string): PasswordLinkToken | null {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(text);
  return match === null ? null : { agentId: match[1]!, secret: match[2]! };
}

/**
 * Whether a link with this secret's hash may set the password now: the account has a link (a used
 * one is cleared, a newer one replaced it), its hash matches (compared by the caller in constant
 * time: `matches`), and it has not expired.
 */
export function linkUsable(link: PasswordLink | null, matches: (secretHash: string) => boolean, now: number): boolean {
  return link !== null && now < link.expiresAt && matches(link.secretHash);
}
