import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../server/domain/entities.js';
import { pageOfMessages } from '../../server/domain/message-page.js';

const message = (seq: number, length: number): ChatMessage => ({
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  clientId: `client-${seq}`,
  author: { kind: 'visitor', agentId: null, name: null },
  text: 'x'.repeat(length),
  sentAt: 0,
});

describe('a page of messages', () => {
  it('stops at the count, and says more follow', () => {
    const page = pageOfMessages([1, 2, 3, 4].map((seq) => message(seq, 10)), 3, 1000);
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(page.hasMore).toBe(true);
  });

  it('stops before the text budget is passed, whatever the count allows', () => {
    const page = pageOfMessages([1, 2, 3].map((seq) => message(seq, 400)), 100, 1000);
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(page.hasMore).toBe(true);
  });

  it('always holds one message, so paging moves forward', () => {
    const page = pageOfMessages([message(1, 5000), message(2, 1)], 100, 1000);
    expect(page.messages.map((m) => m.seq)).toEqual([1]);
    expect(page.hasMore).toBe(true);
  });

  it('says nothing follows when everything fitted', () => {
    expect(pageOfMessages([message(1, 1)], 100, 1000)).toMatchObject({ hasMore: false });
    expect(pageOfMessages([], 100, 1000)).toEqual({ messages: [], hasMore: false });
  });
});
