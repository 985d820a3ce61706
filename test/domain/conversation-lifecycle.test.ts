import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/domain/app-error.js';
import {
  assertCanPost,
  meetsPostingCondition,
  postingCondition,
  assignConversation,
  closeConversation,
  openConversation,
  REQUEUED_PRIORITY,
  requeueConversation,
} from '../../server/domain/conversation-lifecycle.js';
import type { Conversation } from '../../server/domain/entities.js';

const T0 = Date.parse('2026-11-02T14:00:00Z');

function queued(): Conversation {
  return openConversation(
    {
      id: 'c1',
      siteId: 'demo',
      queueId: 'general',
      topicId: 'benefits',
      language: 'fr',
      visitorName: '  Marie ',
      pageUrl: 'https://example.test/',
      pageTitle: ' ',
      visitorTokenHash: 'hash',
      reference: 'K7M-4QX',
    },
    T0,
  );
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not-an-app-error';
  }
  return undefined;
}

describe('conversation lifecycle', () => {
  it('opens queued, at the time given, with a cleaned-up name and no agent', () => {
    const conversation = queued();
    expect(conversation).toMatchObject({
      status: 'queued',
      createdAt: T0,
      queuedAt: T0,
      queuePriority: 0,
      agentId: null,
      visitorName: 'Marie',
      pageTitle: null,
      version: 1,
    });
  });

  it('assigns a queued conversation to an agent and bumps the version', () => {
    const assigned = assignConversation(queued(), 'agent-1', T0 + 5_000);
    expect(assigned).toMatchObject({ status: 'active', agentId: 'agent-1', assignedAt: T0 + 5_000, version: 2 });
  });

  it('assigns again without change when the same agent already holds it (a retried accept)', () => {
    const assigned = assignConversation(queued(), 'agent-1', T0);
    expect(assignConversation(assigned, 'agent-1', T0 + 1)).toBe(assigned);
  });

  it('refuses to assign a conversation that another agent already has (conflict)', () => {
    const assigned = assignConversation(queued(), 'agent-1', T0);
    expect(codeOf(() => assignConversation(assigned, 'agent-2', T0))).toBe('conflict');
  });

  it('refuses to assign or close a closed conversation', () => {
    const closed = closeConversation(queued(), { by: 'visitor', reason: 'visitor_ended' }, T0);
    expect(codeOf(() => assignConversation(closed, 'agent-1', T0))).toBe('conversation_closed');
    expect(codeOf(() => closeConversation(closed, { by: 'agent', reason: 'resolved' }, T0))).toBe('conversation_closed');
  });

  it('records who closed a conversation, why and when', () => {
    const closed = closeConversation(assignConversation(queued(), 'a', T0), { by: 'agent', reason: 'resolved' }, T0 + 60_000);
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'agent', closeReason: 'resolved', closedAt: T0 + 60_000, version: 3 });
  });

  it('requeues an active conversation ahead of new ones, without its agent', () => {
    const requeued = requeueConversation(assignConversation(queued(), 'a', T0), T0 + 90_000);
    expect(requeued).toMatchObject({ status: 'queued', agentId: null, assignedAt: null, queuedAt: T0 + 90_000 });
    expect(requeued.queuePriority).toBe(REQUEUED_PRIORITY);
    expect(codeOf(() => requeueConversation(queued(), T0))).toBe('conflict');
  });

  it('lets the visitor write while queued, only the assigned agent once active, and nobody once closed', () => {
    const waiting = queued();
    expect(codeOf(() => assertCanPost(waiting, { kind: 'visitor', agentId: null }))).toBeUndefined();
    expect(codeOf(() => assertCanPost(waiting, { kind: 'agent', agentId: 'a' }))).toBe('forbidden');
    const active = assignConversation(waiting, 'a', T0);
    expect(codeOf(() => assertCanPost(active, { kind: 'agent', agentId: 'a' }))).toBeUndefined();
    expect(codeOf(() => assertCanPost(active, { kind: 'agent', agentId: 'b' }))).toBe('forbidden');
    const closed = closeConversation(active, { by: 'agent', reason: 'resolved' }, T0);
    expect(codeOf(() => assertCanPost(closed, { kind: 'visitor', agentId: null }))).toBe('conversation_closed');
  });

  it('states the posting rule as data a store can check, agreeing with assertCanPost for every status and author', () => {
    const active = assignConversation(queued(), 'a', T0);
    const records = [queued(), active, closeConversation(active, { by: 'agent', reason: 'resolved' }, T0)];
    const authors = [
      { kind: 'visitor', agentId: null },
      { kind: 'agent', agentId: 'a' },
      { kind: 'agent', agentId: 'b' },
      { kind: 'system', agentId: null },
    ] as const;
    for (const record of records) {
      for (const author of authors) {
        expect(meetsPostingCondition(record, postingCondition(author)), `${author.kind} ${author.agentId} in ${record.status}`).toBe(
          codeOf(() => assertCanPost(record, author)) === undefined,
        );
      }
    }
  });

  it('never changes the record it is given', () => {
    const original = queued();
    const snapshot = structuredClone(original);
    assignConversation(original, 'a', T0);
    closeConversation(original, { by: 'visitor', reason: 'visitor_ended' }, T0);
    expect(original).toEqual(snapshot);
  });
});
