import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passesLuhn, redact, redactionMarker } from '../../server/domain/redaction.js';

// Fixtures: 046 454 286 is the SIN every guide uses as the valid example (it passes Luhn);
// 4111 1111 1111 1111 and 5500 0000 0000 0004 are test card numbers; 1234 567 897 passes Luhn
// as an Ontario health card number does. 613-555-0199 passes Luhn too: a phone number that must
// not be taken for a health card.

describe('redact: always removed', () => {
  it.each([
    ['My SIN is 046 454 286, thanks', 'My SIN is [redacted:sin], thanks', ['sin']],
    ['Mon NAS est le 046-454-286.', 'Mon NAS est le [redacted:sin].', ['sin']],
    ['numéro d’assurance sociale : 046454286', 'numéro d’assurance sociale : [redacted:sin]', ['sin']],
    ['social insurance number 046.454.286', 'social insurance number [redacted:sin]', ['sin']],
    ['NAS 0464 54286', 'NAS [redacted:sin]', ['sin']],
    ['card 4111 1111 1111 1111 exp 12/27', 'card [redacted:card] exp 12/27', ['card']],
    ['carte de crédit 5500-0000-0000-0004', 'carte de crédit [redacted:card]', ['card']],
    ['amex 378282246310005', 'amex [redacted:card]', ['card']],
    ['health card 1234 567 897 AB', 'health card [redacted:health]', ['health']],
    ['1234-567-897', '[redacted:health]', ['health']],
    ['carte santé : 1234567897', 'carte santé : [redacted:health]', ['health']],
    ['OHIP 1234567897', 'OHIP [redacted:health]', ['health']],
    ['numbers 046 454 286 and 4111 1111 1111 1111', 'numbers [redacted:sin] and [redacted:card]', ['sin', 'card']],
  ])('%s', (input, text, kinds) => {
    expect(redact(input)).toEqual({ text, kinds });
  });

  it('finds an identifier typed next to another number', () => {
    expect(redact('ref 12 046 454 286').text).toBe('ref 12 [redacted:sin]');
  });
});

describe('redact: what must survive', () => {
  it.each([
    'My SIN is 046 454 287', // fails Luhn
    'Mon NAS est le 046-454-287',
    'card 4111 1111 1111 1112',
    'Born on 1984-05-12, arrived 12/05/2024 or 12.05.2024',
    'The payment was $1,234.56 on March 3; le paiement : 1 234,56 $',
    'Your reference is K7M-4QX9, ticket 2024-118823',
    'Call 613-555-0199 or (416) 555-0199 or +1 613 555 0108', // phones, while that kind is off
    '6135550199', // a Luhn-valid 10-digit phone, written as phones are
    'write to jane.doe@example.gc.ca at K1A 0B1', // e-mail and postal code, while off
    'Application 123456789 was refused', // 9 digits failing Luhn
    'Tables: 1 2 3 4 5 6 7 8 9 10 11 12 13 14',
    '',
  ])('%s', (input) => {
    expect(redact(input)).toEqual({ text: input, kinds: [] });
  });
});

describe('redact: kinds a site switches on', () => {
  const all = { phone: true, email: true, postal: true };

  it.each([
    ['Call 613-555-0199', 'Call [redacted:phone]', ['phone']],
    ['Appelez le (416) 555-0199', 'Appelez le [redacted:phone]', ['phone']],
    ['+1 613 555 0108 evenings', '[redacted:phone] evenings', ['phone']],
    ['courriel : jane.doe@example.gc.ca', 'courriel : [redacted:email]', ['email']],
    ['I live at K1A 0B1', 'I live at [redacted:postal]', ['postal']],
    ['code postal h2x1y4', 'code postal [redacted:postal]', ['postal']],
    ['SIN 046 454 286, phone 613 555 0199', 'SIN [redacted:sin], phone [redacted:phone]', ['sin', 'phone']],
  ])('%s', (input, text, kinds) => {
    expect(redact(input, all)).toEqual({ text, kinds });
  });

  it('keeps dates, amounts and references with every kind on', () => {
    const text = 'On 2024-05-12 I paid $1,234.56 for reference K7M-4QX9.';
    expect(redact(text, all)).toEqual({ text, kinds: [] });
  });
});

describe('redact: properties', () => {
  it('never leaves a valid SIN or card number in the text, however it is embedded', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.constantFrom('046 454 286', '046-454-286', '4111 1111 1111 1111', '5500000000000004'), fc.string({ maxLength: 20 }), (head, identifier, tail) => {
        const text = `${head} ${identifier} ${tail}`;
        expect(redact(text).text.replace(/\D/g, '')).not.toContain(identifier.replace(/\D/g, ''));
      }),
    );
  });

  it('changes nothing in text without digits or @', () => {
    fc.assert(
      fc.property(fc.string().filter((text) => !/[\d@]/.test(text)), (text) => {
        expect(redact(text, { phone: true, email: true }).text).toBe(text);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const once = redact(`${text} 046 454 286 ${text}`, { phone: true, email: true, postal: true }).text;
        expect(redact(once, { phone: true, email: true, postal: true }).text).toBe(once);
      }),
    );
  });
});

it('checks Luhn as SINs and cards do', () => {
  expect(passesLuhn('046454286')).toBe(true);
  expect(passesLuhn('046454287')).toBe(false);
  expect(passesLuhn('4111111111111111')).toBe(true);
  expect(passesLuhn('12a4')).toBe(false);
  expect(redactionMarker('sin')).toBe('[redacted:sin]');
});
