import { describe, expect, it } from 'vitest';
import { enqueue, markSending, type Outbox } from '../../delivery/outbox.js';
import type { ConsoleSnapshot } from '../../protocol/agent-events.js';
import type { AgentConversation, AgentProfile, Message, QueueEntry } from '../../protocol/models.js';
import {
  announce,
  findChat,
  initialState,
  markRead,
  openChats,
  queuePositions,
  removeChat,
  unreadCount,
  withConversation,
  withMessages,
  withOutbox,
  withQueueChange,
  withSnapshot,
  type ConsoleState,
  type RestoredChat,
} from '../../agent-console/src/console-state.js';

const agent: AgentProfile = {
  id: 'agent-1',
  email: 'agent@demo.test',
  displayName: 'Alex',
  publicName: { approved: null, request: null },
  role: 'agent',
  status: 'available',
  maxConcurrentChats: 3,
  awayReason: null,
  languages: ['en', 'fr'],
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
    visitorLeftAt: null,
    idleWarning: null,
    wrapUp: null,
    lastTransfer: null,
    reference: 'K7M-4QX',
    ...change,
  };
}

function message(conversationId: string, seq: number, kind: Message['author']['kind'] = 'visitor', clientId = `c-${seq}`): Message {
  return {
    id: `${conversationId}-m${seq}`,
    conversationId,
    seq,
    clientId,
    author: { kind, name: kind === 'visitor' ? 'Marie' : 'Alex', agentId: kind === 'agent' ? agent.id : null },
    text: `message ${seq}`,
    sentAt: '2030-01-01T10:02:00.000Z',
  };
}

function queued(id: string, change: Partial<QueueEntry> = {}): QueueEntry {
  return {
    id,
    siteId: 'site',
    queueId: 'general',
    topicId: 'benefits',
    topicLabel: { en: 'Benefits', fr: 'Prestations' },
    language: 'en',
    visitorName: 'Marie',
    pageUrl: 'https://example.test/',
    pageTitle: null,
    queuedAt: '2030-01-01T10:00:00.000Z',
    requeued: false,
    key: 1000,
    version: 1,
    ...change,
  };
}

const nothingRestored = (): RestoredChat => ({ readSeq: 0, pending: [] });
const snapshot = (
  conversations: AgentConversation[],
  queue: QueueEntry[] = [],
  queueRevisions: Record<string, number> = {},
): ConsoleSnapshot => ({
  agent,
  topics: [],
  queue,
  queueRevisions,
  conversations,
  wrapUpOutcomes: [],
});
/** A state holding these conversations as chats, as after a first sync. */
const holding = (...conversations: AgentConversation[]): ConsoleState =>
  withSnapshot(initialState(agent), snapshot(conversations), nothingRestored);
const chatIds = (state: ConsoleState) => state.chats.map((chat) => chat.conversation.id);
function chatOf(state: ConsoleState, conversationId: string) {
  const chat = findChat(state, conversationId);
  if (chat === undefined) throw new Error(`no chat ${conversationId}`);
  return chat;
}

describe('withSnapshot', () => {
  it('keeps the wrap-up outcomes the server lists, and none from a server that sends none', () => {
    const outcomes = [{ id: 'resolved', label: { en: 'Resolved', fr: 'Réglé' } }];
    expect(withSnapshot(initialState(agent), { ...snapshot([]), wrapUpOutcomes: outcomes }, nothingRestored).wrapUpOutcomes).toEqual(outcomes);
    const older = { ...snapshot([]) } as Partial<ConsoleSnapshot>;
    delete older.wrapUpOutcomes;
    expect(withSnapshot(initialState(agent), older as ConsoleSnapshot, nothingRestored).wrapUpOutcomes).toEqual([]);
  });

  it('lists the snapshot’s chats with what this tab remembered of them', () => {
    const remembered: Outbox = enqueue([], 'kept-0001', 'Hello again');
    const state = withSnapshot(initialState(agent), snapshot([conversation('c1')], [queued('q1')]), (id) =>
      id === 'c1' ? { readSeq: 4, pending: remembered } : nothingRestored(),
    );
    expect(state.synced).toBe(true);
    expect(state.queue.map((queued) => queued.id)).toEqual(['q1']);
    expect(findChat(state, 'c1')).toMatchObject({ readSeq: 4, pending: remembered, messages: [] });
  });

  it('keeps the messages and outbox of chats already known, and chats the snapshot lacks', () => {
    let state = holding(conversation('c1'), conversation('c2'));
    state = withMessages(state, 'c1', [message('c1', 1)], false);
    state = withOutbox(state, 'c1', enqueue([], 'out-00001', 'Hi'));
    state = { ...state, selectedId: 'c2' };
    const next = withSnapshot(state, snapshot([conversation('c1', { version: 2, lastSeq: 1 })]), nothingRestored);
    expect(chatIds(next)).toEqual(['c1', 'c2']);
    expect(findChat(next, 'c1')?.conversation.version).toBe(2);
    expect(findChat(next, 'c1')?.messages).toHaveLength(1);
    expect(findChat(next, 'c1')?.pending.map((item) => item.clientId)).toEqual(['out-00001']);
    expect(next.selectedId).toBe('c2');
  });
});

