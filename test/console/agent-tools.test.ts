/**
 * The console's agent tools, the pure parts: when a new chat alerts the agent and what the tab
 * title says until they look (alerts.ts); canned answers found and inserted (canned-answers.ts);
 * notes merged and placed among the messages, and the visitor's typing (console-state.ts).
 */
import { describe, expect, it } from 'vitest';
import { alertActions, attentionCount, markLooked, shouldAlert, titleText, withAlert } from '../../agent-console/src/alerts.js';
import { insertAt, matchCannedAnswers } from '../../agent-console/src/canned-answers.js';
import {
  findChat,
  initialState,
  timelineOf,
  withMessages,
  withNotes,
  withSnapshot,
  withVisitorTyping,
  type Arrival,
  type ConsoleState,
} from '../../agent-console/src/console-state.js';
import type { CannedAnswer, Note } from '../../protocol/agent-tools.js';
import type { AgentConversation, AgentProfile, Message, QueueEntry } from '../../protocol/models.js';

const agent: AgentProfile = {
  id: 'agent-1',
  email: 'agent@demo.test',
  displayName: 'Alex',
  publicName: { approved: null, request: null },
  role: 'agent',
  status: 'available',
  maxConcurrentChats: 2,
  awayReason: null,
  languages: ['en'],
};

function conversation(id: string, change: Partial<AgentConversation> = {}): AgentConversation {
  return {
    id,
    siteId: 'site',
    status: 'active',
    topicId: 'benefits',
    topicLabel: { en: 'Benefits', fr: 'Prestations' },
    language: 'en',
    visitorName: 'Marie',
    pageUrl: 'https://example.test/',
    pageTitle: null,
    queuedAt: '2030-01-01T10:00:00.000Z',
    queuePosition: null,
    agentId: agent.id,
    agentName: agent.displayName,
    assignedAt: '2030-01-01T10:01:00.000Z',
    closedAt: null,
    closedBy: null,
    closeReason: null,
    lastSeq: 0,
    version: 1,
    idleWarning: null,
    visitorLeftAt: null,
    wrapUp: null,
    lastTransfer: null,
    reference: 'K7M-4QX',
    ...change,
  };
}

function queued(id: string): QueueEntry {
  return {
    id,
    siteId: 'site',
    queueId: 'permits-en',
    topicId: 'permits',
    topicLabel: { en: 'Permits', fr: 'Permis' },
    language: 'en',
    visitorName: null,
    pageUrl: 'https://example.test/',
    pageTitle: null,
    queuedAt: '2030-01-01T10:00:00.000Z',
    requeued: false,
    key: 1,
    version: 1,
  };
}

function message(conversationId: string, seq: number, sentAt: string): Message {
  return {
    id: `${conversationId}-m${seq}`,
    conversationId,
    seq,
    clientId: `client-${seq}`,
    author: { kind: 'visitor', name: 'Marie', agentId: null },
    text: `message ${seq}`,
    sentAt,
  };
}

function note(id: string, createdAt: string, conversationId = 'held'): Note {
  return { kind: 'agent', id, conversationId, agentId: agent.id, authorName: 'Alex', text: `note ${id}`, createdAt };
}

/** A synced console holding these chats and listing these waiting ones. */
function consoleWith(chats: AgentConversation[], queue: QueueEntry[] = [], profile: Partial<AgentProfile> = {}): ConsoleState {
  const me = { ...agent, ...profile };
  return withSnapshot(initialState(me), { agent: me, topics: [], queue, queueRevisions: {}, conversations: chats, wrapUpOutcomes: [] }, () => ({ readSeq: 0, pending: [] }));
}

const waiting = (id: string): Arrival => ({ kind: 'waiting', conversation: queued(id) });
const assigned = (id: string): Arrival => ({ kind: 'assigned', conversation: conversation(id) });

describe('when a new chat alerts the agent', () => {
  it('always for a chat given to them; for a waiting one only when they could take it', () => {
    expect(shouldAlert(assigned('c'), consoleWith([]))).toBe(true);
    expect(shouldAlert(waiting('w'), consoleWith([]))).toBe(true);
    expect(shouldAlert(waiting('w'), consoleWith([], [], { status: 'away', awayReason: 'meal' }))).toBe(false);
    expect(shouldAlert(waiting('w'), consoleWith([conversation('a'), conversation('b')]))).toBe(false);
    // An ended chat does not count against the limit.
    expect(shouldAlert(waiting('w'), consoleWith([conversation('a'), conversation('b', { status: 'closed' })]))).toBe(true);
  });

  it('keeps the arrivals unseen only while the agent is not looking, and each alert once', () => {
    const state = consoleWith([], [queued('w1'), queued('w2')]);
    const looking = withAlert(state, [waiting('w1')], true);
    expect(looking.unseen).toEqual([]);
    expect(looking.alert).toEqual({ id: 1, arrivals: [waiting('w1')] });

    const away = withAlert(withAlert(looking, [waiting('w2')], false), [waiting('w2')], false);
    expect(away.unseen).toEqual(['w2']);
    expect(away.alert?.id).toBe(3);
    expect(markLooked(away).unseen).toEqual([]);
    expect(markLooked(looking)).toBe(looking);
  });

  it('records nothing for arrivals that do not alert', () => {
    const state = consoleWith([], [queued('w1')], { status: 'away', awayReason: null });
    expect(withAlert(state, [waiting('w1')], false)).toBe(state);
  });

  it('plays the tone unless turned off, and notifies only a hidden console with permission', () => {
    expect(alertActions({ soundOn: true, pageHidden: false, notifications: 'granted' })).toEqual({ sound: true, notify: false });
    expect(alertActions({ soundOn: false, pageHidden: true, notifications: 'granted' })).toEqual({ sound: false, notify: true });
    for (const notifications of ['default', 'denied', 'unsupported'] as const) {
      expect(alertActions({ soundOn: true, pageHidden: true, notifications }).notify).toBe(false);
    }
  });
});

