/**
 * The console's supervision state (issue #7, point 7): the picture, changes applied entry by entry
 * with the latest read winning (changes from two server nodes may cross), entries gone, the chat
 * watched read-only (messages once each in order, notes, an older state never replacing a newer),
 * and who may set whose limit, as the server decides it.
 */
import { describe, expect, it } from 'vitest';
import {
  emptySupervision,
  maySetLimit,
  sameChatsOf,
  withSupervisionChange,
  withSupervisionSnapshot,
  withWatchedConversation,
  withWatchedMessages,
  withWatchedNotes,
  type SupervisionState,
} from '../../agent-console/src/supervision-state.js';
import type { Note } from '../../protocol/agent-tools.js';
import type { AgentConversation, Message } from '../../protocol/models.js';
import type { SupervisedAgent, SupervisedQueue, SupervisionChange } from '../../protocol/supervision.js';

const at = (second: number) => new Date(Date.UTC(2026, 10, 2, 14, 0, second)).toISOString();

const queue = (id: string, waiting: number, second: number): SupervisedQueue => ({
  id,
  name: { en: id, fr: id },
  language: 'en',
  mode: 'automatic',
  waiting,
  oldestQueuedAt: waiting === 0 ? null : at(0),
  agents: { available: 1, away: 0, withRoom: 1 },
  at: at(second),
});

const agent = (id: string, name: string, status: SupervisedAgent['status'], second: number): SupervisedAgent => ({
  id,
  displayName: name,
  role: 'agent',
  status,
  awayReason: null,
  languages: ['en'],
  queueIds: ['q1'],
  openChats: 0,
  maxConcurrentChats: 3,
  connected: status !== 'offline',
  at: at(second),
});

const change = (second: number, parts: Partial<SupervisionChange>): SupervisionChange => ({
  queues: [],
  agents: [],
  removedQueueIds: [],
  removedAgentIds: [],
  at: at(second),
  ...parts,
});

function loaded(): SupervisionState {
  return withSupervisionSnapshot(
    { ...emptySupervision, subscribed: true },
    { queues: [queue('q2', 0, 10), queue('q1', 2, 10)], agents: [agent('b', 'Robin', 'available', 10), agent('a', 'Alex', 'away', 10)], at: at(10) },
  );
}

describe('the picture and its changes', () => {
  it('lays out the picture: queues by id, agents by name', () => {
    const state = loaded();
    expect(state.loaded).toBe(true);
    expect(state.queues.map((entry) => entry.id)).toEqual(['q1', 'q2']);
    expect(state.agents.map((entry) => entry.displayName)).toEqual(['Alex', 'Robin']);
  });

  it('applies a change entry by entry, keeping what it does not name', () => {
    const state = withSupervisionChange(loaded(), change(12, { agents: [agent('a', 'Alex', 'available', 12)], queues: [queue('q1', 3, 12)] }));
    expect(state.agents.find((entry) => entry.id === 'a')).toMatchObject({ status: 'available' });
    expect(state.agents.find((entry) => entry.id === 'b')).toMatchObject({ status: 'available', at: at(10) });
    expect(state.queues.find((entry) => entry.id === 'q1')).toMatchObject({ waiting: 3 });
    expect(state.queues.find((entry) => entry.id === 'q2')).toMatchObject({ waiting: 0 });
  });

  it('keeps the entry read last when changes from two nodes cross', () => {
    const newer = withSupervisionChange(loaded(), change(14, { agents: [agent('a', 'Alex', 'offline', 14)] }));
    const late = withSupervisionChange(newer, change(12, { agents: [agent('a', 'Alex', 'available', 12)] }));
    expect(late.agents.find((entry) => entry.id === 'a')).toMatchObject({ status: 'offline', at: at(14) });
    // A snapshot read before a change already applied does not undo it.
    const snapshot = withSupervisionSnapshot(newer, { queues: [queue('q1', 2, 13)], agents: [agent('a', 'Alex', 'away', 13), agent('b', 'Robin', 'available', 13)], at: at(13) });
    expect(snapshot.agents.find((entry) => entry.id === 'a')).toMatchObject({ status: 'offline' });
    // But what the snapshot lacks, read before it, is gone.
    expect(snapshot.queues.map((entry) => entry.id)).toEqual(['q1']);
  });

  it('drops entries that are gone, unless read again since', () => {
    const state = withSupervisionChange(loaded(), change(12, { removedAgentIds: ['b'], removedQueueIds: ['q2'] }));
    expect(state.agents.map((entry) => entry.id)).toEqual(['a']);
    expect(state.queues.map((entry) => entry.id)).toEqual(['q1']);
    const readAgain = withSupervisionChange(withSupervisionChange(loaded(), change(13, { agents: [agent('b', 'Robin', 'away', 13)] })), change(12, { removedAgentIds: ['b'] }));
    expect(readAgain.agents.map((entry) => entry.id)).toEqual(['a', 'b']);
  });
});

