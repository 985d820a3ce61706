/**
 * Single sign-on's pure rules (issue #9, point 2): what a browser carries between the start and the
 * provider's return, how long it may, and which identity the provider's claims prove.
 */

/** The checks of one sign-in attempt: kept by the browser in a signed cookie, so any node can finish it. */
export interface SsoFlow {
  /** Echoed by the provider; ties its answer to this browser's start (login CSRF). */
  readonly state: string;
  /** Must come back inside the ID token: a token minted for another attempt is refused. */
  readonly nonce: string;
  /** PKCE: sent with the code to the token endpoint, which checks it against the challenge. */
  readonly verifier: string;
  /** Epoch milliseconds the attempt started. */
  readonly startedAt: number;
}

/** How long a person may take at their provider's sign-in page before the attempt must start over. */
export const SSO_FLOW_TTL_MS = 10 * 60_000;

/** The longest flow value accepted, so a forged cookie costs nothing to refuse. */
const FLOW_MAX_LENGTH = 1024;

/** A flow as the cookie's value (JSON; the cookie's signature protects it, its serialisation escapes it). */
export function encodeFlow(flow: SsoFlow): string {
  return JSON.stringify(flow);
}

/** The flow in a cookie's value, or null when malformed or older than SSO_FLOW_TTL_MS at `now`. */
export function decodeFlow(raw: string, now: number): SsoFlow | null {
  if (raw.length > FLOW_MAX_LENGTH) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { state, nonce, verifier, startedAt } = value as Record<string, unknown>;
  const text = (field: unknown): field is string => typeof field === 'string' && field.length > 0 && field.length <= 256;
  if (!text(state) || !text(nonce) || !text(verifier) || typeof startedAt !== 'number' || !Number.isFinite(startedAt)) return null;
  if (now < startedAt || now - startedAt > SSO_FLOW_TTL_MS) return null;
  return { state, nonce, verifier, startedAt };
}

/** What the provider's claims say about the person's email. */
export type EmailProof = { readonly kind: 'verified'; readonly email: string } | { readonly kind: 'missing' } | { readonly kind: 'unverified' };

/**
 * The email the provider vouches for: present, a string, and `email_verified` exactly `true` (a
 * provider that lets people type any address, or sends "true" as text, proves nothing). Lower-cased
 * as accounts store it.
 */
export function verifiedEmail(claims: Readonly<Record<string, unknown>>): EmailProof {
  const email = claims['email'];
  if (typeof email !== 'string' || email.trim() === '' || email.length > 320) return { kind: 'missing' };
  if (claims['email_verified'] !== true) return { kind: 'unverified' };
  return { kind: 'verified', email: email.trim().toLowerCase() };
}
