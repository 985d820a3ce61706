/**
 * Security headers. Every response: no MIME sniffing (a JSON error or the loader must never be
 * run as a script or page), and in production Strict-Transport-Security. HTML pages add a strict
 * Content-Security-Policy (scripts and styles only from this host, no inline script) and a
 * referrer policy that does not leak page addresses to other sites.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';

/** A year, subdomains included: the usual minimum for browsers' HSTS preload lists. */
const HSTS = 'max-age=31536000; includeSubDomains';

/** The headers every response carries. No HSTS outside production: the demo runs on plain http. */
export function responseSecurityHeaders(config: Pick<Config, 'isProduction'>): Record<string, string> {
  return config.isProduction
    ? { 'x-content-type-options': 'nosniff', 'strict-transport-security': HSTS }
    : { 'x-content-type-options': 'nosniff' };
}

/**
 * Adds `responseSecurityHeaders` to everything Fastify sends: answers, errors, 404s and static
 * files. Register before any route. (Errors met before routing, such as a malformed path, skip
 * hooks: the `frameworkErrors` option in app.ts sets the same headers itself.)
 */
export function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'isProduction'>): void {
  const headers = responseSecurityHeaders(config);
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(headers);
    done(null, payload);
  });
}

/** The extra headers of an HTML page: its Content-Security-Policy, with this frame-ancestors. */
export function pageSecurityHeaders(frameAncestors: string, options: { inlineStyles?: boolean } = {}): Record<string, string> {
  const styleSource = options.inlineStyles === true ? "'self' 'unsafe-inline'" : "'self'";
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      `style-src ${styleSource}`,
      "img-src 'self' data:",
      "connect-src 'self'",
      "frame-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
      "object-src 'none'",
      frameAncestors,
    ].join('; '),
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}