function conversation(version: number, change: Partial<AgentConversation> = {}): AgentConversation {
  return {
    id: 'c1',
    siteId: 'demo',
    status: 'active',
    topicId: 'permits',
    topicLabel: { en: 'Permits', fr: 'Permis' },
    language: 'fr',
    visitorName: 'Marie',
    pageUrl: 'https://example.test/',
    pageTitle: null,
    queuedAt: at(0),
    queuePosition: null,
    agentId: 'b',
    agentName: 'Robin',
    assignedAt: at(5),
    closedAt: null,
    closedBy: null,
    closeReason: null,
    lastSeq: 0,
    version,
    visitorLeftAt: null,
    idleWarning: null,
    wrapUp: null,
    lastTransfer: null,
    reference: 'K7M-4QX',
    ...change,
  };
}

const message = (seq: number, conversationId = 'c1'): Message => ({
  id: `m${seq}`,
  conversationId,
  seq,
  clientId: `client-${seq}`,
  author: { kind: 'visitor', name: 'Marie', agentId: null },
  text: `message ${seq}`,
  sentAt: at(seq),
});

describe('the chat watched read-only', () => {
  const watching = (): SupervisionState => ({ ...loaded(), watched: { conversation: conversation(3), messages: [], notes: [] } });

  it('takes its messages once each, in order, and ignores other chats’', () => {
    let state = withWatchedMessages(watching(), 'c1', [message(2), message(1)]);
    state = withWatchedMessages(state, 'c1', [message(2), message(3)]);
    state = withWatchedMessages(state, 'c9', [message(4, 'c9')]);
    expect(state.watched!.messages.map((entry) => entry.seq)).toEqual([1, 2, 3]);
  });

  it('never lets an older state of the chat replace a newer one', () => {
    const ended = withWatchedConversation(watching(), conversation(5, { status: 'closed' }));
    expect(withWatchedConversation(ended, conversation(4))).toBe(ended);
    expect(ended.watched!.conversation.status).toBe('closed');
    expect(withWatchedConversation(ended, { ...conversation(9), id: 'other' })).toBe(ended);
    expect(withWatchedConversation(emptySupervision, conversation(9))).toBe(emptySupervision);
  });

  it('takes its notes once each, oldest first', () => {
    const note = (id: string, second: number): Note => ({ kind: 'agent', id, conversationId: 'c1', agentId: 'b', authorName: 'Robin', text: id, createdAt: at(second) });
    let state = withWatchedNotes(watching(), 'c1', [note('n2', 8), note('n1', 6)]);
    const same = withWatchedNotes(state, 'c1', [note('n1', 6)]);
    expect(same).toBe(state);
    state = withWatchedNotes(state, 'c9', [{ ...note('n3', 9), conversationId: 'c9' }]);
    expect(state.watched!.notes.map((entry) => entry.id)).toEqual(['n1', 'n2']);
  });
});

describe('small rules', () => {
  it('tells lists apart', () => {
    expect(sameChatsOf({ queueId: 'q1' }, { queueId: 'q1' })).toBe(true);
    expect(sameChatsOf({ queueId: 'q1' }, { agentId: 'q1' })).toBe(false);
    expect(sameChatsOf({ agentId: 'a' }, { agentId: 'b' })).toBe(false);
  });

  it('lets supervisors and managers set the limit of roles not above their own, as the server does', () => {
    expect(maySetLimit({ role: 'agent' }, { role: 'agent' })).toBe(false);
    expect(maySetLimit({ role: 'supervisor' }, { role: 'supervisor' })).toBe(true);
    expect(maySetLimit({ role: 'supervisor' }, { role: 'manager' })).toBe(false);
    expect(maySetLimit({ role: 'manager' }, { role: 'manager' })).toBe(true);
  });
});
