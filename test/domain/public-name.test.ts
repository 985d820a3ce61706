import { describe, expect, it } from 'vitest';
import { newAccount } from '../../server/domain/accounts.js';
import type { Agent } from '../../server/domain/entities.js';
import { newPasswordLink } from '../../server/domain/password-links.js';
import {
  citizenAgentName,
  decidedPublicName,
  hasPendingPublicName,
  proposedPublicName,
  publicNameAuditView,
  publicNameProblem,
} from '../../server/domain/public-name.js';
import { PublicNameProposeSchema } from '../../protocol/public-name.js';

const T0 = Date.parse('2026-11-30T14:00:00Z');
const fields = { displayName: 'Alexandra Tremblay-Okafor', role: 'agent' as const, languages: ['en' as const], queueIds: [], maxConcurrentChats: 3 };
const account = (change: Partial<Agent> = {}): Agent => ({ ...newAccount('agent-1', 'alexandra@example.test', fields, newPasswordLink('h', T0), T0), ...change });
const MANAGER = 'manager-1';

describe('public name: what an acceptable one looks like', () => {
  it('accepts first names and aliases in any script, with spaces, hyphens, apostrophes and periods', () => {
    for (const name of ['Alex', 'Jean-François', 'D’Arcy', "O'Neil", 'J. R.', 'Zoë', 'Ève Marie', 'Сергей', 'A'.repeat(40)]) {
      expect(publicNameProblem(name), name).toBeNull();
    }
  });

  it('refuses empty, over-long, digits, emails, symbols, letterless and double-spaced names, saying which', () => {
    expect(publicNameProblem('')).toBe('empty');
    expect(publicNameProblem('A'.repeat(41))).toBe('too_long');
    expect(publicNameProblem('12345')).toBe('characters');
    expect(publicNameProblem('Agent 7')).toBe('characters');
    expect(publicNameProblem('alex@example.test')).toBe('characters');
    expect(publicNameProblem('<b>Alex</b>')).toBe('characters');
    expect(publicNameProblem('Alex\u202e')).toBe('characters');
    expect(publicNameProblem('Alex\n')).toBe('characters');
    expect(publicNameProblem("-.'")).toBe('no_letter');
    expect(publicNameProblem('Alex  B')).toBe('spaces');
  });

  it('has the wire schema trim, then apply the same rule', () => {
    expect(PublicNameProposeSchema.parse({ name: '  Alex ' })).toEqual({ name: 'Alex' });
    expect(PublicNameProposeSchema.safeParse({ name: '   ' }).success).toBe(false);
    expect(PublicNameProposeSchema.safeParse({ name: '555-1234' }).success).toBe(false);
    expect(PublicNameProposeSchema.safeParse({ name: 'Alex', agentId: 'someone-else' }).success).toBe(false);
  });
});

describe('public name: proposal, approval, decline', () => {
  it('shows citizens nothing (the generic "an agent") until a manager approves, never the display name', () => {
    const fresh = account();
    expect(citizenAgentName(fresh)).toBeNull();
    const proposed = proposedPublicName(fresh, ' Alex ', T0);
    expect(proposed.version).toBe(fresh.version + 1);
    expect(hasPendingPublicName(proposed)).toBe(true);
    expect(citizenAgentName(proposed)).toBeNull();
    const approved = decidedPublicName(proposed, { name: 'Alex', decision: 'approve' }, MANAGER, T0 + 1000);
    expect(citizenAgentName(approved)).toBe('Alex');
    expect(approved.publicName).toEqual({ approved: 'Alex', approvedAt: T0 + 1000, approvedBy: MANAGER, request: null });
    expect(citizenAgentName(null)).toBeNull();
  });

  it('keeps the approved name while a new proposal waits, and after it is declined', () => {
    const approved = decidedPublicName(proposedPublicName(account(), 'Alex', T0), { name: 'Alex', decision: 'approve' }, MANAGER, T0);
    const waiting = proposedPublicName(approved, 'Sasha', T0 + 1);
    expect(citizenAgentName(waiting)).toBe('Alex');
    const declined = decidedPublicName(waiting, { name: 'Sasha', decision: 'decline' }, MANAGER, T0 + 2);
    expect(citizenAgentName(declined)).toBe('Alex');
    expect(declined.publicName?.request).toEqual({ name: 'Sasha', status: 'declined', proposedAt: T0 + 1, decidedAt: T0 + 2, decidedBy: MANAGER });
    expect(hasPendingPublicName(declined)).toBe(false);
    // Proposing again after a decline waits again.
    expect(hasPendingPublicName(proposedPublicName(declined, 'Sasha', T0 + 3))).toBe(true);
  });

  it('changes nothing for the same proposal again, and withdraws a pending one when the approved name is proposed', () => {
    const pending = proposedPublicName(account(), 'Alex', T0);
    expect(proposedPublicName(pending, 'Alex', T0 + 5)).toBe(pending);
    const approved = decidedPublicName(pending, { name: 'Alex', decision: 'approve' }, MANAGER, T0);
    expect(proposedPublicName(approved, 'Alex', T0)).toBe(approved);
    const withdrawn = proposedPublicName(proposedPublicName(approved, 'Sasha', T0), 'Alex', T0);
    expect(withdrawn.publicName?.request).toBeNull();
    expect(citizenAgentName(withdrawn)).toBe('Alex');
  });

  it('refuses a decision on nothing pending, on another name than the one pending, and on one’s own proposal', () => {
    const fresh = account();
    expect(() => decidedPublicName(fresh, { name: 'Alex', decision: 'approve' }, MANAGER, T0)).toThrow(expect.objectContaining({ code: 'not_pending' }));
    const pending = proposedPublicName(fresh, 'Sasha', T0);
    expect(() => decidedPublicName(pending, { name: 'Alex', decision: 'approve' }, MANAGER, T0)).toThrow(expect.objectContaining({ code: 'not_pending' }));
    const declined = decidedPublicName(pending, { name: 'Sasha', decision: 'decline' }, MANAGER, T0);
    expect(() => decidedPublicName(declined, { name: 'Sasha', decision: 'approve' }, MANAGER, T0)).toThrow(expect.objectContaining({ code: 'not_pending' }));
    expect(() => decidedPublicName(pending, { name: 'Sasha', decision: 'approve' }, pending.id, T0)).toThrow(expect.objectContaining({ code: 'self_approval' }));
  });

  it('refuses an unacceptable name even past the wire schema', () => {
    expect(() => proposedPublicName(account(), 'alex@example.test', T0)).toThrow(expect.objectContaining({ code: 'invalid_payload' }));
  });

  it('audits the approved name and the proposal only', () => {
    const pending = proposedPublicName(account(), 'Alex', T0);
    expect(publicNameAuditView(account())).toEqual({ approved: null, request: null });
    expect(publicNameAuditView(pending)).toEqual({ approved: null, request: { name: 'Alex', status: 'pending' } });
  });
});
