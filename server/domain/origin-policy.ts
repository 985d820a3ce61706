/**
 * Which web origins may embed a site's widget and talk to the visitor side of the server.
 * A site lists origins such as `https://www.example.gc.ca`; the token `'self'` stands for the chat
 * host itself, which is how the demo page on `/` is allowed on any port.
 */
export const SELF = "'self'";

/** The prefix of an allowed origin that stands for every subdomain: `https://*.example.gov.xx`. */
const WILDCARD_PREFIX = 'https://*.';

/**
 * Whether the origin `normalized` (as `originOf` gives it) is one that `allowed` names: the same
 * origin, or for `https://*.example.gov.xx[:port]` an https origin on that port whose host is a
 * subdomain of `example.gov.xx` (not `example.gov.xx` itself). `'self'` matches nothing here.
 */
export function originMatches(allowed: string, normalized: string): boolean {
  if (allowed === SELF) return false;
  if (!allowed.startsWith(WILDCARD_PREFIX)) return originOf(allowed) === normalized;
  const base = originOf(`https://${allowed.slice(WILDCARD_PREFIX.length)}`);
  if (base === null) return false;
  const pattern = new URL(base);
  const candidate = new URL(normalized);
  return (
    candidate.protocol === 'https:' &&
    candidate.port === pattern.port &&
    candidate.hostname.endsWith(`.${pattern.hostname}`) &&
    candidate.hostname.length > pattern.hostname.length + 1
  );
}

/** `scheme://host[:port]` of a URL, or null when it is not an http(s) URL. */
export function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * Whether a browser request from `origin` may reach the visitor side for this site.
 *
 * `requestHost` is the Host header the request arrived with: an origin with that same host is the
 * chat host itself (the widget's own iframe), which is always allowed.
 * A missing Origin is allowed: browsers send it on every cross-origin request and on WebSocket
 * handshakes, so its absence means a same-origin request or a non-browser client, which origin
 * checks cannot stop anyway.
 */
export function isOriginAllowed(
  origin: string | undefined,
  requestHost: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  const normalized = originOf(origin);
  if (normalized === null) return false;
  if (requestHost !== undefined && new URL(normalized).host === requestHost.toLowerCase()) return true;
  return allowedOrigins.some((allowed) => originMatches(allowed, normalized));
}

/** The headers a browser sends that say where a request comes from. */
export interface RequestSource {
  /** The `Origin` header. */
  origin: string | undefined;
  /** The `Sec-Fetch-Site` header: `same-origin` when a page of this very origin made the request. */
  secFetchSite: string | undefined;
  /** The `Host` header the request arrived with. */
  host: string | undefined;
}

/**
 * Whether a socket connection proves that it comes from an allowed page: an `Origin` that is the
 * chat host itself or one of `allowedOrigins`, or, where a browser sends no `Origin` (a same-origin
 * long-polling GET), `Sec-Fetch-Site: same-origin`. Neither is a refusal: a `<script>` tag on
 * another page (JSON-P, which is turned off anyway) or any request that hides where it comes from.
 * A non-browser client can forge both headers; rate limits, not origins, stop those.
 */
export function provesAllowedOrigin(source: RequestSource, allowedOrigins: readonly string[]): boolean {
  if (source.origin === undefined) return source.secFetchSite === 'same-origin';
  return isOriginAllowed(source.origin, source.host, allowedOrigins);
}

/**
 * Whether a page at `origin` may frame the chat (checked before serving the iframe, then enforced
 * by the browser through `frameAncestorsDirective`).
 */
export function mayFrame(origin: string, requestHost: string | undefined, allowedOrigins: readonly string[]): boolean {
  const normalized = originOf(origin);
  if (normalized === null) return false;
  const isSelf = requestHost !== undefined && new URL(normalized).host === requestHost.toLowerCase();
  if (isSelf) return allowedOrigins.includes(SELF);
  return allowedOrigins.some((allowed) => originMatches(allowed, normalized));
}

/** The CSP `frame-ancestors` value for a site: the chat frame may sit only in its allowed pages. */
export function frameAncestorsDirective(allowedOrigins: readonly string[]): string {
  const sources = allowedOrigins
    // CSP's host-source takes `https://*.example.gov.xx` as it is: subdomains only, as here.
    .map((allowed) => (allowed === SELF ? SELF : allowed.startsWith(WILDCARD_PREFIX) ? wildcardSource(allowed) : originOf(allowed)))
    .filter((source): source is string => source !== null);
  return `frame-ancestors ${sources.length > 0 ? [...new Set(sources)].join(' ') : "'none'"}`;
}

/** A wildcard origin as a CSP source (its host lower-cased), or null when it is not one. */
function wildcardSource(allowed: string): string | null {
  const base = originOf(`https://${allowed.slice(WILDCARD_PREFIX.length)}`);
  return base === null ? null : `${WILDCARD_PREFIX}${base.slice('https://'.length)}`;
}
