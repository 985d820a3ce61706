/**
 * The fixture set the issue asks for (issue #10, "Privacy"): positives and negatives in English and
 * French, through the one-argument `redact(text)` that checks outside the code call, and with a
 * site's optional kinds on. Numbers: 046 454 286 and 130 692 544 pass Luhn as SINs; 4111 1111 1111
 * 1111, 5500 0000 0000 0004, 3782 822463 10005 and 6011 1111 1111 1117 are test card numbers;
 * 1234 567 897 and 9876 543 217 pass Luhn as Ontario health card numbers do.
 */
import { describe, expect, it } from 'vitest';
import { redact, redactionOptionsOf } from '../../server/domain/redaction.js';

const POSITIVES: Array<[string, string, string[]]> = [
  // Social insurance numbers, with spaces, dashes or nothing, and their context words.
  ['My social insurance number is 130 692 544.', 'My social insurance number is [redacted:sin].', ['sin']],
  ['SIN: 130-692-544', 'SIN: [redacted:sin]', ['sin']],
  ['Mon numéro d’assurance sociale : 130 692 544', 'Mon numéro d’assurance sociale : [redacted:sin]', ['sin']],
  ["Mon numéro d'assurance sociale est 046454286", "Mon numéro d'assurance sociale est [redacted:sin]", ['sin']],
  ['N° d’assurance sociale 046-454-286', 'N° d’assurance sociale [redacted:sin]', ['sin']],
  ['nas 1306 92544 (écrit en deux groupes)', 'nas [redacted:sin] (écrit en deux groupes)', ['sin']],
  ['SIN 13069 2544', 'SIN [redacted:sin]', ['sin']],
  // Payment cards: 13 to 19 digits passing Luhn.
  ['Visa 4111 1111 1111 1111', 'Visa [redacted:card]', ['card']],
  ['Ma carte de crédit : 5500-0000-0000-0004', 'Ma carte de crédit : [redacted:card]', ['card']],
  ['Amex 3782 822463 10005', 'Amex [redacted:card]', ['card']],
  ['Discover 6011111111111117, merci', 'Discover [redacted:card], merci', ['card']],
  ['19 digits 6011 0000 0000 0000 001', '19 digits [redacted:card]', ['card']],
  // Ontario health cards: 10 digits, an optional two-letter version code.
  ['My health card is 9876-543-217-KX', 'My health card is [redacted:health]', ['health']],
  ['Ma carte santé : 9876 543 217 KX', 'Ma carte santé : [redacted:health]', ['health']],
  ['numéro de carte santé 9876543217', 'numéro de carte santé [redacted:health]', ['health']],
  ['OHIP number 9876543217', 'OHIP number [redacted:health]', ['health']],
  ['9876543217AB', '[redacted:health]', ['health']],
  // Several at once, each once in the kinds.
  ['NAS 130 692 544 et carte 4111 1111 1111 1111 et SIN 046 454 286', 'NAS [redacted:sin] et carte [redacted:card] et SIN [redacted:sin]', ['sin', 'card']],
];

const NEGATIVES: string[] = [
  // Numbers that fail Luhn.
  'My SIN is 130 692 545',
  'Mon NAS est 046-454-280',
  'Visa 4111 1111 1111 1110',
  'Ma carte santé : 9876 543 218',
  // Dates, in every way people write them.
  'I was born on 1984-05-12 and moved 12/05/2024.',
  'Je suis né le 12 mai 1984, arrivé le 2024-05-12 à 14 h 30.',
  // Amounts.
  'The bill was $1,234.56, then $12,345,678.90.',
  'La facture était de 1 234,56 $, puis 12 345 678,90 $.',
  // Reference numbers of the service (the chat's own references, file numbers).
  'My reference is 7K3P-Q2XD and my file is 2024-118823.',
  'Mon numéro de dossier est 123-456-789.',
  'Numéro de demande 0464 54286',
  // Phone numbers while the site keeps them.
  'Call me at 613-555-0199 or 1-800-622-6232.',
  'Appelez-moi au (416) 555-0199 ou au +1 613 555 0108.',
  // E-mail addresses and postal codes while the site keeps them.
  'Écrivez à marie.tremblay@exemple.gc.ca, code postal K1A 0B1.',
  // Luhn-valid 10-digit phone written as a phone.
  '6135550199',
];

describe('redact(text): the one-argument form checks outside the code call', () => {
  it.each(POSITIVES)('removes: %s', (input, text, kinds) => {
    expect(redact(input)).toEqual({ text, kinds });
  });

  it.each(NEGATIVES)('keeps: %s', (input) => {
    expect(redact(input)).toEqual({ text: input, kinds: [] });
  });
});

describe("a site's optional kinds", () => {
  const site = { redaction: { phone: true, email: true, postalCode: true } };

  it.each([
    ['Call me at 613-555-0199.', 'Call me at [redacted:phone].', ['phone']],
    ['Appelez-moi au (416) 555-0199.', 'Appelez-moi au [redacted:phone].', ['phone']],
    ['Écrivez à marie.tremblay@exemple.gc.ca', 'Écrivez à [redacted:email]', ['email']],
    ['code postal K1A 0B1', 'code postal [redacted:postal]', ['postal']],
    ['My postal code is m5v3l9', 'My postal code is [redacted:postal]', ['postal']],
  ])('removes: %s', (input, text, kinds) => {
    expect(redact(input, redactionOptionsOf(site))).toEqual({ text, kinds });
  });

  it('keeps dates, amounts and references with every kind on', () => {
    for (const text of ['Le 2024-05-12, j’ai payé 1 234,56 $ (dossier 2024-118823).', 'On 12/05/2024 I paid $1,234.56, reference 7K3P-Q2XD.']) {
      expect(redact(text, redactionOptionsOf(site))).toEqual({ text, kinds: [] });
    }
  });

  it('removes only the kinds switched on', () => {
    const text = 'Call 613-555-0199 or write to jane@example.gc.ca at K1A 0B1';
    expect(redact(text, redactionOptionsOf({ redaction: { phone: true, email: false, postalCode: false } }))).toEqual({
      text: 'Call [redacted:phone] or write to jane@example.gc.ca at K1A 0B1',
      kinds: ['phone'],
    });
    expect(redact(text, redactionOptionsOf({}))).toEqual({ text, kinds: [] });
  });
});