describe('withConversation', () => {
  it('never lets an older version replace a newer one', () => {
    const state = holding(conversation('c1', { version: 5, lastSeq: 3 }));
    expect(withConversation(state, conversation('c1', { version: 4, lastSeq: 2 }))).toBe(state);
    const newer = withConversation(state, conversation('c1', { version: 6, status: 'closed', closedBy: 'visitor' }));
    expect(findChat(newer, 'c1')?.conversation).toMatchObject({ version: 6, status: 'closed' });
  });

  it('removes a chat taken away from this agent', () => {
    const state = { ...holding(conversation('c1'), conversation('c2')), selectedId: 'c1' };
    const next = withConversation(state, conversation('c1', { version: 2, status: 'queued', agentId: null }));
    expect(chatIds(next)).toEqual(['c2']);
    expect(next.selectedId).toBeNull();
    const reassigned = withConversation(next, conversation('c2', { version: 2, agentId: 'agent-2' }));
    expect(chatIds(reassigned)).toEqual([]);
  });

  it('adds a chat just assigned to this agent, and ignores other agents’ chats', () => {
    const state = holding();
    expect(chatIds(withConversation(state, conversation('c1')))).toEqual(['c1']);
    expect(withConversation(state, conversation('c9', { agentId: 'agent-2' }))).toBe(state);
  });

  it('does not bring back a closed chat the agent already dismissed', () => {
    const dismissed = removeChat(holding(conversation('c1')), 'c1');
    expect(withConversation(dismissed, conversation('c1', { version: 3, status: 'closed', closedBy: 'visitor' }))).toBe(dismissed);
  });

  it('keeps a closed chat on the list until dismissed', () => {
    const state = withConversation(holding(conversation('c1')), conversation('c1', { version: 2, status: 'closed', closedBy: 'agent' }));
    expect(findChat(state, 'c1')?.conversation.status).toBe('closed');
    expect(openChats(state.chats)).toBe(0);
  });

  it('counts an ended chat whose wrap-up is owed among the open chats, until it is saved or its time runs out', () => {
    const closed = { status: 'closed' as const, closedBy: 'visitor' as const, closedAt: '2030-01-01T10:05:00.000Z' };
    const owed = { dueAt: '2030-01-01T10:07:00.000Z', outcome: null, note: null, recordedAt: null };
    const state = withConversation(holding(conversation('c1'), conversation('c2')), conversation('c1', { version: 2, ...closed, wrapUp: owed }));
    expect(openChats(state.chats)).toBe(2);
    const saved = withConversation(state, conversation('c1', { version: 3, ...closed, wrapUp: { ...owed, outcome: 'resolved', recordedAt: '2030-01-01T10:06:00.000Z' } }));
    expect(openChats(saved.chats)).toBe(1);
    const expired = withConversation(state, conversation('c1', { version: 3, ...closed, wrapUp: { ...owed, outcome: 'not_recorded', recordedAt: owed.dueAt } }));
    expect(openChats(expired.chats)).toBe(1);
  });
});

describe('withMessages', () => {
  it('merges by id in seq order, each message once', () => {
    let state = holding(conversation('c1'));
    state = withMessages(state, 'c1', [message('c1', 3), message('c1', 1)], false);
    state = withMessages(state, 'c1', [message('c1', 2), message('c1', 3), message('c1', 1)], false);
    expect(findChat(state, 'c1')?.messages.map((held) => held.seq)).toEqual([1, 2, 3]);
  });

  it('retires the pending copies the agent’s confirmed messages carry, not the visitor’s', () => {
    let state = holding(conversation('c1'));
    let outbox = enqueue(enqueue([], 'mine-0001', 'One'), 'mine-0002', 'Two');
    outbox = markSending(outbox, 'mine-0001');
    state = withOutbox(state, 'c1', outbox);
    // A visitor message that happens to carry the same client id confirms nothing of ours.
    state = withMessages(state, 'c1', [message('c1', 1, 'visitor', 'mine-0002')], false);
    expect(findChat(state, 'c1')?.pending.map((item) => item.clientId)).toEqual(['mine-0001', 'mine-0002']);
    state = withMessages(state, 'c1', [message('c1', 2, 'agent', 'mine-0001')], false);
    expect(findChat(state, 'c1')?.pending.map((item) => item.clientId)).toEqual(['mine-0002']);
  });

  it('marks messages read only when asked (the chat is on screen)', () => {
    let state = holding(conversation('c1'));
    state = withMessages(state, 'c1', [message('c1', 1), message('c1', 2)], false);
    expect(chatOf(state, 'c1').readSeq).toBe(0);
    expect(unreadCount(chatOf(state, 'c1'))).toBe(2);
    state = withMessages(state, 'c1', [message('c1', 3, 'agent')], true);
    expect(findChat(state, 'c1')?.readSeq).toBe(3);
  });

  it('changes nothing for a chat not listed, or with no messages', () => {
    const state = holding(conversation('c1'));
    expect(withMessages(state, 'c9', [message('c9', 1)], true)).toBe(state);
    expect(withMessages(state, 'c1', [], true)).toBe(state);
  });
});

