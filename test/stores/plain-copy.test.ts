import { describe, expect, it } from 'vitest';
import { plainCopy } from '../../server/stores/plain-copy.js';

describe('plainCopy', () => {
  it('copies nested objects and arrays, equal and shared with nothing', () => {
    const original = { id: 'c1', status: 'active', agentId: null, closedAt: undefined, page: { url: 'https://x.test/', title: 'X' }, history: [{ at: 1, kind: 'queued' }], redacted: ['sin'] };
    const copied = plainCopy(original);
    expect(copied).toStrictEqual(original);
    expect('closedAt' in copied).toBe(true);
    copied.page.title = 'changed';
    copied.history[0]!.kind = 'changed';
    copied.redacted.push('card');
    expect(original.page.title).toBe('X');
    expect(original.history[0]!.kind).toBe('queued');
    expect(original.redacted).toEqual(['sin']);
  });

  it('returns what is not an object as it is', () => {
    for (const value of ['text', 42, true, null, undefined]) expect(plainCopy(value)).toBe(value);
  });

  it('gives what is not plain data to structuredClone: bytes, maps and dates come back equal and separate', () => {
    const original = { bytes: new Uint8Array([1, 2, 3]), map: new Map([['a', 1]]), at: new Date(0) };
    const copied = plainCopy(original);
    expect(copied).toStrictEqual(original);
    expect(copied.bytes).not.toBe(original.bytes);
    copied.bytes[0] = 9;
    copied.map.set('a', 2);
    expect(original.bytes[0]).toBe(1);
    expect(original.map.get('a')).toBe(1);
  });
});
