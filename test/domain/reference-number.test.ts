/** Reference numbers: the format, the alphabet, one reference per sequence number, and reading what was typed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normaliseReference,
  REFERENCE_ALPHABET,
  REFERENCE_SEQUENCE_MAX,
  referenceFromSequence,
  sequenceOfReference,
} from '../../server/domain/reference-number.js';

const SHORT_MAX = 30 ** 6;

describe('reference numbers', () => {
  it('uses 30 characters, none of 0, O, 1, I, L or U', () => {
    expect(REFERENCE_ALPHABET).toHaveLength(30);
    expect(new Set(REFERENCE_ALPHABET).size).toBe(30);
    for (const confusable of '01ILOU') expect(REFERENCE_ALPHABET).not.toContain(confusable);
  });

  it('writes the first 729 million as XXX-XXX, then XXXX-XXXX', () => {
    expect(referenceFromSequence(1)).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/);
    expect(referenceFromSequence(SHORT_MAX)).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/);
    expect(referenceFromSequence(SHORT_MAX + 1)).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(referenceFromSequence(REFERENCE_SEQUENCE_MAX)).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    for (const bad of [0, -1, 1.5, REFERENCE_SEQUENCE_MAX + 1, Number.NaN]) expect(() => referenceFromSequence(bad)).toThrow(RangeError);
  });

  it('gives each sequence number its own reference, and reads it back (a bijection)', () => {
    const sequence = fc.oneof(fc.integer({ min: 1, max: SHORT_MAX }), fc.integer({ min: SHORT_MAX + 1, max: REFERENCE_SEQUENCE_MAX }));
    fc.assert(
      fc.property(sequence, (n) => {
        const reference = referenceFromSequence(n);
        for (const character of reference.replace('-', '')) expect(REFERENCE_ALPHABET).toContain(character);
        expect(sequenceOfReference(reference)).toBe(n);
      }),
      { numRuns: 2000 },
    );
    // The first ten thousand chats: all different, and neighbours do not look like neighbours.
    const first = Array.from({ length: 10_000 }, (_, i) => referenceFromSequence(i + 1));
    expect(new Set(first).size).toBe(first.length);
    const sharedPrefix = first.slice(1).filter((reference, i) => reference.slice(0, 3) === first[i]!.slice(0, 3)).length;
    expect(sharedPrefix).toBeLessThan(100);
  });

  it('reads what was typed: any case, with or without the dash or spaces', () => {
    const reference = referenceFromSequence(42);
    const compact = reference.replace('-', '');
    expect(normaliseReference(reference.toLowerCase())).toBe(reference);
    expect(normaliseReference(compact)).toBe(reference);
    expect(normaliseReference(` ${compact.slice(0, 3)} ${compact.slice(3)} `)).toBe(reference);
    expect(sequenceOfReference(compact.toLowerCase())).toBe(42);
  });

  it('refuses what cannot be a reference', () => {
    for (const typed of ['', 'K7M-4Q', 'K7M-4QXX1', 'K7M-4Q0', 'O7M-4QX', 'I7M-4QX', 'L7M-4QX', '0a1b2c3d', 'K7M-4QX-2']) {
      expect(normaliseReference(typed)).toBeNull();
      expect(sequenceOfReference(typed)).toBeNull();
    }
  });
});
