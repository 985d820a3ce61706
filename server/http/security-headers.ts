/**
 * Security headers for the HTML pages the server sends: a strict Content-Security-Policy (scripts
 * and styles only from this host, no inline script), no MIME sniffing, and a referrer policy that
 * does not leak page addresses to other sites.
 */
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
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}
