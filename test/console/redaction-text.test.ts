import { describe, expect, it } from 'vitest';
import { redactionParts } from '../../agent-console/src/redaction-text.js';
import { catalogues } from '../../agent-console/src/i18n.js';
import { REDACTION_KINDS, redactionMarker } from '../../protocol/privacy.js';

describe('removed identifiers in the console', () => {
  it('cuts a message at each marker the server leaves, keeping the text around them', () => {
    expect(redactionParts(`My SIN is ${redactionMarker('sin')}, card ${redactionMarker('card')}.`)).toEqual([
      { kind: 'text', text: 'My SIN is ' },
      { kind: 'redacted', redaction: 'sin' },
      { kind: 'text', text: ', card ' },
      { kind: 'redacted', redaction: 'card' },
      { kind: 'text', text: '.' },
    ]);
    expect(redactionParts(redactionMarker('email'))).toEqual([{ kind: 'redacted', redaction: 'email' }]);
    expect(redactionParts('')).toEqual([{ kind: 'text', text: '' }]);
  });

  it('leaves text that only looks like a marker as it is', () => {
    for (const text of ['[redacted:password]', '[redacted: sin]', 'redacted:sin', '[REDACTED:SIN]']) {
      expect(redactionParts(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('has a label for every kind, in both languages, saying in words that something was removed', () => {
    for (const kind of REDACTION_KINDS) {
      expect(catalogues.en.redactionMarkers[kind]).toMatch(/^\[.+ removed\]$/);
      expect(catalogues.fr.redactionMarkers[kind]).toMatch(/^\[.+ retirée?\]$/);
    }
    expect(catalogues.en.redactionMarkers.sin).toBe('[SIN removed]');
    expect(catalogues.fr.redactionMarkers.sin).toBe('[NAS retiré]');
  });
});
