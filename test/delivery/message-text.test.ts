import { describe, expect, it } from 'vitest';
import { MESSAGE_TEXT_MAX } from '../../protocol/limits.js';
import { isBlankMessage, messageLength, normalizeMessageText } from '../../protocol/message-text.js';
import { MessageTextSchema } from '../../protocol/visitor-events.js';

const EMOJI = '\u{1F600}'; // 😀: one code point, two UTF-16 units

describe('message text', () => {
  it('counts code points, so an emoji counts once', () => {
    expect(messageLength('hello')).toBe(5);
    expect(messageLength(EMOJI)).toBe(1);
    expect(EMOJI.length).toBe(2);
    expect(messageLength(`é${EMOJI}漢`)).toBe(3);
  });

  it('trims white space, no-break spaces included', () => {
    expect(normalizeMessageText('  hi \n')).toBe('hi');
    expect(normalizeMessageText('\u00A0hi\u00A0')).toBe('hi');
  });

  it('finds blank what would show nothing', () => {
    expect(isBlankMessage('')).toBe(true);
    expect(isBlankMessage(' \n\t ')).toBe(true);
    // No-break spaces are white space: blank.
    expect(isBlankMessage('\u00A0\u00A0')).toBe(true);
    // Zero-width characters only.
    expect(isBlankMessage('\u200B\u200C\u200D\u2060\uFEFF\u00AD')).toBe(true);
    // Bidirectional controls only.
    expect(isBlankMessage('\u200E\u200F\u061C\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069')).toBe(true);
    expect(isBlankMessage(' \u200B \u202E ')).toBe(true);
  });

  it('keeps anything visible', () => {
    expect(isBlankMessage('a')).toBe(false);
    expect(isBlankMessage('\u202Eabc')).toBe(false);
    expect(isBlankMessage(EMOJI)).toBe(false);
    expect(isBlankMessage('\u0645')).toBe(false);
  });
});

describe('the server schema and the composers agree', () => {
  it('accepts 2000 astral emoji and refuses 2001, as messageLength counts', () => {
    const atLimit = EMOJI.repeat(MESSAGE_TEXT_MAX);
    const over = EMOJI.repeat(MESSAGE_TEXT_MAX + 1);
    expect(messageLength(atLimit)).toBe(MESSAGE_TEXT_MAX);
    expect(MessageTextSchema.safeParse(atLimit).success).toBe(true);
    expect(messageLength(over)).toBe(MESSAGE_TEXT_MAX + 1);
    const refused = MessageTextSchema.safeParse(over);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(`A message can have at most ${MESSAGE_TEXT_MAX} characters.`);
  });

  it('counts after trimming, as the composers do', () => {
    const padded = `  ${'a'.repeat(MESSAGE_TEXT_MAX)}  `;
    expect(messageLength(normalizeMessageText(padded))).toBe(MESSAGE_TEXT_MAX);
    expect(MessageTextSchema.safeParse(padded)).toEqual({ success: true, data: 'a'.repeat(MESSAGE_TEXT_MAX) });
  });

  it('refuses blank text with the same message as before', () => {
    for (const text of ['', '   ', '\u200B\u200B', '\u202E', '\u00A0']) {
      const result = MessageTextSchema.safeParse(text);
      expect(result.success, JSON.stringify(text)).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message)).toEqual(['The message is empty.']);
      expect(isBlankMessage(text)).toBe(true);
    }
  });
});
