import { describe, expect, it } from 'vitest';
import { decodeFlow, encodeFlow, SSO_FLOW_TTL_MS, verifiedEmail, type SsoFlow } from '../../server/domain/sso.js';

const flow: SsoFlow = { state: 'st', nonce: 'no', verifier: 've', startedAt: 1_000_000 };

describe('single sign-on flow', () => {
  it('reads back what it wrote, until the attempt is too old', () => {
    const raw = encodeFlow(flow);
    expect(decodeFlow(raw, flow.startedAt)).toEqual(flow);
    expect(decodeFlow(raw, flow.startedAt + SSO_FLOW_TTL_MS)).toEqual(flow);
    expect(decodeFlow(raw, flow.startedAt + SSO_FLOW_TTL_MS + 1)).toBeNull();
    expect(decodeFlow(raw, flow.startedAt - 1)).toBeNull();
  });

  it('refuses malformed values', () => {
    expect(decodeFlow('not json', 0)).toBeNull();
    expect(decodeFlow('null', 0)).toBeNull();
    expect(decodeFlow('[1]', 0)).toBeNull();
    expect(decodeFlow(encodeFlow({ ...flow, state: '' }), flow.startedAt)).toBeNull();
    expect(decodeFlow(JSON.stringify({ ...flow, nonce: 5 }), flow.startedAt)).toBeNull();
    expect(decodeFlow('a'.repeat(2000), 0)).toBeNull();
  });
});

describe('verified email', () => {
  it('takes an email only when email_verified is exactly true, lower-cased', () => {
    expect(verifiedEmail({ email: 'Ada@Example.GOV', email_verified: true })).toEqual({ kind: 'verified', email: 'ada@example.gov' });
    expect(verifiedEmail({ email: 'ada@example.gov', email_verified: false })).toEqual({ kind: 'unverified' });
    expect(verifiedEmail({ email: 'ada@example.gov', email_verified: 'true' })).toEqual({ kind: 'unverified' });
    expect(verifiedEmail({ email: 'ada@example.gov' })).toEqual({ kind: 'unverified' });
    expect(verifiedEmail({ email_verified: true })).toEqual({ kind: 'missing' });
    expect(verifiedEmail({ email: 42, email_verified: true })).toEqual({ kind: 'missing' });
  });
});
