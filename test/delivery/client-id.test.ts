import { describe, expect, it } from 'vitest';
import { isClientId, newClientId, randomHex } from '../../delivery/client-id.js';
import { CLIENT_ID_PATTERN } from '../../protocol/limits.js';

describe('client ids', () => {
  it('are fresh, 128-bit hex ids the server accepts', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newClientId()));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(CLIENT_ID_PATTERN.test(id)).toBe(true);
      expect(isClientId(id)).toBe(true);
    }
  });

  it('makes secrets of any byte count, two hex digits a byte', () => {
    expect(randomHex(32)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('recognises what is not a client id', () => {
    expect(isClientId('short')).toBe(false);
    expect(isClientId('has spaces in it')).toBe(false);
  });
});
