/** The pure part of conversation history: what a search keeps, the range rule, and the transcript text. */
import { describe, expect, it } from 'vitest';
import { closeConversation } from '../../server/domain/conversation-lifecycle.js';
import type { ChatMessage, Conversation } from '../../server/domain/entities.js';
import { HISTORY_RANGE_MAX_MS, matchesHistory, matchesReference, rangeProblem, referenceOf, transcriptText } from '../../server/domain/history.js';
import { conversation } from '../stores/store-contract.js';

const T0 = Date.parse('2026-11-02T14:00:00Z');

function closedChat(extra: Partial<Conversation> = {}): Conversation {
  return { ...closeConversation(conversation('0a1b2c3d-4e5f'), { by: 'visitor', reason: 'visitor_ended' }, T0), ...extra };
}

function message(seq: number, kind: 'visitor' | 'agent' | 'system', text: string, agentId: string | null = null): ChatMessage {
  return { id: `m${seq}`, conversationId: '0a1b2c3d-4e5f', seq, clientId: `c${seq}`, author: { kind, agentId, name: kind === 'visitor' ? 'Robin' : 'Old name' }, text, sentAt: T0 - 60_000 + seq * 1000 };
}

describe('history search rules', () => {
  it('keeps only closed conversations matching every given filter', () => {
    const chat = closedChat({ agentId: 'a1', wrapUp: { dueAt: 0, outcome: 'resolved', note: null, recordedAt: T0 } });
    expect(matchesHistory(chat, {})).toBe(true);
    expect(matchesHistory(chat, { siteId: 'demo', queueId: 'general', agentId: 'a1', outcome: 'resolved' })).toBe(true);
    expect(matchesHistory(chat, { siteId: 'other' })).toBe(false);
    expect(matchesHistory(chat, { queueId: 'permits' })).toBe(false);
    expect(matchesHistory(chat, { agentId: 'a2' })).toBe(false);
    expect(matchesHistory(chat, { outcome: 'referred' })).toBe(false);
    expect(matchesHistory(closedChat(), { outcome: 'resolved' })).toBe(false);
    expect(matchesHistory(conversation('open'), {})).toBe(false);
  });

  it('matches a reference number in any case, with or without its dash or spaces', () => {
    const chat = closedChat({ reference: 'K7M-4QX' });
    expect(referenceOf(chat)).toBe('K7M-4QX');
    for (const typed of ['K7M-4QX', 'k7m-4qx', 'K7M4QX', 'k7m4qx', ' K7M 4QX ']) expect(matchesReference(chat, typed)).toBe(true);
    for (const typed of ['K7M-4QY', 'K7M', 'K7M-4QX2', 'X7M-4QK']) expect(matchesReference(chat, typed)).toBe(false);
    expect(matchesHistory(chat, { reference: 'k7m4qx' })).toBe(true);
    expect(matchesHistory(chat, { reference: 'K7M-4QY' })).toBe(false);
  });

  it('still matches by the whole id or its first 8 characters or more, any case', () => {
    const chat = closedChat();
    expect(matchesReference(chat, '0A1B2C3D')).toBe(true);
    expect(matchesReference(chat, ' 0a1b2c3d-4e ')).toBe(true);
    expect(matchesReference(chat, '0a1b2c3d-4e5f')).toBe(true);
    expect(matchesReference(chat, '0a1b2c3')).toBe(false);
    expect(matchesReference(chat, '1b2c3d4e')).toBe(false);
  });

  it('takes ranges of at most 31 days, in order', () => {
    expect(rangeProblem(T0, T0)).toBeNull();
    expect(rangeProblem(T0, T0 + HISTORY_RANGE_MAX_MS)).toBeNull();
    expect(rangeProblem(T0, T0 + HISTORY_RANGE_MAX_MS + 1)).toMatch(/31 days/);
    expect(rangeProblem(T0, T0 - 1)).toMatch(/before/);
    expect(rangeProblem(Number.NaN, T0)).toMatch(/not valid/);
  });
});

describe('the transcript', () => {
  const input = (language: 'en' | 'fr') => ({
    conversation: closedChat({ language }),
    siteName: { en: 'Benefits', fr: 'Prestations' },
    timeZone: 'America/Toronto',
    messages: [message(1, 'visitor', 'Hello\r\nsecond line'), message(2, 'agent', 'Hi\u0007 there', 'a1'), message(3, 'system', 'Chat ended'), message(4, 'agent', 'Bye', 'gone')],
    agentNames: new Map([['a1', 'Alexandre']]),
    omitted: 0,
    now: T0 + 3_600_000,
  });

  it('heads it with the date, organisation, reference, id and time zone, and writes every message with its time and sender', () => {
    expect(transcriptText(input('en'))).toBe(
      [
        'Chat transcript',
        'Exported: 2026-11-02 10:00:00',
        'Organisation: Benefits',
        'Reference: K7M-4QX',
        'Conversation: 0a1b2c3d-4e5f',
        'Started: 2026-11-02 09:00:00',
        'Ended: 2026-11-02 09:00:00',
        'Time zone: America/Toronto',
        '',
        '[2026-11-02 08:59:01] Citizen: Hello',
        '    second line',
        '[2026-11-02 08:59:02] Alexandre: Hi there',
        '[2026-11-02 08:59:03] System: Chat ended',
        '[2026-11-02 08:59:04] Old name: Bye',
        '',
      ].join('\r\n'),
    );
  });

  it('speaks the chat’s language and says when messages were left out', () => {
    const text = transcriptText({ ...input('fr'), omitted: 3 });
    expect(text).toContain('Organisation: Prestations\r\n');
    expect(text).toContain('Référence: K7M-4QX\r\n');
    expect(text).toContain('Fuseau horaire: America/Toronto\r\n');
    expect(text).toContain('] Citoyen: Hello\r\n');
    expect(text).not.toContain('Robin');
    expect(text).toContain('(3 messages de plus non inclus)');
  });

  it('gives the citizen their own copy: "You", the reference, no internal id', () => {
    const en = transcriptText({ ...input('en'), audience: 'citizen' });
    expect(en).toContain('Reference: K7M-4QX\r\n');
    expect(en).toContain('] You: Hello\r\n');
    expect(en).not.toContain('0a1b2c3d');
    expect(en).not.toContain('Citizen');
    const fr = transcriptText({ ...input('fr'), audience: 'citizen' });
    expect(fr).toContain('] Vous: Hello\r\n');
    expect(fr).toContain('Fuseau horaire: America/Toronto\r\n');
  });

  it('never starts a line with what someone typed, and drops control characters', () => {
    const text = transcriptText({ ...input('en'), messages: [message(1, 'visitor', '=HYPERLINK("x")\n+1\n@a\u001b[31m'), message(2, 'agent', '<script>x</script>', 'a1')] });
    for (const line of text.split('\r\n')) expect(line).not.toMatch(/^[=+\-@<]/);
    expect(text).not.toContain('\u001b');
  });
});