describe('the tab title', () => {
  it('counts the chats that need the agent, each once: new ones not looked at, and held ones with unread messages', () => {
    let state = consoleWith([conversation('held')], [queued('w1'), queued('w2')]);
    expect(titleText('Chat console', attentionCount(state))).toBe('Chat console');
    state = withAlert(state, [waiting('w1'), waiting('w2')], false);
    expect(titleText('Chat console', attentionCount(state))).toBe('(2) Chat console');
    // Two unread messages in one held chat count as one chat.
    state = withMessages(state, 'held', [message('held', 1, '2030-01-01T10:02:00.000Z'), message('held', 2, '2030-01-01T10:03:00.000Z')], false);
    expect(attentionCount(state)).toBe(3);
    // A waiting chat taken by someone else needs nobody any more.
    state = { ...state, queue: state.queue.filter((entry) => entry.id !== 'w2') };
    expect(attentionCount(state)).toBe(2);
    state = markLooked(state);
    expect(titleText('Console de clavardage', attentionCount(state))).toBe('(1) Console de clavardage');
  });
});

describe('canned answers', () => {
  const answers: CannedAnswer[] = [
    { id: 'hello', title: { en: 'Greeting', fr: 'Salutation' }, text: { en: 'Hello, how can I help?', fr: 'Bonjour, comment puis-je vous aider?' } },
    { id: 'file', title: { en: 'Ask for the file number', fr: 'Demander le numéro de dossier' }, text: { en: 'Your file number?', fr: 'Votre numéro de dossier?' } },
    { id: 'bye', title: { en: 'Closing', fr: 'Conclusion' }, text: { en: 'Anything else?', fr: 'Autre chose?' } },
  ];
  const ids = (found: CannedAnswer[]) => found.map((answer) => answer.id);

  it('lists them all, by title in the console’s language, when nothing is typed', () => {
    expect(ids(matchCannedAnswers(answers, '', 'en', 'fr'))).toEqual(['file', 'bye', 'hello']);
    expect(ids(matchCannedAnswers(answers, '  ', 'fr', 'en'))).toEqual(['bye', 'file', 'hello']);
  });

  it('finds them by every word typed, in either title or the chat’s text, without case or accents', () => {
    expect(ids(matchCannedAnswers(answers, 'NUMERO', 'en', 'fr'))).toEqual(['file']);
    expect(ids(matchCannedAnswers(answers, 'file number', 'en', 'fr'))).toEqual(['file']);
    expect(ids(matchCannedAnswers(answers, 'help', 'en', 'en'))).toEqual(['hello']);
    // The text searched is the chat's language only: the English text is not what will be sent.
    expect(ids(matchCannedAnswers(answers, 'help', 'en', 'fr'))).toEqual([]);
    expect(ids(matchCannedAnswers(answers, 'salut', 'fr', 'en'))).toEqual(['hello']);
  });

  it('goes in at the caret, or in place of the selection, with the caret after it', () => {
    expect(insertAt('', 0, 0, 'Bonjour')).toEqual({ text: 'Bonjour', caret: 7 });
    expect(insertAt('Hi . Bye', 3, 3, 'there')).toEqual({ text: 'Hi there. Bye', caret: 8 });
    expect(insertAt('Hi XXX', 3, 6, 'Marie')).toEqual({ text: 'Hi Marie', caret: 8 });
    expect(insertAt('Hi', 10, 12, '!')).toEqual({ text: 'Hi!', caret: 3 });
  });
});

describe('notes and typing in a chat', () => {
  it('merges notes once each, oldest first, and places each before the first message sent after it', () => {
    let state = consoleWith([conversation('held')]);
    state = withMessages(state, 'held', [message('held', 1, '2030-01-01T10:02:00.000Z'), message('held', 2, '2030-01-01T10:05:00.000Z')], true);
    state = withNotes(state, 'held', [note('n2', '2030-01-01T10:06:00.000Z'), note('n1', '2030-01-01T10:03:00.000Z')]);
    const again = withNotes(state, 'held', [note('n1', '2030-01-01T10:03:00.000Z')]);
    expect(again).toBe(state);
    expect(withNotes(state, 'not-mine', [note('x', '2030-01-01T10:03:00.000Z', 'not-mine')])).toBe(state);
    const lines = timelineOf(findChat(state, 'held')!).map((item) => (item.kind === 'note' ? item.note.id : item.message.seq));
    expect(lines).toEqual([1, 'n1', 2, 'n2']);
  });

  it('shows the visitor typing until told otherwise, for a listed chat only', () => {
    const state = consoleWith([conversation('held')]);
    const typing = withVisitorTyping(state, 'held', true);
    expect(findChat(typing, 'held')?.visitorTyping).toBe(true);
    expect(withVisitorTyping(typing, 'held', true)).toBe(typing);
    expect(findChat(withVisitorTyping(typing, 'held', false), 'held')?.visitorTyping).toBe(false);
    expect(withVisitorTyping(state, 'other', true)).toBe(state);
  });
});
