/**
 * Transfer rules (server/domain/transfer.ts), pure, with a manual clock: who may transfer what,
 * which agents and queues may receive a chat, where the chat ends up, and what the citizen is told.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { TRANSFERS_PER_CONVERSATION_MAX } from '../../protocol/limits.js';
import { AppError } from '../../server/domain/app-error.js';
import { assignConversation, closeConversation, openConversation, REQUEUED_PRIORITY, requeueConversation } from '../../server/domain/conversation-lifecycle.js';
import type { Conversation, Queue } from '../../server/domain/entities.js';
import { compareQueueOrder } from '../../server/domain/queue-order.js';
import {
  agentTargetRefusal,
  assertAgentTarget,
  assertMayTransfer,
  assertQueueTarget,
  citizenTransferState,
  isRetriedTransfer,
  transferConversation,
  type TransferCandidate,
} from '../../server/domain/transfer.js';
import { owesWrapUp, slotHolder } from '../../server/domain/wrap-up.js';
import { ManualClock } from '../support/manual-clock.js';

const alex = { id: 'alex', role: 'agent' as const };
const blake = { id: 'blake', role: 'agent' as const };
const sam = { id: 'sam', role: 'supervisor' as const };
const morgan = { id: 'morgan', role: 'manager' as const };

const generalFr: Queue = { id: 'general-fr', name: { en: 'General (French)', fr: 'Général (français)' }, language: 'fr', mode: 'automatic' };
const permitsFr: Queue = { id: 'permits-fr', name: { en: 'Permits (French)', fr: 'Permis (français)' }, language: 'fr', mode: 'agents_pick' };
const permitsEn: Queue = { id: 'permits-en', name: { en: 'Permits (English)', fr: 'Permis (anglais)' }, language: 'en', mode: 'agents_pick' };

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not-an-app-error';
  }
  return undefined;
}

function candidate(change: Partial<TransferCandidate> = {}): TransferCandidate {
  return { id: 'blake', status: 'available', connected: true, languages: ['fr'], activeChats: 0, maxChats: 3, ...change };
}

describe('transfers', () => {
  let clock: ManualClock;
  let queued: Conversation;
  let active: Conversation;
  beforeEach(() => {
    clock = new ManualClock();
    queued = openConversation(
      { id: 'c1', siteId: 'demo', queueId: 'permits-fr', topicId: 'permits', language: 'fr', visitorName: 'Marie', pageUrl: 'https://x.test/', pageTitle: null, visitorTokenHash: 'h', reference: 'K7M-4QX' },
      clock.now(),
    );
    clock.advance(60_000);
    active = assignConversation(queued, 'alex', clock.now());
    clock.advance(60_000);
  });

  describe('who may transfer', () => {
    it('lets the agent holding a chat in progress transfer it, and no other agent', () => {
      expect(codeOf(() => assertMayTransfer(active, alex))).toBeUndefined();
      expect(codeOf(() => assertMayTransfer(active, blake))).toBe('forbidden');
    });

    it('lets supervisors and managers reassign any chat, in progress or waiting, but an agent no waiting chat', () => {
      for (const lead of [sam, morgan]) {
        expect(codeOf(() => assertMayTransfer(active, lead))).toBeUndefined();
        expect(codeOf(() => assertMayTransfer(queued, lead))).toBeUndefined();
      }
      expect(codeOf(() => assertMayTransfer(queued, alex))).toBe('forbidden');
    });

    it('refuses an ended chat, and a chat transferred as many times as one may be', () => {
      const closed = closeConversation(active, { by: 'agent', reason: 'resolved' }, clock.now());
      expect(codeOf(() => assertMayTransfer(closed, alex))).toBe('conversation_closed');
      expect(codeOf(() => assertMayTransfer(closed, sam))).toBe('conversation_closed');
      const worn = { ...active, transfers: TRANSFERS_PER_CONVERSATION_MAX };
      expect(codeOf(() => assertMayTransfer(worn, alex))).toBe('transfer_limit');
      expect(codeOf(() => assertMayTransfer({ ...worn, transfers: TRANSFERS_PER_CONVERSATION_MAX - 1 }, alex))).toBeUndefined();
    });
  });

  describe('to an agent', () => {
    it('needs them Available with a console, chatting in the chat’s language, with room, and someone else', () => {
      expect(agentTargetRefusal(active, candidate(), 'alex')).toBeNull();
      expect(agentTargetRefusal(active, candidate({ status: 'away' }), 'alex')?.code).toBe('target_unavailable');
      expect(agentTargetRefusal(active, candidate({ status: 'offline' }), 'alex')?.code).toBe('target_unavailable');
      expect(agentTargetRefusal(active, candidate({ connected: false }), 'alex')?.code).toBe('target_unavailable');
      expect(agentTargetRefusal(active, candidate({ languages: ['en'] }), 'alex')?.code).toBe('language_mismatch');
      expect(agentTargetRefusal(active, candidate({ activeChats: 3 }), 'alex')?.code).toBe('target_at_capacity');
      expect(agentTargetRefusal(active, candidate({ id: 'alex' }), 'alex')?.code).toBe('invalid_target');
      // A supervisor moving Alex's chat to Alex changes nothing: refused too.
      expect(agentTargetRefusal(active, candidate({ id: 'alex' }), 'sam')?.code).toBe('invalid_target');
      expect(codeOf(() => assertAgentTarget(active, null, 'alex'))).toBe('not_found');
      expect(codeOf(() => assertAgentTarget(active, candidate({ languages: ['en'] }), 'alex'))).toBe('language_mismatch');
    });

    it('hands the chat over still in progress, from now, and counts the transfer; owes no wrap-up', () => {
      const moved = transferConversation(active, { kind: 'agent', agentId: 'blake' }, 'alex', clock.now());
      expect(moved).toMatchObject({
        status: 'active',
        agentId: 'blake',
        assignedAt: clock.now(),
        queueId: 'permits-fr',
        transfers: 1,
        lastTransfer: { kind: 'agent', at: clock.now(), byAgentId: 'alex', fromAgentId: 'alex' },
        wrapUp: null,
        version: active.version + 1,
      });
      expect(owesWrapUp(moved)).toBe(false);
      expect(slotHolder(moved)).toBe('blake');
      expect(citizenTransferState(moved)).toBe('agent');
    });

    it('lets a supervisor give a waiting chat straight to an agent, which the citizen is not told as a transfer', () => {
      const moved = transferConversation(queued, { kind: 'agent', agentId: 'blake' }, 'sam', clock.now());
      expect(moved).toMatchObject({ status: 'active', agentId: 'blake', lastTransfer: { byAgentId: 'sam', fromAgentId: null } });
      expect(citizenTransferState(moved)).toBeNull();
    });
  });

  describe('to a queue', () => {
    it('needs a queue of the chat’s language, other than the one it waits in', () => {
      expect(codeOf(() => assertQueueTarget(active, generalFr))).toBeUndefined();
      // Back to the team it came from is a transfer too.
      expect(codeOf(() => assertQueueTarget(active, permitsFr))).toBeUndefined();
      expect(codeOf(() => assertQueueTarget(active, permitsEn))).toBe('language_mismatch');
      expect(codeOf(() => assertQueueTarget(queued, permitsFr))).toBe('invalid_target');
      expect(codeOf(() => assertQueueTarget(queued, generalFr))).toBeUndefined();
      expect(codeOf(() => assertQueueTarget(active, null))).toBe('not_found');
    });

    it('puts the chat at the head of that queue, keeping the time it first queued, with no agent and no standing warning', () => {
      const warned = { ...active, idleWarnedAt: clock.now(), idleClosesAt: clock.now() + 120_000 };
      const moved = transferConversation(warned, { kind: 'queue', queueId: 'general-fr' }, 'alex', clock.now());
      expect(moved).toMatchObject({
        status: 'queued',
        agentId: null,
        assignedAt: null,
        queueId: 'general-fr',
        queuePriority: REQUEUED_PRIORITY,
        queuedAt: queued.queuedAt,
        idleWarnedAt: null,
        idleClosesAt: null,
        transfers: 1,
        lastTransfer: { kind: 'queue', byAgentId: 'alex', fromAgentId: 'alex' },
        wrapUp: null,
      });
      expect(slotHolder(moved)).toBeNull();
      expect(citizenTransferState(moved)).toBe('queue');

      // Ahead of a chat that waited since before it first queued: at the head.
      const earlier = openConversation({ ...queued, id: 'c0', queueId: 'general-fr' }, queued.queuedAt - 3_600_000);
      expect([earlier, moved].sort(compareQueueOrder).map((c) => c.id)).toEqual(['c1', 'c0']);
    });

    it('tells the citizen of the transfer while it waits, no longer once an agent answers or once it went back for a dropped agent', () => {
      const moved = transferConversation(active, { kind: 'queue', queueId: 'general-fr' }, 'alex', clock.now());
      const answered = assignConversation(moved, 'blake', clock.now());
      expect(citizenTransferState(answered)).toBeNull();
      const droppedBack = requeueConversation(answered, clock.now());
      expect(droppedBack.lastTransfer).toBeNull();
      expect(citizenTransferState(droppedBack)).toBeNull();
    });
  });

  it('knows a retry of the actor’s own latest transfer, and nothing else, as one', () => {
    const toBlake = transferConversation(active, { kind: 'agent', agentId: 'blake' }, 'alex', clock.now());
    expect(isRetriedTransfer(toBlake, { kind: 'agent', agentId: 'blake' }, 'alex')).toBe(true);
    expect(isRetriedTransfer(toBlake, { kind: 'agent', agentId: 'blake' }, 'sam')).toBe(false);
    expect(isRetriedTransfer(toBlake, { kind: 'agent', agentId: 'casey' }, 'alex')).toBe(false);
    expect(isRetriedTransfer(toBlake, { kind: 'queue', queueId: 'permits-fr' }, 'alex')).toBe(false);
    const toQueue = transferConversation(active, { kind: 'queue', queueId: 'general-fr' }, 'alex', clock.now());
    expect(isRetriedTransfer(toQueue, { kind: 'queue', queueId: 'general-fr' }, 'alex')).toBe(true);
    // Answered since: the chat is no longer where the transfer put it.
    expect(isRetriedTransfer(assignConversation(toQueue, 'blake', clock.now()), { kind: 'queue', queueId: 'general-fr' }, 'alex')).toBe(false);
    expect(isRetriedTransfer(active, { kind: 'agent', agentId: 'alex' }, 'alex')).toBe(false);
  });
});
