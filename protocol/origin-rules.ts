/**
 * What an allowed origin of a site may be (issue #9, point 3), as one rule both sides apply: the
 * server refuses a site that breaks it (server/domain/site-admin.ts words it in English), and the
 * console says so beside the field before sending, in the manager's language. No schema library:
 * the console imports it as values.
 */

/** The chat host itself, as a site's allowed origin. */
export const SELF_ORIGIN = "'self'";

/** How an allowed origin can be wrong. */
export type OriginFault =
  /** A `*` anywhere but the one `https://*.` form. */
  | { kind: 'wildcard' }
  /** Not a URL at all. */
  | { kind: 'not_url' }
  /** Not http or https. */
  | { kind: 'scheme' }
  /** Carries a user name or password. */
  | { kind: 'credentials' }
  /** A path, a trailing slash, upper case or a default port: `origin` is how browsers send it. */
  | { kind: 'not_as_sent'; origin: string }
  /** A wildcard on an address or on a one-label name. */
  | { kind: 'wildcard_scope' }
  /** Not a host name (bad labels, a numeric top label). */
  | { kind: 'not_host' };

/** A DNS label: letters, digits and inner hyphens, at most 63 characters. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * What is wrong with `value` as an allowed origin, or null when it is one. Allowed: `'self'`,
 * `http(s)://host[:port]` written as the browser sends it (lower case, no path, no trailing slash,
 * no user or password, no default port), and `https://*.example.gov.xx[:port]` for every
 * subdomain of a domain of at least two labels.
 */
export function originFault(value: string): OriginFault | null {
  if (value === SELF_ORIGIN) return null;
  const wildcard = value.startsWith('https://*.');
  if (value.includes('*') && !wildcard) return { kind: 'wildcard' };
  const written = wildcard ? `https://${value.slice('https://*.'.length)}` : value;
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    return { kind: 'not_url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'scheme' };
  if (url.username !== '' || url.password !== '') return { kind: 'credentials' };
  if (written !== url.origin) return { kind: 'not_as_sent', origin: url.origin };
  const host = url.hostname;
  if (host.startsWith('[')) return wildcard ? { kind: 'wildcard_scope' } : null;
  const labels = host.split('.');
  if (!labels.every((label) => LABEL.test(label))) return { kind: 'not_host' };
  const ipv4 = labels.length === 4 && labels.every((label) => /^\d+$/.test(label));
  if (wildcard && (ipv4 || labels.length < 2)) return { kind: 'wildcard_scope' };
  if (!ipv4 && /^\d+$/.test(labels[labels.length - 1]!)) return { kind: 'not_host' };
  return null;
}
