import { describe, expect, it } from 'vitest';
import {
  frameAncestorsDirective,
  isOriginAllowed,
  mayFrame,
  originOf,
  provesAllowedOrigin,
  SELF,
} from '../../server/domain/origin-policy.js';

describe('origin policy', () => {
  const allowed = ['https://www.example.gc.ca', SELF];

  it('normalises origins and rejects what is not http(s)', () => {
    expect(originOf('https://www.example.gc.ca/page?x=1')).toBe('https://www.example.gc.ca');
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });

  it('allows listed origins and the chat host itself, and nothing else', () => {
    expect(isOriginAllowed('https://www.example.gc.ca', 'chat.example', allowed)).toBe(true);
    expect(isOriginAllowed('http://chat.example', 'chat.example', [])).toBe(true);
    expect(isOriginAllowed('https://evil.example', 'chat.example', allowed)).toBe(false);
    expect(isOriginAllowed('https://www.example.gc.ca.evil.example', 'chat.example', allowed)).toBe(false);
    expect(isOriginAllowed('null', 'chat.example', allowed)).toBe(false);
  });

  it('treats a missing Origin header as same-origin or non-browser (allowed)', () => {
    expect(isOriginAllowed(undefined, 'chat.example', [])).toBe(true);
  });

  it('makes a socket connection prove its origin: a matching Origin, or Sec-Fetch-Site same-origin without one', () => {
    const from = (origin: string | undefined, secFetchSite?: string) => ({ origin, secFetchSite, host: 'chat.example' });
    expect(provesAllowedOrigin(from('http://chat.example'), [])).toBe(true);
    expect(provesAllowedOrigin(from('https://www.example.gc.ca'), allowed)).toBe(true);
    expect(provesAllowedOrigin(from(undefined, 'same-origin'), [])).toBe(true);
    // A sibling origin of the same site (another port or subdomain) is another origin.
    expect(provesAllowedOrigin(from('http://chat.example:8080'), [])).toBe(false);
    expect(provesAllowedOrigin(from('http://other.chat.example'), [])).toBe(false);
    // A <script> tag (JSON-P) sends no Origin, and Sec-Fetch-Site says it is not same-origin.
    expect(provesAllowedOrigin(from(undefined, 'same-site'), [])).toBe(false);
    expect(provesAllowedOrigin(from(undefined, 'cross-site'), allowed)).toBe(false);
    expect(provesAllowedOrigin(from(undefined), allowed)).toBe(false);
    // An Origin that is present decides, whatever Sec-Fetch-Site says.
    expect(provesAllowedOrigin(from('https://evil.example', 'same-origin'), allowed)).toBe(false);
  });

  it("lets the chat host frame the chat only when the site lists 'self'", () => {
    expect(mayFrame('http://chat.example', 'chat.example', allowed)).toBe(true);
    expect(mayFrame('http://chat.example', 'chat.example', ['https://www.example.gc.ca'])).toBe(false);
    expect(mayFrame('https://www.example.gc.ca', 'chat.example', allowed)).toBe(true);
    expect(mayFrame('https://evil.example', 'chat.example', allowed)).toBe(false);
  });

  it('writes the frame-ancestors directive from the list', () => {
    expect(frameAncestorsDirective(allowed)).toBe("frame-ancestors https://www.example.gc.ca 'self'");
    expect(frameAncestorsDirective([])).toBe("frame-ancestors 'none'");
    expect(frameAncestorsDirective(['garbage'])).toBe("frame-ancestors 'none'");
  });
});