describe('read marking', () => {
  it('counts the visitor’s messages after the last one read', () => {
    let state = holding(conversation('c1'));
    state = withMessages(state, 'c1', [message('c1', 1), message('c1', 2, 'agent'), message('c1', 3), message('c1', 4, 'system')], false);
    expect(unreadCount(chatOf(state, 'c1'))).toBe(2);
    state = markRead(state, 'c1');
    expect(findChat(state, 'c1')?.readSeq).toBe(4);
    expect(unreadCount(chatOf(state, 'c1'))).toBe(0);
    // Nothing new: the same state, so nothing redraws.
    expect(markRead(state, 'c1')).toBe(state);
    expect(markRead(state, 'c9')).toBe(state);
  });
});

describe('removeChat and withOutbox', () => {
  it('removes a chat and its selection', () => {
    const state = { ...holding(conversation('c1'), conversation('c2')), selectedId: 'c2' };
    const next = removeChat(state, 'c2');
    expect(chatIds(next)).toEqual(['c1']);
    expect(next.selectedId).toBeNull();
    expect(removeChat(state, 'c1').selectedId).toBe('c2');
  });

  it('replaces a chat’s outbox, and changes nothing when it is the same', () => {
    const state = holding(conversation('c1'));
    const outbox = enqueue([], 'out-00001', 'Hi');
    const next = withOutbox(state, 'c1', outbox);
    expect(findChat(next, 'c1')?.pending).toBe(outbox);
    expect(withOutbox(next, 'c1', outbox)).toBe(next);
    expect(withOutbox(next, 'c9', [])).toBe(next);
  });
});

describe('announce', () => {
  it('gives each announcement a new id, so the same words are read again', () => {
    const state = holding();
    const first = announce(state, [{ kind: 'ended', visitorName: 'Marie' }]);
    const second = announce(first, [{ kind: 'ended', visitorName: 'Marie' }]);
    expect(first.announcement?.id).toBe(1);
    expect(second.announcement?.id).toBe(2);
    expect(second.announcement?.items).toEqual([{ kind: 'ended', visitorName: 'Marie' }]);
  });

  it('changes nothing when there is nothing to say', () => {
    const state = holding();
    expect(announce(state, [])).toBe(state);
  });
});

describe('withQueueChange', () => {
  const synced = () => withSnapshot(initialState(agent), snapshot([], [queued('a', { key: 10 }), queued('b', { key: 20 })], { general: 5 }), nothingRestored);
  const ids = (state: ConsoleState | 'resync') => (state === 'resync' ? state : state.queue.map((entry) => entry.id));

  it('adds a chat that joined in key order, and removes one that left', () => {
    let state = synced();
    const joined = withQueueChange(state, { queueId: 'general', revision: 6, kind: 'joined', entry: queued('head', { key: 5, requeued: true }) });
    expect(ids(joined)).toEqual(['head', 'a', 'b']);
    state = joined as ConsoleState;
    const left = withQueueChange(state, { queueId: 'general', revision: 7, kind: 'left', id: 'a', version: 2 });
    expect(ids(left)).toEqual(['head', 'b']);
    expect((left as ConsoleState).queueRevisions).toEqual({ general: 7 });
  });

  it('skips a change already reflected, and asks for a snapshot when one was missed', () => {
    const state = synced();
    expect(withQueueChange(state, { queueId: 'general', revision: 5, kind: 'left', id: 'a', version: 2 })).toBe(state);
    expect(withQueueChange(state, { queueId: 'general', revision: 7, kind: 'left', id: 'a', version: 2 })).toBe('resync');
    // Another queue's revisions are its own.
    expect(ids(withQueueChange(state, { queueId: 'french', revision: 1, kind: 'joined', entry: queued('f', { queueId: 'french', key: 15 }) }))).toEqual([
      'a',
      'f',
      'b',
    ]);
  });

  it('applies a change seen twice only once: a chat that left is not brought back by its older "joined"', () => {
    let state = withSnapshot(initialState(agent), snapshot([], [], { general: 1 }), nothingRestored);
    state = withQueueChange(state, { queueId: 'general', revision: 2, kind: 'left', id: 'x', version: 2 }) as ConsoleState;
    // The snapshot was read after x joined (revision 1) and left: x's "joined" at version 1 is stale.
    const next = withQueueChange(state, { queueId: 'general', revision: 3, kind: 'joined', entry: queued('x', { version: 1 }) });
    expect(ids(next)).toEqual([]);
    // Given back to the queue later, at a newer version, it is listed again.
    const back = withQueueChange(next as ConsoleState, { queueId: 'general', revision: 4, kind: 'joined', entry: queued('x', { version: 3 }) });
    expect(ids(back)).toEqual(['x']);
  });

  it('numbers positions within each queue', () => {
    const positions = queuePositions([queued('a', { key: 1 }), queued('f', { key: 2, queueId: 'french' }), queued('b', { key: 3 })]);
    expect(Object.fromEntries(positions)).toEqual({ a: 1, f: 1, b: 2 });
  });
});
